#!/usr/bin/env bash
# run.sh TARGET CORPUS REGRESSIONS SECONDS
# Replays the regression inputs, then fuzzes from the corpus: FUZZ_RUNS inputs (default 1000)
# from a fixed seed, so a run is repeatable, and never longer than SECONDS. A crash leaves its
# input in $FUZZ_ARTIFACTS (default: the current folder) to be added to REGRESSIONS once fixed.
# Long runs use run_all.sh instead.
set -euo pipefail
target=$1 corpus=$2 regressions=$3 seconds=$4
artifacts=${FUZZ_ARTIFACTS:-$PWD/fuzz-artifacts}
mkdir -p "$artifacts"
if [[ -d "$regressions" ]] && compgen -G "$regressions/*" > /dev/null; then
  "$target" -runs=0 "$regressions"/*
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work"/ 2>/dev/null || true
"$target" -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-1000}" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="$artifacts/$(basename "$target")-" -print_final_stats=1 "$work"
