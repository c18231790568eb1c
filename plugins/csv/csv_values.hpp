// SPDX-License-Identifier: MIT
// How record values are spelled inside one CSV cell, both ways.
#pragma once

#include <bibport/record.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace bibport::plugins::csv {

// --- spreadsheet formula injection ---------------------------------------------------------

/// True when a spreadsheet could run `cell` as a formula: it starts with = + - @, a tab or a CR.
bool starts_like_formula(std::string_view cell) noexcept;
/// Prefixes an apostrophe when the cell, after any apostrophes it already starts with, starts
/// like a formula, so that unescape_formula gives back exactly `cell`.
std::string escape_formula(std::string_view cell);
/// Removes the one apostrophe escape_formula added.
std::string_view unescape_formula(std::string_view cell) noexcept;

// --- lists ---------------------------------------------------------------------------------

/// Splits on `sep`; parts are trimmed of ASCII space and empty parts dropped.
std::vector<std::string> split_list(std::string_view text, std::string_view sep);
std::string join_list(const std::vector<std::string>& items, std::string_view sep);

// --- names ---------------------------------------------------------------------------------

/// "Family, Given" as Zotero writes it ("van Beethoven, Ludwig", "King, Martin Luther, Jr."),
/// the literal alone for an organisation, "et al." never (the marker is written as "others").
std::string format_name(const Name& n);
/// The inverse of format_name: one comma -> family and given, no comma -> literal.
Name parse_name_cell(std::string_view text);
/// "Family || Given": the form Zotero reads from Extra lines ("director: Lynch || David").
std::string format_name_line(const Name& n);
Name parse_name_line(std::string_view text);

// --- dates ---------------------------------------------------------------------------------

/// "2015-05-28", "2017", "2019/2020"; the literal when there are no parts; the raw text when
/// it starts with the ISO form (keeps the time of "2024-01-15 10:00:00").
std::string format_date(const Date& d);
/// Reads what format_date writes (and plain dates other tools write). False when the text
/// is no date; then `d` holds it as a literal.
bool parse_date_cell(std::string_view text, Date& d);
/// A year cell: digits only ("2015", "-44" for BC). False otherwise.
bool parse_year(std::string_view text, int& year) noexcept;

// --- links ---------------------------------------------------------------------------------

/// "role: url", or "role (label): url" when the source labelled it differently; the bare
/// "role" when the URL is the record's URL (so it is not written twice).
std::string format_link(const Link& link, std::string_view record_url);
/// The inverse of format_link; a bare role takes `record_url`. False for an empty item.
bool parse_link(std::string_view item, std::string_view record_url, Link& link);

// --- flags ---------------------------------------------------------------------------------

/// 1 for "true", "yes", "1", "x", "*", "★", "🌟"; 0 for "false", "no", "0", ""; -1 otherwise.
int parse_flag(std::string_view text) noexcept;

}  // namespace bibport::plugins::csv
