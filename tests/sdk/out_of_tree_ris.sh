#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# out_of_tree_ris.sh <build dir> <source dir> <generator> <c++ compiler> [<extra compile flags>]
#
# 1. installs the build into a temporary prefix;
# 2. checks find_package(bibport 2) fails (versions are compatible by major version only);
# 3. configures and builds samples/plugins/ris against that prefix only, and runs its ctest;
# 4. with the installed bibport and --plugin-dir: converts RIS to every other writable format
#    and back, checking the record count and the titles;
# 5. seed list -> RIS -> csljson keeps titles, years, venues and URLs of seed -> csljson;
# 6. installs the plugin into the prefix and converts without --plugin-dir.
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) generator=$3 cxx=$4 flags=${5:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bibport-sdk-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
unset BIBPORT_DATA_DIR BIBPORT_PLUGIN_PATH
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "install into $prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
bibport=$prefix/bin/bibport
[ -x "$bibport" ] || fail "no bin/bibport in the prefix"

configure() {   # configure <source> <build> [cmake args...]
    local s=$1 b=$2; shift 2
    cmake -S "$s" -B "$b" -G "$generator" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
        ${flags:+"-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_MODULE_LINKER_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags"} "$@"
}

step "find_package(bibport 2) must fail"
mkdir -p "$tmp/v2"
cat > "$tmp/v2/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(v2 LANGUAGES CXX)
find_package(bibport 2 REQUIRED)
CMAKE
if configure "$tmp/v2" "$tmp/v2/build" >"$tmp/v2.log" 2>&1; then fail "find_package(bibport 2) succeeded"; fi
grep -q "version: 1\." "$tmp/v2.log" || { cat "$tmp/v2.log"; fail "no version mismatch message"; }

step "build samples/plugins/ris against the prefix"
ris=$tmp/ris-build
configure "$src/samples/plugins/ris" "$ris" >"$tmp/ris-configure.log" 2>&1 || { cat "$tmp/ris-configure.log"; fail "configure"; }
cmake --build "$ris" -j2 >"$tmp/ris-build.log" 2>&1 || { tail -50 "$tmp/ris-build.log"; fail "build"; }
ctest --test-dir "$ris" --output-on-failure -j2 >"$tmp/ris-ctest.log" 2>&1 || { cat "$tmp/ris-ctest.log"; fail "the plugin's own tests"; }
grep "tests passed" "$tmp/ris-ctest.log"

plugin_dir=$(dirname "$(find "$ris" -name 'bibport_ris.so' -print -quit)")
[ -n "$plugin_dir" ] || fail "no bibport_ris.so in $ris"
bp() { "$bibport" --plugin-dir "$plugin_dir" "$@"; }
bp formats ris | grep -q "library: $plugin_dir/bibport_ris.so" || fail "bibport formats ris does not show $plugin_dir"

# Titles as text: a format may add case-protection markup (<span class="nocase">) or write a
# compatibility character in its plain form (BibTeX in ASCII: "：" -> ":"); NFKC folds those.
titles() {
    python3 -c 'import re, sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8", newline=""):
    if line.startswith("TI  - "):
        print(unicodedata.normalize("NFKC", re.sub(r"<[^>]*>", "", line[6:].rstrip("\r\n"))))' "$1"
}
records() { grep -c '^TY  - ' "$1" || true; }

step "RIS -> every writable format -> RIS"
formats=$(bp formats | awk 'NR > 1 && $3 == "yes" && $1 != "ris" { print $1 }')
[ -n "$formats" ] || fail "no in-tree writable format found (is the build complete?)"
seed=$src/samples/seed/self-supervised-pretraining.md
bp convert -q "$seed" -t ris -o "$tmp/seed.ris" || fail "seed -> ris"
# The plugin's own output is the reference (it spells every title TI; inputs may use T1).
bp convert -q "$src/samples/plugins/ris/tests/data/zotero-export.ris" -t ris -o "$tmp/zotero.ris"
checked=0
for input in "$tmp/zotero.ris" "$tmp/seed.ris"; do
    name=$(basename "$input" .ris)
    for f in $formats; do
        out=$tmp/$name.$f
        bp convert -q "$input" -t "$f" -o "$out" || fail "ris -> $f ($name)"
        if ! bp formats "$f" | grep -q "read: yes"; then echo "   $f: write only, not read back"; continue; fi
        bp convert -q -f "$f" "$out" -t ris -o "$out.ris" || fail "$f -> ris ($name)"
        [ "$(records "$out.ris")" = "$(records "$input")" ] ||
            fail "$name via $f: $(records "$input") records became $(records "$out.ris")"
        diff <(titles "$input") <(titles "$out.ris") >"$tmp/diff" || { cat "$tmp/diff"; fail "$name via $f: titles differ"; }
        checked=$((checked + 1))
    done
done
[ "$(records "$tmp/seed.ris")" -gt 50 ] || fail "the seed gave only $(records "$tmp/seed.ris") records"
echo "   $checked round trips (Zotero export, seed list) through: $(echo $formats)"

step "seed -> RIS -> csljson keeps titles, years, venues, URLs"
bp convert -q "$tmp/seed.ris" -t csljson -o "$tmp/via-ris.json" || fail "seed.ris -> csljson"
bp convert -q "$seed" -t csljson -o "$tmp/direct.json" || fail "seed -> csljson"
python3 - "$tmp/direct.json" "$tmp/via-ris.json" <<'PY' || fail "seed via RIS lost data"
import json, sys
direct, via = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
def key(item):
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    return (item.get("title"), str(year) if year is not None else None,
            item.get("container-title"), item.get("URL"))
problems = [f"{len(direct)} records became {len(via)}"] if len(direct) != len(via) else []
for i, (a, b) in enumerate(zip(direct, via), 1):
    if key(a) != key(b):
        problems.append(f"record {i}: {key(a)} became {key(b)}")
if not direct or not any(item.get("container-title") for item in direct):
    problems.append("the seed gave no records with a venue: nothing was compared")
print("\n".join(problems) if problems else f"   {len(direct)} records: titles, years, venues, URLs kept")
sys.exit(1 if problems else 0)
PY

step "install the plugin into the prefix; convert without --plugin-dir"
cmake --install "$ris" --prefix "$prefix" >/dev/null
installed=$(find "$prefix/lib" -path '*/bibport/plugins/abi*/bibport_ris.so' -print -quit)
[ -n "$installed" ] || fail "the plugin was not installed into lib/bibport/plugins/abi<N>"
[ -f "$prefix/share/bibport/formats/ris/types.yaml" ] || fail "the type table was not installed"
"$bibport" formats ris | grep -q "library: $installed" || fail "installed plugin not found by bibport"
"$bibport" convert -q "$src/samples/plugins/ris/tests/data/zotero-export.ris" -t ris --option line-ending=lf |
    cmp -s - "$src/samples/plugins/ris/tests/data/zotero-export.expected.ris" || fail "installed plugin output differs"
# Now two plugins claim "ris": the --plugin-dir one wins and the other is named in a warning.
bp formats ris 2>"$tmp/dup.err" | grep -q "library: $plugin_dir/bibport_ris.so" || fail "--plugin-dir must come first"
grep -q "format 'ris' ignored: already provided by" "$tmp/dup.err" || { cat "$tmp/dup.err"; fail "no duplicate warning"; }
