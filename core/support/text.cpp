// SPDX-License-Identifier: MIT
#include <bibport/text.hpp>

#include "nfc_fast_path.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace bibport::text {
namespace {

// Windows-1252 bytes 0x80..0x9F. The five undefined bytes decode to the C1 control of the
// same value (what Windows and most decoders do), so they map back too.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

int cp1252_byte(char32_t cp) noexcept {
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<int>(cp);
    for (int i = 0; i < 32; ++i)
        if (kCp1252High[i] == cp) return 0x80 + i;
    return -1;
}

bool is_space(char32_t cp) noexcept {
    switch (cp) {
        case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
        case 0x0085: case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
        case 0x3000: case 0xFEFF:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& pos) noexcept {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char c = byte(pos);
    if (c < 0x80) { ++pos; return c; }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || c > 0xF4 || pos + len > s.size()) { ++pos; return 0xFFFD; }
    char32_t cp = c & (0x3F >> (len - 1));
    for (int i = 1; i < len; ++i) {
        unsigned char cc = byte(pos + i);
        if ((cc & 0xC0) != 0x80) { ++pos; return 0xFFFD; }
        cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++pos; return 0xFFFD; }
    pos += len;
    return cp;
}

bool is_valid_utf8(std::string_view s) noexcept {
    for (std::size_t pos = 0; pos < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[pos]);
        if (c < 0x80) { ++pos; continue; }
        std::size_t before = pos;
        char32_t cp = next_code_point(s, pos);
        if (cp == 0xFFFD && !(pos - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) return false;
    }
    return true;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

bool is_ascii_space(unsigned char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// True when `s` is valid UTF-8 made only of code points that cannot change under NFC (see
// nfc_fast_path.hpp): most decoded BibTeX, for which utf8proc_map would cost far more.
bool already_nfc(std::string_view s) noexcept {
    for (std::size_t pos = 0; pos < s.size();) {
        if (static_cast<unsigned char>(s[pos]) < 0x80) { ++pos; continue; }
        if (!detail::nfc_inert(next_code_point(s, pos))) return false;   // U+FFFD (bad bytes) too
    }
    return true;
}

}  // namespace

std::string nfc(std::string_view s) {
    if (already_nfc(s) || !is_valid_utf8(s)) return std::string(s);
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                          static_cast<utf8proc_ssize_t>(s.size()), &out,
                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return std::string(s);
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::string clean_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    const std::size_t n = s.size();
    for (std::size_t pos = 0; pos < n;) {
        std::size_t start = pos;
        auto c = static_cast<unsigned char>(s[pos]);
        if (c < 0x80) {
            // A run of ASCII that is not white space is copied in one go.
            if (is_ascii_space(c)) { pending_space = !out.empty(); ++pos; continue; }
            while (pos < n && static_cast<unsigned char>(s[pos]) < 0x80 && !is_ascii_space(static_cast<unsigned char>(s[pos])))
                ++pos;
        } else {
            char32_t cp = next_code_point(s, pos);
            if (is_space(cp)) { pending_space = !out.empty(); continue; }
        }
        if (pending_space) { out += ' '; pending_space = false; }
        out.append(s.data() + start, pos - start);
    }
    return out;
}

std::string normalize(std::string_view s) { return nfc(clean_whitespace(s)); }

bool repair_mojibake(std::string_view s, std::string& out) {
    std::string bytes;
    bytes.reserve(s.size());
    bool any_high = false;
    for (std::size_t pos = 0; pos < s.size();) {
        char32_t cp = next_code_point(s, pos);
        int b = cp1252_byte(cp);
        if (b < 0) return false;   // a character Windows-1252 cannot produce: not mojibake
        any_high |= b >= 0x80;
        bytes += static_cast<char>(b);
    }
    if (!any_high || !is_valid_utf8(bytes)) return false;
    out = std::move(bytes);
    return true;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

std::string fold_for_compare(std::string_view s) {
    std::string decomposed;
    if (is_valid_utf8(s)) {
        utf8proc_uint8_t* out = nullptr;
        auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &out,
                              static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                                             UTF8PROC_STRIPMARK | UTF8PROC_COMPAT));
        if (n >= 0) decomposed.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
        std::free(out);
    } else {
        decomposed = ascii_lower(s);
    }
    std::string key;
    for (std::size_t pos = 0; pos < decomposed.size();) {
        std::size_t start = pos;
        char32_t cp = next_code_point(decomposed, pos);
        auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
        bool letter_or_digit = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                               (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (letter_or_digit) key.append(decomposed.data() + start, pos - start);
    }
    return key;
}

std::string_view trim(std::string_view s) noexcept {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

bool equals_icase(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && equals_icase(s.substr(0, prefix.size()), prefix);
}

}  // namespace bibport::text
