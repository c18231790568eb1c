// SPDX-License-Identifier: MIT
// Putting records from several sources together: key clashes and duplicate papers.
#pragma once

#include <bibport/diagnostics.hpp>
#include <bibport/record.hpp>

#include <set>
#include <string>

namespace bibport::core {

/// Appends `from` (read from `source`) to `into`. A citation key or id already used by an
/// earlier input is renamed deterministically (key-2, key-3, ...) and reported as a warning
/// with code "merge.key".
void merge_bibliography(Bibliography& into, Bibliography&& from, const std::string& source,
                        Diagnostics& diags);

/// Merges records that are the same paper: same DOI, same arXiv id, or the same normalised
/// title and year with compatible authors. The union of fields, links, keywords, notes and
/// sections is kept; a preprint merged with its published version becomes the published
/// record and keeps the arXiv id. Each merge is a note (code "dedupe.merge"); each conflicting
/// value is a warning (code "dedupe.conflict") and the kept record's value stays.
/// Returns the number of records merged away.
std::size_t dedupe(Bibliography& bib, Diagnostics& diags);

/// True for an arXiv (or other repository) preprint record.
bool is_preprint(const Record& r);

}  // namespace bibport::core
