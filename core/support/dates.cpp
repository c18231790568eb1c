// SPDX-License-Identifier: MIT
// Dates as bibliographies write them, read into CSL date-parts, and written back as ISO/EDTF.
#include <bibport/dates.hpp>
#include <bibport/text.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace bibport::dates {
namespace {

// One date as far as it was read: a side of a range may lack what the other side gives
// ("28-30 May 2020", "2020 May-Jun").
struct Partial {
    int year = 0;
    bool has_year = false;
    int month = 0;   // 0 when absent
    int day = 0;     // 0 when absent
    int season = 0;  // 1..4, 0 when absent
};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

int to_int(std::string_view digits) noexcept {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

std::string lower_without_dot(std::string_view s) {
    if (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return text::ascii_lower(s);
}

int season_from_name(std::string_view name) noexcept {
    std::string w = lower_without_dot(name);
    if (w == "spring") return 1;
    if (w == "summer") return 2;
    if (w == "autumn" || w == "fall") return 3;
    if (w == "winter") return 4;
    return 0;
}

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

// A whole date: a year, a day only with a month, a season only on a bare year.
bool is_complete(const Partial& p) noexcept {
    if (!p.has_year || p.month < 0 || p.month > 12) return false;
    if (p.day != 0 && (p.month == 0 || p.day < 1 || p.day > days_in_month(p.year, p.month))) return false;
    if (p.season != 0 && (p.month != 0 || p.day != 0)) return false;
    return true;
}

std::vector<int> to_parts(const Partial& p) {
    std::vector<int> parts{p.year};
    if (p.month != 0) parts.push_back(p.month);
    if (p.day != 0) parts.push_back(p.day);
    return parts;
}

// A time of day after an ISO date ("T10:00:00Z", " 12:34:56") carries nothing CSL can hold.
bool is_time_suffix(std::string_view s) noexcept {
    if (s.size() < 2 || (s[0] != 'T' && s[0] != ' ') || !is_digit(s[1])) return false;
    for (char c : s.substr(1))
        if (!is_digit(c) && c != ':' && c != '.' && c != 'Z' && c != '+' && c != '-') return false;
    return true;
}

// A month or day field: one or two digits, not zero (zero would read as "absent").
bool read_small(std::string_view s, int& v) noexcept {
    if (s.size() < 1 || s.size() > 2 || !all_digits(s) || to_int(s) == 0) return false;
    v = to_int(s);
    return true;
}

// ISO 8601 / EDTF with '-': "2020", "2020-05", "2020-05-28", "2020-21" (EDTF season 21..24),
// "-0044", each optionally followed by a time of day.
bool parse_iso(std::string_view s, Partial& p) {
    bool negative = !s.empty() && s[0] == '-';
    if (negative) s.remove_prefix(1);
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) ++n;
    if (n < 3 || n > 4 || (negative && n != 4)) return false;
    p.year = to_int(s.substr(0, n)) * (negative ? -1 : 1);
    p.has_year = true;
    s.remove_prefix(n);
    if (s.empty()) return true;
    if (s[0] != '-' || n != 4) return false;
    s.remove_prefix(1);
    std::size_t m = s.find('-');
    std::size_t t = s.find_first_of("T ");
    std::string_view month = s.substr(0, std::min(m, t));
    int v = 0;
    if (!read_small(month, v)) return false;
    s.remove_prefix(month.size());
    if (v >= 21 && v <= 24) {
        p.season = v - 20;
        return s.empty();
    }
    p.month = v;
    if (s.empty()) return true;
    if (s[0] != '-') return false;
    s.remove_prefix(1);
    std::size_t day_len = 0;
    while (day_len < s.size() && is_digit(s[day_len])) ++day_len;
    if (!read_small(s.substr(0, day_len), p.day)) return false;
    s.remove_prefix(day_len);
    return s.empty() || is_time_suffix(s);
}

// Slash forms: "2020/05/28", "2020/05", and RIS "YYYY/MM/DD/other" with empty trailing
// fields ("2017///", "2015/05/28/"). RIS's "other" may name a season.
bool parse_slashed(std::string_view s, Partial& p) {
    std::array<std::string_view, 4> f{};
    std::size_t count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != '/') continue;
        if (count == f.size()) return false;
        f[count++] = s.substr(start, i - start);
        start = i + 1;
    }
    if (count < 2 || f[0].size() != 4 || !all_digits(f[0])) return false;
    p.year = to_int(f[0]);
    p.has_year = true;
    if (!f[1].empty() && !read_small(f[1], p.month)) return false;
    if (!f[2].empty() && (f[1].empty() || !read_small(f[2], p.day))) return false;
    if (!f[3].empty()) {
        p.season = season_from_name(text::trim(f[3]));
        if (p.season == 0) return false;
    }
    return true;
}

// Words and numbers in any order: "May 2020", "28 May 2020", "May 28, 2020", "2020 May 28",
// "Sept. 2020", "Spring 2020", "May 28th, 2020".
bool parse_words(std::string_view s, Partial& p) {
    bool any = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '\t') continue;
        std::string_view w = s.substr(start, i - start);
        start = i + 1;
        if (w.empty()) continue;
        if (w.back() == '.') w.remove_suffix(1);
        if (w.empty()) continue;
        std::size_t digits = 0;
        while (digits < w.size() && is_digit(w[digits])) ++digits;
        if (digits > 0) {
            std::string ord = text::ascii_lower(w.substr(digits));   // "28th"
            if (!ord.empty() && ord != "st" && ord != "nd" && ord != "rd" && ord != "th") return false;
            if (digits > 4) return false;
            int v = to_int(w.substr(0, digits));
            if (digits >= 3 && digits <= 4 && ord.empty()) {
                if (p.has_year) return false;
                p.year = v;
                p.has_year = true;
            } else if (digits <= 2 && v >= 1 && v <= 31) {
                if (p.day != 0) return false;
                p.day = v;
            } else {
                return false;
            }
        } else if (int m = month_from_name(w); m != 0) {
            if (p.month != 0) return false;
            p.month = m;
        } else if (int season = season_from_name(w); season != 0) {
            if (p.season != 0) return false;
            p.season = season;
        } else {
            return false;
        }
        any = true;
    }
    return any;
}

bool parse_partial(std::string_view s, Partial& p) {
    p = Partial{};
    if (s.empty()) return false;
    if (parse_iso(s, p)) return true;
    p = Partial{};
    if (parse_slashed(s, p)) return true;
    p = Partial{};
    return parse_words(s, p);
}

// Circa written before ("ca. 1850", "c. 1850", "c1850", "circa 1850") or after ("1850~", "1850?",
// EDTF's "%" for both) the date. Removes the marker and says whether there was one.
bool strip_circa(std::string_view& s) {
    bool circa = false;
    while (!s.empty() && (s.back() == '~' || s.back() == '?' || s.back() == '%')) {
        s.remove_suffix(1);
        circa = true;
    }
    for (std::string_view prefix : {"circa", "ca.", "ca", "c.", "c"}) {
        if (!text::starts_with_icase(s, prefix) || s.size() == prefix.size()) continue;
        char next = s[prefix.size()];
        if (next != ' ' && !is_digit(next)) continue;
        s.remove_prefix(prefix.size());
        circa = true;
        break;
    }
    s = text::trim(s);
    return circa;
}

// A side of a range takes what it lacks from the other: the year, and the month of a day.
void share_missing(Partial& a, Partial& b) noexcept {
    if (!a.has_year && b.has_year) { a.year = b.year; a.has_year = true; }
    if (!b.has_year && a.has_year) { b.year = a.year; b.has_year = true; }
    if (a.day != 0 && a.month == 0) a.month = b.month;
    if (b.day != 0 && b.month == 0) b.month = a.month;
}

bool parse_range(std::string_view s, Partial& from, Partial& to) {
    for (std::string_view sep : {"--", "\xE2\x80\x93", "\xE2\x80\x94", "/", "-"}) {
        for (std::size_t pos = s.find(sep); pos != std::string_view::npos; pos = s.find(sep, pos + 1)) {
            std::string_view left = text::trim(s.substr(0, pos));
            std::string_view right = text::trim(s.substr(pos + sep.size()));
            if (!parse_partial(left, from) || !parse_partial(right, to)) continue;
            if (from.season != 0 || to.season != 0) continue;
            share_missing(from, to);
            if (is_complete(from) && is_complete(to)) return true;
        }
    }
    return false;
}

std::string pad(int v, std::size_t width) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    if (v < 0) digits.insert(digits.begin(), '-');
    return digits;
}

std::string iso_of(const std::vector<int>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size() && i < 3; ++i) {
        if (i > 0) out += '-';
        out += pad(parts[i], i == 0 ? 4 : 2);
    }
    return out;
}

bool is_true(const Value& v) noexcept {
    return !v.text.empty() && v.text != "false" && v.text != "0";
}

}  // namespace

int month_from_name(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 12> months = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.size() < 3 || name.size() > 9) return 0;
    char w[10] = {};
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        w[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    }
    std::string_view word(w, name.size());
    // The full name or any abbreviation of three letters or more ("Sep", "Sept", "Febr").
    for (std::size_t i = 0; i < months.size(); ++i)
        if (months[i].substr(0, word.size()) == word) return static_cast<int>(i) + 1;
    return 0;
}

Date parse_date(std::string_view text) {
    Date d;
    std::string_view original = text::trim(text);
    if (original.empty()) return d;
    std::string_view s = original;
    bool circa = strip_circa(s);

    Partial from, to;
    if (parse_partial(s, from) && is_complete(from)) {
        d.parts.push_back(to_parts(from));
        if (from.season != 0) d.season = Value{std::to_string(from.season), Value::Kind::number};
    } else if (parse_range(s, from, to)) {
        d.parts.push_back(to_parts(from));
        d.parts.push_back(to_parts(to));
    } else {
        d.literal = std::string(original);
        return d;
    }
    if (circa) d.circa = Value{"true", Value::Kind::boolean};
    return d;
}

std::string format_iso(const Date& d) {
    if (d.parts.empty() || d.parts[0].empty()) return d.literal;
    std::string out = iso_of(d.parts[0]);
    if (d.parts.size() > 1 && !d.parts[1].empty()) {
        out += '/';
        out += iso_of(d.parts[1]);
    }
    if (d.parts.size() == 1 && d.parts[0].size() == 1 && !d.season.empty()) {
        int season = 0;
        if (all_digits(d.season.text) && d.season.text.size() <= 2) season = to_int(d.season.text);
        else season = season_from_name(d.season.text);
        if (season >= 21 && season <= 24) season -= 20;
        if (season >= 1 && season <= 4) {
            out += '-';
            out += std::to_string(20 + season);
        }
    }
    if (is_true(d.circa)) out += '~';
    return out;
}

int expand_two_digit_year(int yy) noexcept { return yy < 70 ? 2000 + yy : 1900 + yy; }

}  // namespace bibport::dates
