// SPDX-License-Identifier: MIT
// The fast paths of text::nfc and text::clean_whitespace give what the slow paths give.
#include <bibport/text.hpp>

#include "nfc_fast_path.hpp"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace bibport;

// NFC by utf8proc alone, whatever text::nfc's shortcuts.
std::string reference_nfc(const std::string& s) {
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                          &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    std::string r = n < 0 ? s : std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    return r;
}

std::string utf8(char32_t cp) {
    std::string s;
    text::append_utf8(s, cp);
    return s;
}

// text::nfc returns text made only of "inert" code points unchanged. That is only right if
// each has combining class 0, is its own NFC, and no two of them compose: checked here against
// utf8proc over every pair, so a Unicode update that broke the assumption fails this test.
TEST(TextFastPath, InertCodePointsStayNfcInEveryPair) {
    std::vector<std::string> inert;
    for (char32_t cp = 0x20; cp < 0x3000; ++cp) {
        if (!text::detail::nfc_inert(cp) || cp == 0x7F) continue;
        const auto* prop = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
        if (prop->category == UTF8PROC_CATEGORY_CN) continue;   // unassigned: utf8proc leaves them alone
        ASSERT_EQ(prop->combining_class, 0) << std::hex << static_cast<unsigned>(cp);
        inert.push_back(utf8(cp));
        ASSERT_EQ(reference_nfc(inert.back()), inert.back()) << std::hex << static_cast<unsigned>(cp);
    }
    ASSERT_GT(inert.size(), 1000u);
    for (const auto& a : inert)
        for (const auto& b : inert) {
            std::string pair = a + b;
            ASSERT_EQ(reference_nfc(pair), pair) << pair;
        }
    EXPECT_FALSE(text::detail::nfc_inert(0x300));    // combining grave
    EXPECT_FALSE(text::detail::nfc_inert(0x2126));   // OHM SIGN -> U+03A9
    EXPECT_FALSE(text::detail::nfc_inert(0x2000));   // EN QUAD -> U+2002
}

TEST(TextFastPath, NfcStillComposesAboveTheFastRange) {
    EXPECT_EQ(text::nfc("Zo\xC3\xAB" "e\xCC\x81"), "Zo\xC3\xAB\xC3\xA9");   // ë kept, e + U+0301 -> é
    EXPECT_EQ(text::nfc("\xC3\xA9" "\xE2\x80\x93"), "\xC3\xA9\xE2\x80\x93");  // é + en dash: fast path
    EXPECT_EQ(text::nfc("\xCE\xB2-NMR \xE2\x80\x80"), "\xCE\xB2-NMR \xE2\x80\x82");  // U+2000 -> U+2002
    EXPECT_EQ(text::nfc("\xCE\xB1\xCC\x81"), "\xCE\xAC");                    // α + U+0301 -> ά
    EXPECT_EQ(text::nfc("\xE2\x84\xAB"), "\xC3\x85");                         // U+212B ANGSTROM SIGN -> Å
    EXPECT_EQ(text::nfc("a\xCB"), "a\xCB");                                   // truncated: unchanged
    EXPECT_EQ(text::nfc("\xCB\xBF" "b"), "\xCB\xBF" "b");                     // U+02FF, last of the range
}

TEST(TextFastPath, CleanWhitespaceAsciiRunsAndUnicodeSpaces) {
    EXPECT_EQ(text::clean_whitespace("  Deep   residual\tlearning \n"), "Deep residual learning");
    EXPECT_EQ(text::clean_whitespace("a\xC2\xA0 b\xE2\x80\x83\xC3\xA9"), "a b \xC3\xA9");
    EXPECT_EQ(text::clean_whitespace("x\xFF  y"), "x\xFF y");   // a bad byte is kept as it is
    EXPECT_EQ(text::clean_whitespace("\xC3\xA9\xC3\xA8"), "\xC3\xA9\xC3\xA8");
    EXPECT_EQ(text::clean_whitespace("one"), "one");
    EXPECT_EQ(text::clean_whitespace(" \v\f "), "");
}

}  // namespace
