// SPDX-License-Identifier: MIT
// RIS value forms: dates (YYYY/MM/DD/other), names (Last, First, Suffix), pages, tags.
#pragma once

#include <bibport/record.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace bibport::plugins::ris {

/// A two-character tag as a number, so a switch can dispatch on it: tag_code("AU").
constexpr std::uint16_t tag_code(std::string_view tag) noexcept {
    return tag.size() == 2 ? static_cast<std::uint16_t>((static_cast<unsigned char>(tag[0]) << 8) |
                                                        static_cast<unsigned char>(tag[1]))
                           : 0;
}

/// True for a well-formed tag: an upper-case letter, then an upper-case letter or a digit.
bool is_tag(std::string_view tag) noexcept;

/// A date as RIS writes it. `other` is the free text after the third slash ("Spring",
/// "10:00:00"); the date keeps what it can represent and `other` the rest.
struct RisDate {
    Date date;
    std::string other;   ///< text not stored in `date` (a time of day, a note)
    bool ok = false;     ///< false when nothing could be read as a date
};

/// Reads "2015/05/28/", "2017///", "2020/Spring" style values, plain years ("2015"), and
/// ISO dates ("2015-05-28"). Anything else becomes a literal date with ok = false.
RisDate parse_ris_date(std::string_view text, std::string_view name);

/// "YYYY/MM/DD/other" with empty parts left empty ("2017///"); seasons and circa go into
/// the other part. The first date of a range only (ranges have no RIS form).
std::string format_ris_date(const Date& d, std::string_view other = {});

/// "2020-05-28", "2020-05", "2019/2020": for dates written into a custom line.
std::string format_iso_date(const Date& d);
/// Reads what format_iso_date writes; a literal when it is not an ISO date.
Date parse_iso_date(std::string_view text, std::string_view name);

/// "Last, First", "Last, First, Suffix", "{Corporate, Inc.}" or a corporate name without comma.
Name parse_ris_name(std::string_view text);
/// The inverse of parse_ris_name.
std::string format_ris_name(const Name& n);

/// "10.1038/x" from "https://doi.org/10.1038/x", "doi:10.1038/x", or the value itself.
std::string_view bare_doi(std::string_view text) noexcept;

/// True when the value looks like an ISSN (8 characters: 7 digits and a digit or X, one
/// optional hyphen); ISBNs have 10 or 13.
bool looks_like_issn(std::string_view text) noexcept;

/// Heading trails in one line: "All Papers > 2020"; '>' and '\' inside a heading are escaped.
std::string join_trail(const std::vector<std::string>& trail);
std::vector<std::string> split_trail(std::string_view line);

}  // namespace bibport::plugins::ris
