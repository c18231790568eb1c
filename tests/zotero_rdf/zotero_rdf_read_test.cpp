// SPDX-License-Identifier: MIT
// Reading Zotero's own RDF exports: the corpus file against a hand-written expectation,
// and the RDF/XML variants Zotero's export and import produce and accept.
#include "zotero_test_support.hpp"

#include <gtest/gtest.h>

namespace bibport::zotero_test {
namespace {

TEST(ZoteroRdfRead, CorpusExportMatchesExpectation) {
    std::string input = testing::slurp(corpus_dir / "zotero-rdf-export.rdf");
    ASSERT_FALSE(input.empty());
    ReadResult r = read_rdf(input, "zotero-rdf-export.rdf");
    EXPECT_EQ(diagnostics_text(r.diagnostics), "");
    EXPECT_EQ(to_text(r.bibliography), testing::slurp(data_dir / "zotero-rdf-export.expected.txt"));
    ASSERT_EQ(r.bibliography.records.size(), 2u);
    EXPECT_EQ(r.bibliography.records[0].source_line, 9u);
    EXPECT_EQ(r.bibliography.records[1].source_line, 58u);
}

TEST(ZoteroRdfRead, EveryCorpusRdfFileHasAnExpectation) {
    // A new Zotero RDF example in the corpus must get its own expectation file.
    for (const auto& entry : std::filesystem::directory_iterator(corpus_dir)) {
        if (entry.path().extension() != ".rdf") continue;
        auto expected = data_dir / (entry.path().stem().string() + ".expected.txt");
        ASSERT_TRUE(std::filesystem::exists(expected)) << expected;
        ReadResult r = read_rdf(testing::slurp(entry.path()), entry.path().filename().string());
        EXPECT_FALSE(r.diagnostics.has_errors()) << diagnostics_text(r.diagnostics);
        EXPECT_EQ(to_text(r.bibliography), testing::slurp(expected)) << entry.path();
    }
}

TEST(ZoteroRdfRead, Probe) {
    plugins::zotero_rdf::ZoteroRdfReader reader;
    std::string input = testing::slurp(corpus_dir / "zotero-rdf-export.rdf");
    EXPECT_GE(reader.probe(input.substr(0, 4096)), 90);
    EXPECT_EQ(reader.probe("@article{x, title={y}}"), 0);
    EXPECT_LT(reader.probe("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"), 50);
}

// Collections nest by dcterms:hasPart; an item in two collections keeps the second trail in
// other_sections; attachments (link and file), standalone notes and unknown predicates and
// item types are kept.
TEST(ZoteroRdfRead, LibraryWithCollectionsAttachmentsNotesAndUnknowns) {
    ReadResult r = read_rdf(testing::slurp(data_dir / "library.rdf"), "library.rdf");
    EXPECT_EQ(diagnostics_text(r.diagnostics), "");
    EXPECT_EQ(to_text(r.bibliography), R"(collection Top
collection Top > Sub
collection Other
record item_10
  type: article
  citation-key: pre2021
  alias: PRE
  highlight: true
  arxiv: 2101.00001v2
  names author: [van der] Maaten, Laurens; {OpenAI}
  names programmer: Doe, Jane
  date issued: 2021-1-4
  date original-date: 2020-12
  field DOI: 10.48550/arXiv.2101.00001
  field container-title-short: arXiv
  field note: Some free text: that is no field\nsecond line
  field number: arXiv:2101.00001
  field publisher: arXiv
  field publisher-place: Ithaca
  field title: A Preprint & <Friends>
  keyword: ssl
  section: Top > Sub
  other-section: Other
  link code: https://github.com/x/y (Code)
  link full text pdf: files/13/paper.pdf (Full Text PDF)
  note: <p>child note</p>
  extra zotero.archiveID: ignored-by-zotero
  extra zotero.http://example.org/terms#rating: 5
  extra bibtex.timestamp: 2021-02-03
record item_2
  type: document
  field title: Unknown type
  section: Top
  extra zotero.itemType: treaty
record item_20
  type: document
  note: <p>standalone</p>
  extra zotero.itemType: note
record item_30
  type: broadcast
  field title: Broadcast
  extra zotero.itemType: tvBroadcast
)");
}

TEST(ZoteroRdfRead, HighlightTagOption) {
    std::string input = testing::slurp(data_dir / "library.rdf");
    ReadResult r = read_rdf(input, "library.rdf", {{"highlight-tag", "ssl"}});
    ASSERT_FALSE(r.bibliography.records.empty());
    const Record& rec = r.bibliography.records[0];
    EXPECT_TRUE(rec.highlight);
    EXPECT_EQ(rec.keywords, std::vector<std::string>{"★ highlight"});
}

TEST(ZoteroRdfRead, NotZoteroRdfIsAClearError) {
    ReadResult r = read_rdf(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
  <rdf:Description rdf:about="http://example.org/a"><dc:title>Dublin Core only</dc:title></rdf:Description>
</rdf:RDF>)", "dc.rdf");
    ASSERT_EQ(r.diagnostics.items().size(), 1u);
    EXPECT_EQ(r.diagnostics.items()[0].format(),
              "dc.rdf:1:1: error: not a zotero rdf file: no resource has a z:itemType (this reads zotero's own rdf "
              "export, not dublin core, bibo or other rdf)");
    EXPECT_TRUE(r.bibliography.records.empty());

    ReadResult html = read_rdf("<html>\n  <body/>\n</html>", "page.html");
    ASSERT_EQ(html.diagnostics.items().size(), 1u);
    EXPECT_EQ(html.diagnostics.items()[0].format(),
              "page.html:1:1: error: not rdf/xml: the root element is <html>, expected <rdf:RDF> as zotero rdf has");
}

TEST(ZoteroRdfRead, EmptyExportHasNoRecordsAndNoErrors) {
    ReadResult r = read_rdf(R"(<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>)");
    EXPECT_EQ(diagnostics_text(r.diagnostics), "");
    EXPECT_TRUE(r.bibliography.records.empty());
}

TEST(ZoteroRdfRead, ReferencedNodesAndPropertyAttributes) {
    // Same statements written with references, rdf:nodeID, rdf:parseType="Resource" and
    // property attributes instead of nesting.
    ReadResult r = read_rdf(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:dcterms="http://purl.org/dc/terms/" xmlns:bib="http://purl.org/net/biblio#"
 xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:prism="http://prismstandard.org/namespaces/1.2/basic/">
  <rdf:Description rdf:about="#a" dc:title="Attribute title" z:itemType="journalArticle">
    <dcterms:isPartOf rdf:nodeID="j"/>
    <bib:authors rdf:resource="#seq"/>
    <bib:presentedAt rdf:parseType="Resource"><dc:title>A conference</dc:title></bib:presentedAt>
  </rdf:Description>
  <rdf:Seq rdf:about="#seq"><rdf:_1 rdf:resource="#p"/></rdf:Seq>
  <rdf:Description rdf:about="#p"><rdf:type rdf:resource="http://xmlns.com/foaf/0.1/Person"/>
    <foaf:surname>Curie</foaf:surname><foaf:givenName>Marie</foaf:givenName></rdf:Description>
  <bib:Journal rdf:nodeID="j"><dc:title>Journal</dc:title><prism:volume>3</prism:volume></bib:Journal>
</rdf:RDF>)");
    EXPECT_EQ(diagnostics_text(r.diagnostics), "");
    EXPECT_EQ(to_text(r.bibliography), R"(record a
  type: article-journal
  names author: Curie, Marie
  field container-title: Journal
  field event-title: A conference
  field title: Attribute title
  field volume: 3
)");
}

}  // namespace
}  // namespace bibport::zotero_test

namespace bibport::zotero_test {
namespace {

TEST(ZoteroRdfRead, SampleReadsCleanlyAndRoundTrips) {
    std::filesystem::path sample = std::filesystem::path(BIBPORT_SOURCE_DIR) / "samples" / "zotero" / "paper-list.rdf";
    ReadResult r = read_rdf(testing::slurp(sample), "paper-list.rdf");
    EXPECT_EQ(diagnostics_text(r.diagnostics), "");
    ASSERT_EQ(r.bibliography.records.size(), 3u);
    EXPECT_EQ(r.bibliography.sections,
              (std::vector<std::vector<std::string>>{{"All Papers"}, {"All Papers", "2015"}, {"All Papers", "2020"}}));
    const Record& moco = r.bibliography.records[1];
    EXPECT_EQ(moco.id, "MoCov1");
    EXPECT_EQ(moco.type, "paper-conference");
    EXPECT_TRUE(moco.highlight);
    EXPECT_EQ(moco.arxiv, "1911.05722");
    EXPECT_EQ(moco.get("container-title-short"), "CVPR");
    EXPECT_EQ(moco.links, (std::vector<Link>{{"paper", "https://arxiv.org/abs/1911.05722", ""},
                                             {"code", "https://github.com/facebookresearch/moco", ""}}));
    EXPECT_EQ(r.bibliography.records[2].notes,
              std::vector<std::string>{"<p>Adds an MLP head and stronger augmentation to MoCo.</p>"});
    EXPECT_EQ(r.bibliography.records[0].sections, (std::vector<std::string>{"All Papers", "2015"}));
    EXPECT_EQ(r.bibliography.records[0].get("issue"), "7553");

    ReadResult again = read_rdf(write_rdf(r.bibliography).text);
    ASSERT_EQ(again.bibliography.records.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(to_text(comparable(again.bibliography.records[i])), to_text(comparable(r.bibliography.records[i])));
}

}  // namespace
}  // namespace bibport::zotero_test
