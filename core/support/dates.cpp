// SPDX-License-Identifier: MIT
// Placeholder: replaced by the real implementation.
#include <bibport/dates.hpp>
namespace bibport::dates {
Date parse_date(std::string_view text) { Date d; d.literal = std::string(text); return d; }
int month_from_name(std::string_view) noexcept { return 0; }
std::string format_iso(const Date& d) { return d.literal; }
int expand_two_digit_year(int yy) noexcept { return yy < 70 ? 2000 + yy : 1900 + yy; }
}  // namespace bibport::dates
