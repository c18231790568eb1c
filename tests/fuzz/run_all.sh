#!/usr/bin/env bash
# run_all.sh BUILD_DIR [SECONDS] [ID...]
# Fuzzes each reader for SECONDS (default 1800) one after the other, at the lowest priority, in a
# build configured with -DBIBPORT_FUZZ=ON (see README.md). The corpus grows in
# BUILD_DIR/tests/fuzz/corpus-grown/<id> and is kept between runs; crashes, leaks, timeouts and
# round-trip failures are left in BUILD_DIR/tests/fuzz/artifacts. Ends with a summary and
# exits 1 if any target found something.
set -uo pipefail
build=$(cd "$1" && pwd)
seconds=${2:-1800}
shift $(( $# >= 2 ? 2 : $# ))
here=$(cd "$(dirname "$0")" && pwd)
ids=("$@")
[[ ${#ids[@]} -gt 0 ]] || ids=(markdown bibtex biblatex csljson cslyaml zotero-rdf csv tsv ris)
artifacts="$build/tests/fuzz/artifacts"
mkdir -p "$artifacts"
summary=() failed=0
for id in "${ids[@]}"; do
  bin="$build/bin/fuzz_${id//-/_}"
  if [[ ! -x $bin ]]; then summary+=("$id: not built"); continue; fi
  corpus="$build/tests/fuzz/corpus-grown/$id"
  mkdir -p "$corpus"
  regressions=()
  if compgen -G "$here/regressions/$id/*" > /dev/null; then regressions=("$here/regressions/$id"/*); fi
  if [[ ${#regressions[@]} -gt 0 ]] && ! "$bin" -runs=0 "${regressions[@]}" > "$artifacts/$id-regressions.log" 2>&1; then
    summary+=("$id: a regression input fails again (see $artifacts/$id-regressions.log)")
    failed=1
    continue
  fi
  start=$(date +%s)
  nice -n 19 "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$artifacts/$id-" -print_final_stats=1 \
    "$corpus" "$build/tests/fuzz/corpus/$id" > "$artifacts/$id.log" 2>&1
  status=$?
  took=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$artifacts/$id.log" | grep -o '[0-9]*$' || true)
  if [[ $status -eq 0 ]]; then
    summary+=("$id: ${took}s, ${execs:-?} runs, nothing found")
  else
    summary+=("$id: ${took}s, FOUND something (exit $status): $(grep -m1 -E 'ERROR|round trip|deadly|Timeout|out-of-memory' "$artifacts/$id.log" || echo "see $artifacts/$id.log")")
    failed=1
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
