// SPDX-License-Identifier: MIT
// A large file is read and written by two threads: the result must be exactly what one thread
// gives (same records, same diagnostics in the same order, same text).
#include "bibtex_helpers.hpp"

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
