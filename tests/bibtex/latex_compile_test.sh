#!/bin/sh
# SPDX-License-Identifier: MIT
# Exports a list with bibport and compiles it: -t bibtex with bibtex + plain.bst, -t biblatex
# with biber + biblatex (both with pdflatex). Fails on any error, and on any warning except
# those caused by records that have no author (the seed list has none).
#
#   latex_compile_test.sh <bibport> <input> <bibtex|biblatex> [--option key=value]...
set -u
BIBPORT=$1 INPUT=$2 DIALECT=$3
shift 3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

fail() { echo "FAIL: $*"; exit 1; }

"$BIBPORT" convert "$INPUT" -t "$DIALECT" "$@" -o refs.bib 2> convert.err || { cat convert.err; fail "bibport convert failed"; }
[ -s refs.bib ] || fail "bibport wrote nothing"
echo "$(grep -c '^@' refs.bib) entries written"

# UTF-8 output keeps fullwidth forms ("："), which pdflatex typesets once the document says how:
# that is the document's business, so the test document declares each one the .bib uses.
perl -CSD -ne 'while (/([\x{FF01}-\x{FF5E}])/g) { $seen{$1} = 1 }
    END { my %tex = ("#" => "\\#", "\$" => "\\\$", "%" => "\\%", "&" => "\\&", "_" => "\\_",
                     "{" => "\\{", "}" => "\\}", "~" => "\\textasciitilde{}", "^" => "\\textasciicircum{}",
                     "\\" => "\\textbackslash{}");
          for my $c (sort keys %seen) { my $a = chr(ord($c) - 0xFEE0);
              printf "\\DeclareUnicodeCharacter{%04X}{%s}\n", ord($c), $tex{$a} // $a } }' refs.bib > unicode.tex

if [ "$DIALECT" = bibtex ]; then
    printf '%s\n' '\documentclass{article}' '\usepackage{url}' '\input{unicode}' '\begin{document}' '\nocite{*}' \
        '\bibliographystyle{plain}' '\bibliography{refs}' '\end{document}' > doc.tex
    pdflatex -interaction=nonstopmode -halt-on-error doc > /dev/null 2>&1
    bibtex doc > bib.out 2>&1
    status=$?
    cat bib.out
    # plain.bst warns "empty author" and "to sort, need author or key" for records without authors.
    bad=$(grep -E 'Warning--|error message' bib.out | grep -v -E 'Warning--empty author in|Warning--empty author and editor in|Warning--to sort, need author or key in|Warning--to sort, need author, editor, or key in')
    [ -z "$bad" ] || fail "bibtex: $bad"
    [ $status -le 1 ] || fail "bibtex exited with $status"
else
    kpsewhich biblatex.sty > /dev/null || fail "biblatex.sty not found (install texlive-bibtex-extra)"
    kpsewhich etoolbox.sty > /dev/null || fail "etoolbox.sty not found: biblatex needs texlive-latex-recommended"
    printf '%s\n' '\documentclass{article}' '\usepackage[backend=biber]{biblatex}' '\input{unicode}' '\addbibresource{refs.bib}' \
        '\begin{document}' '\nocite{*}' '\printbibliography' '\end{document}' > doc.tex
    pdflatex -interaction=nonstopmode -halt-on-error doc > /dev/null 2>&1
    biber doc > bib.out 2>&1
    status=$?
    grep -E 'WARN|ERROR' bib.out
    bad=$(grep -E 'WARN|ERROR' bib.out)
    [ -z "$bad" ] || fail "biber reported problems"
    [ $status -eq 0 ] || fail "biber exited with $status"
fi
pdflatex -interaction=nonstopmode doc > /dev/null 2>&1
pdflatex -interaction=nonstopmode doc > /dev/null 2>&1
problems=$(grep -E '^!|Warning' doc.log)
[ -z "$problems" ] || { echo "$problems"; fail "pdflatex reported problems"; }
echo "OK: $DIALECT output compiles"
