// SPDX-License-Identifier: MIT
// Date parsing and formatting (implemented in bibport_support).
#pragma once

#include <bibport/record.hpp>

#include <string>
#include <string_view>

namespace bibport::dates {

/// Parses the date forms bibliographies use into a CSL date:
///   "2020", "2020-05", "2020-05-28", "2020/05/28", "2020/05/28/" (RIS), "May 2020",
///   "28 May 2020", "May 28, 2020", "2019/2020" and "2020-05-01/2020-05-03" (ranges),
///   "Spring 2020" (season), "ca. 1850", "c1850", "1850~" and "1850?" (circa).
/// Anything else is kept as `literal` with nothing parsed. `raw` is never set.
Date parse_date(std::string_view text);

/// 1..12 for an English month name or abbreviation ("jan", "January", "Sept."), else 0.
int month_from_name(std::string_view name) noexcept;

/// "2020", "2020-05", "2020-05-28" and "A/B" for ranges; the literal when there are no parts.
std::string format_iso(const Date& d);

/// Two-digit years in paper lists: 00..69 -> 2000s, 70..99 -> 1900s.
int expand_two_digit_year(int yy) noexcept;

}  // namespace bibport::dates
