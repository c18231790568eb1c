// SPDX-License-Identifier: MIT
#include "entry_parser.hpp"

#include <bibport/dates.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bibport::plugins::markdown {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) noexcept { return is_upper(c) || is_lower(c); }

// Separators between the parts of an entry line: white space, dashes, dots, pipes.
constexpr std::array<std::string_view, 10> kSeparators = {
    " ", "-", ",", ".", ":", ";", "|", "\u00B7", "\u2022", "\u2013"};

// The first and the last bytes of the separators: a string whose end is none of them has none
// to strip there (most have none, and the test is one byte instead of eleven comparisons).
bool may_start_separator(char c) noexcept {
    return c == ' ' || c == '-' || c == ',' || c == '.' || c == ':' || c == ';' || c == '|' || c == '\xC2' ||
           c == '\xE2';
}
bool may_end_separator(char c) noexcept {
    return c == ' ' || c == '-' || c == ',' || c == '.' || c == ':' || c == ';' || c == '|' || c == '\xB7' ||
           c == '\xA2' || c == '\x93' || c == '\x94';
}

bool strip_separator_prefix(std::string_view& s) {
    if (s.empty() || !may_start_separator(s.front())) return false;
    for (auto sep : kSeparators)
        if (s.starts_with(sep)) { s.remove_prefix(sep.size()); return true; }
    if (s.starts_with("\u2014")) { s.remove_prefix(3); return true; }
    return false;
}

bool strip_separator_suffix(std::string_view& s) {
    if (s.empty() || !may_end_separator(s.back())) return false;
    for (auto sep : kSeparators) {
        if (sep == "." && s.ends_with("...")) continue;
        if (s.ends_with(sep)) { s.remove_suffix(sep.size()); return true; }
    }
    if (s.ends_with("\u2014")) { s.remove_suffix(3); return true; }
    return false;
}

/// `s` without separators around it (a single dot at the end goes too, "..." stays).
std::string_view without_separators(std::string_view s) {
    while (strip_separator_prefix(s)) {}
    while (strip_separator_suffix(s)) {}
    return s;
}

std::string strip_separators(std::string_view s) { return std::string(without_separators(s)); }

/// Brackets and separators only: what is left around "[[Paper](url)]" and "([code](url))".
bool only_punctuation(std::string_view s) { return s.find_first_not_of("[]() ,.;:|-") == std::string_view::npos; }

/// A title without white space or separators around it; "?" and "!" at the end stay.
std::string clean_title(std::string_view raw) {
    std::string t;
    std::string_view v = normal_view(raw, t);
    while (!v.empty() && (v.back() == '|' || v.back() == ',' || v.back() == ':' || v.back() == ';' ||
                          v.back() == ' ' || v.back() == '-' ||
                          (v.back() == '.' && !v.ends_with("..."))))
        v.remove_suffix(1);
    while (!v.empty() && (v.front() == '|' || v.front() == ' ' || v.front() == ':' || v.front() == '-'))
        v.remove_prefix(1);
    // "“Title”" and "\"Title\"" quoted as a whole.
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (v.starts_with("\u201C") && v.ends_with("\u201D") && v.size() >= 6) v = v.substr(3, v.size() - 6);
    return std::string(v);
}

bool is_bracketed(std::string_view s) noexcept {
    s = text::trim(s);
    return s.size() >= 2 && s.front() == '[' && s.back() == ']';
}

std::string_view unbracket(std::string_view s) noexcept {
    s = text::trim(s);
    return s.substr(1, s.size() - 2);
}

/// Splits at sentence ends (". ", "? ", "! "), not after initials ("A. Efros") or "et al.".
std::vector<std::string> split_sentences(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c != '.' && c != '?' && c != '!') continue;
        if (i + 1 < s.size() && s[i + 1] != ' ') continue;
        if (c == '.') {
            std::size_t w = i;
            while (w > start && s[w - 1] != ' ' && s[w - 1] != '.') --w;
            std::string_view word = s.substr(w, i - w);
            if (word.size() == 1 && is_upper(word[0])) continue;   // an initial
            if (word == "al" || word == "e.g" || word == "i.e" || word == "vs" || word == "etc") continue;
        }
        std::size_t end = c == '.' ? i : i + 1;   // "?" and "!" belong to the sentence
        if (end > start) out.emplace_back(s.substr(start, end - start));
        start = i + 1;
    }
    if (start < s.size()) out.emplace_back(s.substr(start));
    return out;
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

/// A plausible venue name: a few words, starting with a letter or digit, no sentence punctuation.
bool plausible_venue_name(std::string_view name) {
    if (name.empty() || name.size() > 40) return false;
    if (!is_alpha(name[0]) && !is_digit(name[0])) return false;
    int words = 1;
    for (char c : name) {
        if (c == ' ') ++words;
        if (c == ':' || c == '?' || c == '!' || c == ',' || c == '(' || c == ')' || c == '[' || c == ']') return false;
    }
    return words <= 4;
}

constexpr std::array<std::string_view, 18> kParticles = {
    "van", "von", "de", "der", "den", "la", "le", "di", "da", "del", "dos", "du", "zu", "y", "al", "bin", "ten", "ter"};
constexpr std::array<std::string_view, 24> kNotNames = {
    "oral", "spotlight", "award", "paper", "best", "workshop", "highlight", "poster", "code", "project",
    "page", "github", "arxiv", "preprint", "conference", "proceedings", "journal", "transactions",
    "survey", "learning", "network", "networks", "models", "vision"};

/// Characters no name word has: digits and ( ) [ ] / | : ? !
constexpr std::array<bool, 256> kNotInNames = [] {
    std::array<bool, 256> no{};
    for (char c = '0'; c <= '9'; ++c) no[static_cast<unsigned char>(c)] = true;
    for (char c : std::string_view(":?!()[]/|")) no[static_cast<unsigned char>(c)] = true;
    return no;
}();

/// Characters where looks_like_names may cut a list or track braces: { } ; & , and space.
constexpr std::array<bool, 256> kNameListStops = [] {
    std::array<bool, 256> stop{};
    for (char c : std::string_view("{};&, ")) stop[static_cast<unsigned char>(c)] = true;
    return stop;
}();

/// The words of kNotNames by their first letter, as bits.
constexpr std::array<std::uint32_t, 26> kNotNamesByFirst = [] {
    std::array<std::uint32_t, 26> by_first{};
    for (std::size_t i = 0; i < kNotNames.size(); ++i) by_first[static_cast<std::size_t>(kNotNames[i][0] - 'a')] |= 1u << i;
    return by_first;
}();

}  // namespace

bool name_word_ok(std::string_view w) {
    // Braces keep an organisation or a family name of several words together: "{OpenAI}".
    while (!w.empty() && w.front() == '{') w.remove_prefix(1);
    while (!w.empty() && w.back() == '}') w.remove_suffix(1);
    if (w.empty()) return false;
    if (w.size() <= 3 && is_lower(w[0]))   // every particle: one to three lower-case letters
        for (auto p : kParticles)
            if (w == p) return true;
    for (char c : w)
        if (kNotInNames[static_cast<unsigned char>(c)]) return false;
    // Only a word that starts with a capital can pass; the list words are ASCII, 4 to 12 letters.
    if (is_upper(w[0]) && w.size() >= 4 && w.size() <= 12) {
        for (std::uint32_t candidates = kNotNamesByFirst[static_cast<std::size_t>((w[0] | 0x20) - 'a')]; candidates;
             candidates &= candidates - 1) {
            const std::string_view n = kNotNames[static_cast<std::size_t>(std::countr_zero(candidates))];
            if (n.size() == w.size() && text::equals_icase(w, n)) return false;
        }
    }
    unsigned char first = static_cast<unsigned char>(w[0]);
    return is_upper(w[0]) || first >= 0x80;   // non-ASCII: accept (Ł, Ö, 何)
}

namespace {

/// A label as shown: "[`[mmpretrian code]`]" -> "mmpretrian code".
std::string display_label(std::string_view shown) {
    std::string t = normalized(shown);
    std::string_view v = t;
    while (!v.empty() && (v.front() == '[' || v.front() == '`' || v.front() == ' ')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ']' || v.back() == '`' || v.back() == ' ')) v.remove_suffix(1);
    return std::string(v);
}

}  // namespace

std::optional<VenueTag> parse_venue_tag(std::string_view s, const VenueTable& venues, bool known_only,
                                        bool explicit_tag) {
    std::string norm;
    std::string_view t = normal_view(s, norm);
    // One pair of brackets is the tag's own ("[CVPR'21]"); a second belongs to the venue text.
    bool open_bracket = false, close_bracket = false;
    while (!t.empty() && ((t.front() == '[' && !open_bracket) || t.front() == '(' || t.front() == '*' ||
                          t.front() == '_' || t.front() == ' ')) {
        open_bracket |= t.front() == '[';
        t.remove_prefix(1);
    }
    while (!t.empty() && ((t.back() == ']' && !close_bracket) || t.back() == ')' || t.back() == '*' ||
                          t.back() == '_' || t.back() == ' ' || t.back() == '.' || t.back() == ',')) {
        close_bracket |= t.back() == ']';
        t.remove_suffix(1);
    }
    if (t.starts_with("In ") || t.starts_with("in ")) t.remove_prefix(3);
    // An explicit tag (**[...]** after a '|') is a venue whatever its length: the writer writes
    // any venue that way. Bare text is taken for a venue only when short.
    if (t.empty() || (!explicit_tag && t.size() > 60)) return std::nullopt;

    VenueTag tag;
    std::string_view name = t;
    bool apostrophe_year = false;
    auto strip_quote = [](std::string_view& n) {
        if (n.ends_with("'")) { n.remove_suffix(1); return true; }
        if (n.ends_with("\u2019")) { n.remove_suffix(3); return true; }
        return false;
    };
    const bool four_digits =
        t.size() >= 4 && all_digits(t.substr(t.size() - 4)) && (t.size() == 4 || !is_digit(t[t.size() - 5]));
    const int y = four_digits ? std::stoi(std::string(t.substr(t.size() - 4))) : 0;
    const bool year_range = explicit_tag ? (y >= 1000 && y <= 2999) : (y >= 1900 && y <= 2099);
    if (four_digits && !year_range && !explicit_tag) return std::nullopt;
    if (four_digits && !year_range) {
        // "NeurIPS 8639" in an explicit tag: not a year, so the whole text is the venue as written.
    } else if (four_digits) {
        tag.year = y;
        name = t.substr(0, t.size() - 4);
        apostrophe_year = strip_quote(name);
    } else if (t.size() >= 2 && all_digits(t.substr(t.size() - 2)) && (t.size() == 2 || !is_digit(t[t.size() - 3]))) {
        std::string_view before = t.substr(0, t.size() - 2);
        const bool apostrophe = strip_quote(before);
        const bool glued = !apostrophe && !before.empty() && is_alpha(before.back());   // "ICLR21"
        if (apostrophe || (glued && venues.find(before))) {
            name = before;
            apostrophe_year = apostrophe;
            tag.year = dates::expand_two_digit_year(std::stoi(std::string(t.substr(t.size() - 2))));
        } else if (!explicit_tag) {
            return std::nullopt;
        }
        // Otherwise ("NeurIPS 22" in an explicit tag) the whole text is the venue as written.
    }
    while (!name.empty() && (name.back() == ' ' || name.back() == '-' || name.back() == ',')) name.remove_suffix(1);
    if (name.empty()) {
        if (tag.year == 0) return std::nullopt;
        return tag;
    }
    if (!plausible_venue_name(name) && !explicit_tag) return std::nullopt;
    tag.name = std::string(name);
    if (venues.find(name)) return tag;
    if (known_only && !apostrophe_year) return std::nullopt;
    if (tag.year == 0 && !explicit_tag) return std::nullopt;
    return tag;
}

std::string rich_text(const std::vector<Item>& items, std::size_t from, std::size_t to) {
    std::string out;
    std::vector<std::string_view> open;   // closing tags of the markup opened so far
    auto styled = [&](std::string_view text, bool strong, bool emph) {
        if (text::trim(text).empty()) { out += text; return; }
        if (strong) out += "<b>";
        if (emph) out += "<i>";
        out += text;
        if (emph) out += "</i>";
        if (strong) out += "</b>";
    };
    for (std::size_t k = from; k < to && k < items.size(); ++k) {
        const Item& x = items[k];
        switch (x.kind) {
            case ItemKind::text:
            case ItemKind::code:
            case ItemKind::link: styled(x.text, x.strong, x.emph); break;
            case ItemKind::strong: styled(x.text, true, x.emph); break;
            case ItemKind::emph: styled(x.text, x.strong, true); break;
            case ItemKind::pipe: out += " | "; break;
            case ItemKind::line_break: out += ' '; break;
            case ItemKind::image: break;
            case ItemKind::markup:
                if (x.text.starts_with("</")) {
                    // Only a tag that closes the innermost open one; strays are dropped.
                    if (!open.empty() && open.back() == x.text) {
                        out += x.text;
                        open.pop_back();
                    }
                } else {
                    out += x.text;
                    open.push_back(x.text.starts_with("<span") ? "</span>" : x.text == "<sup>" ? "</sup>" : "</sub>");
                }
                break;
        }
    }
    while (!open.empty()) {
        out += open.back();
        open.pop_back();
    }
    return normalized(std::move(out));
}

bool looks_like_names(std::string_view s, bool lenient) {
    std::string t;
    std::string_view v = normal_view(s, t);
    bool others = false;
    for (std::string_view tail : {"et al.", "et al", "and others", "etc."}) {
        if (v.ends_with(tail)) {
            v.remove_suffix(tail.size());
            others = true;
            break;
        }
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == ',')) v.remove_suffix(1);
    if (v.starts_with("by ") || v.starts_with("By ")) v.remove_prefix(3);
    if (v.empty()) return false;
    // "He, Kaiming; Fan, Haoqi": with semicolons, commas stay inside the names.
    int depth = 0;
    bool semicolons = false;
    if (v.find(';') != std::string_view::npos) {
        for (char c : v) {
            depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
            semicolons |= c == ';' && depth == 0;
        }
    }
    // One pass over parts and their words, so that the first word that is not a name ends it.
    // A part ends at ; & (and , without semicolons) outside braces, at " and ", and at the end;
    // a word at a space (and a comma with semicolons). Braces are part of words.
    std::size_t parts = 0;
    bool multi_word = false;
    int words = 0;                  // words of the current part
    bool part_has_text = false;     // the current part is not blank
    std::size_t word_start = std::string_view::npos;
    depth = 0;
    const std::size_t n = v.size();
    for (std::size_t i = 0; i <= n; ++i) {
        const char c = i < n ? v[i] : ' ';
        if (i < n && !kNameListStops[static_cast<unsigned char>(c)]) {   // inside a word
            if (word_start == std::string_view::npos) word_start = i;
            part_has_text = true;
            continue;
        }
        if (i < n && (c == '{' || c == '}')) depth += c == '{' ? 1 : depth > 0 ? -1 : 0;
        bool cut = i == n || (depth == 0 && (c == ';' || c == '&' || (!semicolons && c == ',')));
        std::size_t skip = 1;
        if (!cut && depth == 0 && c == ' ' && v.substr(i).starts_with(" and ")) { cut = true; skip = 5; }
        const bool word_end = cut || c == ' ' || (semicolons && c == ',');
        if (!word_end) {   // a brace, or ; & , inside braces: part of the word
            if (word_start == std::string_view::npos) word_start = i;
            part_has_text = true;
            continue;
        }
        if (!cut && c == ',') part_has_text = true;   // a comma between words is text of the part
        if (word_start != std::string_view::npos) {
            if (!name_word_ok(v.substr(word_start, i - word_start))) return false;
            ++words;
            word_start = std::string_view::npos;
        }
        if (!cut) continue;
        if (part_has_text) {
            ++parts;
            if (words > 5) return false;
            multi_word |= words >= 2;
        }
        words = 0;
        part_has_text = false;
        if (skip == 5) i += 4;
    }
    if (parts == 0) return false;
    if (parts >= 2 || others) return multi_word || others;
    return lenient && multi_word;
}

bool plain_name_word(std::string_view w, bool family) noexcept {
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    if (w.empty() || !upper(w[0])) return false;
    bool has_lower = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        char c = w[i];
        bool letter = upper(c) || lower(c);
        bool joins = (c == '-' || c == '\'') && i + 1 < w.size() && (upper(w[i + 1]) || lower(w[i + 1]));
        bool initial_dot = c == '.' && !family && (upper(w[i - 1]) || lower(w[i - 1]));
        if (!letter && !joins && !initial_dot) return false;
        has_lower |= lower(c);
    }
    return !family || has_lower;
}

std::optional<std::vector<Name>> plain_name_list(std::string_view line) {
    // Checked whole first, so that a list the general parser must read costs no names.
    std::size_t count = 0;
    for (std::size_t pos = 0; pos <= line.size();) {
        std::size_t comma = line.find(", ", pos);
        std::string_view item = line.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        // Words separated by single spaces; the last is the family name.
        std::size_t last_space = item.rfind(' ');
        std::string_view family = last_space == std::string_view::npos ? item : item.substr(last_space + 1);
        std::string_view given = last_space == std::string_view::npos ? std::string_view() : item.substr(0, last_space);
        if (!plain_name_word(family, true)) return std::nullopt;
        // Suffixes and list words have their own rules in the general parser.
        for (std::string_view special : {"Jr", "Sr", "II", "III", "IV", "And", "Others"})
            if (family == special) return std::nullopt;
        for (std::size_t g = 0; g < given.size();) {
            std::size_t end = given.find(' ', g);
            if (end == std::string_view::npos) end = given.size();
            if (!plain_name_word(given.substr(g, end - g), false)) return std::nullopt;
            g = end + 1;
        }
        ++count;
        if (comma == std::string_view::npos) break;
        pos = comma + 2;
    }
    std::vector<Name> out(count);
    std::size_t k = 0;
    for (std::size_t pos = 0; pos <= line.size();) {
        std::size_t comma = line.find(", ", pos);
        std::string_view item = line.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        std::size_t last_space = item.rfind(' ');
        Name& n = out[k++];
        if (last_space == std::string_view::npos) {
            n.family.assign(item);
        } else {
            n.family.assign(item.substr(last_space + 1));
            n.given.assign(item.substr(0, last_space));
        }
        if (comma == std::string_view::npos) break;
        pos = comma + 2;
    }
    return out;
}

bool strip_stars(std::string& s) {
    static constexpr std::array<std::string_view, 7> kStars = {
        "\U0001F31F", "\u2B50\uFE0F", "\u2B50", "\u2605", ":star2:", ":star:", ":glowing_star:"};
    // Every marker starts with one of these pairs of bytes: F0 9F, E2 AD, E2 98, ":s", ":g".
    // One pass over the (short) text, which has none of them nearly always.
    auto may_start = [&](std::size_t at) {
        const char next = s[at + 1];
        switch (s[at]) {
            case '\xF0': return next == '\x9F';
            case '\xE2': return next == '\xAD' || next == '\x98';
            case ':': return next == 's' || next == 'g';
            default: return false;
        }
    };
    bool any = false;
    std::size_t at = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time, down to the positions where a lead byte is.
    for (; at + 17 <= s.size() && !any; at += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
        auto leads = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\xF0')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\xE2'))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8(':')))));
        for (; leads && !any; leads &= leads - 1) any = may_start(at + static_cast<std::size_t>(std::countr_zero(leads)));
    }
#endif
    for (; at + 1 < s.size() && !any; ++at) any = may_start(at);
    if (!any) return false;
    bool found = false;
    for (auto star : kStars) {
        for (auto at = s.find(star); at != std::string::npos; at = s.find(star, at)) {
            s.erase(at, star.size());
            found = true;
        }
    }
    return found;
}

bool EntryParser::is_label_link(const Item& link) const {
    if (link.bracketed || !link.image_src.empty()) return true;
    std::string_view t = text::trim(link.text);
    if (t.empty() || t == link.url || t.starts_with("http://") || t.starts_with("https://")) return true;
    return !kinds_.role_for_label(t).empty();
}

std::optional<Link> EntryParser::typed_link(const Item& x) const {
    std::string url(text::trim(x.url));
    if (url.empty() || url[0] == '#') return std::nullopt;
    Link l{.role = {}, .url = url, .label = {}};
    std::string_view shown = !x.image_src.empty() ? std::string_view(x.image_alt) : std::string_view(x.text);
    bool labelled = !x.image_src.empty() || is_label_link(x);
    if (labelled && shown != x.url) {
        std::string written = display_label(shown);
        l.role = kinds_.role_for_label(written);
        // An unknown label names its own role ("poster"); an unknown badge is typed by its host.
        if (l.role.empty() && x.image_src.empty()) l.role = label_key(written);
        if (!l.role.empty() && !written.empty() && !text::equals_icase(written, l.role)) l.label = written;
    }
    if (l.role.empty()) {
        switch (kinds_.host_kind(url)) {
            case HostKind::paper: l.role = "paper"; break;
            case HostKind::code: l.role = "code"; break;
            default: l.role = "link"; break;
        }
    }
    return l;
}

Entry EntryParser::parse(std::vector<Item> v, EntryStyle style) const {
    Entry e;
    for (auto& x : v)
        if (x.kind == ItemKind::text || x.kind == ItemKind::strong || x.kind == ItemKind::emph)
            e.highlight |= strip_stars(x.text);
    if (!v.empty()) e.offset = v.front().offset;

    auto blank = [&](std::size_t k) {
        return (v[k].kind == ItemKind::text || v[k].kind == ItemKind::strong || v[k].kind == ItemKind::emph) &&
               without_separators(v[k].text).empty();
    };
    auto skip = [&](std::size_t k) {
        while (k < v.size() && blank(k)) ++k;
        return k;
    };
    // Whether an item is a venue tag, worked out once per item (the title scan asks repeatedly).
    std::vector<signed char> venue_item(v.size(), -1);
    auto is_venue_item = [&](const Item& x) {
        signed char& known = venue_item[static_cast<std::size_t>(&x - v.data())];
        if (known < 0)
            known = (x.kind == ItemKind::strong || x.kind == ItemKind::emph) &&
                    parse_venue_tag(x.text, venues_, !is_bracketed(x.text),
                                    x.kind == ItemKind::strong && is_bracketed(x.text))
                        .has_value();
        return known == 1;
    };
    // The items of a title written as text, up to the first pipe, link, line end or venue tag.
    auto text_run = [&](std::size_t k) {
        std::size_t end = k;
        while (end < v.size()) {
            const Item& x = v[end];
            if (x.kind == ItemKind::pipe || x.kind == ItemKind::link || x.kind == ItemKind::image ||
                x.kind == ItemKind::line_break || is_venue_item(x))
                break;
            ++end;
        }
        return end;
    };

    // "*Drosophila* genetics | **[Venue'21]**": a title that starts with markup and runs to a
    // pipe or venue tag. A bold run alone before the pipe is the bold-title style, not markup.
    auto marked_up_title = [&](std::size_t from) {
        const Item& x = v[from];
        if (x.kind != ItemKind::strong && x.kind != ItemKind::emph && x.kind != ItemKind::markup) return false;
        if (x.kind != ItemKind::markup && is_venue_item(x)) return false;
        std::size_t end = text_run(from);
        if (end >= v.size() || (v[end].kind != ItemKind::pipe && !is_venue_item(v[end]))) return false;
        if (x.kind != ItemKind::strong) return true;
        for (std::size_t i = from + 1; i < end; ++i)
            if (!blank(i)) return true;
        return false;
    };
    bool title_link = false;   // e.links[0] is the link around the title
    std::size_t k = skip(0);
    if (k < v.size() && v[k].kind == ItemKind::strong && is_bracketed(v[k].text)) {
        // Seed style: **[alias]** 🌟 Title | **[Venue'YY]** | links
        std::string_view inner = unbracket(v[k].text);
        if (auto tag = parse_venue_tag(inner, venues_, true)) e.venue = tag;
        else e.alias = normalized(inner);
        e.entry_like = true;
        k = skip(k + 1);
        std::size_t end = text_run(k);
        e.title_offset = k < v.size() ? v[k].offset : e.offset;
        e.title = clean_title(rich_text(v, k, end));
        k = end;
    } else {
        // Labels and badges may come first: "[[pdf]](url) Title".
        std::vector<std::size_t> lead;
        while (k < v.size() && ((v[k].kind == ItemKind::link && is_label_link(v[k])) || v[k].kind == ItemKind::image)) {
            lead.push_back(k);
            k = skip(k + 1);
        }
        if (k < v.size() && v[k].kind == ItemKind::link) {
            // Link first: [Title](url) - Authors. Venue Year.
            const Item& x = v[k];
            e.title = clean_title(x.text);
            e.title_offset = x.offset;
            std::string url(text::trim(x.url));
            bool nav = url.empty() || url[0] == '#' || (url.find("://") == std::string::npos);
            if (!nav) {
                e.links.push_back(Link{.role = "paper", .url = url, .label = {}});
                title_link = true;
                e.entry_like |= kinds_.host_kind(url) == HostKind::paper || !arxiv_id_from_url(url).empty();
            } else {
                e.title.clear();   // a table of contents or a link inside the repository
            }
            ++k;
        } else if (k < v.size() && v[k].kind == ItemKind::strong && !is_venue_item(v[k]) && !marked_up_title(k)) {
            // Bold title, details after it or on the lines under it.
            e.title = clean_title(v[k].text);
            e.title_offset = v[k].offset;
            ++k;
        } else if (k < v.size() && style != EntryStyle::paragraph &&
                   (v[k].kind == ItemKind::text || marked_up_title(k))) {
            std::size_t end = text_run(k);
            e.title_offset = v[k].offset;
            // "Title | **[CVPR'20]** | links": the pipe ends the title, whatever it contains.
            bool piped = end < v.size() && (v[end].kind == ItemKind::pipe || is_venue_item(v[end]));
            auto sentences = piped ? std::vector<std::string>{} : split_sentences(plain_text(v, k, end));
            if (piped) {
                e.title = clean_title(rich_text(v, k, end));
            } else if (!sentences.empty()) {
                std::string first = sentences.front();
                // "Title - Authors" and "Title, CVPR 2020"
                for (std::string_view dash : {" - ", " \u2013 ", " \u2014 "}) {
                    auto at = first.find(dash);
                    if (at == std::string::npos) continue;
                    std::string right = first.substr(at + dash.size());
                    if (looks_like_names(right, true) || parse_venue_tag(right, venues_, true)) {
                        sentences.insert(sentences.begin() + 1, right);
                        first.resize(at);
                        break;
                    }
                }
                if (auto comma = first.rfind(','); comma != std::string::npos && !e.venue) {
                    if (auto tag = parse_venue_tag(first.substr(comma + 1), venues_, true)) {
                        e.venue = tag;
                        first.resize(comma);
                    }
                }
                e.title = clean_title(first);
                for (std::size_t i = 1; i < sentences.size(); ++i) read_fragment(e, sentences[i], false, true, false);
            }
            k = end;
        }
        for (std::size_t i : lead) {
            if (v[i].kind == ItemKind::link) {
                if (auto l = typed_link(v[i])) e.links.push_back(*l);
            } else if (auto id = arxiv_id_from_badge(v[i].url); !id.empty()) {
                e.badge_arxiv = id;
            }
        }
    }
    read_rest(e, v, k, false);
    if (e.venue) e.entry_like = true;
    // A link labelled as the paper ("[pdf]") or to a paper host makes an entry; a title linking
    // elsewhere (a tool, another list) does not by itself.
    for (std::size_t i = title_link ? 1 : 0; i < e.links.size(); ++i) {
        const Link& l = e.links[i];
        bool paper_role = l.role == "paper" || l.role == "pdf";
        HostKind kind = kinds_.host_kind(l.url);
        if ((paper_role && l.url.find("://") != std::string::npos) || kind == HostKind::paper) e.entry_like = true;
    }
    if (!e.badge_arxiv.empty() || !e.field_url.empty() || !e.field_arxiv.empty() || !e.field_doi.empty())
        e.entry_like = true;
    if (!e.title.empty() && !e.authors.empty() && !e.links.empty()) e.entry_like = true;
    return e;
}

void EntryParser::add_details(Entry& e, std::vector<Item> v) const {
    for (auto& x : v)
        if (x.kind == ItemKind::text || x.kind == ItemKind::strong || x.kind == ItemKind::emph)
            e.highlight |= strip_stars(x.text);
    read_rest(e, v, 0, true);
}

void EntryParser::read_rest(Entry& e, const std::vector<Item>& v, std::size_t from, bool detail_line) const {
    bool own_line = detail_line;
    for (std::size_t k = from; k < v.size(); ++k) {
        const Item& x = v[k];
        switch (x.kind) {
            case ItemKind::link:
                if (field_link(e, x)) {
                    own_line = false;
                    break;
                }
                if (auto l = typed_link(x)) {
                    bool dup = false;
                    for (const auto& have : e.links) dup |= have.url == l->url && have.role == l->role;
                    if (!dup) e.links.push_back(std::move(*l));
                    if (auto id = arxiv_id_from_badge(x.image_src); !id.empty() && e.badge_arxiv.empty())
                        e.badge_arxiv = id;
                }
                own_line = false;
                break;
            case ItemKind::image:
                if (auto id = arxiv_id_from_badge(x.url); !id.empty() && e.badge_arxiv.empty()) e.badge_arxiv = id;
                break;
            case ItemKind::strong:
            case ItemKind::emph:
                read_fragment(e, x.text, true, true, own_line);
                own_line = false;
                break;
            case ItemKind::text:
                if (!without_separators(x.text).empty()) {
                    read_fragment(e, x.text, false, true, own_line);
                    own_line = false;
                }
                break;
            case ItemKind::line_break: own_line = true; break;
            case ItemKind::code:
            case ItemKind::markup:
            case ItemKind::pipe: break;
        }
    }
}

std::optional<std::size_t> EntryParser::trailing_venue(std::string_view s, std::optional<VenueTag>& venue) const {
    // "Kaiming He, Ross Girshick, CVPR 2020", "He et al. TMLR 2022", "Authors (CVPR 2020)":
    // the last one to four words, when they are a known venue with its year.
    std::size_t at = s.size();
    for (int words = 0; words < 4; ++words) {
        auto space = s.find_last_of(" ,(", at == 0 ? 0 : at - 1);
        if (space == std::string_view::npos || space == 0) return std::nullopt;
        at = space;
        std::string_view tail = s.substr(s[at] == '(' ? at : at + 1);
        auto tag = parse_venue_tag(tail, venues_, true);
        if (tag && tag->year && !tag->name.empty()) {
            venue = tag;
            return at;
        }
    }
    return std::nullopt;
}

bool EntryParser::field_link(Entry& e, const Item& x) const {
    if (x.bracketed || !x.image_src.empty()) return false;
    std::string_view t = text::trim(x.text);
    std::string_view url = text::trim(x.url);
    if (t == "URL" && url.find("://") != std::string_view::npos) {
        if (e.field_url.empty()) e.field_url = std::string(url);
        return true;
    }
    if (text::starts_with_icase(t, "arXiv:") && t.size() > 6 && arxiv_id_from_url(url) == t.substr(6)) {
        if (e.field_arxiv.empty()) e.field_arxiv = std::string(t.substr(6));
        return true;
    }
    if (text::starts_with_icase(t, "doi:") && t.size() > 4 && doi_from_url(url) == t.substr(4)) {
        if (e.field_doi.empty()) e.field_doi = std::string(t.substr(4));
        return true;
    }
    return false;
}

void EntryParser::read_fragment(Entry& e, std::string_view raw, bool styled, bool bracket_ok, bool own_line) const {
    if (styled && own_line && e.authors.empty()) {
        // An author line of its own ("  - *Kaiming He, Martin Luther King, Jr., {OpenAI}*") is
        // read whole: full stops inside it end initials and suffixes, not sentences.
        std::string whole = normalized(raw);
        if (looks_like_names(whole, true)) {
            e.authors = std::move(whole);
            return;
        }
    }
    std::string normal;
    std::string t(without_separators(normal_view(raw, normal)));
    if (styled && e.venue) {
        // A type word after the venue tag: "**[Deep Learning'16]** *Chapter*".
        if (const Venue* w = venues_.find(t); w && w->is_type_word) {
            e.type = w->type;
            return;
        }
    }
    // What is left around links written as "[[Paper](url)]" or "([code](url))" is not text.
    if (only_punctuation(t)) return;
    if (!e.venue)
        if (auto tag = parse_venue_tag(t, venues_, !(styled || (bracket_ok && is_bracketed(t))), styled && is_bracketed(t))) {
            e.venue = tag;
            return;
        }
    for (const auto& sentence : split_sentences(t)) {
        std::string s = strip_separators(sentence);
        if (only_punctuation(s)) continue;
        if (!e.venue)
            if (auto tag = parse_venue_tag(s, venues_, !(styled || is_bracketed(s)))) {
                e.venue = tag;
                continue;
            }
        if (!e.venue) {
            // "Kaiming He, Ross Girshick, CVPR 2020" and "Authors (CVPR 2020)"
            if (auto at = trailing_venue(s, e.venue)) s = strip_separators(std::string_view(s).substr(0, *at));
            if (s.empty()) continue;
        }
        if (e.authors.empty() && looks_like_names(s, styled || own_line)) {
            e.authors = s;
            continue;
        }
        e.notes.push_back(s);
    }
}

}  // namespace bibport::plugins::markdown
