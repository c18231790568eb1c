// SPDX-License-Identifier: MIT
#include "zotero_extra.hpp"

#include <bibport/dates.hpp>
#include <bibport/text.hpp>

#include <array>
#include <cstdio>

namespace bibport::plugins::zotero_rdf {
namespace {

constexpr std::array<std::string_view, 44> csl_types{
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty"};

// CSL 1.0.2 string, number and date variables (csl-data.schema.json), as spelled there.
constexpr std::array<std::string_view, 76> csl_variables{
    "abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place",
    "authority", "call-number", "chapter-number", "citation-number", "citation-label",
    "collection-number", "collection-title", "container-title", "container-title-short",
    "dimensions", "division", "DOI", "edition", "event", "event-title", "event-place",
    "first-reference-note-number", "genre", "ISBN", "ISSN", "issue", "jurisdiction", "language",
    "locator", "medium", "note", "number", "number-of-pages", "number-of-volumes",
    "original-publisher", "original-publisher-place", "original-title", "page", "page-first", "part",
    "part-title", "PMCID", "PMID", "printing", "publisher", "publisher-place", "references",
    "reviewed-genre", "reviewed-title", "scale", "section", "source", "status", "supplement", "title",
    "title-short", "URL", "version", "volume", "volume-title", "volume-title-short", "year-suffix",
    "accessed", "available-date", "event-date", "issued", "original-date", "submitted",
    // Zotero also accepts these older spellings in Extra.
    "journalAbbreviation", "shortTitle", "citation-key", "type", "id", "keyword", "categories"};

constexpr std::array<std::string_view, 4> season_names{"Spring", "Summer", "Autumn", "Winter"};

bool is_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int to_int(std::string_view s) noexcept {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

/// "2015", "2015-05", "2015-05-28" -> parts; empty when the text is not exactly that.
std::vector<int> parse_iso_day(std::string_view s) {
    std::vector<int> parts;
    if (s.size() != 4 && s.size() != 7 && s.size() != 10) return {};
    if (!is_digits(s.substr(0, 4))) return {};
    parts.push_back(to_int(s.substr(0, 4)));
    for (std::size_t pos = 4; pos < s.size(); pos += 3) {
        if (s[pos] != '-' || !is_digits(s.substr(pos + 1, 2))) return {};
        int v = to_int(s.substr(pos + 1, 2));
        if (v == 0) return {};   // "2015-00-00" is Zotero's "no month"; let parse_date decide
        parts.push_back(v);
    }
    if (parts.size() > 1 && parts[1] > 12) return {};
    if (parts.size() > 2 && parts[2] > 31) return {};
    return parts;
}

std::string two(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

std::string format_parts(const std::vector<int>& p) {
    std::string out;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (i) out += '-';
        if (i == 0) {
            char buf[16];
            std::snprintf(buf, sizeof buf, p[0] >= 0 && p[0] < 10000 ? "%04d" : "%d", p[0]);
            out += buf;
        } else {
            out += two(p[i]);
        }
    }
    return out;
}

bool is_origin(std::string_view s) noexcept {
    if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

/// Applies one "key: value" line; false when the line is not recognised.
bool apply_line(std::string_view key, std::string_view value, Record& r) {
    if (text::equals_icase(key, "arXiv")) {
        if (!r.arxiv.empty()) return r.arxiv == value;
        if (text::starts_with_icase(value, "arXiv:")) value = text::trim(value.substr(6));
        r.arxiv = std::string(value);
        return true;
    }
    if (text::equals_icase(key, "Citation Key")) {
        if (!r.citation_key.empty()) return r.citation_key == value;
        r.citation_key = std::string(value);
        return true;
    }
    if (auto dot = key.find('.'); dot != std::string_view::npos && is_origin(key.substr(0, dot)) &&
                                  dot + 1 < key.size()) {
        std::string k = key.substr(0, dot) == "tex" ? "bibtex" + std::string(key.substr(dot))
                                                     : std::string(key);
        r.extra.emplace_back(std::move(k), std::string(value));
        return true;
    }
    std::string var = csl_variable(key);
    if (var.empty() || var == "note" || var == "id" || var == "keyword") return false;
    if (var == "categories") {
        if (!r.categories.empty()) return false;
        std::size_t pos = 0;
        while (pos <= value.size()) {
            std::size_t end = value.find("; ", pos);
            if (end == std::string_view::npos) end = value.size();
            if (end > pos) r.categories.emplace_back(text::trim(value.substr(pos, end - pos)));
            pos = end + 2;
        }
        return true;
    }
    if (var == "type") {
        if (!is_csl_type(value)) return false;
        r.type = std::string(value);
        return true;
    }
    if (var == "citation-key") {
        if (!r.citation_key.empty()) return r.citation_key == value;
        r.citation_key = std::string(value);
        return true;
    }
    if (is_csl_date_variable(var)) {
        if (r.find_date(var)) return false;
        r.dates.push_back(parse_date_text(var, value));
        return true;
    }
    if (const Value* v = r.find(var)) return v->text == value;   // the native field wins
    r.set(var, std::string(value));
    return true;
}

}  // namespace

bool is_csl_type(std::string_view type) noexcept {
    for (auto t : csl_types)
        if (t == type) return true;
    return false;
}

bool is_csl_date_variable(std::string_view v) noexcept {
    return v == "accessed" || v == "available-date" || v == "event-date" || v == "issued" ||
           v == "original-date" || v == "submitted";
}

std::string csl_variable(std::string_view key) {
    // Zotero matches Extra keys case-insensitively, with spaces for hyphens ("Original Date").
    std::string k;
    for (char c : text::trim(key)) k += c == ' ' ? '-' : c;
    for (auto v : csl_variables) {
        if (text::equals_icase(v, k)) {
            if (v == "journalAbbreviation") return "container-title-short";
            if (v == "shortTitle") return "title-short";
            return std::string(v);
        }
    }
    return {};
}

std::string apply_extra(std::string_view text, Record& record) {
    std::string rest;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        bool used = false;
        std::size_t colon = line.find(':');
        // A key starts the line and has no line-internal structure; "http://x" is no key.
        if (colon != std::string_view::npos && colon > 0 && line[0] != ' ' &&
            (colon + 1 == line.size() || line[colon + 1] == ' ')) {
            std::string_view key = line.substr(0, colon);
            std::string_view value = text::trim(line.substr(colon + 1));
            if (!value.empty()) used = apply_line(key, value, record);
        }
        if (!used) {
            rest.append(line);
            rest += '\n';
        }
        if (end == text.size()) break;
    }
    return std::string(text::trim(rest));
}

std::string format_date(const Date& d) {
    if (!d.raw.empty()) return d.raw;
    if (!d.literal.empty()) return d.literal;
    std::string out;
    for (std::size_t i = 0; i < d.parts.size(); ++i) {
        if (i) out += '/';
        out += format_parts(d.parts[i]);
    }
    if (!d.season.empty()) {
        std::string season = d.season.text;
        if (season.size() == 1 && season[0] >= '1' && season[0] <= '4') season = season_names[season[0] - '1'];
        out = out.empty() ? season : season + " " + out;
    }
    if (!d.circa.empty() && d.circa.text != "false" && d.circa.text != "0") out = "ca. " + out;
    return out;
}

Date parse_date_text(std::string_view name, std::string_view text_in) {
    std::string_view s = text::trim(text_in);
    Date d;
    // "2024-01-15 10:00:00" (Zotero's SQL form) and "2024-01-15T10:00:00Z": the day is the
    // date; the full text is kept in raw so the time comes back.
    std::string_view day = s;
    if (s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) day = s.substr(0, 10);
    auto slash = day.find('/');
    std::vector<std::vector<int>> parts;
    if (slash == std::string_view::npos) {
        if (auto p = parse_iso_day(day); !p.empty()) parts.push_back(std::move(p));
    } else if (day == s) {
        auto a = parse_iso_day(day.substr(0, slash)), b = parse_iso_day(day.substr(slash + 1));
        if (!a.empty() && !b.empty()) parts = {std::move(a), std::move(b)};
    }
    if (!parts.empty()) {
        d.parts = std::move(parts);
        if (day.size() != s.size()) d.raw = std::string(s);
    } else {
        d = dates::parse_date(s);
        // Keep Zotero's text when the parsed form would not write it back identically.
        if (d.literal.empty() && format_date(d) != s) d.raw = std::string(s);
    }
    d.name = std::string(name);
    return d;
}

std::optional<std::string> invalid_xml_text(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            char buf[48];
            std::snprintf(buf, sizeof buf, "control character U+%04X", c);
            return std::string(buf);
        }
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF))
            return std::string("noncharacter U+FFFE/U+FFFF");
    }
    if (!text::is_valid_utf8(s)) return std::string("invalid UTF-8");
    return std::nullopt;
}

std::string uri_escape(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '~' || c == ':' || c == '@' || c == '+' || c == '!' ||
                    c == '$' || c == '\'' || c == '(' || c == ')' || c == '*' || c == ',' || c == ';' ||
                    c == '=' || c == '/';
        if (keep) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string uri_unescape(std::string_view s) {
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

}  // namespace bibport::plugins::zotero_rdf
