// SPDX-License-Identifier: MIT
// What the CSL 1.0.2 input-data schema allows at item level: variable kinds and item types.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace bibport::plugins::csl {

enum class VarKind : std::uint8_t {
    string,    ///< a string variable
    number,    ///< a variable that may be a string or a number
    name,      ///< an array of name objects
    date,      ///< a date object
    special,   ///< id, type, citation-key, categories, keyword, custom: handled one by one
};

/// The kind of a top-level item key, or nothing when the schema does not know the key.
std::optional<VarKind> variable_kind(std::string_view key) noexcept;

/// True for the item types the schema's "type" enum lists.
bool is_csl_type(std::string_view type) noexcept;

}  // namespace bibport::plugins::csl
