// SPDX-License-Identifier: MIT
// The list styles besides the seed's: golden dumps of small samples (data/<name>.md ->
// data/<name>.expected, each checked by hand), plus the points each sample is about.
#include "markdown_test_util.hpp"

using namespace mdtest;

namespace {

std::string golden_dump(const std::string& name) {
    auto res = read_md(slurp(data_path(name + ".md")));
    return dump(res.bibliography) + "\ndiagnostics:\n" + diagnostics_text(res.diagnostics);
}

class Golden : public ::testing::TestWithParam<const char*> {};

TEST_P(Golden, MatchesExpectation) {
    std::string name = GetParam();
    std::string expected = slurp(data_path(name + ".expected"));
    ASSERT_FALSE(expected.empty()) << name;
    EXPECT_EQ(golden_dump(name), expected);
}

INSTANTIATE_TEST_SUITE_P(Styles, Golden,
                         ::testing::Values("link-first", "tables", "bold-titles", "badges-html", "bad-lines"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n) if (c == '-') c = '_';
                             return n;
                         });

const Record* by_title(const Bibliography& bib, std::string_view prefix) {
    for (const auto& r : bib.records)
        if (r.get("title").starts_with(prefix)) return &r;
    return nullptr;
}

TEST(LinkFirst, TocToolsAndRelatedListsAreNotPapers) {
    auto res = read_md(slurp(data_path("link-first.md")));
    const auto& bib = res.bibliography;
    EXPECT_EQ(bib.records.size(), 6u);
    EXPECT_EQ(by_title(bib, "FAIR Self-Supervision Benchmark"), nullptr);
    EXPECT_EQ(by_title(bib, "Awesome Deep Learning"), nullptr);
    EXPECT_EQ(by_title(bib, "Computer Vision"), nullptr);
    EXPECT_TRUE(res.diagnostics.items().empty()) << diagnostics_text(res.diagnostics);
}

TEST(LinkFirst, AuthorsVenueAndEtAl) {
    auto bib = read_md(slurp(data_path("link-first.md"))).bibliography;
    const Record* ctx = by_title(bib, "Unsupervised Visual Representation Learning by Context Prediction");
    ASSERT_NE(ctx, nullptr);
    ASSERT_NE(ctx->find_names("author"), nullptr);
    ASSERT_EQ(ctx->find_names("author")->size(), 3u);
    EXPECT_EQ(ctx->find_names("author")->at(2).family, "Efros");
    EXPECT_EQ(ctx->find_names("author")->at(2).given, "Alexei A.");
    EXPECT_EQ(ctx->get("container-title-short"), "ICCV");
    EXPECT_EQ(ctx->year(), 2015);
    const Record* ce = by_title(bib, "Context Encoders");
    ASSERT_NE(ce, nullptr);
    const auto& names = *ce->find_names("author");
    ASSERT_EQ(names.size(), 2u);
    EXPECT_EQ(names[0].family, "Pathak");
    EXPECT_TRUE(names[1].is_others());   // "et al." is a marker, not a person
    EXPECT_EQ(ce->arxiv, "1604.07379");  // from .../pdf/1604.07379.pdf
}

TEST(Tables, AnyColumnOrderAndHeaderlessTablesIgnored) {
    auto res = read_md(slurp(data_path("tables.md")));
    ASSERT_EQ(res.bibliography.records.size(), 5u);
    const Record& mae = res.bibliography.records[0];
    EXPECT_EQ(mae.get("title"), "Masked Autoencoders Are Scalable Vision Learners");
    EXPECT_EQ(mae.link("code"), "https://github.com/facebookresearch/mae");
    EXPECT_EQ(mae.year(), 2022);
    const Record& dream = res.bibliography.records[4];
    EXPECT_EQ(dream.year(), 2023);
    EXPECT_EQ(dream.link("pdf"), "https://arxiv.org/pdf/2307.07487.pdf");
    EXPECT_EQ(res.diagnostics.skipped(), 1u);   // the row without a title
}

TEST(BoldTitles, PseudoHeadingsAndAuthorLines) {
    auto bib = read_md(slurp(data_path("bold-titles.md"))).bibliography;
    ASSERT_EQ(bib.records.size(), 3u);
    EXPECT_EQ(bib.records[0].sections, std::vector<std::string>{"2021"});
    EXPECT_EQ(bib.records[1].sections, std::vector<std::string>{"2022"});
    EXPECT_EQ(bib.records[1].find_names("author")->size(), 6u);
    EXPECT_EQ(bib.records[1].find_names("author")->at(4).family, "Dollár");
}

TEST(BadgesAndHtml, BadgesGiveArxivIdsAndHtmlLinksAreTyped) {
    auto bib = read_md(slurp(data_path("badges-html.md"))).bibliography;
    ASSERT_EQ(bib.records.size(), 5u);
    EXPECT_EQ(bib.records[0].arxiv, "2304.07193");
    EXPECT_EQ(bib.records[0].link("code"), "https://github.com/facebookresearch/dinov2");
    EXPECT_EQ(bib.records[1].get("title"), "Barlow Twins: Self-Supervised Learning via Redundancy Reduction");
    EXPECT_EQ(bib.records[1].link("code"), "https://github.com/facebookresearch/barlowtwins");
    EXPECT_EQ(bib.records[2].arxiv, "2006.07733v3");   // the version is kept as written
    EXPECT_EQ(bib.records[3].arxiv, "2105.04906");     // an image badge without a link
    EXPECT_EQ(bib.records[4].sections, (std::vector<std::string>{"Video", "Contrastive", "2022"}));
}

TEST(BadLines, WarningsCarryLineAndColumnAndProseIsNoRecord) {
    auto res = read_md(slurp(data_path("bad-lines.md")));
    ASSERT_EQ(res.bibliography.records.size(), 2u);   // Fine and Odd; nothing from prose or code
    EXPECT_TRUE(res.bibliography.description.starts_with("Some prose"));
    std::vector<std::pair<unsigned, unsigned>> skips;
    for (const auto& d : res.diagnostics.items())
        if (d.code == "skip") {
            EXPECT_EQ(d.severity, Severity::warning);
            skips.emplace_back(d.line, d.column);
        }
    EXPECT_EQ(skips, (std::vector<std::pair<unsigned, unsigned>>{{5, 17}, {8, 3}}));
    EXPECT_FALSE(res.diagnostics.has_errors());
}

TEST(Structure, SetextHeadingsFencesCommentsAndReferenceLinks) {
    std::string md =
        "Papers\n======\n\nVision\n------\n\n<!--\n- **[Hidden]** In a comment | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/1911.05722)\n-->\n\n"
        "- [Momentum Contrast][moco] - Kaiming He, Haoqi Fan. CVPR 2020.\n\n"
        "[moco]: https://arxiv.org/abs/1911.05722\n";
    auto res = read_md(md);
    EXPECT_EQ(res.bibliography.title, "Papers");
    ASSERT_EQ(res.bibliography.records.size(), 1u);
    const Record& r = res.bibliography.records[0];
    EXPECT_EQ(r.get("title"), "Momentum Contrast");
    EXPECT_EQ(r.arxiv, "1911.05722");
    EXPECT_EQ(r.sections, std::vector<std::string>{"Vision"});
}

TEST(Structure, NestedItemsUnderATopicAreSeparateRecords) {
    std::string md =
        "# L\n\n- Contrastive methods\n"
        "  - **[MoCo]** Momentum Contrast | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/1911.05722)\n"
        "  - **[SimCLR]** A Simple Framework | **[ICML'20]** | [`[paper]`](https://arxiv.org/abs/2002.05709)\n"
        "    - *Ting Chen, Simon Kornblith*\n";
    auto res = read_md(md);
    ASSERT_EQ(res.bibliography.records.size(), 2u);
    EXPECT_EQ(res.bibliography.records[0].alias, "MoCo");
    EXPECT_EQ(res.bibliography.records[1].alias, "SimCLR");
    ASSERT_NE(res.bibliography.records[1].find_names("author"), nullptr);
    EXPECT_EQ(res.bibliography.records[1].find_names("author")->size(), 2u);
}

TEST(Structure, UnknownVenueKeptAsWrittenWithOneNote) {
    std::string md = "- **[A]** First | **[FooConf'21]** | [`[paper]`](https://arxiv.org/abs/2101.00001)\n"
                     "- **[B]** Second | **[FooConf'22]** | [`[paper]`](https://arxiv.org/abs/2201.00001)\n"
                     "- **[C]** Third | **[Journal of Foo'22]** | [`[paper]`](https://arxiv.org/abs/2201.00002)\n";
    auto res = read_md(md);
    ASSERT_EQ(res.bibliography.records.size(), 3u);
    EXPECT_EQ(res.bibliography.records[0].type, "paper-conference");
    EXPECT_EQ(res.bibliography.records[0].get("container-title"), "FooConf");
    EXPECT_EQ(res.bibliography.records[1].year(), 2022);
    EXPECT_EQ(res.bibliography.records[2].type, "article-journal");
    std::size_t notes = 0;
    for (const auto& d : res.diagnostics.items()) notes += d.code == "venue.unknown";
    EXPECT_EQ(notes, 2u);   // one per distinct venue
}

}  // namespace
