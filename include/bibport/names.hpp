// SPDX-License-Identifier: MIT
// Person-name parsing and formatting (implemented in bibport_support).
#pragma once

#include <bibport/record.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace bibport::names {

/// Parses one name by the BibTeX rules, which also cover plain text:
///   "First von Last", "von Last, First", "von Last, Jr, First".
/// Braces protect a group ("{Barnes and Noble, Inc.}" is one literal organisation, and the
/// braces are removed); a lower-case word starts the "von" part (stored as
/// non_dropping_particle). "others" gives the et-al marker (literal "others").
Name parse_name(std::string_view text);
/// The same into `out`, which must be a fresh Name: builds a list without moving each name.
void parse_name(std::string_view text, Name& out);

/// Splits on " and " (case-insensitive, outside braces) and parses each part.
std::vector<Name> parse_bibtex_names(std::string_view text);

/// Parses an author line as paper lists write it: "Kaiming He, Haoqi Fan and Ross Girshick",
/// "He K., Fan H.", "*He et al.*", "A. Author; B. Author". "et al." becomes the marker.
std::vector<Name> parse_name_list(std::string_view text);

/// "von Last, Jr., First" (or the literal): what parse_name reads back identically.
std::string format_inverted(const Name& n);

/// "First von Last Jr." for display.
std::string format_display(const Name& n);

/// The name an et-al marker is stored as.
Name others();

}  // namespace bibport::names
