// SPDX-License-Identifier: MIT
// Unicode and whitespace helpers every format needs (implemented in bibport_support).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bibport::text {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

/// Unicode Normalization Form C. Invalid UTF-8 is returned unchanged.
std::string nfc(std::string_view s);

/// Collapses runs of white space (ASCII and Unicode spaces, including no-break space) to one
/// ASCII space and trims both ends.
std::string clean_whitespace(std::string_view s);

/// nfc(clean_whitespace(s)): the form titles and names are stored in.
std::string normalize(std::string_view s);

/// Undoes UTF-8 text that was decoded as Windows-1252 and encoded to UTF-8 again
/// ("ðŸŒŸ" -> "🌟", "Â·" -> "·"). Returns true and sets `out` only when `s` is consistently
/// double-encoded: every non-ASCII character maps back to a Windows-1252 byte and the bytes
/// form valid UTF-8 with at least one multi-byte sequence. Correct UTF-8 is never "repaired".
bool repair_mojibake(std::string_view s, std::string& out);

/// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, char32_t cp);

/// Decodes the code point at `pos` and advances `pos`; returns U+FFFD for a bad sequence.
char32_t next_code_point(std::string_view s, std::size_t& pos) noexcept;

/// ASCII-only lower case (for ids, field names, keys).
std::string ascii_lower(std::string_view s);

/// Lower case with accents removed and everything but letters and digits dropped:
/// a key for comparing titles ("Attention Is All You Need!" -> "attentionisallyouneed").
std::string fold_for_compare(std::string_view s);

/// Leading and trailing ASCII white space removed.
std::string_view trim(std::string_view s) noexcept;

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept;
bool equals_icase(std::string_view a, std::string_view b) noexcept;

/// A hash for the short texts tables are keyed by (field names, variables, types): eight bytes
/// a step, inline, a fraction of std::hash's cost on such keys. Transparent: strings and views.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        const char* p = s.data();
        std::size_t n = s.size();
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
        for (; n > 8; p += 8, n -= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 31;
        }
        // The last 1..8 bytes as two overlapping four-byte words (or three bytes of a short one).
        std::uint64_t w = 0;
        if (n >= 4) {
            std::uint32_t a, b;
            std::memcpy(&a, p, 4);
            std::memcpy(&b, p + n - 4, 4);
            w = a | (static_cast<std::uint64_t>(b) << 32);
        } else if (n > 0) {
            w = static_cast<unsigned char>(p[0]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
                (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
        }
        h = (h ^ w) * 0x94D049BB133111EBull;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

}  // namespace bibport::text
