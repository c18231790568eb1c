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

TEST(ZoteroRdfRead, ManyItemsKeepTheirOrderIdsAndWarnings) {
    // Enough items for several batches: records, ids (which depend on the items before) and
    // warnings come out in input order.
    std::string input =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
        "xmlns:z=\"http://www.zotero.org/namespaces/export#\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:bib=\"http://purl.org/net/biblio#\">\n";
    constexpr std::size_t kItems = 1000;
    std::vector<std::string> ids;
    std::string warnings;
    for (std::size_t i = 0; i < kItems; ++i) {
        std::string line = "  <bib:Book";
        std::string id;
        if (i % 10 == 5) {
            id = "item_" + std::to_string(i + 1);   // neither about nor citation key
        } else if (i % 10 == 3) {
            id = "key" + std::to_string(i / 20);   // a citation key two items share
            if (i % 20 == 13) id += "-2";
        } else {
            id = std::to_string(i).insert(0, 1, 'b');
            line += " rdf:about=\"#" + id + "\"";
        }
        line += "><z:itemType>book</z:itemType>";
        if (i % 10 == 3) line += "<z:citationKey>key" + std::to_string(i / 20) + "</z:citationKey>";
        const std::string line_no = std::to_string(i + 3);
        if (i % 11 == 0) {
            warnings += "many.rdf:" + line_no + ":" + std::to_string(line.size() + 1) +
                        ": warning: control characters removed from text (xml 1.0 does not allow them)\n";
            line += "<dc:title>Title&#x1; " + std::to_string(i) + "</dc:title>";
        } else if (i % 7 != 0) {
            line += "<dc:title>Title " + std::to_string(i) + "</dc:title>";
        }
        line += "</bib:Book>\n";
        // A warning names the item by its citation key: the id is given after the item is read.
        if (i % 7 == 0 && i % 11 != 0)
            warnings += "many.rdf:" + line_no + ":3: warning: item has no title" +
                        (i % 10 == 3 ? " [key" + std::to_string(i / 20) + "]" : std::string()) + "\n";
        input += line;
        ids.push_back(id);
    }
    input += "  <z:Collection rdf:about=\"#c\"><dc:title>C</dc:title><dcterms:hasPart rdf:resource=\"#b999\"/>"
             "<dcterms:hasPart rdf:resource=\"#b1\"/></z:Collection>\n</rdf:RDF>\n";

    ReadResult r = read_rdf(input, "many.rdf");
    EXPECT_EQ(diagnostics_text(r.diagnostics), warnings);
    ASSERT_EQ(r.bibliography.records.size(), kItems);
    for (std::size_t i = 0; i < kItems; ++i) {
        const Record& rec = r.bibliography.records[i];
        EXPECT_EQ(rec.id, ids[i]) << i;
        EXPECT_EQ(rec.get("title"), i % 7 == 0 && i % 11 != 0 ? "" : "Title " + std::to_string(i)) << i;
    }
    EXPECT_EQ(r.bibliography.records[999].sections, std::vector<std::string>{"C"});
    EXPECT_EQ(r.bibliography.records[1].sections, std::vector<std::string>{"C"});
    EXPECT_TRUE(r.bibliography.records[2].sections.empty());
}

TEST(ZoteroRdfRead, NamespacesInScopeAndBlankNodeNames) {
    // Prefixes resolve against the declarations in scope (a default namespace, a prefix
    // declared again on a property element, an element declaring its own); a URI spelling the
    // name the reader gives a blank node ("_:b1": the first nested node) is that node.
    std::string input =
        "<?xml version=\"1.0\"?>\n"
        "<r:RDF xmlns:r=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:z=\"http://www.zotero.org/namespaces/export#\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:bib=\"http://purl.org/net/biblio#\" "
        "xmlns:prism=\"http://prismstandard.org/namespaces/1.2/basic/\">\n"
        "  <r:Description r:about=\"#a\" z:itemType=\"journalArticle\">\n"
        "    <title>Default namespace</title>\n"
        "    <dc:creator xmlns:dc=\"http://purl.org/dc/terms/\">redeclared</dc:creator>\n"
        "    <dc:date>1999</dc:date>\n"
        "    <dcterms:isPartOf><bib:Journal><dc:title>J</dc:title></bib:Journal></dcterms:isPartOf>\n"
        "    <q:x>undeclared</q:x>\n"
        "  </r:Description>\n"
        "  <r:Description r:about=\"_:b1\"><prism:volume>5</prism:volume></r:Description>\n"
        "  <Description xmlns=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" about=\"#b\" "
        "xmlns:z=\"http://www.zotero.org/namespaces/export#\">\n"
        "    <z:itemType>thesis</z:itemType>\n"
        "    <z:numPages>12</z:numPages>\n"
        "  </Description>\n"
        "</r:RDF>\n";
    ReadResult r = read_rdf(input, "ns.rdf");
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "ns.rdf:8:5: warning: undeclared namespace prefix in element <q:x>\n"
              "ns.rdf:11:3: warning: item has no title\n");
    ASSERT_EQ(r.bibliography.records.size(), 2u);
    const Record& a = r.bibliography.records[0];
    EXPECT_EQ(a.id, "a");
    EXPECT_EQ(a.type, "article-journal");
    EXPECT_EQ(a.get("title"), "Default namespace");
    EXPECT_EQ(a.get("container-title"), "J");
    EXPECT_EQ(a.get("volume"), "5");
    EXPECT_EQ(a.extra, (std::vector<std::pair<std::string, std::string>>{{"zotero.dcterms:creator", "redeclared"}}));
    const Record& b = r.bibliography.records[1];
    EXPECT_EQ(b.id, "b");
    EXPECT_EQ(b.type, "thesis");
    EXPECT_EQ(b.get("number-of-pages"), "12");
}

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
