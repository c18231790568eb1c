// SPDX-License-Identifier: MIT
#include "input_text.hpp"

#include <bibport/text.hpp>

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <string_view>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bibport::core {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";   // U+FFFD
constexpr std::size_t kBinarySample = 8192;


/// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 when the byte starts none
/// (stray continuation, overlong form, surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = b(0);
    if (c < 0x80) return 1;
    std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((b(k) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;   // surrogate
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;   // beyond U+10FFFF
    return len;
}

bool is_binary_control(unsigned char c) noexcept {
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in text files.
    return c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B;
}

/// More than one byte in ten of the sample is NUL, a control character or not UTF-8.
bool looks_binary(std::string_view s) noexcept {
    std::string_view sample = s.substr(0, kBinarySample);
    std::size_t odd = 0;
    for (std::size_t i = 0; i < sample.size();) {
        auto c = static_cast<unsigned char>(sample[i]);
        if (c < 0x80) {
            odd += is_binary_control(c);
            ++i;
            continue;
        }
        std::size_t len = utf8_sequence(s, i);
        if (len == 0) {
            ++odd;
            len = 1;
        }
        i += len;
    }
    return odd * 10 > sample.size();
}

/// Decodes UTF-16 or UTF-32 (after its byte-order mark) to UTF-8. A unit that is not a
/// character (a lone surrogate, a value past U+10FFFF, a last unit cut short) becomes U+FFFD
/// and is counted in `bad`.
std::string decode_wide(std::string_view s, std::size_t unit, bool little, std::size_t& bad) {
    std::string out;
    out.reserve(s.size());
    auto read = [&](std::size_t i) -> std::uint32_t {
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < unit; ++k) {
            auto byte = static_cast<unsigned char>(s[i + (little ? unit - 1 - k : k)]);
            v = (v << 8) | byte;
        }
        return v;
    };
    std::size_t i = 0;
    for (; i + unit <= s.size(); i += unit) {
        std::uint32_t v = read(i);
        if (unit == 2 && v >= 0xD800 && v <= 0xDBFF && i + 2 * unit <= s.size()) {
            std::uint32_t low = read(i + unit);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                text::append_utf8(out, 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00));
                i += unit;
                continue;
            }
        }
        if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF || v == 0) {
            out += kReplacement;
            ++bad;
            continue;
        }
        text::append_utf8(out, v);
    }
    if (i < s.size()) {
        out += kReplacement;
        ++bad;
    }
    return out;
}

/// Where the first NUL byte or byte outside valid UTF-8 is; s.size() when there is none.
std::size_t first_bad_byte(std::string_view s) noexcept {
    std::size_t i = 0;
    // The common case is valid UTF-8 without NUL. Runs of ASCII are checked eight bytes at a
    // time (no byte with the top bit set, none zero).
    constexpr std::uint64_t kHigh = 0x8080808080808080ull, kOnes = 0x0101010101010101ull;
    for (; i < s.size(); ++i) {
#if defined(__SSE2__)
        while (i + 16 <= s.size()) {   // sixteen at a time where the machine can
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
            if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128())))) break;
            i += 16;
        }
#endif
        while (i + 8 <= s.size()) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if ((w & kHigh) != 0 || ((w - kOnes) & ~w & kHigh) != 0) break;
            i += 8;
        }
        if (i >= s.size()) break;
        auto c = static_cast<unsigned char>(s[i]);
        if (c == 0) break;
        if (c < 0x80) continue;
        std::size_t len = utf8_sequence(s, i);
        if (len == 0) break;
        i += len - 1;
    }
    return std::min(i, s.size());
}

/// first_bad_byte of a large text, its two halves checked at once. The halves meet at a byte
/// that is not a continuation byte, so no valid sequence spans them.
std::size_t first_bad_byte_split(std::string_view s) {
    constexpr std::size_t kSplitFrom = std::size_t(8) << 20;
    if (s.size() < kSplitFrom || std::thread::hardware_concurrency() < 2) return first_bad_byte(s);
    std::size_t mid = s.size() / 2;
    while (mid < s.size() && (static_cast<unsigned char>(s[mid]) & 0xC0) == 0x80 && mid < s.size() / 2 + 4) ++mid;
    if ((static_cast<unsigned char>(s[mid]) & 0xC0) == 0x80) return first_bad_byte(s);   // not UTF-8 there
    std::size_t second = 0;
    std::thread helper;
    try {
        helper = std::thread([&] { second = mid + first_bad_byte(s.substr(mid)); });
    } catch (...) {
        return first_bad_byte(s);
    }
    const std::size_t first = first_bad_byte(s.substr(0, mid));
    helper.join();
    return first < mid ? first : second;
}

/// `s` with every NUL byte and byte outside valid UTF-8 from `first` on replaced by U+FFFD;
/// `count` is how many were replaced.
std::string repaired_utf8(std::string_view s, std::size_t first, std::size_t& count) {
    std::size_t i = first;
    count = 0;
    std::string out;
    out.reserve(s.size() + 64);
    out.append(s.substr(0, i));
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c == 0 ? 0 : utf8_sequence(s, i);
        if (len == 0) {
            out += kReplacement;
            ++count;
            ++i;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace

bool prepare_input_text(InputBuffer& input, const std::string& name, std::vector<Diagnostic>& out) {
    std::string_view s = input.text();
    struct Wide {
        std::string_view bom;
        std::size_t unit;
        bool little;
        const char* label;
    };
    // UTF-32LE first: its mark starts with UTF-16LE's.
    static const Wide kWide[] = {
        {std::string_view("\xFF\xFE\0\0", 4), 4, true, "UTF-32LE"},
        {std::string_view("\0\0\xFE\xFF", 4), 4, false, "UTF-32BE"},
        {"\xFF\xFE", 2, true, "UTF-16LE"},
        {"\xFE\xFF", 2, false, "UTF-16BE"},
    };
    for (const auto& w : kWide) {
        if (!s.starts_with(w.bom)) continue;
        std::size_t bad = 0;
        input.assign(decode_wide(s.substr(w.bom.size()), w.unit, w.little, bad));
        out.push_back({Severity::note, name, 0, 0, {},
                       std::string("input is ") + w.label + " (it starts with that byte-order mark); read as converted to UTF-8",
                       "encoding"});
        if (bad)
            out.push_back({Severity::error, name, 0, 0, {},
                           std::to_string(bad) + " " + w.label + " code unit" + (bad == 1 ? " is" : "s are") +
                               " not a character; replaced with U+FFFD",
                           "encoding"});
        return true;
    }
    if (s.starts_with("\xEF\xBB\xBF")) {
        input.remove_prefix(3);
        s = input.text();
    }

    if (looks_binary(s)) {
        out.push_back({Severity::error, name, 0, 0, {},
                       "this looks like binary data, not text (more than 1 byte in 10 of its start is NUL, a "
                       "control character or not UTF-8); not read",
                       "binary"});
        return false;
    }
    const std::size_t first = first_bad_byte_split(s);
    if (first == s.size()) return true;   // nothing to repair: the text is used as it is
    std::size_t count = 0;
    input.assign(repaired_utf8(s, first, count));
    LineIndex lines(input.text());   // offsets before `first` are unchanged
    out.push_back({Severity::error, name, lines.line(first), lines.column(first), {},
                   std::to_string(count) + " byte" + (count == 1 ? " is" : "s are") +
                       " NUL or not UTF-8 (this is the first); replaced with U+FFFD. If the file is "
                       "Latin-1 or Windows-1252, convert it to UTF-8 first (iconv -f latin1 -t utf-8)",
                   "encoding"});
    return true;
}

bool prepare_input_text(std::string& content, const std::string& name, std::vector<Diagnostic>& out) {
    InputBuffer input;
    input.assign(std::move(content));
    const bool ok = prepare_input_text(input, name, out);
    content = std::string(input.text());
    return ok;
}

}  // namespace bibport::core
