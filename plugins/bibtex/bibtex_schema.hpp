// SPDX-License-Identifier: MIT
// The crosswalk tables of formats/bibtex/ (types, fields, names, dates, links), loaded once
// per data folder and dialect and kept as hash maps for the reader's inner loop.
#pragma once

#include <bibport/format.hpp>

#include <functional>

#include <optional>
#include <bibport/text.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

namespace bibport::plugins::bibtex {

enum class Dialect { bibtex, biblatex };

inline std::string_view dialect_name(Dialect d) noexcept { return d == Dialect::bibtex ? "bibtex" : "biblatex"; }

/// Hashes any text the same way, so that tables are searched with a string_view (no copy).
using text::TextHash;

using Table = std::unordered_map<std::string, std::string, TextHash, std::equal_to<>>;

struct Schema {
    Table type_read;          ///< entry type (lower case) -> CSL type, own dialect first
    std::string type_read_default = "document";
    Table type_write;         ///< CSL type -> entry type
    std::string type_write_default = "misc";
    Table field_read;         ///< "field" or "field/entrytype" (lower case) -> CSL variable
    Table field_write;        ///< "variable" or "variable/csltype" -> field
    Table name_read, name_write;
    Table date_read, date_write;
    Table link_read, link_write;

    std::string entry_type_for(std::string_view csl_type) const;
    std::string csl_type_for(std::string_view entry_type_lower) const;
    /// CSL variable for a field of an entry type, or "".
    std::string_view variable_for(std::string_view field_lower, std::string_view entry_type_lower) const;
    /// Field for a CSL variable of a CSL type, or "".
    std::string_view field_for(std::string_view variable, std::string_view csl_type) const;
};

/// The tables for a dialect, loaded from ctx.data_dir on first use (thread-safe, cached).
/// Throws std::runtime_error naming the file when a table is missing or malformed.
const Schema& schema_for(const Context& ctx, Dialect dialect);

/// Looks a key up in a table; "" when absent.
std::string_view lookup(const Table& t, std::string_view key);

}  // namespace bibport::plugins::bibtex
