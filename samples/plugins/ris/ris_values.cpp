// SPDX-License-Identifier: MIT
#include "ris_values.hpp"

#include <bibport/dates.hpp>
#include <bibport/names.hpp>
#include <bibport/text.hpp>

#include <array>
#include <charconv>
#include <vector>

namespace bibport::plugins::ris {
namespace {

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// A number of 1..max_len digits in [lo, hi], else -1.
int small_number(std::string_view s, std::size_t max_len, int lo, int hi) noexcept {
    if (!all_digits(s) || s.size() > max_len) return -1;
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v >= lo && v <= hi ? v : -1;
}

constexpr std::array<std::string_view, 4> kSeasons = {"Spring", "Summer", "Autumn", "Winter"};

// 1..4 for a season name ("Fall" is autumn), else 0.
int season_number(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kSeasons.size(); ++i)
        if (text::equals_icase(s, kSeasons[i])) return static_cast<int>(i) + 1;
    return text::equals_icase(s, "Fall") ? 3 : 0;
}

std::string two_digits(int v) {
    std::string out = std::to_string(v);
    if (out.size() < 2) out.insert(out.begin(), '0');
    return out;
}

// Splits at commas outside braces; parts are trimmed.
std::vector<std::string_view> split_commas(std::string_view s) {
    std::vector<std::string_view> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        else if (s[i] == '}' && depth > 0) --depth;
        else if (s[i] == ',' && depth == 0) {
            parts.push_back(text::trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(text::trim(s.substr(start)));
    return parts;
}

// "{...}" around the whole value (and no other top-level brace).
bool is_braced(std::string_view s) noexcept {
    if (s.size() < 2 || s.front() != '{' || s.back() != '}') return false;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        else if (s[i] == '}' && --depth == 0 && i + 1 != s.size()) return false;
    }
    return true;
}

std::vector<int> iso_parts(std::string_view s) {
    std::vector<int> parts;
    std::size_t pos = 0;
    const std::array<std::pair<int, int>, 3> ranges = {{{-9999, 9999}, {1, 12}, {1, 31}}};
    for (std::size_t i = 0; i < 3 && pos <= s.size(); ++i) {
        std::size_t dash = s.find('-', i == 0 && !s.empty() && s[0] == '-' ? 1 : pos);
        std::string_view piece = s.substr(pos, dash == std::string_view::npos ? std::string_view::npos : dash - pos);
        bool negative = i == 0 && !piece.empty() && piece[0] == '-';
        int v = small_number(negative ? piece.substr(1) : piece, i == 0 ? 4 : 2, i == 0 ? 0 : ranges[i].first,
                             ranges[i].second);
        if (v < 0) return {};
        parts.push_back(negative ? -v : v);
        if (dash == std::string_view::npos) return parts;
        pos = dash + 1;
    }
    return {};   // more than three parts
}

}  // namespace

bool is_tag(std::string_view tag) noexcept {
    return tag.size() == 2 && tag[0] >= 'A' && tag[0] <= 'Z' &&
           ((tag[1] >= 'A' && tag[1] <= 'Z') || (tag[1] >= '0' && tag[1] <= '9'));
}

RisDate parse_ris_date(std::string_view input, std::string_view name) {
    RisDate out;
    out.date.name = std::string(name);
    std::string_view t = text::trim(input);
    if (t.empty()) return out;

    auto slash = t.find('/');
    if (slash != std::string_view::npos) {
        // Up to four slash-separated parts: year, month, day, other (the rest, slashes and all).
        std::array<std::string_view, 4> p{};
        std::size_t pos = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            auto next = t.find('/', pos);
            if (next == std::string_view::npos) { p[i] = t.substr(pos); pos = t.size() + 1; break; }
            p[i] = t.substr(pos, next - pos);
            pos = next + 1;
        }
        if (pos <= t.size()) p[3] = t.substr(pos);
        std::string_view other = text::trim(p[3]);
        if (p[0].empty() && p[1].empty() && p[2].empty()) {   // "///n.d.": no date, only text
            out.date.literal = std::string(other);
            out.ok = !other.empty();
            return out;
        }
        int y = small_number(p[0], 4, 0, 9999);
        int m = p[1].empty() ? 0 : small_number(p[1], 2, 1, 12);
        int d = p[2].empty() ? 0 : small_number(p[2], 2, 1, 31);
        // "2019/2020": a range of years, which some programs write into PY.
        if (y >= 0 && p[2].empty() && p[3].empty() && p[1].size() == 4 && all_digits(p[1])) {
            out.date.parts = {{y}, {small_number(p[1], 4, 0, 9999)}};
            out.ok = true;
            return out;
        }
        if (y >= 0 && m >= 0 && d >= 0 && !(d > 0 && m == 0)) {
            std::vector<int> parts{y};
            if (m) parts.push_back(m);
            if (d) parts.push_back(d);
            out.date.parts.push_back(std::move(parts));
            if (int s = season_number(other); s && !m) out.date.season = Value{std::to_string(s), Value::Kind::number};
            else if (text::equals_icase(other, "circa")) out.date.circa = Value{"true", Value::Kind::boolean};
            else out.other = std::string(other);
            out.ok = true;
            return out;
        }
    } else if (int y = small_number(t, 4, 0, 9999); y >= 0) {
        out.date.parts = {{y}};
        out.ok = true;
        return out;
    } else if (auto parts = iso_parts(t); !parts.empty()) {
        out.date.parts.push_back(std::move(parts));
        out.ok = true;
        return out;
    }
    // Other spellings ("May 2015", "28 May 2015"): the shared date parser.
    Date d = dates::parse_date(t);
    d.name = std::string(name);
    out.ok = !d.parts.empty();
    if (!out.ok) { d = Date{}; d.name = std::string(name); d.literal = std::string(t); }
    out.date = std::move(d);
    return out;
}

std::string format_ris_date(const Date& d, std::string_view other) {
    std::string tail;
    if (!d.season.empty()) {
        int s = small_number(d.season.text, 1, 1, 4);
        tail = s > 0 ? std::string(kSeasons[s - 1]) : d.season.text;
    } else if (!d.circa.empty() && d.circa.text != "false" && d.circa.text != "0") {
        tail = "circa";
    } else {
        tail = std::string(other);
    }
    if (d.parts.empty() || d.parts[0].empty()) {
        std::string lit = !d.literal.empty() ? d.literal : !d.raw.empty() ? d.raw : tail;
        return lit.empty() ? std::string() : "///" + lit;
    }
    const auto& p = d.parts[0];
    std::string out = std::to_string(p[0]) + "/";
    if (p.size() > 1) out += two_digits(p[1]);
    out += "/";
    if (p.size() > 2) out += two_digits(p[2]);
    out += "/";
    return out + tail;
}

std::string format_iso_date(const Date& d) {
    if (d.parts.empty()) return d.literal.empty() ? d.raw : d.literal;
    std::string out;
    for (std::size_t i = 0; i < d.parts.size() && i < 2; ++i) {
        if (i) out += '/';
        for (std::size_t j = 0; j < d.parts[i].size() && j < 3; ++j) {
            if (j) out += '-';
            out += j == 0 ? std::to_string(d.parts[i][j]) : two_digits(d.parts[i][j]);
        }
    }
    return out;
}

Date parse_iso_date(std::string_view input, std::string_view name) {
    Date d;
    d.name = std::string(name);
    std::string_view t = text::trim(input);
    auto slash = t.find('/');
    auto first = iso_parts(t.substr(0, slash));
    auto second = slash == std::string_view::npos ? std::vector<int>{} : iso_parts(t.substr(slash + 1));
    if (first.empty() || (slash != std::string_view::npos && second.empty())) {
        d.literal = std::string(t);
        return d;
    }
    d.parts.push_back(std::move(first));
    if (!second.empty()) d.parts.push_back(std::move(second));
    return d;
}

Name parse_ris_name(std::string_view input) {
    std::string_view t = text::trim(input);
    Name n;
    if (is_braced(t)) { n.literal = std::string(t.substr(1, t.size() - 2)); return n; }
    if (t == "others" || text::equals_icase(t, "et al.") || text::equals_icase(t, "et al")) return names::others();
    auto parts = split_commas(t);
    if (parts.size() == 1 || parts.size() > 3) { n.literal = std::string(t); return n; }
    if (parts[0].empty()) { n.given = std::string(parts[1]); return n; }
    // RIS writes "Last, First, Suffix"; the BibTeX rules (particles, braces) read
    // "von Last, Jr, First", so the suffix moves to the middle.
    std::string bibtex_form(parts[0]);
    if (parts.size() == 3) (bibtex_form += ", ") += parts[2];
    (bibtex_form += ", ") += parts[1];
    n = names::parse_name(bibtex_form);
    return n;
}

std::string format_ris_name(const Name& n) {
    if (n.is_others()) return "others";
    if (n.is_literal()) {
        // A comma would split the name; braces keep it whole.
        return n.literal.find(',') == std::string::npos ? n.literal : "{" + n.literal + "}";
    }
    std::string out = n.non_dropping_particle;
    if (!out.empty() && !n.family.empty()) out += ' ';
    out += n.family;
    out += ',';
    std::string given = n.given;
    if (!n.dropping_particle.empty()) given += (given.empty() ? "" : " ") + n.dropping_particle;
    if (!given.empty()) (out += ' ') += given;
    if (!n.suffix.empty()) (out += ", ") += n.suffix;
    return out;
}

std::string_view bare_doi(std::string_view text) noexcept {
    std::string_view t = text::trim(text);
    for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                    "http://dx.doi.org/", "doi:"}) {
        if (text::starts_with_icase(t, prefix)) return text::trim(t.substr(prefix.size()));
    }
    return t;
}

bool looks_like_issn(std::string_view s) noexcept {
    std::string compact;
    for (char c : s)
        if (c != '-' && c != ' ') compact += c;
    if (compact.size() != 8) return false;
    for (std::size_t i = 0; i < 7; ++i)
        if (compact[i] < '0' || compact[i] > '9') return false;
    char last = compact[7];
    return (last >= '0' && last <= '9') || last == 'X' || last == 'x';
}

std::string join_trail(const std::vector<std::string>& trail) {
    std::string out;
    for (const auto& heading : trail) {
        if (!out.empty()) out += " > ";
        for (char c : heading) {
            if (c == '>' || c == '\\') out += '\\';
            out += c;
        }
    }
    return out;
}

std::vector<std::string> split_trail(std::string_view line) {
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
            current += line[++i];
        } else if (line[i] == '>') {
            out.emplace_back(text::trim(current));
            current.clear();
        } else {
            current += line[i];
        }
    }
    out.emplace_back(text::trim(current));
    return out;
}

}  // namespace bibport::plugins::ris
