// SPDX-License-Identifier: MIT
#include "ris_test_util.hpp"

#include <gtest/gtest.h>

using namespace bibport;

namespace {

// Golden files: the writer's output for a reader's input, read and checked by hand.
void expect_golden(const std::string& input, const std::string& expected) {
    auto in = ris_test::read(ris_test::data(input));
    ASSERT_FALSE(in.diagnostics.has_errors()) << ris_test::dump(in.diagnostics);
    auto out = ris_test::write(in.bibliography);
    EXPECT_EQ(out.text, ris_test::data(expected)) << ris_test::dump(out.diagnostics);
}

TEST(RisWriter, ZoteroExportGolden) { expect_golden("zotero-export.ris", "zotero-export.expected.ris"); }
TEST(RisWriter, MixedTagsGolden) { expect_golden("mixed.ris", "mixed.expected.ris"); }

Record paper() {
    Record r;
    r.type = "article";
    r.id = "moco";
    r.set("title", "Momentum Contrast for Unsupervised Visual Representation Learning");
    r.set("URL", "https://arxiv.org/abs/1911.05722");
    r.set("publisher", "arXiv");
    r.set("number", "arXiv:1911.05722");
    r.set("DOI", "10.48550/arXiv.1911.05722");
    r.names_for("author").push_back(Name{.family = "He", .given = "Kaiming"});
    r.date_for("issued").parts = {{2019, 11, 13}};
    r.alias = "MoCov1";
    r.highlight = true;
    r.sections = {"All Papers", "2020"};
    r.links = {{"paper", "https://arxiv.org/abs/1911.05722", ""}, {"code", "https://github.com/facebookresearch/moco", ""}};
    r.arxiv = "1911.05722";
    return r;
}

TEST(RisWriter, PaperListRecord) {
    Bibliography bib;
    bib.records.push_back(paper());
    auto out = ris_test::write(bib);
    EXPECT_EQ(out.text,
              "TY  - UNPB\n"
              "TI  - Momentum Contrast for Unsupervised Visual Representation Learning\n"
              "AU  - He, Kaiming\n"
              "PY  - 2019\n"
              "DA  - 2019/11/13/\n"
              "M1  - arXiv:1911.05722\n"
              "PB  - arXiv\n"
              "DO  - 10.48550/arXiv.1911.05722\n"
              "UR  - https://arxiv.org/abs/1911.05722\n"
              "L2  - https://github.com/facebookresearch/moco\n"
              "AN  - arXiv:1911.05722\n"
              "LB  - MoCov1\n"
              "U5  - highlight: true\n"
              "U5  - sections: All Papers > 2020\n"
              "U5  - link.paper: https://arxiv.org/abs/1911.05722\n"
              "U5  - link.code: https://github.com/facebookresearch/moco\n"
              "ER  - \n"
              "\n");
    EXPECT_TRUE(out.diagnostics.items().empty()) << ris_test::dump(out.diagnostics);
}

TEST(RisWriter, StandardTagsOnlyReportsWhatIsLeftOut) {
    Bibliography bib;
    bib.records.push_back(paper());
    auto out = ris_test::write(bib, {{"line-ending", "crlf"}, {"paper-list", "false"}});
    EXPECT_EQ(out.text.find("U5  -"), std::string::npos);
    EXPECT_EQ(out.text.find("LB  -"), std::string::npos);
    EXPECT_NE(out.text.find("TY  - UNPB\r\nTI  - "), std::string::npos);
    EXPECT_NE(out.text.find("L2  - https://github.com/facebookresearch/moco\r\n"), std::string::npos);
    ASSERT_EQ(out.diagnostics.items().size(), 1u);
    EXPECT_EQ(out.diagnostics.items()[0].code, "loss.paper-list");
    EXPECT_EQ(out.diagnostics.items()[0].record_key, "MoCov1");
}

TEST(RisWriter, DateRangesKeepTheStartInDaAndTheRangeInACustomLine) {
    Bibliography bib;
    bib.title = "My list";
    Record r;
    r.type = "speech";
    r.set("title", "Talk");
    r.date_for("issued").parts = {{2020, 5, 1}, {2020, 5, 3}};
    bib.records.push_back(r);
    auto out = ris_test::write(bib);
    EXPECT_NE(out.text.find("TY  - SLIDE\n"), std::string::npos);
    EXPECT_NE(out.text.find("PY  - 2020\nDA  - 2020/05/01/\nU5  - issued: 2020-05-01/2020-05-03\n"), std::string::npos)
        << out.text;
    ASSERT_EQ(out.diagnostics.items().size(), 1u);
    EXPECT_EQ(out.diagnostics.items()[0].code, "loss.document");   // the title of the list
    auto back = ris_test::read(out.text);
    ASSERT_EQ(back.bibliography.records.size(), 1u);
    EXPECT_EQ(back.bibliography.records[0].dates, r.dates);
    EXPECT_TRUE(back.bibliography.records[0].extra.empty());

    auto plain = ris_test::write(bib, {{"paper-list", "false"}});
    std::vector<std::string> codes;
    for (const auto& d : plain.diagnostics.items()) codes.push_back(d.code);
    EXPECT_EQ(codes, (std::vector<std::string>{"loss.date-range", "loss.document"}));
}

TEST(RisWriter, ContinuationLinesThatLookLikeTagsAreIndented) {
    Bibliography bib;
    Record r;
    r.set("title", "t");
    r.set("abstract", "line one\nAU  - not an author\n\nlast");
    bib.records.push_back(r);
    auto out = ris_test::write(bib);
    EXPECT_NE(out.text.find("AB  - line one\n AU  - not an author\n\nlast\n"), std::string::npos) << out.text;
    auto back = ris_test::read(out.text);
    ASSERT_EQ(back.bibliography.records.size(), 1u);
    EXPECT_EQ(back.bibliography.records[0].get("abstract"), "line one\nAU  - not an author\n\nlast");
    EXPECT_EQ(back.bibliography.records[0].find_names("author"), nullptr);
}

}  // namespace
