// SPDX-License-Identifier: MIT
// A large file is read and written by two threads: the result must be exactly what one thread
// gives (same records, same diagnostics in the same order, same text).
#include "bibtex_helpers.hpp"

#include "../../plugins/bibtex/bibtex_syntax.hpp"

#include <algorithm>
#include <random>

#include <string>

using namespace bibport;
using namespace bibport::testing;

namespace {

// About 1.5 MB: macros at the top, then entries of every kind, with broken entries, text with
// '@' between entries, duplicate keys (within and across the halves), capitalised field names
// and a crossref from the end of the file to a parent near the start.
std::string large_file() {
    std::string s = "@preamble{\"\\providecommand{\\noopsort}[1]{}\"}\n"
                    "@string{jmlr = {Journal of Machine Learning Research}}\n"
                    "@STRING{conf = \"Proceedings of \"}\n\n"
                    "@proceedings{proc, title = {Proceedings of X}, year = 2001, publisher = {ACM}}\n\n";
    for (int i = 0; i < 9000; ++i) {
        std::string n = std::to_string(i);
        switch (i % 6) {
            case 0:
                s += "@article{a" + n + ",\n  Author = {M{\\\"u}ller, J{\\\"o}rg and van Beethoven, Ludwig and others},\n"
                     "  TITLE = {{BERT} and the $\\alpha$-decay of \\emph{Attention} number " + n + "},\n"
                     "  journal = jmlr,\n  volume = {" + n + "},\n  pages = {1--" + n + "},\n  year = 2020,\n  month = jun\n}\n\n";
                break;
            case 1:
                s += "@inproceedings{p" + n + ", author = {He, Kaiming}, title = {Momentum Contrast " + n +
                     "}, booktitle = conf # \"CVPR\", crossref = {proc}, code = {https://example.org/" + n + "}}\n\n";
                break;
            case 2:
                s += "@misc{m" + n + ", title = {Improved Baselines " + n + "}, eprint = {2003.04297}, eprinttype = {arxiv}, year = {2020}}\n"
                     "Text between entries with an address: someone@example.org\n\n";
                break;
            case 3:   // a broken entry now and then: an unclosed brace before the next entry
                if (i % 1800 == 3) s += "@article{broken" + n + ", title = {Never closed,\n  year = 2020\n\n";
                else s += "@book{b" + n + ", editor = {Knuth, Donald E.}, title = {Book " + n + "}, publisher = {Pub}, year = 1999}\n\n";
                break;
            case 4:   // the same key again, once in a while (also across the middle of the file)
                s += "@misc{" + std::string(i % 1500 == 4 ? "a0" : "x" + n) + ", title = {Note " + n + "}, note = {x}}\n\n";
                break;
            default:
                s += "@phdthesis{t" + n + ", author = {Smith, Jane}, title = {Thesis " + n + "}, school = {MIT}, year = 2018}\n\n";
        }
    }
    s += "@inproceedings{late, title = {Late}, crossref = {proc}}\n";
    return s;
}

/// Where two long texts first differ ("" when they are equal), for a readable failure.
std::string first_difference(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    if (i == a.size() && i == b.size()) return "";
    std::size_t from = i > 80 ? i - 80 : 0;
    return "at byte " + std::to_string(i) + ":\n  " + std::string(a.substr(from, 160)) + "\nvs\n  " +
           std::string(b.substr(from, 160));
}

std::vector<std::string> formatted(const Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& item : d.items()) out.push_back(item.format() + " {" + item.code + "}");
    return out;
}

}  // namespace

TEST(BibtexParallel, TwoThreadsReadWhatOneThreadReads) {
    std::string text = large_file();
    ASSERT_GT(text.size(), 1u << 20);
    for (std::string_view id : {"bibtex", "biblatex"}) {
        auto reader = bib_format(id).make_reader();
        ReadResult one = reader->read(text, bib_context({{"threads", "1"}}));
        ReadResult two = reader->read(text, bib_context({{"threads", "2"}}));
        ASSERT_GT(one.bibliography.records.size(), 5000u);
        EXPECT_EQ(one.diagnostics.skipped(), 5u);   // the broken entries, in both halves
        EXPECT_GT(one.diagnostics.items().size(), 10u);   // skips and duplicate keys
        EXPECT_EQ(one.bibliography.records.size(), two.bibliography.records.size());
        EXPECT_TRUE(one.bibliography == two.bibliography) << id;
        EXPECT_EQ(formatted(one.diagnostics), formatted(two.diagnostics)) << id;
        // The last entry, in the second half, inherits from a parent in the first.
        const Record& late = two.bibliography.records.back();
        EXPECT_EQ(late.citation_key, "late");
        EXPECT_EQ(late.get("container-title"), "Proceedings of X");
        EXPECT_EQ(late.year(), 2001);
    }
}

TEST(BibtexParallel, TwoThreadsWriteWhatEachRecordGivesAlone) {
    ReadResult read = read_bib(large_file());
    Bibliography all;
    // Unique own keys only ("a0" is used twice), so that no key depends on its neighbours.
    for (const auto& r : read.bibliography.records)
        if ((r.citation_key.starts_with("a") || r.citation_key.starts_with("m")) && r.citation_key != "a0")
            all.records.push_back(r);
    ASSERT_GT(all.records.size(), 2000u);
    std::string expected;
    for (std::size_t i = 0; i < all.records.size(); ++i) {
        Bibliography one;
        one.records.push_back(all.records[i]);
        if (i) expected += '\n';
        expected += write_bib(one).text;
    }
    WriteResult whole = write_bib(all);
    EXPECT_EQ(first_difference(whole.text, expected), "");
}

namespace {

// About 1.1 MB without crossref or xdata, so that it is read in pieces: macros at the top,
// @preamble and @comment blocks between entries, broken entries, duplicate keys (also in other
// case), text with '@' between entries, capitalised names, values cut short by a line that
// starts an entry, and @comment blocks holding such lines (the pieces are cut at them, so what
// follows a comment that runs over a cut must be read again from where the comment ends).
std::string file_in_pieces() {
    std::string s = "@string{jmlr = {Journal of Machine Learning Research}}\n"
                    "@STRING{conf = \"Proceedings of \"}\n\n";
    for (int i = 0; i < 9000; ++i) {
        std::string n = std::to_string(i);
        switch (i % 7) {
            case 0:
                s += "@article{a" + n + ",\n  Author = {M{\\\"u}ller, J{\\\"o}rg and van Beethoven, Ludwig},\n"
                     "  TITLE = {{BERT} and \\emph{Attention} " + n + "},\n  journal = jmlr,\n  year = 2020,\n  month = jun\n}\n\n";
                break;
            case 1:
                s += "@inproceedings{p" + n + ", author = {He, Kaiming}, title = {Momentum " + n +
                     "}, booktitle = conf # \"CVPR\", year = 2021}\n"
                     "Text between entries with an address: someone@example.org\n\n";
                break;
            case 2:   // a value whose lines look like entries: the whole entry is one item
                s += "@misc{m" + n + ", title = {Lines " + n + "}, note = {see\n@article{fake" + n +
                     ", title = {Not an entry}}\nand more\n@book{fake2" + n + ",\n}, year = {2020}}\n\n";
                break;
            case 3:
                if (i % 700 == 3) s += "@article{broken" + n + ", title = {Never closed,\n  year = 2020\n\n";
                else s += "@comment{a comment holding\n@article{commented" + n + ", title={x}}\n}\n"
                          "@book{b" + n + ", editor = {Knuth, Donald E.}, title = {Book " + n + "}, year = 1999}\n\n";
                break;
            case 4:
                s += "@misc{" + std::string(i % 1000 == 4 ? "A0" : "x" + n) + ", title = {Note " + n + "}}\n\n";
                break;
            case 5:
                if (i % 1400 == 5) s += "@preamble{\"\\providecommand{\\x" + n + "}{}\"}\n";
                s += "@Online{o" + n + ", title = {Page " + n + "}, url = {https://example.org/?magic=crossref&n=" + n +
                     "}, urldate = {2020-01-02}}\n\n";
                break;
            default:
                s += "@phdthesis{t" + n + ", author = {Smith, Jane}, title = {Thesis " + n + "}, school = {MIT}, year = 2018}\n\n";
        }
    }
    return s;
}

}  // namespace

TEST(BibtexPieces, AnyPieceSizeReadsWhatOneThreadReads) {
    const std::string text = file_in_pieces();
    ASSERT_GT(text.size(), 1u << 20);
    ASSERT_FALSE(plugins::bibtex::mentions_parents(text));   // the URL's "crossref" is no field
    ASSERT_FALSE(plugins::bibtex::plan_chunks(text, 1024).begins.empty());
    for (std::string_view id : {"bibtex", "biblatex"}) {
        auto reader = bib_format(id).make_reader();
        ReadResult one = reader->read(text, bib_context({{"threads", "1"}}));
        ASSERT_GT(one.bibliography.records.size(), 8000u);
        EXPECT_GT(one.diagnostics.skipped(), 13u);   // the broken entries, the values cut by an entry line
        for (const char* kb : {"1", "3", "16", "128"}) {
            ReadResult pieces = reader->read(text, bib_context({{"piece-kb", kb}}));
            EXPECT_TRUE(one.bibliography == pieces.bibliography) << id << " " << kb;
            EXPECT_EQ(formatted(one.diagnostics), formatted(pieces.diagnostics)) << id << " " << kb;
        }
    }
}

TEST(BibtexPieces, PartsWhoseEntriesReadOthersAreReadWhole) {
    using plugins::bibtex::mentions_parents;
    EXPECT_TRUE(mentions_parents("@inproceedings{a, crossref = {b}}"));
    EXPECT_TRUE(mentions_parents("@inproceedings{a, CrossRef\t\n  = {b}}"));
    EXPECT_TRUE(mentions_parents("@inproceedings{a, crossref % why\n = {b}}"));
    EXPECT_TRUE(mentions_parents("@inproceedings{a, XDATA={b}}"));
    EXPECT_TRUE(mentions_parents("@XData{bag, publisher = {P}}"));
    EXPECT_TRUE(mentions_parents("@ xdata {bag, publisher = {P}}"));
    EXPECT_FALSE(mentions_parents("@misc{a, url = {https://x.org/?magic=crossref}, note = {xdata}}"));
    EXPECT_FALSE(mentions_parents("crossre"));
    EXPECT_FALSE(mentions_parents(""));
    // The word at every position around the sixteen-byte steps of the search, in any case.
    for (std::size_t at = 0; at < 40; ++at) {
        for (std::string word : {"crossref=", "CROSSREF =", "xdata=", "xData ="}) {
            std::string text(at, 'r');
            text += word;
            text.append(at % 7, ' ');
            text += "{}";
            EXPECT_TRUE(mentions_parents(text)) << at << " " << word;
            text[at + 1] = '_';
            EXPECT_FALSE(mentions_parents(text)) << at << " " << word;
        }
    }
    // A large input is searched in two halves at once: the word across the middle, on either
    // side of it and at both ends is found as in one pass, and its absence too.
    {
        const std::size_t size = (std::size_t(4) << 20) + 4096, mid = size / 2;
        std::string big(size, 'r');
        for (std::size_t i = 80; i < size; i += 81) big[i] = '\n';
        EXPECT_FALSE(mentions_parents(big, 2));
        const std::string word = "crossref = {";
        for (std::size_t at : {std::size_t(0), mid - word.size() - 20, mid - 9, mid - 8, mid - 7, mid - 1, mid, mid + 1,
                               mid + 17, size - word.size()}) {
            std::string t = big;
            t.replace(at, word.size(), word);
            EXPECT_TRUE(mentions_parents(t, 1)) << at;
            EXPECT_TRUE(mentions_parents(t, 2)) << at;
            t[at + 2] = '_';
            EXPECT_FALSE(mentions_parents(t, 2)) << at;
        }
        std::string x = big;
        x.replace(mid - 2, 7, "xdata=");   // "xda" starting in the first half, its '=' in the second
        EXPECT_TRUE(mentions_parents(x, 2));
    }
    // A file that names a parent somewhere is read whole: same result as one thread.
    std::string text = file_in_pieces() + "@inproceedings{child, crossref = {a0}}\n";
    auto reader = bib_format("bibtex").make_reader();
    ReadResult one = reader->read(text, bib_context({{"threads", "1"}}));
    ReadResult two = reader->read(text, bib_context({{"piece-kb", "1"}}));
    EXPECT_TRUE(one.bibliography == two.bibliography);
    EXPECT_EQ(one.bibliography.records.back().get("container-title"), "Journal of Machine Learning Research");
}

TEST(BibtexPieces, PlanCutsAtEntryLinesAfterTheLastMacro) {
    using plugins::bibtex::count_lines;
    using plugins::bibtex::plan_chunks;
    const std::string file = file_in_pieces();
    const std::string entries = file.substr(file.find("\n\n") + 2);   // without the @strings
    const std::string text = file + "@string{late = {x}}\n" + entries + entries;
    for (std::size_t target : {1000u, 5000u, 100000u}) {
        auto plan = plan_chunks(text, target);
        ASSERT_GE(plan.begins.size(), 2u) << target;
        ASSERT_EQ(plan.begins.size(), plan.lines.size());
        EXPECT_EQ(plan.begins[0], 0u);
        EXPECT_GT(plan.begins[1], text.find("@string{late"));   // the head holds every @string
        for (std::size_t i = 1; i < plan.begins.size(); ++i) {
            const std::size_t b = plan.begins[i];
            ASSERT_GT(b, plan.begins[i - 1]);
            EXPECT_EQ(text[b - 1], '\n');
            EXPECT_EQ(text[b], '@');
            EXPECT_EQ(plan.lines[i], 1 + std::count(text.begin(), text.begin() + static_cast<long>(b), '\n'));
        }
    }
    // Macros defined late in the file: no pieces. Small files: no pieces.
    EXPECT_TRUE(plan_chunks(file_in_pieces() + "@string{late = {x}}\n", 1000).begins.empty());
    EXPECT_TRUE(plan_chunks("@misc{a, title={b}}\n", 1000).begins.empty());
    // Line counting at every alignment.
    std::mt19937 random(7);
    std::string lines(300, 'x');
    for (char& c : lines) c = random() % 5 == 0 ? '\n' : 'x';
    for (std::size_t b = 0; b < 40; ++b)
        for (std::size_t e = b; e <= lines.size(); e += 13)
            EXPECT_EQ(count_lines(lines, b, e), std::count(lines.begin() + static_cast<long>(b), lines.begin() + static_cast<long>(e), '\n'));
}

TEST(BibtexSyntax, ValuesAreScannedRightAtEveryPosition) {
    // Plain text inside values is skipped sixteen bytes at a time: a brace, a backslash, a line
    // break or (in a quoted value) a quote must count wherever it falls.
    const std::string inner[] = {"{x}", "\\{", "\\}", "a\nb", "{\"}", "\\\\"};
    for (std::size_t at = 0; at < 40; ++at) {
        for (const auto& piece : inner) {
            const std::string text = std::string(at, 'a') + piece + std::string(40 - at, 'b');
            for (bool quoted : {false, true}) {
                const std::string value = quoted ? "\"" + text + "\"" : "{" + text + "}";
                Diagnostics d;
                const std::string input = "@misc{k, title = " + value + ", year = 2020}\n";   // the parse views it
                auto file = plugins::bibtex::parse_bibtex(input, d, 1);
                ASSERT_EQ(file.entries.size(), 1u) << at << " " << value;
                ASSERT_EQ(file.entries[0].fields.size(), 2u) << at << " " << value;
                std::string_view got;
                ASSERT_TRUE(plugins::bibtex::single_text(file.entries[0].fields[0], file, got));
                EXPECT_EQ(got, text) << at << " " << value;
                EXPECT_TRUE(d.items().empty()) << at << " " << value;
            }
        }
    }
}

TEST(BibtexSyntax, KeyColumnsOnSharedLines) {
    // Entries several to a line (and a whole file on one line): each entry's column, counted
    // on from the entry before, is where a line index of the text puts its '@'.
    for (const char* gap : {" ", "\n", " \xC3\xA9 ", "\n\n  "}) {
        std::string text;
        for (int i = 0; i < 300; ++i) {
            text += "@misc{k" + std::to_string(i % 250) + ", title = {T\xC3\xA9 " + std::to_string(i) + "}}";
            text += (i % 7 == 3) ? std::string("\n") : std::string(gap);
        }
        Diagnostics d;
        auto file = plugins::bibtex::parse_bibtex(text, d, 1);
        ASSERT_EQ(file.entries.size(), 300u);
        LineIndex lines(text);
        plugins::bibtex::KeyInfoMaker info(text, 0);
        for (const auto& e : file.entries) {
            auto k = info(e);
            EXPECT_EQ(k.line, lines.line(e.offset)) << e.offset;
            EXPECT_EQ(k.column, lines.column(e.offset)) << e.offset;
        }
    }
}
