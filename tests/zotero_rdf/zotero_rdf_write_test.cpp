// SPDX-License-Identifier: MIT
// Writing Zotero RDF: the seed-like list against a hand-reviewed golden file, and the
// writer's rules one by one.
#include "seed_like_records.hpp"
#include "zotero_test_support.hpp"

#include <gtest/gtest.h>

#include <bibport/names.hpp>

#include <pugixml.hpp>

#include <cstdlib>

namespace bibport::zotero_test {
namespace {

/// Compares with a golden file; BIBPORT_UPDATE_GOLDEN=1 rewrites it (then review the diff).
void expect_golden(const std::string& text, const std::filesystem::path& golden) {
    if (std::getenv("BIBPORT_UPDATE_GOLDEN")) testing::spit(golden, text);
    ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
    EXPECT_EQ(text, testing::slurp(golden)) << "differs from " << golden;
}

TEST(ZoteroRdfWrite, SeedLikeListMatchesGolden) {
    Bibliography bib = seed_like_list();
    WriteResult w = write_rdf(bib);
    EXPECT_FALSE(w.failed);
    EXPECT_EQ(diagnostics_text(w.diagnostics), "");
    expect_golden(w.text, data_dir / "seed-like.golden.rdf");
}

// Records are printed one at a time and the document's head put before them at the end: with
// no record the root is an empty element, and text that looks like the writer's own frame is
// only text.
TEST(ZoteroRdfWrite, EmptyBibliographyIsAnEmptyRoot) {
    WriteResult w = write_rdf(Bibliography{});
    EXPECT_FALSE(w.failed);
    EXPECT_EQ(w.text,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" />\n");
    EXPECT_TRUE(read_rdf(w.text, "empty.rdf").bibliography.records.empty());
}

TEST(ZoteroRdfWrite, TextLikeTheDocumentFrameIsKeptAsText) {
    Bibliography bib;
    for (std::string title : {"<placeholder />", "</rdf:RDF>", "<?xml version=\"1.0\"?>"}) {
        Record r;
        r.type = "article-journal";
        r.id = "r" + std::to_string(bib.records.size());
        r.set("title", title);
        bib.records.push_back(std::move(r));
    }
    WriteResult w = write_rdf(bib);
    ASSERT_FALSE(w.failed);
    EXPECT_TRUE(w.text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF xmlns:rdf="));
    EXPECT_TRUE(w.text.ends_with("    </bib:Article>\n</rdf:RDF>\n"));
    EXPECT_NE(w.text.find("<dc:title>&lt;placeholder /&gt;</dc:title>"), std::string::npos);
    ReadResult back = read_rdf(w.text, "frame.rdf");
    ASSERT_EQ(back.bibliography.records.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(back.bibliography.records[i].get("title"), bib.records[i].get("title"));
}

TEST(ZoteroRdfWrite, SeedLikeListReadsBackToTheSameRecords) {
    Bibliography bib = seed_like_list();
    WriteResult w = write_rdf(bib);
    ReadResult back = read_rdf(w.text, "seed-like.rdf");
    EXPECT_EQ(diagnostics_text(back.diagnostics), "");
    EXPECT_EQ(back.bibliography.sections, bib.sections);
    ASSERT_EQ(back.bibliography.records.size(), bib.records.size());
    for (std::size_t i = 0; i < bib.records.size(); ++i)
        EXPECT_EQ(to_text(comparable(back.bibliography.records[i])), to_text(comparable(bib.records[i])));
    for (std::size_t i = 0; i < bib.records.size(); ++i)
        EXPECT_TRUE(comparable(back.bibliography.records[i]) == comparable(bib.records[i])) << bib.records[i].id;
}

/// The parsed output, for structural checks.
struct Parsed {
    pugi::xml_document doc;
    pugi::xml_node root;
    explicit Parsed(const std::string& text) {
        EXPECT_TRUE(doc.load_string(text.c_str()));
        root = doc.document_element();
    }
    pugi::xml_node about(std::string_view uri) const {
        return root.find_child([&](const pugi::xml_node& n) { return uri == n.attribute("rdf:about").value(); });
    }
};

TEST(ZoteroRdfWrite, ConferencePaperAsZoteroWritesIt) {
    Bibliography bib = seed_like_list();
    Parsed out(write_rdf(bib).text);
    pugi::xml_node moco = out.about("#MoCov1");
    ASSERT_TRUE(moco);
    EXPECT_STREQ(moco.name(), "rdf:Description");   // conferencePaper has no item class
    EXPECT_STREQ(moco.child_value("z:itemType"), "conferencePaper");
    pugi::xml_node journal = moco.child("dcterms:isPartOf").child("bib:Journal");
    EXPECT_STREQ(journal.child_value("dc:title"),
                 "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition");
    EXPECT_STREQ(moco.child("bib:presentedAt").child("bib:Conference").child_value("dc:title"),
                 "IEEE/CVF Conference on Computer Vision and Pattern Recognition");
    EXPECT_STREQ(moco.child_value("dc:date"), "2020");
    EXPECT_STREQ(moco.child("dc:identifier").child("dcterms:URI").child_value("rdf:value"),
                 "https://arxiv.org/abs/1911.05722");
    EXPECT_STREQ(moco.child_value("z:shortTitle"), "MoCov1");
    EXPECT_STREQ(moco.child_value("dc:subject"), "\u2605 highlight");
    EXPECT_STREQ(moco.child_value("dc:description"),
                 "arXiv: 1911.05722\nCitation Key: MoCov1\ncontainer-title-short: CVPR");
    // The code link is a linked-URL attachment titled by its role; the paper link is the URL.
    ASSERT_EQ(std::distance(moco.children("link:link").begin(), moco.children("link:link").end()), 1);
    pugi::xml_node att = out.about(moco.child("link:link").attribute("rdf:resource").value());
    EXPECT_STREQ(att.name(), "z:Attachment");
    EXPECT_STREQ(att.child_value("dc:title"), "code");
    EXPECT_STREQ(att.child_value("z:linkMode"), "3");
    EXPECT_STREQ(att.child("dc:identifier").child("dcterms:URI").child_value("rdf:value"),
                 "https://github.com/facebookresearch/moco");
    // Creators in order, as foaf:Person in an rdf:Seq.
    pugi::xml_node first = moco.child("bib:authors").child("rdf:Seq").child("rdf:li").child("foaf:Person");
    EXPECT_STREQ(first.child_value("foaf:surname"), "He");
    EXPECT_STREQ(first.child_value("foaf:givenName"), "Kaiming");
}

TEST(ZoteroRdfWrite, PreprintAsZoteroWritesIt) {
    Parsed out(write_rdf(seed_like_list()).text);
    pugi::xml_node mocov2 = out.about("#MoCov2");
    EXPECT_STREQ(mocov2.name(), "rdf:Description");
    EXPECT_STREQ(mocov2.child_value("z:itemType"), "preprint");
    EXPECT_STREQ(mocov2.child("dc:publisher").child("foaf:Organization").child_value("foaf:name"), "arXiv");
    EXPECT_STREQ(mocov2.child_value("prism:number"), "arXiv:2003.04297");
    EXPECT_STREQ(mocov2.child_value("dc:identifier"), "DOI 10.48550/arXiv.2003.04297");
    EXPECT_FALSE(mocov2.child("dcterms:isPartOf"));
}

TEST(ZoteroRdfWrite, CollectionsNestAsHeadingsDo) {
    Parsed out(write_rdf(seed_like_list()).text);
    pugi::xml_node all = out.about("#collection_1");
    EXPECT_STREQ(all.name(), "z:Collection");
    EXPECT_STREQ(all.child_value("dc:title"), "All Papers");
    std::vector<std::string> years, members_2020;
    for (auto part : all.children("dcterms:hasPart"))
        years.push_back(out.about(part.attribute("rdf:resource").value()).child_value("dc:title"));
    EXPECT_EQ(years, (std::vector<std::string>{"2020", "2021", "2022", "2023"}));
    for (auto part : out.about("#collection_2").children("dcterms:hasPart"))
        members_2020.push_back(part.attribute("rdf:resource").value());
    EXPECT_EQ(members_2020, (std::vector<std::string>{"#MoCov1", "#MoCov2", "#BYOL", "#SimSiam"}));
}

TEST(ZoteroRdfWrite, AHeadingTrailOfAnyDepthIsWrittenWithoutRecursion) {
    // 100 000 nested headings (only crafted input has them): one collection per level, numbered
    // parent first, the item in the innermost one.
    Bibliography bib;
    Record r;
    r.type = "article";
    r.id = "deep";
    r.set("title", "Deep");
    for (int i = 0; i < 100000; ++i) r.sections.push_back(std::to_string(i).insert(0, 1, 'h'));
    bib.records.push_back(r);
    WriteResult w = write_rdf(bib);
    ASSERT_FALSE(w.failed) << diagnostics_text(w.diagnostics);
    Parsed out(w.text);
    EXPECT_STREQ(out.about("#collection_1").child_value("dc:title"), "h0");
    EXPECT_STREQ(out.about("#collection_1").child("dcterms:hasPart").attribute("rdf:resource").value(), "#collection_2");
    pugi::xml_node last = out.about("#collection_100000");
    EXPECT_STREQ(last.child_value("dc:title"), "h99999");
    EXPECT_STREQ(last.child("dcterms:hasPart").attribute("rdf:resource").value(), "#deep");
}

TEST(ZoteroRdfWrite, OnlyUsedNamespacesAreDeclared) {
    Bibliography bib;
    Record r;
    r.type = "webpage";
    r.id = "w";
    r.set("title", "Page");
    bib.records.push_back(r);
    std::string text = write_rdf(bib).text;
    EXPECT_NE(text.find("xmlns:z="), std::string::npos);
    EXPECT_EQ(text.find("xmlns:prism="), std::string::npos);
    EXPECT_EQ(text.find("xmlns:vcard="), std::string::npos);
    EXPECT_TRUE(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF"));
}

TEST(ZoteroRdfWrite, AboutIsUniqueEvenForDuplicateOrEmptyIds) {
    Bibliography bib;
    for (const char* id : {"same", "same", "", "item_3"}) {
        Record r;
        r.type = "book";
        r.id = id;
        r.set("title", std::string("T ") + id);
        r.set("URL", "https://example.org/same");
        bib.records.push_back(r);
    }
    Parsed out(write_rdf(bib).text);
    std::set<std::string> abouts;
    for (auto n : out.root.children()) abouts.insert(n.attribute("rdf:about").value());
    EXPECT_EQ(abouts.size(), 4u);
    ReadResult back = read_rdf(write_rdf(bib).text);
    ASSERT_EQ(back.bibliography.records.size(), 4u);
    EXPECT_EQ(back.bibliography.records[0].id, "same");
    EXPECT_EQ(back.bibliography.records[3].id, "item_3");
    EXPECT_NE(back.bibliography.records[1].id, "same");
}

TEST(ZoteroRdfWrite, HighlightTagOption) {
    Bibliography bib = seed_like_list();
    std::string text = write_rdf(bib, {{"highlight-tag", "starred"}}).text;
    EXPECT_EQ(text.find("\u2605 highlight"), std::string::npos);
    ReadResult back = read_rdf(text, "x.rdf", {{"highlight-tag", "starred"}});
    EXPECT_TRUE(back.bibliography.records[0].highlight);
    ReadResult plain = read_rdf(text);
    EXPECT_FALSE(plain.bibliography.records[0].highlight);
    EXPECT_EQ(plain.bibliography.records[0].keywords, std::vector<std::string>{"starred"});
}

TEST(ZoteroRdfWrite, EscapesMarkupAndKeepsItVerbatim) {
    Bibliography bib;
    Record r;
    r.type = "article-journal";
    r.id = "a&b <c>";
    r.set("title", "Fish & Chips: <i>Salmo</i> \"salar\" 'x' > y");
    r.set("container-title", "J. Ampersand & Co");
    r.notes.push_back("<p>A &amp; B</p>");
    r.names.push_back(NameList{"author", {Name{.literal = "R&D <Team>"}}});
    bib.records.push_back(r);
    WriteResult w = write_rdf(bib);
    EXPECT_NE(w.text.find("Fish &amp; Chips: &lt;i&gt;Salmo&lt;/i&gt;"), std::string::npos);
    EXPECT_NE(w.text.find("rdf:about=\"#a%26b%20%3Cc%3E\""), std::string::npos);
    ReadResult back = read_rdf(w.text);
    ASSERT_EQ(back.bibliography.records.size(), 1u);
    EXPECT_EQ(comparable(back.bibliography.records[0]), comparable(r));
}

TEST(ZoteroRdfWrite, PrimaryCreatorAndNameParts) {
    Bibliography bib;
    Record sw;
    sw.type = "software";
    sw.id = "sw";
    sw.set("title", "Tool");
    sw.names.push_back(NameList{"author", {person("Knuth", "Donald")}});
    Name vb;
    vb.family = "Beethoven";
    vb.non_dropping_particle = "van";
    vb.given = "Ludwig";
    Name jr = person("King", "Martin Luther");
    jr.suffix = "Jr.";
    Name lf;
    lf.family = "La Fontaine";
    lf.given = "Jean";
    lf.dropping_particle = "de";
    sw.names.push_back(NameList{"translator", {vb, jr, lf}});
    bib.records.push_back(sw);
    WriteResult w = write_rdf(bib);
    EXPECT_NE(w.text.find("<z:programmers>"), std::string::npos);
    EXPECT_NE(w.text.find("<foaf:surname>van Beethoven</foaf:surname>"), std::string::npos);
    EXPECT_NE(w.text.find("<foaf:givenName>Martin Luther, Jr.</foaf:givenName>"), std::string::npos);
    EXPECT_NE(w.text.find("<foaf:givenName>Jean de</foaf:givenName>"), std::string::npos);
    ReadResult back = read_rdf(w.text);
    EXPECT_EQ(comparable(back.bibliography.records.at(0)), comparable(sw));
}

TEST(ZoteroRdfWrite, WhatZoteroLacksGoesToExtraAndComesBack) {
    Bibliography bib;
    Record r;
    r.type = "review";   // no Zotero item type
    r.id = "rev";
    r.set("title", "A review");
    r.set("reviewed-title", "The reviewed book");
    r.set("title-short", "Review");
    r.categories = {"ml", "vision"};
    Date od;
    od.name = "original-date";
    od.parts = {{1999, 12, 31}};
    r.dates.push_back(od);
    r.extra.emplace_back("zotero.callNumberExtra", "value");
    r.extra.emplace_back("zotero.dcterms:issued", "2001");
    r.extra.emplace_back("bibtex.note", "from bibtex");
    bib.records.push_back(r);
    WriteResult w = write_rdf(bib);
    EXPECT_EQ(diagnostics_text(w.diagnostics), "");
    EXPECT_NE(w.text.find("<z:itemType>document</z:itemType>"), std::string::npos);
    EXPECT_NE(w.text.find("<z:callNumberExtra>value</z:callNumberExtra>"), std::string::npos);
    EXPECT_NE(w.text.find("<dcterms:issued>2001</dcterms:issued>"), std::string::npos);
    EXPECT_NE(w.text.find("type: review\ncategories: ml; vision\nreviewed-title: The reviewed book\n"
                          "title-short: Review\noriginal-date: 1999-12-31\ntex.note: from bibtex"),
              std::string::npos)
        << w.text;
    ReadResult back = read_rdf(w.text);
    EXPECT_EQ(diagnostics_text(back.diagnostics), "");
    EXPECT_EQ(to_text(comparable(back.bibliography.records.at(0))), to_text(comparable(r)));
}

TEST(ZoteroRdfWrite, WhatZoteroCannotSayNativelyStillComesBack) {
    Bibliography bib;
    Record r;
    r.type = "paper-conference";
    r.id = "r";
    r.alias = "LLaVA";
    r.set("title", "Visual Instruction Tuning");
    r.set("title-short", "LLaVA");   // the same as the alias
    r.set("URL", "https://arxiv.org/abs/2304.08485");
    Name family_only;
    family_only.family = "Alayrac";
    r.names.push_back(NameList{"author", {person("Liu", "Haotian"), family_only, names::others()}});
    r.names.push_back(NameList{"editor", {Name{.literal = "NeurIPS Foundation"}}});
    r.links = {{"paper", "https://arxiv.org/abs/2304.08485", "arXiv"},
               {"code", "https://github.com/haotian-liu/LLaVA", "GitHub"},
               {"project", "https://llava-vl.github.io/", "Project Page"},
               {"video", "https://example.org/v", "Video"}};
    bib.records.push_back(r);
    WriteResult w = write_rdf(bib);
    EXPECT_EQ(diagnostics_text(w.diagnostics), "");
    EXPECT_NE(w.text.find("bibport.et-al: author"), std::string::npos);
    EXPECT_EQ(w.text.find("title-short"), std::string::npos);
    EXPECT_NE(w.text.find("<dc:title>arXiv</dc:title>\n        <dc:type>paper</dc:type>"), std::string::npos) << w.text;
    EXPECT_EQ(w.text.find("<dc:type>video</dc:type>"), std::string::npos);   // "Video" gives the role back
    ReadResult back = read_rdf(w.text);
    EXPECT_EQ(diagnostics_text(back.diagnostics), "");
    Record expected = r;
    expected.erase("title-short");   // Zotero's short title holds the alias once
    EXPECT_EQ(to_text(comparable(back.bibliography.records.at(0))), to_text(comparable(expected)));
}

TEST(ZoteroRdfWrite, DocumentTitleIsReportedAsLoss) {
    Bibliography bib = seed_like_list();
    bib.title = "Self-Supervised Pretraining";
    WriteResult w = write_rdf(bib);
    ASSERT_EQ(w.diagnostics.items().size(), 1u);
    EXPECT_EQ(w.diagnostics.items()[0].code, "loss.title");
}

}  // namespace
}  // namespace bibport::zotero_test
