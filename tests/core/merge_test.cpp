// SPDX-License-Identifier: MIT
// Merging inputs and duplicate papers.
#include "merge.hpp"

#include <gtest/gtest.h>

using namespace bibport;
using namespace bibport::core;

namespace {

Record paper(std::string key, std::string title, int year) {
    Record r;
    r.citation_key = r.id = std::move(key);
    r.set("title", std::move(title));
    r.date_for("issued").parts = {{year}};
    return r;
}

Record preprint(std::string key, std::string title, int year, std::string arxiv) {
    Record r = paper(std::move(key), std::move(title), year);
    r.type = "article";
    r.arxiv = arxiv;
    r.set("publisher", "arXiv");
    r.set("number", "arXiv:" + arxiv);
    r.set("DOI", "10.48550/arXiv." + arxiv);
    return r;
}

Record conference(std::string key, std::string title, int year, std::string venue) {
    Record r = paper(std::move(key), std::move(title), year);
    r.type = "paper-conference";
    r.set("container-title", std::move(venue));
    return r;
}

std::size_t count_code(const Diagnostics& d, std::string_view code) {
    std::size_t n = 0;
    for (const auto& x : d.items()) n += x.code == code;
    return n;
}

}  // namespace

TEST(Dedupe, PreprintAndPublishedVersionUnderTwoHeadingsBecomeOnePublishedRecord) {
    Bibliography bib;
    Record pre = preprint("BYOL-arxiv", "Bootstrap Your Own Latent", 2020, "2006.07733");
    pre.sections = {"All Papers", "2020"};
    pre.alias = "BYOL";
    pre.links = {{"paper", "https://arxiv.org/abs/2006.07733", ""}, {"code", "https://github.com/deepmind/byol", ""}};
    Record pub = conference("BYOL", "Bootstrap your own latent", 2020, "Advances in Neural Information Processing Systems");
    pub.sections = {"All Papers", "Contrastive"};
    pub.highlight = true;
    pub.links = {{"paper", "https://proceedings.neurips.cc/byol", ""}};
    Record other = conference("SimCLR", "A Simple Framework for Contrastive Learning", 2020, "ICML");
    bib.records = {pre, other, pub};

    Diagnostics diags;
    EXPECT_EQ(dedupe(bib, diags), 1u);
    ASSERT_EQ(bib.records.size(), 2u);
    const Record& merged = bib.records[0];   // takes the first one's place
    EXPECT_EQ(merged.type, "paper-conference");
    EXPECT_EQ(merged.citation_key, "BYOL");
    EXPECT_EQ(merged.get("container-title"), "Advances in Neural Information Processing Systems");
    EXPECT_EQ(merged.arxiv, "2006.07733");
    EXPECT_EQ(merged.alias, "BYOL");
    EXPECT_TRUE(merged.highlight);
    EXPECT_FALSE(merged.has("publisher"));            // arXiv-only fields do not leak into the published record
    EXPECT_FALSE(merged.has("number"));
    EXPECT_FALSE(merged.has("DOI"));
    EXPECT_EQ(merged.sections, (std::vector<std::string>{"All Papers", "Contrastive"}));
    ASSERT_EQ(merged.other_sections.size(), 1u);
    EXPECT_EQ(merged.other_sections[0], (std::vector<std::string>{"All Papers", "2020"}));
    EXPECT_EQ(merged.links.size(), 3u);
    EXPECT_EQ(bib.records[1].citation_key, "SimCLR");
    EXPECT_EQ(count_code(diags, "dedupe.merge"), 1u);
    EXPECT_EQ(count_code(diags, "dedupe.conflict"), 0u);   // title differs only in case
}

TEST(Dedupe, SameDoiMergesAndConflictsAreReportedNotResolvedSilently) {
    Bibliography bib;
    Record a = paper("a", "Deep learning", 2015);
    a.set("DOI", "10.1038/nature14539");
    a.set("volume", "521");
    Record b = paper("b", "Deep Learning (review)", 2015);
    b.set("DOI", "https://doi.org/10.1038/NATURE14539");
    b.set("volume", "522");
    b.set("page", "436-444");
    bib.records = {a, b};
    Diagnostics diags;
    EXPECT_EQ(dedupe(bib, diags), 1u);
    ASSERT_EQ(bib.records.size(), 1u);
    EXPECT_EQ(bib.records[0].get("volume"), "521");
    EXPECT_EQ(bib.records[0].get("page"), "436-444");   // union of fields
    EXPECT_EQ(count_code(diags, "dedupe.conflict"), 2u); // title and volume
    bool volume_reported = false;
    for (const auto& d : diags.items())
        volume_reported |= d.message == "duplicate 'b' disagrees on 'volume': kept \"521\", not \"522\"";
    EXPECT_TRUE(volume_reported);
}

TEST(Dedupe, ArxivVersionsAreTheSamePaper) {
    Bibliography bib;
    bib.records = {preprint("v1", "Momentum Contrast", 2019, "1911.05722v1"),
                   preprint("v3", "Momentum Contrast for Unsupervised Visual Representation Learning", 2020, "1911.05722v3")};
    Diagnostics diags;
    EXPECT_EQ(dedupe(bib, diags), 1u);
}

TEST(Dedupe, SameTitleButDifferentAuthorsOrYearsStayApart) {
    Bibliography bib;
    Record a = paper("a", "A Survey of Self-Supervised Learning", 2020);
    a.names_for("author") = {Name{.family = "Smith", .given = "J."}};
    Record b = paper("b", "A survey of self-supervised learning", 2020);
    b.names_for("author") = {Name{.family = "Jones", .given = "K."}};
    Record c = paper("c", "A survey of self-supervised learning", 2023);
    c.names_for("author") = {Name{.family = "Smith", .given = "J."}};
    bib.records = {a, b, c};
    Diagnostics diags;
    EXPECT_EQ(dedupe(bib, diags), 0u);
    EXPECT_EQ(bib.records.size(), 3u);
}

TEST(Dedupe, SameTitleAndYearWithSharedAuthorMerge) {
    Bibliography bib;
    Record a = paper("a", "Barlow Twins: Self-Supervised Learning via Redundancy Reduction", 2021);
    a.names_for("author") = {Name{.family = "Zbontar"}, Name{.family = "Jing"}};
    Record b = paper("b", "Barlow twins: self-supervised learning via redundancy reduction.", 2021);
    b.names_for("author") = {Name{.family = "Zbontar"}, Name{.literal = "others"}};
    bib.records = {a, b};
    Diagnostics diags;
    EXPECT_EQ(dedupe(bib, diags), 1u);
}

TEST(MergeInputs, ClashingKeysAreRenamedDeterministically) {
    Bibliography all;
    Diagnostics diags;
    Bibliography a;
    a.records = {paper("smith2020", "A", 2020), paper("smith2020-2", "B", 2020)};
    merge_bibliography(all, std::move(a), "a.bib", diags);
    Bibliography b;
    b.records = {paper("smith2020", "C", 2020), paper("jones", "D", 2021)};
    merge_bibliography(all, std::move(b), "b.bib", diags);
    ASSERT_EQ(all.records.size(), 4u);
    EXPECT_EQ(all.records[2].citation_key, "smith2020-3");
    EXPECT_EQ(all.records[2].id, "smith2020-3");
    EXPECT_EQ(all.records[3].citation_key, "jones");
    ASSERT_EQ(diags.items().size(), 1u);
    EXPECT_EQ(diags.items()[0].file, "b.bib");
    EXPECT_EQ(diags.items()[0].code, "merge.key");
}
