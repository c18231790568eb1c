// SPDX-License-Identifier: MIT
// LaTeX <-> Unicode: every accent spelling, symbols, dashes, markup, math, case protection.
#include <bibport/latex.hpp>

#include <gtest/gtest.h>

using bibport::latex::DecodeOptions;
using bibport::latex::EncodeOptions;
using bibport::latex::from_unicode;
using bibport::latex::to_unicode;

namespace {

std::string title(std::string_view tex) {
    DecodeOptions o;
    o.nocase = true;
    return to_unicode(tex, o);
}

std::string encode_title(std::string_view text, bool ascii = false) {
    EncodeOptions o;
    o.protect_case = true;
    o.ascii = ascii;
    return from_unicode(text, o);
}

}  // namespace

TEST(LatexDecode, UmlautInEverySpelling) {
    for (std::string_view s : {"M{\\\"u}ller", "M\\\"{u}ller", "M\\\"uller", "M{\\\"{u}}ller", "M\\\" uller"})
        EXPECT_EQ(to_unicode(s), "Müller") << s;
}

TEST(LatexDecode, AccentsOnDotlessI) {
    EXPECT_EQ(to_unicode("D{\\'\\i}az"), "Díaz");
    EXPECT_EQ(to_unicode("D\\'{\\i}az"), "Díaz");
    EXPECT_EQ(to_unicode("D\\'\\i az"), "Díaz");
    EXPECT_EQ(to_unicode("D\\'iaz"), "Díaz");
    EXPECT_EQ(to_unicode("Dev\\={\\i}"), "Devī");
}

TEST(LatexDecode, LetterAccentCommands) {
    EXPECT_EQ(to_unicode("Fran\\c{c}ois"), "François");
    EXPECT_EQ(to_unicode("Fran\\c cois"), "François");
    EXPECT_EQ(to_unicode("{\\v{C}}ech"), "Čech");
    EXPECT_EQ(to_unicode("\\v Cech"), "Čech");
    EXPECT_EQ(to_unicode("Erd\\H{o}s"), "Erdős");
    EXPECT_EQ(to_unicode("\\k{a}"), "ą");
    EXPECT_EQ(to_unicode("\\r{a}"), "å");
    EXPECT_EQ(to_unicode("\\u{g}"), "ğ");
    EXPECT_EQ(to_unicode("\\d{s}"), "ṣ");
    EXPECT_EQ(to_unicode("\\={a}"), "ā");
    EXPECT_EQ(to_unicode("\\.{z}"), "ż");
    EXPECT_EQ(to_unicode("\\~{n}"), "ñ");
    EXPECT_EQ(to_unicode("\\^{o}"), "ô");
    EXPECT_EQ(to_unicode("\\`{e}"), "è");
    EXPECT_EQ(to_unicode("\\'{E}"), "É");
}

TEST(LatexDecode, SpecialLetters) {
    EXPECT_EQ(to_unicode("Stra\\ss e"), "Straße");
    EXPECT_EQ(to_unicode("Stra{\\ss}e"), "Straße");
    EXPECT_EQ(to_unicode("Gr{\\o}nlund"), "Grønlund");
    EXPECT_EQ(to_unicode("{\\O}stergaard"), "Østergaard");
    EXPECT_EQ(to_unicode("{\\aa}ngstr{\\\"o}m"), "ångström");
    EXPECT_EQ(to_unicode("{\\AA}"), "Å");
    EXPECT_EQ(to_unicode("{\\ae}{\\AE}{\\oe}{\\OE}"), "æÆœŒ");
    EXPECT_EQ(to_unicode("{\\l}{\\L}"), "łŁ");
    EXPECT_EQ(to_unicode("\\ss{}x"), "ßx");
}

TEST(LatexDecode, DashesTiesQuotesAndSpecials) {
    EXPECT_EQ(to_unicode("pp. 1--10"), "pp. 1–10");
    EXPECT_EQ(to_unicode("yes---no"), "yes—no");
    EXPECT_EQ(to_unicode("self-supervised"), "self-supervised");
    EXPECT_EQ(to_unicode("Fig.~3"), "Fig.\u00A03");
    EXPECT_EQ(to_unicode("``quoted''"), "“quoted”");
    EXPECT_EQ(to_unicode("\\& \\% \\$ \\# \\_ \\{ \\}"), "& % $ # _ { }");
    EXPECT_EQ(to_unicode("a\\textbackslash b"), "a\\b");
    EXPECT_EQ(to_unicode("  many \n\t spaces  "), "many spaces");
    EXPECT_EQ(to_unicode("\\TeX{} and \\LaTeX"), "TeX and LaTeX");
}

TEST(LatexDecode, MarkupBecomesCslTags) {
    EXPECT_EQ(to_unicode("\\emph{Deep} \\textit{x}"), "<i>Deep</i> <i>x</i>");
    EXPECT_EQ(to_unicode("\\textbf{bold}"), "<b>bold</b>");
    EXPECT_EQ(to_unicode("\\textsc{Caps}"), "<span style=\"font-variant:small-caps;\">Caps</span>");
    EXPECT_EQ(to_unicode("x\\textsuperscript{2}"), "x<sup>2</sup>");
    EXPECT_EQ(to_unicode("H\\textsubscript{2}O"), "H<sub>2</sub>O");
    EXPECT_EQ(to_unicode("{\\em Nature} and {\\bf it}"), "<i>Nature</i> and <b>it</b>");
    DecodeOptions plain;
    plain.markup = false;
    EXPECT_EQ(to_unicode("\\emph{Deep}", plain), "Deep");
}

TEST(LatexDecode, MathAndUnknownCommandsStayVerbatim) {
    EXPECT_EQ(to_unicode("The $\\alpha$-decay"), "The $\\alpha$-decay");
    EXPECT_EQ(to_unicode("$$x^2$$"), "$x^2$");
    EXPECT_EQ(to_unicode("\\(x\\)"), "$x$");
    EXPECT_EQ(to_unicode("\\ch{H2O} at \\SI{5}{\\kelvin}"), "\\ch{H2O} at \\SI{5}{\\kelvin}");
    EXPECT_EQ(to_unicode("\\ifmmode \\check{C}\\else \\v{C}\\fi{}i"), "Či");
}

TEST(LatexDecode, CaseProtectingBracesInTitles) {
    EXPECT_EQ(title("Pre-training of {bert}"), "Pre-training of <span class=\"nocase\">bert</span>");
    EXPECT_EQ(title("{{Deep Learning}}"), "<span class=\"nocase\">Deep Learning</span>");
    EXPECT_EQ(title("{Deep Learning} and {iPhone Apps}"),
              "<span class=\"nocase\">Deep Learning</span> and <span class=\"nocase\">iPhone Apps</span>");
    // A group of one word the writer protects by itself is that word: reading and writing agree.
    EXPECT_EQ(title("Pre-training of {BERT}: {IEEE/CVF} ({CVPR}), {R\\&D}"), "Pre-training of BERT: IEEE/CVF (CVPR), R&D");
    // ... but not inside a word, and not in two pairs of braces (an explicit span).
    EXPECT_EQ(title("Pre{BERT}ing {{BERT}}"),
              "Pre<span class=\"nocase\">BERT</span>ing <span class=\"nocase\">BERT</span>");
    // Special characters, math and non-letters are not case protection.
    EXPECT_EQ(title("{\\\"U}ber {$\\alpha$} {2020}"), "Über $\\alpha$ 2020");
    EXPECT_EQ(title("{\\em Nature}"), "<i>Nature</i>");
    // Outside titles the braces just go.
    EXPECT_EQ(to_unicode("{IEEE} Press"), "IEEE Press");
}

TEST(LatexDecode, NameModeKeepsGroupingBraces) {
    DecodeOptions o;
    o.markup = false;
    o.keep_braces = true;
    EXPECT_EQ(to_unicode("{Barnes and Noble, Inc.} and M{\\\"u}ller", o), "{Barnes and Noble, Inc.} and Müller");
    EXPECT_EQ(to_unicode("Donald~E. Knuth", o), "Donald E. Knuth");
}

TEST(LatexEncode, SpecialsEscapedOutsideMathAndCommands) {
    EXPECT_EQ(from_unicode("R&D 100% #1 a_b {x} ~ ^ \\"),
              "R\\&D 100\\% \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
    EXPECT_EQ(from_unicode("costs $5"), "costs \\$5");
    EXPECT_EQ(from_unicode("the $\\alpha$-decay"), "the $\\alpha$-decay");
    EXPECT_EQ(from_unicode("\\ch{H2O}"), "\\ch{H2O}");
    EXPECT_EQ(from_unicode("a–b — c\u00A0d"), "a--b --- c~d");
}

TEST(LatexEncode, CommandsKeptVerbatimOnlyWhenTheirBracesBalance) {
    // An optional argument is plain text up to its ']': found by fuzzing, a ']' far away
    // behind another command's '{' made the copied text unbalanced and the entry unreadable.
    EXPECT_EQ(from_unicode("\\cite[p.~5]{key} x"), "\\cite[p.~5]{key} x");
    EXPECT_EQ(from_unicode("\\a{x}[8, \\b{y]{}\" } z"), "\\a{x}[8, \\b{y]{}\" } z");   // \b's group ends at " }"
    for (std::string_view text : {"\\a{x}[8, \\b{y]{}\" } z", "\\p{\\n}[88, Y \\p{\\n1]{}\" } Z", "\\c[{]x"}) {
        std::string out = from_unicode(text);
        int depth = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (out[i] == '\\') { ++i; continue; }
            depth += out[i] == '{' ? 1 : out[i] == '}' ? -1 : 0;
            ASSERT_GE(depth, 0) << out;
        }
        EXPECT_EQ(depth, 0) << out;
    }
}

TEST(LatexEncode, MarkupBecomesCommands) {
    EXPECT_EQ(from_unicode("<i>Deep</i> <b>b</b> x<sup>2</sup> H<sub>2</sub>"),
              "\\emph{Deep} \\textbf{b} x\\textsuperscript{2} H\\textsubscript{2}");
    EXPECT_EQ(from_unicode("<span style=\"font-variant:small-caps;\">Caps</span>"), "\\textsc{Caps}");
    EXPECT_EQ(from_unicode("a < b"), "a \\textless{} b");
}

TEST(LatexEncode, TitlesProtectAcronymsAndMixedCaseOnly) {
    EXPECT_EQ(encode_title("BERT: Pre-Training of Deep Bidirectional Transformers"),
              "{BERT}: Pre-Training of Deep Bidirectional Transformers");
    EXPECT_EQ(encode_title("MoCo and ViT on ImageNet in 3D"), "{MoCo} and {ViT} on {ImageNet} in {3D}");
    EXPECT_EQ(encode_title("C-BYOL versus Self-Supervised"), "{C-BYOL} versus Self-Supervised");
    EXPECT_EQ(encode_title("A Simple Framework"), "A Simple Framework");
    EXPECT_EQ(encode_title("<span class=\"nocase\">Deep learning</span> rocks"), "{Deep learning} rocks");
    // An explicit span around a word the writer would protect anyway gets two pairs of braces.
    EXPECT_EQ(encode_title("<span class=\"nocase\">iPhone</span> and iPhone, x<span class=\"nocase\">BERT</span>"),
              "{{iPhone}} and {iPhone}, x{BERT}");
    EXPECT_EQ(encode_title("the $\\Omega$ term"), "the {$\\Omega$} term");
}

TEST(LatexEncode, AsciiOption) {
    EXPECT_EQ(from_unicode("Müller Díaz Straße Grønlund Čech", EncodeOptions{.ascii = true}),
              "M{\\\"u}ller D{\\'i}az Stra{\\ss}e Gr{\\o}nlund {\\v{C}}ech");
    EXPECT_EQ(from_unicode("Müller", EncodeOptions{.ascii = false}), "Müller");
    EXPECT_EQ(from_unicode("“q’s”", EncodeOptions{.ascii = true}), "{\\textquotedblleft}q{\\textquoteright}s{\\textquotedblright}");
}

TEST(LatexRoundTrip, DecodeOfEncodeIsIdentity) {
    for (std::string_view s :
         {"Momentum Contrast: <i>MoCo</i> & R&D 100% #1 a_b", "Müller–Díaz — Straße", "the $\\alpha$ and \\ch{H2O}",
          "Pre-training of <span class=\"nocase\">BERT</span>", "x<sup>2</sup> {braces} ~tilde^ \\back"}) {
        for (bool ascii : {false, true}) {
            EXPECT_EQ(title(encode_title(s, ascii)), title(encode_title(title(encode_title(s, ascii)), ascii))) << s;
            EXPECT_EQ(bibport::latex::strip_markup(title(encode_title(s, ascii))), bibport::latex::strip_markup(s))
                << s << " ascii=" << ascii;
        }
    }
}

TEST(LatexAscii, Transliteration) {
    EXPECT_EQ(bibport::latex::to_ascii("Müller Straße Øre Łódź"), "Muller Strasse Ore Lodz");
}

// Record -> LaTeX -> Record gives the record text back exactly, case protection included:
// the writer's own braces ({BERT}) read back as plain text, explicit spans as spans.
TEST(LatexRoundTrip, CaseProtectionIsStableBothWays) {
    for (std::string_view s :
         {"BERT: Pre-training of Deep Bidirectional Transformers", "Proceedings of the IEEE/CVF Conference (CVPR)",
          "R&D in 3D with MoCo", "<span class=\"nocase\">iPhone</span> apps and iPhone apps",
          "Pre<span class=\"nocase\">BERT</span>ing", "<i>BERT</i> and <span class=\"nocase\">deep learning</span>",
          "“BERT” rocks", "Über-BERT and ÜBER", "<span class=\"nocase\">Über-BERT</span>",
          "é<span class=\"nocase\">BERT</span> x", "NAACL-HLT 2019"}) {
        for (bool ascii : {false, true}) {
            std::string tex = encode_title(s, ascii);
            EXPECT_EQ(title(tex), s) << tex << " ascii=" << ascii;
            EXPECT_EQ(encode_title(title(tex), ascii), tex) << " ascii=" << ascii;
        }
    }
}

TEST(LatexEncode, FullwidthFormsKeptInUtf8AndFoldedInAscii) {
    EXPECT_EQ(from_unicode("PeCo：Perceptual （x）"), "PeCo：Perceptual （x）");
    EXPECT_EQ(from_unicode("PeCo：Perceptual （x）", EncodeOptions{.ascii = true}), "PeCo:Perceptual (x)");
}

TEST(LatexDecode, NestingDepthIsBoundedNotTheStack) {
    // 100 000 levels would overflow the stack if every level recursed.
    std::string braces = std::string(100000, '{') + "x" + std::string(100000, '}');
    EXPECT_NE(to_unicode(braces).find('x'), std::string::npos);
    std::string emph;
    for (int i = 0; i < 50000; ++i) emph += "\\emph{";
    emph += "deep" + std::string(50000, '}');
    std::string decoded = to_unicode(emph);
    EXPECT_NE(decoded.find("deep"), std::string::npos);
    // Real nesting is decoded as usual.
    EXPECT_EQ(to_unicode("\\emph{a \\textbf{b}}"), "<i>a <b>b</b></i>");
}

TEST(LatexDecode, PlainTextShortcutSeesEverySpecialAtEveryPosition) {
    // Plain printable ASCII comes back as it is without decoding, found sixteen bytes at a
    // time: a special at any position of a longer text must still be decoded.
    const std::vector<std::string> specials{"{x}",  "\\'e", "--", "  ", "~",  "``", "''",
                                            "\\%", "e\xCC\x81", "\t", "}",  "{"};
    for (std::size_t at = 0; at < 40; ++at) {
        const std::string plain = std::string(at, 'a') + "q" + std::string(44 - at, 'b');
        EXPECT_EQ(to_unicode(plain), plain) << at;
        for (const auto& special : specials) {
            std::string text = std::string(at, 'a') + "q";
            text += special;
            text += std::string(44 - at, 'b');
            EXPECT_NE(to_unicode(text), text) << at << " [" << special << "]";
        }
    }
}
