// SPDX-License-Identifier: MIT
// Unicode and white-space helpers, including the mojibake of the seed paper list.
#include <bibport/text.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bibport {
namespace {

std::string repaired(std::string_view s) {
    std::string out = "untouched";
    return text::repair_mojibake(s, out) ? out : "not repaired: " + out;
}

TEST(RepairMojibake, SeedSequences) {
    EXPECT_EQ(repaired("\xC3\xB0\xC5\xB8\xC5\x92\xC5\xB8"), "\xF0\x9F\x8C\x9F");   // "ðŸŒŸ" -> 🌟
    EXPECT_EQ(repaired("\xC3\x82\xC2\xB7\xC3\x82\xC2\xB7\xC3\x82\xC2\xB7"), "\xC2\xB7\xC2\xB7\xC2\xB7");   // "Â·Â·Â·" -> ···
    EXPECT_EQ(repaired("\xC3\xAF\xC2\xBC\xC5\xA1"), "\xEF\xBC\x9A");   // "ï¼š" -> ：(U+FF1A)
    EXPECT_EQ(repaired("\xC3\x82\xC2\xA0"), "\xC2\xA0");               // "Â" + NBSP -> NBSP
    EXPECT_EQ(repaired("\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2"), "\xE2\x80\x99");   // "â€™" -> ’
    EXPECT_EQ(repaired("\xC3\x83\xC2\xA9"), "\xC3\xA9");               // "Ã©" -> é
}

TEST(RepairMojibake, MixedWithAscii) {
    EXPECT_EQ(repaired("PeCo\xC3\xAF\xC2\xBC\xC5\xA1Perceptual Codebook"), "PeCo\xEF\xBC\x9APerceptual Codebook");
    EXPECT_EQ(repaired("- **[MoCov1]** \xC3\xB0\xC5\xB8\xC5\x92\xC5\xB8 Momentum Contrast"),
              "- **[MoCov1]** \xF0\x9F\x8C\x9F Momentum Contrast");
    EXPECT_EQ(repaired("Self-Supervised\xC3\x82\xC2\xA0Learning\xC3\x82\xC2\xA0" "from"),
              "Self-Supervised\xC2\xA0Learning\xC2\xA0" "from");
}

TEST(RepairMojibake, CorrectUtf8IsNeverChanged) {
    const std::vector<std::string> correct = {
        "\xC3\x89mile",                  // Émile
        "\xF0\x9F\x8C\x9F",              // 🌟
        "na\xC3\xAFve caf\xC3\xA9",      // naïve café
        "\xC2\xB7\xC2\xB7\xC2\xB7",      // ···
        "\xEF\xBC\x9A",                  // ：
        "Stra\xC3\x9F" "e",              // Straße
        "\xE2\x80\x9Cquoted\xE2\x80\x9D",  // “quoted”
        "\xE6\x97\xA5\xE6\x9C\xAC",      // 日本
        "plain ascii",
        "",
    };
    for (const auto& s : correct) {
        std::string out = "untouched";
        EXPECT_FALSE(text::repair_mojibake(s, out)) << s;
        EXPECT_EQ(out, "untouched") << s;
    }
}

TEST(RepairMojibake, MixedCorrectAndBrokenIsLeftAlone) {
    // Not consistently double-encoded: a real 🌟 next to a broken one.
    std::string out = "untouched";
    EXPECT_FALSE(text::repair_mojibake("\xF0\x9F\x8C\x9F \xC3\xB0\xC5\xB8\xC5\x92\xC5\xB8", out));
    EXPECT_FALSE(text::repair_mojibake("\xC3\x89mile \xC3\xB0\xC5\xB8\xC5\x92\xC5\xB8", out));
    EXPECT_EQ(out, "untouched");
}

TEST(RepairMojibake, InvalidInputIsLeftAlone) {
    std::string out = "untouched";
    EXPECT_FALSE(text::repair_mojibake("\xC3", out));
    EXPECT_FALSE(text::repair_mojibake("abc\xFF", out));
    EXPECT_EQ(out, "untouched");
}

TEST(RepairMojibake, RepairIsNotRepeated) {
    std::string once;
    ASSERT_TRUE(text::repair_mojibake("\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", once));
    std::string twice;
    EXPECT_FALSE(text::repair_mojibake(once, twice));
}

TEST(RepairMojibake, EveryBrokenLineOfTheSeed) {
    std::ifstream in(BIBPORT_SHARED_DIR "/seeds/self-supervised-pretraining.md", std::ios::binary);
    ASSERT_TRUE(in) << "seed list not found";
    std::string line;
    int broken = 0;
    int stars = 0;
    while (std::getline(in, line)) {
        bool has_mojibake = line.find("\xC3\xB0\xC5\xB8") != std::string::npos ||   // ðŸ
                            line.find("\xC3\x82") != std::string::npos ||          // Â
                            line.find("\xC3\xAF\xC2\xBC") != std::string::npos;     // ï¼
        std::string out;
        bool fixed = text::repair_mojibake(line, out);
        EXPECT_EQ(fixed, has_mojibake) << line;
        if (!fixed) continue;
        ++broken;
        EXPECT_TRUE(text::is_valid_utf8(out));
        EXPECT_EQ(out.find("\xC3\x82"), std::string::npos) << out;
        EXPECT_EQ(out.find("\xC3\xB0"), std::string::npos) << out;
        for (std::size_t p = out.find("\xF0\x9F\x8C\x9F"); p != std::string::npos; p = out.find("\xF0\x9F\x8C\x9F", p + 1))
            ++stars;
    }
    EXPECT_EQ(broken, 13);   // lines with mojibake, counted with grep
    EXPECT_EQ(stars, 9);
}

TEST(Nfc, ComposesAndKeepsInvalid) {
    EXPECT_EQ(text::nfc("e\xCC\x81"), "\xC3\xA9");                  // e + U+0301 -> é
    EXPECT_EQ(text::nfc("Zo\xC3\xAB"), "Zo\xC3\xAB");                // already NFC
    EXPECT_EQ(text::nfc("A\xCC\x8Angstro\xCC\x88m"), "\xC3\x85ngstr\xC3\xB6m");
    EXPECT_EQ(text::nfc("ascii"), "ascii");
    EXPECT_EQ(text::nfc("bad\xFF" "e\xCC\x81"), "bad\xFF" "e\xCC\x81");   // invalid: unchanged
}

TEST(CleanWhitespace, CollapsesAndTrims) {
    EXPECT_EQ(text::clean_whitespace("  a \t b\n"), "a b");
    EXPECT_EQ(text::clean_whitespace("a\xC2\xA0\xC2\xA0" "b"), "a b");             // no-break spaces
    EXPECT_EQ(text::clean_whitespace("\xE3\x80\x80x\xE2\x80\x83y\xE2\x80\xAF"), "x y");  // ideographic, em, narrow
    EXPECT_EQ(text::clean_whitespace("\r\n"), "");
    EXPECT_EQ(text::clean_whitespace("a\xC2\x85" "b"), "a b");   // NEL (U+0085) is white space too
    EXPECT_EQ(text::clean_whitespace(""), "");
    EXPECT_EQ(text::clean_whitespace("caf\xC3\xA9  au lait"), "caf\xC3\xA9 au lait");
    EXPECT_EQ(text::clean_whitespace("bad\xFF  byte"), "bad\xFF byte");   // invalid bytes kept
}

TEST(Normalize, WhitespaceThenNfc) {
    EXPECT_EQ(text::normalize("  Caf" "e\xCC\x81 \t Society "), "Caf\xC3\xA9 Society");
}

TEST(FoldForCompare, Keys) {
    EXPECT_EQ(text::fold_for_compare("Attention Is All You Need!"), "attentionisallyouneed");
    EXPECT_EQ(text::fold_for_compare("\xC3\x89mile Zola"), "emilezola");
    EXPECT_EQ(text::fold_for_compare("E\xCC\x81mile  Zola"), "emilezola");
    EXPECT_EQ(text::fold_for_compare("Stra\xC3\x9F" "e"), "strasse");
    EXPECT_EQ(text::fold_for_compare("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"), "abc");   // fullwidth ＡＢＣ
    EXPECT_EQ(text::fold_for_compare("3D-R2N2: A Unified Approach"), "3dr2n2aunifiedapproach");
    EXPECT_EQ(text::fold_for_compare("\xE6\x97\xA5\xE6\x9C\xAC"), "\xE6\x97\xA5\xE6\x9C\xAC");   // 日本 kept
    EXPECT_EQ(text::fold_for_compare("A<i>b</i>"), "aibi");
    EXPECT_EQ(text::fold_for_compare("Bad\xFF Byte"), "badbyte");
    EXPECT_EQ(text::fold_for_compare(""), "");
}

TEST(Utf8, Validity) {
    EXPECT_TRUE(text::is_valid_utf8(""));
    EXPECT_TRUE(text::is_valid_utf8("abc"));
    EXPECT_TRUE(text::is_valid_utf8("\xEF\xBF\xBD"));            // U+FFFD itself
    EXPECT_TRUE(text::is_valid_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF
    EXPECT_FALSE(text::is_valid_utf8("\xC0\xAF"));               // overlong '/'
    EXPECT_FALSE(text::is_valid_utf8("\xE0\x80\xAF"));           // overlong, 3 bytes
    EXPECT_FALSE(text::is_valid_utf8("\xED\xA0\x80"));           // surrogate
    EXPECT_FALSE(text::is_valid_utf8("\xF4\x90\x80\x80"));       // above U+10FFFF
    EXPECT_FALSE(text::is_valid_utf8("\xE2\x82"));               // truncated
    EXPECT_FALSE(text::is_valid_utf8("\x80"));                   // lone continuation
    EXPECT_FALSE(text::is_valid_utf8("\xC3\xA9\xFF"));
}

TEST(Utf8, EncodeDecodeRoundTrip) {
    for (char32_t cp : {U'\0', U'A', U'\x7F', U'\x80', U'\xE9', U'\x7FF', U'\x800', U'\xFFFD', U'\xFFFF',
                        U'\x10000', U'\x1F31F', U'\x10FFFF'}) {
        std::string s;
        text::append_utf8(s, cp);
        std::size_t pos = 0;
        EXPECT_EQ(text::next_code_point(s, pos), cp);
        EXPECT_EQ(pos, s.size());
    }
    std::size_t pos = 0;
    std::string bad = "\xE2\x82" "A";
    EXPECT_EQ(text::next_code_point(bad, pos), U'\xFFFD');
    EXPECT_EQ(pos, 1u);   // one byte skipped, the rest is read again
}

TEST(AsciiHelpers, TrimCaseAndPrefix) {
    EXPECT_EQ(text::trim("  \t x y \n"), "x y");
    EXPECT_EQ(text::trim(""), "");
    EXPECT_EQ(text::ascii_lower("DOI \xC3\x89"), "doi \xC3\x89");
    EXPECT_TRUE(text::equals_icase("ArXiv", "arxiv"));
    EXPECT_FALSE(text::equals_icase("arxiv", "arxi"));
    EXPECT_TRUE(text::starts_with_icase("HTTPS://x", "https://"));
    EXPECT_FALSE(text::starts_with_icase("http", "https"));
}

}  // namespace
}  // namespace bibport
