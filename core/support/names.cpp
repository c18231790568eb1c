// SPDX-License-Identifier: MIT
// Placeholder: replaced by the real implementation.
#include <bibport/names.hpp>
namespace bibport::names {
Name parse_name(std::string_view text) { Name n; n.literal = std::string(text); return n; }
std::vector<Name> parse_bibtex_names(std::string_view text) { return {parse_name(text)}; }
std::vector<Name> parse_name_list(std::string_view text) { return {parse_name(text)}; }
std::string format_inverted(const Name& n) { return n.literal; }
std::string format_display(const Name& n) { return n.literal; }
Name others() { Name n; n.literal = "others"; return n; }
}  // namespace bibport::names
