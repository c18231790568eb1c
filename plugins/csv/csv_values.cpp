// SPDX-License-Identifier: MIT
#include "csv_values.hpp"

#include <bibport/dates.hpp>
#include <bibport/text.hpp>

#include <charconv>

namespace bibport::plugins::csv {

// --- spreadsheet formula injection ---------------------------------------------------------

namespace {
bool is_formula_start(char c) noexcept {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
// True when `cell` is zero or more apostrophes followed by a formula character.
bool needs_escape(std::string_view cell) noexcept {
    std::size_t i = 0;
    while (i < cell.size() && cell[i] == '\'') ++i;
    return i < cell.size() && is_formula_start(cell[i]);
}
}  // namespace

bool starts_like_formula(std::string_view cell) noexcept {
    return !cell.empty() && is_formula_start(cell.front());
}

std::string escape_formula(std::string_view cell) {
    // Escaping "'=x" as well keeps the read side exact: it always removes one apostrophe.
    if (!needs_escape(cell)) return std::string(cell);
    std::string out;
    out.reserve(cell.size() + 1);
    out += '\'';
    out += cell;
    return out;
}

std::string_view unescape_formula(std::string_view cell) noexcept {
    if (cell.size() >= 2 && cell.front() == '\'' && needs_escape(cell.substr(1))) return cell.substr(1);
    return cell;
}

// --- lists ---------------------------------------------------------------------------------

std::vector<std::string> split_list(std::string_view text, std::string_view sep) {
    std::vector<std::string> out;
    if (sep.empty()) {
        if (auto t = text::trim(text); !t.empty()) out.emplace_back(t);
        return out;
    }
    std::size_t start = 0;
    for (;;) {
        std::size_t at = text.find(sep, start);
        std::string_view part = text::trim(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (!part.empty()) out.emplace_back(part);
        if (at == std::string_view::npos) break;
        start = at + sep.size();
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) {
        if (item.empty()) continue;
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

// --- names ---------------------------------------------------------------------------------

namespace {
std::string family_part(const Name& n) {
    std::string s = n.non_dropping_particle;
    if (!s.empty() && !n.family.empty()) s += ' ';
    s += n.family;
    return s;
}
std::string given_part(const Name& n) {
    std::string s = n.given;
    if (!s.empty() && !n.dropping_particle.empty()) s += ' ';
    s += n.dropping_particle;
    return s;
}
bool starts_lower(std::string_view word) noexcept {
    return !word.empty() && word.front() >= 'a' && word.front() <= 'z';
}
// "van der Maaten" -> particle "van der", family "Maaten": the lower-case words in front,
// as long as a capitalised word is left.
void split_particle(std::string_view family_text, Name& n) {
    std::size_t pos = 0, particle_end = 0;
    while (pos < family_text.size()) {
        std::size_t space = family_text.find(' ', pos);
        if (space == std::string_view::npos) break;
        if (!starts_lower(family_text.substr(pos, space - pos))) break;
        particle_end = space;
        pos = space + 1;
    }
    if (particle_end > 0) {
        n.non_dropping_particle = std::string(family_text.substr(0, particle_end));
        n.family = std::string(text::trim(family_text.substr(particle_end + 1)));
    } else {
        n.family = std::string(family_text);
    }
}
}  // namespace

std::string format_name(const Name& n) {
    if (n.is_literal()) return n.literal;
    std::string out = family_part(n);
    std::string given = given_part(n);
    if (!given.empty() || !n.suffix.empty()) {
        out += ", ";
        out += given;
    } else {
        out += ',';   // "Plato," is a person with a family name only; "Plato" an organisation
    }
    if (!n.suffix.empty()) {
        out += ", ";
        out += n.suffix;
    }
    return out;
}

Name parse_name_cell(std::string_view text) {
    Name n;
    text = text::trim(text);
    if (!text.empty() && text.back() == ',' && text.find(", ") == std::string_view::npos) {
        split_particle(text::trim(text.substr(0, text.size() - 1)), n);
        return n;
    }
    std::size_t comma = text.find(", ");
    if (comma == std::string_view::npos) {
        n.literal = std::string(text);
        return n;
    }
    split_particle(text::trim(text.substr(0, comma)), n);
    std::string_view rest = text.substr(comma + 2);
    if (std::size_t last = rest.rfind(", "); last != std::string_view::npos) {
        n.suffix = std::string(text::trim(rest.substr(last + 2)));
        rest = rest.substr(0, last);
    }
    n.given = std::string(text::trim(rest));
    return n;
}

std::string format_name_line(const Name& n) {
    if (n.is_literal()) return n.literal;
    std::string out = family_part(n);
    out += " || ";
    out += given_part(n);
    if (!n.suffix.empty()) out += ", " + n.suffix;
    return out;
}

Name parse_name_line(std::string_view text) {
    std::size_t bar = text.find(" || ");
    if (bar == std::string_view::npos) {
        Name n;
        n.literal = std::string(text::trim(text));
        return n;
    }
    std::string as_cell(text::trim(text.substr(0, bar)));
    as_cell += ", ";
    as_cell += text::trim(text.substr(bar + 4));
    return parse_name_cell(as_cell);
}

// --- dates ---------------------------------------------------------------------------------

namespace {
void append_padded(std::string& out, int v, int width) {
    std::string s = std::to_string(v < 0 ? -v : v);
    if (v < 0) out += '-';
    for (int i = static_cast<int>(s.size()); i < width; ++i) out += '0';
    out += s;
}
std::string format_parts(const std::vector<int>& p) {
    std::string out;
    if (p.empty()) return out;
    append_padded(out, p[0], 4);
    for (std::size_t i = 1; i < p.size() && i < 3; ++i) {
        out += '-';
        append_padded(out, p[i], 2);
    }
    return out;
}
// Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" at the start of `s`; returns the length read, 0 if none.
std::size_t read_iso(std::string_view s, std::vector<int>& parts) {
    auto digits = [&](std::size_t at, std::size_t n, int& v) {
        if (at + n > s.size()) return false;
        for (std::size_t i = at; i < at + n; ++i)
            if (s[i] < '0' || s[i] > '9') return false;
        std::from_chars(s.data() + at, s.data() + at + n, v);
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (!digits(0, 4, y)) return 0;
    if (s.size() > 4 && s[4] >= '0' && s[4] <= '9') return 0;   // a five-digit number
    parts = {y};
    if (s.size() >= 7 && s[4] == '-' && digits(5, 2, m) && m >= 1 && m <= 12) {
        parts.push_back(m);
        if (s.size() >= 10 && s[7] == '-' && digits(8, 2, d) && d >= 1 && d <= 31) {
            parts.push_back(d);
            return 10;
        }
        return 7;
    }
    return 4;
}
}  // namespace

std::string format_date(const Date& d) {
    if (d.parts.empty()) return d.literal.empty() ? d.raw : d.literal;
    std::string iso = format_parts(d.parts[0]);
    if (d.parts.size() > 1) iso += '/' + format_parts(d.parts[1]);
    if (!d.raw.empty() && d.raw.size() > iso.size() && d.raw.starts_with(iso)) return d.raw;
    return iso;
}

bool parse_date_cell(std::string_view text, Date& d) {
    text = text::trim(text);
    std::vector<int> first;
    std::size_t n = read_iso(text, first);
    if (n > 0) {
        std::string_view rest = text.substr(n);
        if (rest.empty()) {
            d.parts = {first};
            return true;
        }
        std::vector<int> second;
        if (rest.front() == '/' && read_iso(rest.substr(1), second) == rest.size() - 1) {
            d.parts = {first, second};
            return true;
        }
        // A time after the date ("2024-01-15 10:00:00", "2024-01-16T10:00:00Z"): the date
        // goes into parts and the whole text into raw, so that it is written back as it was.
        if (first.size() == 3 && (rest.front() == ' ' || rest.front() == 'T') && rest.size() > 1 &&
            rest[1] >= '0' && rest[1] <= '9') {
            d.parts = {first};
            d.raw = std::string(text);
            return true;
        }
    }
    Date parsed = dates::parse_date(text);
    if (!parsed.parts.empty() || !parsed.season.empty()) {
        parsed.name = d.name;
        d = std::move(parsed);
        return true;
    }
    d.literal = std::string(text);
    return false;
}

bool parse_year(std::string_view text, int& year) noexcept {
    text = text::trim(text);
    if (text.empty() || text.size() > 6) return false;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    return ec == std::errc() && p == text.data() + text.size();
}

// --- links ---------------------------------------------------------------------------------

std::string format_link(const Link& link, std::string_view record_url) {
    std::string out = link.role;
    if (!link.label.empty() && link.label != link.role) out += " (" + link.label + ")";
    if (!record_url.empty() && link.url == record_url) return out;
    out += ": ";
    out += link.url;
    return out;
}

bool parse_link(std::string_view item, std::string_view record_url, Link& link) {
    item = text::trim(item);
    if (item.empty()) return false;
    std::size_t colon = item.find(": ");
    std::string_view head = colon == std::string_view::npos ? item : item.substr(0, colon);
    // A URL with no role in front ("https://x") is a link of unknown role.
    if (colon == std::string_view::npos && item.find("://") != std::string_view::npos) {
        link = Link{"link", std::string(item), {}};
        return true;
    }
    link = Link{};
    if (std::size_t open = head.find(" ("); open != std::string_view::npos && head.ends_with(')')) {
        link.label = std::string(head.substr(open + 2, head.size() - open - 3));
        head = head.substr(0, open);
    }
    link.role = std::string(head);
    link.url = colon == std::string_view::npos ? std::string(record_url)
                                               : std::string(text::trim(item.substr(colon + 2)));
    return !link.url.empty();
}

// --- flags ---------------------------------------------------------------------------------

int parse_flag(std::string_view t) noexcept {
    t = text::trim(t);
    if (t.empty() || text::equals_icase(t, "false") || text::equals_icase(t, "no") || t == "0") return 0;
    if (text::equals_icase(t, "true") || text::equals_icase(t, "yes") || t == "1" || t == "x" ||
        t == "X" || t == "*" || t == "\xE2\x98\x85" || t == "\xF0\x9F\x8C\x9F")
        return 1;
    return -1;
}

}  // namespace bibport::plugins::csv
