// SPDX-License-Identifier: MIT
#pragma once
#include <bibport/format.hpp>
namespace bibport::plugins::bibtex {
/// bibtex and biblatex (bibtex first: it is the one chosen for a plain .bib file).
FormatList make_formats();
}  // namespace bibport::plugins::bibtex
