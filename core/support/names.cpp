// SPDX-License-Identifier: MIT
// Person names: BibTeX's rules (btxdoc, "Tame the BeaST") for one name, plus the looser author
// lines of paper lists. Input is Unicode text in which '{' and '}' still group.
#include <bibport/names.hpp>
#include <bibport/text.hpp>

#include <boost/container/small_vector.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bibport::names {
namespace {

// --- characters -----------------------------------------------------------------------------

bool is_ascii_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the separator that starts at `pos` when it is white space (ASCII, '~' as the TeX
// tie, or a no-break space), else 0.
std::size_t space_length(std::string_view s, std::size_t pos) noexcept {
    if (is_ascii_space(s[pos]) || s[pos] == '~') return 1;
    if (s.compare(pos, 2, "\xC2\xA0") == 0) return 2;   // U+00A0
    return 0;
}

bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

enum class LetterCase { none, lower, upper };

LetterCase case_of(char32_t cp) noexcept {
    if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? LetterCase::lower : cp >= 'A' && cp <= 'Z' ? LetterCase::upper : LetterCase::none;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
        case UTF8PROC_CATEGORY_LL: return LetterCase::lower;
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LT: return LetterCase::upper;
        default: return LetterCase::none;
    }
}

// TeX's foreign letters, whose control sequence is itself the letter ("{\ae}", "{\O}").
LetterCase foreign_letter_case(std::string_view cs) noexcept {
    static constexpr std::array<std::string_view, 7> lower = {"oe", "ae", "aa", "o", "l", "ss", "i"};
    static constexpr std::array<std::string_view, 5> upper = {"OE", "AE", "AA", "O", "L"};
    for (auto l : lower)
        if (cs == l) return LetterCase::lower;
    for (auto u : upper)
        if (cs == u) return LetterCase::upper;
    return LetterCase::none;
}

// The case of a special character "{\...}" that starts at `open` (the brace): the foreign letter
// named by the control sequence, else the first letter after it inside the group.
LetterCase special_char_case(std::string_view w, std::size_t open) noexcept {
    std::size_t pos = open + 2;   // past "{\"
    std::size_t cs_start = pos;
    while (pos < w.size() && is_ascii_letter(w[pos])) ++pos;
    if (auto c = foreign_letter_case(w.substr(cs_start, pos - cs_start)); c != LetterCase::none) return c;
    if (pos == cs_start && pos < w.size()) ++pos;   // a one-symbol control sequence such as \'
    int depth = 1;
    while (pos < w.size() && depth > 0) {
        if (w[pos] == '{') { ++depth; ++pos; continue; }
        if (w[pos] == '}') { --depth; ++pos; continue; }
        if (w[pos] == '\\') {   // skip a nested control sequence name
            ++pos;
            while (pos < w.size() && is_ascii_letter(w[pos])) ++pos;
            continue;
        }
        char32_t cp = text::next_code_point(w, pos);
        if (auto c = case_of(cp); c != LetterCase::none) return c;
    }
    return LetterCase::none;
}

// BibTeX decides a word's case by its first letter at brace depth 0; a group that starts with a
// control sequence counts as one letter of the case of what it spells. Other groups are skipped.
LetterCase word_case(std::string_view w) noexcept {
    std::size_t pos = 0;
    while (pos < w.size()) {
        char c = w[pos];
        if (c == '{') {
            if (pos + 1 < w.size() && w[pos + 1] == '\\') return special_char_case(w, pos);
            int depth = 0;
            do {
                if (w[pos] == '{') ++depth;
                else if (w[pos] == '}') --depth;
                ++pos;
            } while (pos < w.size() && depth > 0);
            continue;
        }
        if (c == '}') { ++pos; continue; }
        char32_t cp = text::next_code_point(w, pos);
        if (auto lc = case_of(cp); lc != LetterCase::none) return lc;
    }
    return LetterCase::none;
}

bool is_von_word(std::string_view w) noexcept { return word_case(w) == LetterCase::lower; }

// --- splitting --------------------------------------------------------------------------------

struct Token {
    std::string_view text;
    char sep_before = ' ';   // '-' when joined to the previous word by a hyphen
};

// A name has a few parts and words: kept inline, so parsing one allocates only its result.
using Parts = boost::container::small_vector<std::string_view, 4>;
using Tokens = boost::container::small_vector<Token, 8>;

// Splits at depth-0 commas; each part trimmed.
Parts split_commas(std::string_view s) {
    Parts parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        else if (s[i] == '}') { if (depth > 0) --depth; }
        else if (s[i] == ',' && depth == 0) {
            parts.push_back(text::trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(text::trim(s.substr(start)));
    return parts;
}

// A word made of nothing but braces and spaces ("{}", "{ }") is no word once the braces are dropped.
bool has_content(std::string_view w) noexcept {
    for (std::size_t i = 0; i < w.size(); ++i)
        if (w[i] != '{' && w[i] != '}' && space_length(w, i) == 0) return true;
    return false;
}

// Words of one comma part, separated by white space, ties and hyphens at depth 0. As in
// BibTeX, the last separator character before a word is the one remembered.
Tokens tokenize(std::string_view s) {
    Tokens tokens;
    int depth = 0;
    std::size_t start = 0;
    char sep = ' ';
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        std::size_t n = 0;
        if (depth == 0 && (c == '-' || c == ' ' || c == '~' || c == '\xC2' || is_ascii_space(c)))
            n = c == '-' ? 1 : space_length(s, i);
        if (n == 0) {
            if (c == '{') ++depth;
            else if (c == '}' && depth > 0) --depth;
            ++i;
            continue;
        }
        if (has_content(s.substr(start, i - start))) {
            tokens.push_back(Token{s.substr(start, i - start), sep});
            sep = ' ';
        }
        if (c == '-') sep = '-';
        else sep = ' ';
        i += n;
        start = i;
    }
    if (has_content(s.substr(start))) tokens.push_back(Token{s.substr(start), sep});
    return tokens;
}

// True when clean_whitespace would return s as it is: ASCII, single spaces between words.
bool whitespace_is_clean(std::string_view s) noexcept {
    if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return false;
    char before = 'x';
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80 || (c != ' ' && is_ascii_space(c))) return false;
        if (c == ' ' && before == ' ') return false;
        before = c;
    }
    return true;
}

// Braces dropped from `out` in place, then white space collapsed (only when there is any to
// collapse: most names need nothing more).
void finish_part(std::string& out) {
    out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c == '{' || c == '}'; }), out.end());
    if (!whitespace_is_clean(out)) out = text::clean_whitespace(out);
}

// The text of a part: braces dropped (they only grouped), white space collapsed.
std::string clean_part(std::string_view s) {
    std::string out(s);
    finish_part(out);
    return out;
}

// Words [from, to) joined by their own separators (a hyphen stays a hyphen).
std::string join_tokens(const Tokens& tokens, std::size_t from, std::size_t to) {
    std::string out;
    if (from >= to) return out;
    std::size_t size = to - from - 1;
    for (std::size_t i = from; i < to; ++i) size += tokens[i].text.size();
    out.reserve(size);
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) out += tokens[i].sep_before == '-' ? '-' : ' ';
        out.append(tokens[i].text);
    }
    finish_part(out);
    return out;
}

// Drops braces that close nothing or are never closed, so that every later step can rely on
// balanced groups (BibTeX also balances a name before it splits it).
bool braces_balance(std::string_view s) noexcept {
    int depth = 0;
    for (char c : s) {
        if (c == '{') ++depth;
        else if (c == '}' && --depth < 0) return false;
    }
    return depth == 0;
}

std::string balance_braces(std::string_view s) {
    std::string out(s);
    std::vector<std::size_t> open;
    std::vector<std::size_t> unmatched;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '{') open.push_back(i);
        else if (out[i] == '}') {
            if (open.empty()) unmatched.push_back(i);
            else open.pop_back();
        }
    }
    unmatched.insert(unmatched.end(), open.begin(), open.end());
    if (unmatched.empty()) return out;
    std::vector<bool> drop(out.size(), false);
    for (std::size_t i : unmatched) drop[i] = true;
    std::string kept;
    kept.reserve(out.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!drop[i]) kept += out[i];
    return kept;
}

// True when the whole text is one brace group: "{World Health Organization}".
bool is_whole_group(std::string_view s) noexcept {
    if (s.size() < 2 || s.front() != '{' || s.back() != '}') return false;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        else if (s[i] == '}' && --depth == 0) return i + 1 == s.size();
    }
    return false;
}

// A word that can start or end the von part. Unlike BibTeX, a word joined to the one before by a
// hyphen never does: "Shin-ichi Maeda" keeps "Shin-ichi" as its first name.
bool is_von_token(const Token& t) noexcept { return t.sep_before != '-' && is_von_word(t.text); }

// The end of the von part that starts at von_start: one past its last lower-case word, never
// taking the final word (Last is never empty).
std::size_t von_end_from(const Tokens& t, std::size_t von_start, std::size_t last_end) {
    std::size_t von_end = last_end - 1;
    while (von_end > von_start && !is_von_token(t[von_end - 1])) --von_end;
    return von_end;
}

// "First von Last": von starts at the first lower-case word that is not the final word.
void read_first_von_last(const Tokens& t, Name& n) {
    const std::size_t last_end = t.size();
    std::size_t von_start = 0;
    while (von_start + 1 < last_end && !is_von_token(t[von_start])) ++von_start;
    std::size_t von_end;
    if (von_start + 1 < last_end) {
        von_end = von_end_from(t, von_start, last_end);
    } else {
        // No von: Last is the final word and every word hyphenated to it ("Mary Smith-Jones").
        while (von_start > 0 && t[von_start].sep_before == '-') --von_start;
        von_end = von_start;
    }
    n.given = join_tokens(t, 0, von_start);
    n.non_dropping_particle = join_tokens(t, von_start, von_end);
    n.family = join_tokens(t, von_end, last_end);
}

// "von Last" before the first comma: von ends at the last lower-case word but one.
void read_von_last(const Tokens& t, Name& n) {
    if (t.empty()) return;
    std::size_t von_end = von_end_from(t, 0, t.size());
    n.non_dropping_particle = join_tokens(t, 0, von_end);
    n.family = join_tokens(t, von_end, t.size());
}

bool contains_word_and(std::string_view s) noexcept {
    for (std::size_t i = 0; i + 3 <= s.size(); ++i) {
        bool start_ok = i == 0 || s[i - 1] == ' ';
        bool end_ok = i + 3 == s.size() || s[i + 3] == ' ';
        if (start_ok && end_ok && text::equals_icase(s.substr(i, 3), "and")) return true;
    }
    return false;
}

// A part needs braces when a comma or the word "and" in it would split the name when read back.
std::string protect(const std::string& part) {
    if (part.find(',') != std::string::npos || contains_word_and(part)) return "{" + part + "}";
    return part;
}

// The family name as written after the particle: in braces when one of its words (but the last)
// starts lower case and would be read back as part of the von. Braces also keep a text that
// would not split back into the same words ("Van ~", "- Jr.").
std::string protect_family(const std::string& family) {
    auto t = tokenize(family);
    for (std::size_t i = 0; i + 1 < t.size(); ++i)
        if (is_von_token(t[i])) return "{" + family + "}";
    if (join_tokens(t, 0, t.size()) != family) return "{" + family + "}";
    return protect(family);
}

// The particle as written before the family: its last word must read as lower case. When
// dropped braces changed that ("{Barnes and Noble}la" became "Barnes and Noblela"), braces
// around the start of the word, up to its first lower-case letter, hide the capitals again.
std::string protect_particle(const std::string& particle) {
    auto t = tokenize(particle);
    if (t.empty() || is_von_token(t.back())) return particle;
    std::string_view last = t.back().text;
    std::size_t offset = static_cast<std::size_t>(last.data() - particle.data());
    for (std::size_t pos = 0; pos < last.size();) {
        std::size_t at = pos;
        if (last[pos] == '\\') {
            // A command's name is no letter of the text, and a brace must not follow its
            // backslash (found by fuzzing: "M\lu" became "{M\}lu", an escaped brace).
            ++pos;
            while (pos < last.size() && ((last[pos] >= 'a' && last[pos] <= 'z') || (last[pos] >= 'A' && last[pos] <= 'Z')))
                ++pos;
            if (pos == at + 1 && pos < last.size()) ++pos;   // "\{" and the like: one character
            continue;
        }
        if (case_of(text::next_code_point(last, pos)) == LetterCase::lower) {
            if (at == 0) return particle;
            std::string out = particle.substr(0, offset);
            out += '{';
            out.append(last.substr(0, at));
            out += '}';
            out.append(particle.substr(offset + at));
            return out;
        }
    }
    return particle;   // no lower-case letter at all: cannot be written as a particle
}

// A family name that can be written bare (no comma) and still read back as the family alone.
bool is_single_word(std::string_view s) noexcept {
    if (s.empty() || s == "others") return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == ',' || s[i] == '-' || s[i] == '{' || s[i] == '}' || space_length(s, i) > 0) return false;
    return true;
}

}  // namespace
}  // namespace bibport::names

namespace bibport::names {

Name others() {
    Name n;
    n.literal = "others";
    return n;
}

void parse_name(std::string_view input, Name& n) {
    std::string_view s = text::trim(input);
    std::string balanced;
    if (!braces_balance(s)) {
        balanced = balance_braces(s);
        s = text::trim(balanced);
    }
    if (s.empty()) return;
    if (s == "others") {
        n.literal = "others";   // as others(), but built in place
        return;
    }
    if (is_whole_group(s)) {
        n.literal = clean_part(s.substr(1, s.size() - 2));
        return;
    }
    auto parts = split_commas(s);
    if (parts.size() == 1) {
        read_first_von_last(tokenize(parts[0]), n);
        return;
    }
    read_von_last(tokenize(parts[0]), n);
    if (parts.size() == 2) {
        n.given = clean_part(parts[1]);
        return;
    }
    n.suffix = clean_part(parts[1]);
    // More than two commas is an error in BibTeX; keep the rest as the first names.
    std::string given;
    for (std::size_t i = 2; i < parts.size(); ++i) {
        if (i > 2) given += ", ";
        given.append(parts[i]);
    }
    n.given = clean_part(given);
}

Name parse_name(std::string_view input) {
    Name n;
    parse_name(input, n);
    return n;
}

std::vector<Name> parse_bibtex_names(std::string_view text) {
    std::vector<Name> out;
    int depth = 0;
    std::size_t start = 0;
    auto emit = [&](std::size_t end) {
        std::string_view part = text::trim(text.substr(start, end - start));
        if (!part.empty()) parse_name(part, out.emplace_back());
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '{') { ++depth; continue; }
        if (c == '}') { if (depth > 0) --depth; continue; }
        if (depth != 0 || !is_ascii_space(c)) continue;
        // " and " with any white space on both sides.
        std::size_t j = i;
        while (j < text.size() && is_ascii_space(text[j])) ++j;
        bool is_and = j + 3 < text.size() && text::equals_icase(text.substr(j, 3), "and") && is_ascii_space(text[j + 3]);
        if (is_and) {
            emit(i);
            i = j + 3;
            start = i;
        }
    }
    emit(text.size());
    return out;
}

std::string format_inverted(const Name& n) {
    if (n.is_literal()) return n.is_others() ? n.literal : "{" + n.literal + "}";
    if (n == Name{}) return {};
    if (n.given.empty() && n.suffix.empty() && n.non_dropping_particle.empty() &&
        n.dropping_particle.empty() && is_single_word(n.family))
        return n.family;
    std::string out = protect_particle(n.non_dropping_particle);
    if (!n.family.empty()) {
        if (!out.empty()) out += ' ';
        out += protect_family(n.family);
    }
    // CSL's dropping particle follows the given names in inverted order ("La Fontaine, Jean de").
    std::string given = n.given;
    if (!n.dropping_particle.empty()) {
        if (!given.empty()) given += ' ';
        given += n.dropping_particle;
    }
    if (!n.suffix.empty()) {
        out += ", ";
        out += protect(n.suffix);
    }
    out += ',';   // even with no given name: the comma makes every word before it von/Last
    if (!given.empty()) {
        out += ' ';
        out += protect(given);
    }
    return out;
}

std::string format_display(const Name& n) {
    if (n.is_others()) return "et al.";
    if (n.is_literal()) return n.literal;
    std::string out;
    for (const std::string* part : {&n.given, &n.dropping_particle, &n.non_dropping_particle, &n.family}) {
        if (part->empty()) continue;
        if (!out.empty()) out += ' ';
        out += *part;
    }
    if (!n.suffix.empty()) out += (out.empty() ? "" : ", ") + n.suffix;
    return out;
}

// --- author lines of paper lists -------------------------------------------------------------

namespace {

bool is_suffix_word(std::string_view w) noexcept {
    for (std::string_view sfx : {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
        if (w == sfx) return true;
    return false;
}

// "K", "K.", "KM", "K.M.", "J.-P.": one to three capitals, each optionally followed by a dot,
// hyphens between them. Nothing lower case.
bool is_initials(std::string_view w) noexcept {
    int letters = 0;
    for (std::size_t pos = 0; pos < w.size();) {
        char c = w[pos];
        if (c == '.' || c == '-') {
            if (letters == 0) return false;
            ++pos;
            continue;
        }
        char32_t cp = text::next_code_point(w, pos);
        if (case_of(cp) != LetterCase::upper) return false;
        ++letters;
    }
    return letters >= 1 && letters <= 3;
}

bool all_initials(const Tokens& t, std::size_t from, std::size_t to) noexcept {
    if (from >= to) return false;
    for (std::size_t i = from; i < to; ++i)
        if (!is_initials(t[i].text)) return false;
    return true;
}

bool has_lower(std::string_view w) noexcept {
    for (std::size_t pos = 0; pos < w.size();)
        if (case_of(text::next_code_point(w, pos)) == LetterCase::lower) return true;
    return false;
}

using Words = boost::container::small_vector<std::string_view, 8>;

// Words split at white space only (hyphens stay inside words here).
Words words_of(std::string_view s) {
    Words words;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || is_ascii_space(s[i])) {
            if (i > start) words.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return words;
}

std::string join_words(const Words& w, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) out += ' ';
        out.append(w[i]);
    }
    return out;
}

// A family name that may stand before ", Initials": one word, possibly after von words.
bool looks_like_family(std::string_view item) {
    auto w = words_of(item);
    if (w.empty() || is_initials(w.back())) return false;
    for (std::size_t i = 0; i + 1 < w.size(); ++i)
        if (!is_von_word(w[i])) return false;
    return true;
}

// "He, Kaiming" or "van der Maaten, L." inside a list joined by "and".
bool looks_inverted(std::string_view item) {
    auto parts = split_commas(item);
    return (parts.size() == 2 || parts.size() == 3) && !parts.back().empty() && looks_like_family(parts[0]);
}

// A name in natural order from a paper list: "Kaiming He", "He K", "Henry Ford Jr.",
// "Ludwig van Beethoven", "Aristotle".
void parse_natural(std::string_view item, Name& n) {
    auto words = words_of(item);   // views into `item`
    if (words.empty()) return;
    std::string_view suffix;
    if (words.size() >= 2 && is_suffix_word(words.back())) {
        suffix = words.back();
        words.pop_back();
    }
    // A full stop that ends a line ("Ross Girshick.") is not part of the name.
    std::string_view& last = words.back();
    if (words.size() >= 2 && last.back() == '.' && has_lower(last) && last.find('.') == last.size() - 1)
        last.remove_suffix(1);

    // Vancouver order: "He K", "Van der Maaten LJP": family words, then initials only.
    std::size_t first_initial = words.size();
    while (first_initial > 0 && is_initials(words[first_initial - 1])) --first_initial;
    if (first_initial > 0 && first_initial < words.size() && has_lower(words[first_initial - 1]) &&
        !is_initials(words[0])) {
        std::string inverted = join_words(words, 0, first_initial) + ", ";
        inverted += join_words(words, first_initial, words.size());
        parse_name(inverted, n);
    } else {
        // The words as they stand in `item` when single spaces part them (the usual case):
        // parsed there, not joined into a copy first.
        const std::string_view span(words.front().data(),
                                    static_cast<std::size_t>(words.back().data() + words.back().size() -
                                                             words.front().data()));
        bool single_spaced = true;
        for (std::size_t i = 1; i < words.size() && single_spaced; ++i)
            single_spaced = words[i].data() == words[i - 1].data() + words[i - 1].size() + 1 && words[i].data()[-1] == ' ';
        if (single_spaced) parse_name(span, n);
        else parse_name(join_words(words, 0, words.size()), n);
    }
    if (!suffix.empty() && !n.is_literal()) n.suffix = std::string(suffix);
}

Name parse_natural(std::string_view item) {
    Name n;
    parse_natural(item, n);
    return n;
}

// Splits at " and " and "&" (and ";" when asked) outside braces, dropping empty items.
std::vector<std::string_view> split_list(std::string_view s, bool at_semicolon) {
    std::vector<std::string_view> items;
    int depth = 0;
    std::size_t start = 0;
    auto emit = [&](std::size_t end) {
        std::string_view item = text::trim(s.substr(start, end - start));
        while (!item.empty() && (item.back() == ',' || item.back() == ';'))
            item = text::trim(item.substr(0, item.size() - 1));
        while (!item.empty() && item.front() == ',') item = text::trim(item.substr(1));
        if (!item.empty()) items.push_back(item);
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '{') { ++depth; continue; }
        if (c == '}') { if (depth > 0) --depth; continue; }
        if (depth != 0) continue;
        if ((at_semicolon && c == ';') || c == '&') {
            emit(i);
            start = i + 1;
        } else if (c == ' ' && i + 4 < s.size() && text::equals_icase(s.substr(i + 1, 3), "and") &&
                   s[i + 4] == ' ') {
            emit(i);
            i += 4;
            start = i + 1;
        }
    }
    emit(s.size());
    return items;
}

// Removes a trailing "et al." (or "and others") and says whether there was one.
bool strip_et_al(std::string_view& s) {
    static constexpr std::string_view markers[] = {"et al.", "et al", "et. al.", "et. al", "et.al.", "et.al",
                                                   "and others", "others"};
    std::string_view t = text::trim(s);
    for (std::string_view m : markers) {
        if (t.size() < m.size() || !text::equals_icase(t.substr(t.size() - m.size()), m)) continue;
        std::string_view before = t.substr(0, t.size() - m.size());
        if (!before.empty() && before.back() != ' ' && before.back() != ',' && before.back() != ';') continue;
        before = text::trim(before);
        while (!before.empty() && (before.back() == ',' || before.back() == ';' || before.back() == '&'))
            before = text::trim(before.substr(0, before.size() - 1));
        if (before.size() >= 4 && text::equals_icase(before.substr(before.size() - 4), " and"))
            before = text::trim(before.substr(0, before.size() - 4));
        s = before;
        return true;
    }
    return false;
}

// Markdown emphasis around names ("*He et al.*", "**Kaiming He**", "_A. Author_") is dropped.
std::string strip_emphasis(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '*') continue;
        if (c == '_') {
            auto is_word_char = [](char x) { return !is_ascii_space(x) && x != ',' && x != ';' && x != '*' && x != '.'; };
            bool inside_word = i > 0 && i + 1 < s.size() && is_word_char(s[i - 1]) && is_word_char(s[i + 1]);
            if (!inside_word) continue;   // an emphasis mark, not part of a word
        }
        out += c;
    }
    return out;
}

bool has_top_level_semicolon(std::string_view s) noexcept {
    int depth = 0;
    for (char c : s) {
        if (c == '{') ++depth;
        else if (c == '}' && depth > 0) --depth;
        else if (c == ';' && depth == 0) return true;
    }
    return false;
}

// Comma-separated names in natural order, where "Knuth, D. E." (a family name followed by an
// item of initials only) is one inverted name and a lone "Jr." belongs to the name before it.
void parse_comma_items(std::string_view and_item, std::vector<Name>& out) {
    auto items = split_commas(and_item);
    out.reserve(out.size() + items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string_view item = items[i];
        if (item.empty()) continue;
        if (is_suffix_word(item) && !out.empty() && !out.back().is_literal() && out.back().suffix.empty()) {
            out.back().suffix = std::string(item);
            continue;
        }
        if (i + 1 < items.size() && looks_like_family(item)) {
            auto next = tokenize(items[i + 1]);
            if (all_initials(next, 0, next.size())) {
                out.push_back(parse_name(std::string(item) + ", " + std::string(items[i + 1])));
                ++i;
                continue;
            }
        }
        parse_natural(item, out.emplace_back());
    }
}

}  // namespace

std::vector<Name> parse_name_list(std::string_view input) {
    std::string cleaned = strip_emphasis(text::clean_whitespace(input));
    std::string_view s = text::trim(cleaned);
    bool et_al = strip_et_al(s);

    std::vector<Name> out;
    if (has_top_level_semicolon(s)) {
        // "A. Author; B. Author" or "He, Kaiming; Fan, Haoqi": commas stay inside names.
        for (auto item : split_list(s, true))
            out.push_back(item.find(',') != std::string_view::npos ? parse_name(item) : parse_natural(item));
    } else {
        auto and_items = split_list(s, false);
        bool bibtex_style = and_items.size() >= 2;
        for (auto item : and_items) bibtex_style = bibtex_style && looks_inverted(item);
        for (auto item : and_items) {
            if (bibtex_style) out.push_back(parse_name(item));
            else parse_comma_items(item, out);
        }
    }
    std::erase_if(out, [](const Name& n) { return n == Name{}; });
    if (et_al) out.push_back(others());
    return out;
}

}  // namespace bibport::names
