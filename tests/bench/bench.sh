#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bibport benchmark: one command, separate from the test suite. See README.md here.
#
#   tests/bench/bench.sh [--sizes "1 10 50"] [--runs N] [--quick] [--skip-pandoc]
#                        [--build DIR | --bin PATH --format-tool PATH --micro PATH] [--help]
#
# Builds the scaled corpus in a temporary folder, times bibport against bib2xml and pandoc on
# the same files (alternating runs), times every reader and writer, start-up, and counts
# instructions per input byte. Needs python3; bib2xml, pandoc and valgrind when present.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench.py" "$@"
