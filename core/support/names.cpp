// SPDX-License-Identifier: MIT
// Person names: BibTeX's rules (btxdoc, "Tame the BeaST") for one name, plus the looser author
// lines of paper lists. Input is Unicode text in which '{' and '}' still group.
#include <bibport/names.hpp>
#include <bibport/text.hpp>

#include <utf8proc.h>

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

enum class LetterCase { none, lower, upper };

LetterCase case_of(char32_t cp) noexcept {
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
    while (pos < w.size() && ((w[pos] >= 'a' && w[pos] <= 'z') || (w[pos] >= 'A' && w[pos] <= 'Z'))) ++pos;
    if (auto c = foreign_letter_case(w.substr(cs_start, pos - cs_start)); c != LetterCase::none) return c;
    if (pos == cs_start && pos < w.size()) ++pos;   // a one-symbol control sequence such as \'
    int depth = 1;
    while (pos < w.size() && depth > 0) {
        if (w[pos] == '{') { ++depth; ++pos; continue; }
        if (w[pos] == '}') { --depth; ++pos; continue; }
        if (w[pos] == '\\') {   // skip a nested control sequence name
            ++pos;
            while (pos < w.size() && ((w[pos] >= 'a' && w[pos] <= 'z') || (w[pos] >= 'A' && w[pos] <= 'Z'))) ++pos;
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

// Splits at depth-0 commas; each part trimmed.
std::vector<std::string_view> split_commas(std::string_view s) {
    std::vector<std::string_view> parts;
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

struct Token {
    std::string_view text;
    char sep_before = ' ';   // '-' when joined to the previous word by a hyphen
};

// Words of one comma part, separated by white space, ties and hyphens at depth 0. As in
// BibTeX, the last separator character before a word is the one remembered.
std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    int depth = 0;
    std::size_t start = 0;
    char sep = ' ';
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        std::size_t n = depth == 0 ? (c == '-' ? 1 : space_length(s, i)) : 0;
        if (n == 0) {
            if (c == '{') ++depth;
            else if (c == '}' && depth > 0) --depth;
            ++i;
            continue;
        }
        if (i > start) {
            tokens.push_back(Token{s.substr(start, i - start), sep});
            sep = ' ';
        }
        if (c == '-') sep = '-';
        else sep = ' ';
        i += n;
        start = i;
    }
    if (start < s.size()) tokens.push_back(Token{s.substr(start), sep});
    return tokens;
}

}  // namespace
}  // namespace bibport::names
