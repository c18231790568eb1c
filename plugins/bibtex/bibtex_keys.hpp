// SPDX-License-Identifier: MIT
// Citation keys for the writer: the record's own key, else its alias, else authorYEARword.
#pragma once

#include <bibport/diagnostics.hpp>
#include <bibport/record.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace bibport::plugins::bibtex {

/// What BibTeX and biber accept in a key: ASCII letters, digits and - _ : . ; accents are
/// dropped (ü -> u), '/' and spaces become '-' and nothing, the rest is removed.
std::string sanitize_key(std::string_view key);

/// Better BibTeX's default shape: first author's family name, year, first significant title
/// word, lower case ASCII ("he2020momentum"). Parts that are missing are left out.
std::string generated_key(const Record& r);

/// One key per record, in order. Own keys are kept (reserved first); others come from the
/// alias or generated_key. A taken key gets a suffix a, b, ..., z, aa, ... in record order,
/// so the same input always gives the same keys. Clashing own keys are reported.
std::vector<std::string> assign_keys(const std::vector<Record>& records, Diagnostics& diagnostics);

}  // namespace bibport::plugins::bibtex
