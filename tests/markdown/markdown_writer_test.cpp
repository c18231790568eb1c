// SPDX-License-Identifier: MIT
// The writer: the seed written as a clean list (golden, read by eye), round trips, options.
#include "markdown_test_util.hpp"

using namespace mdtest;

namespace {

Bibliography read_ok(std::string_view text) {
    auto res = read_md(text);
    EXPECT_EQ(res.diagnostics.count(Severity::warning) + res.diagnostics.count(Severity::error), 0u)
        << diagnostics_text(res.diagnostics);
    return std::move(res.bibliography);
}

std::string write_ok(const Bibliography& bib, Options options = {}) {
    auto res = write_md(bib, std::move(options));
    EXPECT_FALSE(res.failed) << diagnostics_text(res.diagnostics);
    return res.text;
}

/// The parts of a record a paper list carries (what the issue asks to survive).
std::string list_fields(const Record& r) {
    std::string o = r.alias + " | " + (r.highlight ? "star" : "-") + " | " + std::string(r.get("title")) + " | " +
                    r.type + " | " + std::string(r.get("container-title-short")) + " | " +
                    std::string(r.get("container-title")) + " | " + std::to_string(r.year()) + " | " + r.arxiv +
                    " | " + std::string(r.get("URL")) + " | " + std::string(r.get("DOI")) + " |";
    for (const auto& l : r.links) o += " " + l.role + "=" + l.url + (l.label.empty() ? "" : "[" + l.label + "]");
    o += " | " + join(r.sections, " > ") + " |";
    if (const auto* names = r.find_names("author"))
        for (const auto& n : *names) o += " " + name_text(n) + ";";
    return o;
}

Record without_position(Record r) {
    r.source_line = 0;
    return r;
}

TEST(WriteSeed, GoldenCleanList) {
    Bibliography bib = read_md(slurp(seed_path())).bibliography;
    auto res = write_md(bib);
    ASSERT_FALSE(res.failed);
    EXPECT_TRUE(res.diagnostics.items().empty()) << diagnostics_text(res.diagnostics);   // nothing lost
    EXPECT_EQ(res.text, slurp(data_path("seed-written.md")));
}

TEST(WriteSeed, ReadingTheOutputGivesTheSameRecords) {
    Bibliography first = read_md(slurp(seed_path())).bibliography;
    std::string written = write_ok(first);
    Bibliography second = read_ok(written);
    EXPECT_EQ(second.title, first.title);
    EXPECT_EQ(second.description, first.description);
    EXPECT_EQ(second.sections, first.sections);
    ASSERT_EQ(second.records.size(), first.records.size());
    for (std::size_t i = 0; i < first.records.size(); ++i) {
        EXPECT_EQ(list_fields(second.records[i]), list_fields(first.records[i])) << "entry " << i;
        EXPECT_EQ(without_position(second.records[i]), without_position(first.records[i])) << "entry " << i;
    }
    // Idempotent: the clean list written again is the same text.
    EXPECT_EQ(write_ok(second), written);
}

TEST(WriteSeed, OutputIsCleanUtf8WithStars) {
    std::string written = write_ok(read_md(slurp(seed_path())).bibliography);
    for (std::string_view bad : {"\u00C3", "\u00C2", "\u00F0\u0178", "\u00A0"})
        EXPECT_EQ(written.find(bad), std::string::npos) << bad;
    std::size_t stars = 0;
    for (auto at = written.find("\U0001F31F"); at != std::string::npos; at = written.find("\U0001F31F", at + 1)) ++stars;
    EXPECT_EQ(stars, 9u);
    EXPECT_NE(written.find("- **[i-MAE]** i-MAE: Are Latent Representations in Masked Autoencoders Linearly Separable? | "
                           "**[arXiv'22]** | [`[paper]`](https://arxiv.org/abs/2210.11470) "
                           "[`[code]`](https://github.com/VILA-Lab/i-mae)\n"),
              std::string::npos);
}

class SampleRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(SampleRoundTrip, ListFieldsSurvive) {
    Bibliography first = read_md(slurp(data_path(std::string(GetParam()) + ".md"))).bibliography;
    ASSERT_FALSE(first.records.empty());
    std::string written = write_ok(first);
    Bibliography second = read_ok(written);
    ASSERT_EQ(second.records.size(), first.records.size()) << written;
    for (std::size_t i = 0; i < first.records.size(); ++i)
        EXPECT_EQ(list_fields(second.records[i]), list_fields(first.records[i])) << "entry " << i << "\n" << written;
    EXPECT_EQ(write_ok(second), written);
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleRoundTrip,
                         ::testing::Values("link-first", "tables", "bold-titles", "badges-html"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n) if (c == '-') c = '_';
                             return n;
                         });

Bibliography small() {
    return read_ok(
        "# Small\n\n## Contrastive\n\n"
        "- **[MoCov1]** 🌟 Momentum Contrast | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/1911.05722)\n"
        "- **[MoCov2]** Improved Baselines | **[arxiv'20]** | [`[paper]`](https://arxiv.org/abs/2003.04297)\n\n"
        "## Masked\n\n"
        "- **[MAE]** Masked Autoencoders | **[CVPR'22]** | [`[paper]`](https://arxiv.org/abs/2111.06377)\n"
        "- **[BEiT]** BEiT | **[ICLR'22]** | [`[paper]`](https://arxiv.org/abs/2106.08254)\n");
}

TEST(WriteOptions, GroupByYear) {
    std::string out = write_ok(small(), {{"group", "year"}});
    EXPECT_EQ(out,
              "# Small\n\n## 2020\n\n"
              "- **[MoCov1]** 🌟 Momentum Contrast | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/1911.05722)\n"
              "- **[MoCov2]** Improved Baselines | **[arXiv'20]** | [`[paper]`](https://arxiv.org/abs/2003.04297)\n\n"
              "## 2022\n\n"
              "- **[MAE]** Masked Autoencoders | **[CVPR'22]** | [`[paper]`](https://arxiv.org/abs/2111.06377)\n"
              "- **[BEiT]** BEiT | **[ICLR'22]** | [`[paper]`](https://arxiv.org/abs/2106.08254)\n");
}

TEST(WriteOptions, GroupByVenueAndNone) {
    std::string venue = write_ok(small(), {{"group", "venue"}});
    EXPECT_NE(venue.find("## CVPR\n\n- **[MoCov1]**"), std::string::npos) << venue;
    EXPECT_NE(venue.find("- **[MoCov1]** 🌟 Momentum Contrast | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/1911.05722)\n"
                         "- **[MAE]**"),
              std::string::npos)
        << venue;
    EXPECT_NE(venue.find("## arXiv\n"), std::string::npos);
    EXPECT_NE(venue.find("## ICLR\n"), std::string::npos);
    std::string none = write_ok(small(), {{"group", "none"}});
    EXPECT_EQ(none.find("##"), std::string::npos);
    EXPECT_EQ(read_ok(none).records.size(), 4u);
    auto bad = write_md(small(), {{"group", "colour"}});
    EXPECT_TRUE(bad.failed);
}

TEST(WriteOptions, Template) {
    std::string out = write_ok(small(), {{"group", "none"}, {"template", "1. {title} ({venue} {year})<? {star}?> — {links}"}});
    EXPECT_NE(out.find("1. Momentum Contrast (CVPR 2020) 🌟 — [`[paper]`](https://arxiv.org/abs/1911.05722)\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("1. BEiT (ICLR 2022) — [`[paper]`]"), std::string::npos) << out;
}

TEST(WriteRecords, NoAliasNoVenueAuthorsAndDoi) {
    Bibliography bib;
    Record r;
    r.type = "article-journal";
    r.set("title", "Deep Learning | A <i>Review</i>");
    r.set("container-title", "Nature");
    r.set("DOI", "10.1038/nature14539");
    r.date_for("issued").parts = {{2015}};
    r.names_for("author") = {Name{.family = "LeCun", .given = "Yann"}, Name{.family = "Bengio", .given = "Yoshua"},
                             names::others()};
    bib.records.push_back(r);
    auto res = write_md(bib);
    EXPECT_EQ(res.text,
              "# Papers\n\n"
              "- Deep Learning \\| A *Review* | **[Nature'15]** | [doi:10.1038/nature14539](https://doi.org/10.1038/nature14539)\n"
              "  - *Yann LeCun, Yoshua Bengio, et al.*\n");
    EXPECT_TRUE(res.diagnostics.items().empty()) << diagnostics_text(res.diagnostics);
    Bibliography back = read_ok(res.text);
    ASSERT_EQ(back.records.size(), 1u);
    const Record& b = back.records[0];
    EXPECT_EQ(b.get("title"), "Deep Learning | A <i>Review</i>");   // emphasis is <i> again
    EXPECT_TRUE(b.links.empty());   // the DOI link is the DOI, not a link of the list
    EXPECT_EQ(b.type, "article-journal");
    EXPECT_EQ(b.get("container-title"), "Nature");
    EXPECT_EQ(b.get("DOI"), "10.1038/nature14539");
    EXPECT_EQ(b.year(), 2015);
    ASSERT_NE(b.find_names("author"), nullptr);
    ASSERT_EQ(b.find_names("author")->size(), 3u);
    EXPECT_EQ(b.find_names("author")->at(0).family, "LeCun");
    EXPECT_TRUE(b.find_names("author")->at(2).is_others());
}

TEST(WriteRecords, LossesAreReportedOncePerField) {
    Bibliography bib;
    for (int i = 0; i < 2; ++i) {
        Record r;
        r.type = "paper-conference";
        r.citation_key = "key" + std::to_string(i);
        r.set("title", "Paper " + std::to_string(i));
        r.set("container-title-short", "CVPR");
        r.set("page", "1-10");
        r.date_for("issued").parts = {{2020, 6}};
        r.notes.push_back("read it");
        bib.records.push_back(r);
    }
    auto res = write_md(bib);
    std::vector<std::string> codes;
    for (const auto& d : res.diagnostics.items()) {
        codes.push_back(d.code);
        EXPECT_NE(d.message.find("(2 records)"), std::string::npos) << d.message;
        EXPECT_EQ(d.record_key, "key0");
    }
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (std::vector<std::string>{"loss.citation-key", "loss.date-precision", "loss.notes", "loss.page"}));
}

TEST(WriteRecords, OtherSectionsAreListedAgain) {
    Bibliography bib = small();
    bib.records[2].other_sections.push_back({"Contrastive"});
    std::string out = write_ok(bib);
    EXPECT_NE(out.find("(https://arxiv.org/abs/2003.04297)\n- **[MAE]**"), std::string::npos) << out;
    EXPECT_EQ(read_ok(out).records.size(), 5u);
}

TEST(WriteRecords, ArxivPreprintFromOtherFormats) {
    Record r;
    r.type = "article";
    r.set("title", "Attention Is All You Need");
    r.set("publisher", "arXiv");
    r.set("number", "arXiv:1706.03762");
    r.set("DOI", "10.48550/arXiv.1706.03762");
    r.arxiv = "1706.03762";
    r.date_for("issued").parts = {{2017}};
    Bibliography bib;
    bib.records.push_back(r);
    auto res = write_md(bib);
    EXPECT_EQ(res.text,
              "# Papers\n\n- Attention Is All You Need | **[arXiv'17]** | [arXiv:1706.03762](https://arxiv.org/abs/1706.03762)\n");
    EXPECT_TRUE(res.diagnostics.items().empty()) << diagnostics_text(res.diagnostics);
    Record back = read_ok(res.text).records.at(0);
    EXPECT_EQ(back.get("number"), "arXiv:1706.03762");
    EXPECT_EQ(back.get("DOI"), "10.48550/arXiv.1706.03762");
    EXPECT_EQ(back.type, "article");
    EXPECT_EQ(back.arxiv, "1706.03762");
    // The id was a field, not a link: no paper link and no URL appear.
    EXPECT_TRUE(back.links.empty());
    EXPECT_FALSE(back.has("URL"));
}

}  // namespace

namespace {

TEST(Sample, ReadsWithoutProblemsAndRoundTrips) {
    auto res = read_md(slurp(BIBPORT_SOURCE_DIR "/samples/markdown/vision-language-pretraining.md"));
    EXPECT_TRUE(res.diagnostics.items().empty()) << diagnostics_text(res.diagnostics);
    const auto& records = res.bibliography.records;
    ASSERT_EQ(records.size(), 10u);
    EXPECT_EQ(records[0].alias, "CLIP");
    EXPECT_EQ(records[0].find_names("author")->size(), 4u);   // three people and "et al."
    EXPECT_EQ(records[4].get("container-title-short"), "TMLR");
    EXPECT_EQ(records[4].find_names("author")->back().literal, "others");
    EXPECT_EQ(records[7].arxiv, "2304.08485");
    EXPECT_EQ(records[9].type, "article-journal");
    std::string written = write_ok(res.bibliography);
    Bibliography back = read_ok(written);
    ASSERT_EQ(back.records.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        EXPECT_EQ(list_fields(back.records[i]), list_fields(records[i])) << "entry " << i << "\n" << written;
}

}  // namespace
