// SPDX-License-Identifier: MIT
// Field-by-field comparison of records, for round-trip tests.
#pragma once

#include <bibport/record.hpp>

#include <map>
#include <string>
#include <vector>

namespace bibport::testing {

/// A record as "path -> value" pairs: "type", "field:title", "names:author",
/// "date:issued:parts", "date:issued:season", "alias", "links", "extra:bibtex.timestamp", ...
/// The id is left out: formats without ids make new ones.
std::map<std::string, std::string> flatten(const Record& r);

struct FieldDifference {
    std::string path;
    std::string before, after;   ///< "" when absent
};

std::vector<FieldDifference> diff(const Record& before, const Record& after);

/// '*' matches any run of characters (also '.' and ':').
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace bibport::testing
