// SPDX-License-Identifier: MIT
// Hostile and broken XML: entity expansion, external entities, characters XML 1.0 forbids,
// and malformed documents reported at file:line:col.
#include "zotero_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace bibport::zotero_test {
namespace {

TEST(ZoteroRdfHostile, BillionLaughsIsNotExpanded) {
    std::string input = testing::slurp(data_dir / "billion-laughs.rdf");
    auto start = std::chrono::steady_clock::now();
    ReadResult r = read_rdf(input, "billion-laughs.rdf");
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(2));
    ASSERT_EQ(r.bibliography.records.size(), 1u);
    const Record& rec = r.bibliography.records[0];
    // The reference stays as text: ten characters, not 3 * 10^9.
    EXPECT_EQ(rec.get("title"), "&lol9;");
    EXPECT_EQ(rec.get("note"), "&lol9; &lol9; &lol9;");
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "billion-laughs.rdf:2:1: warning: the document type declaration defines entities; they are not "
              "expanded and references to them stay as text\n");
}

TEST(ZoteroRdfHostile, ExternalEntitiesAreNeverResolved) {
    std::string input = testing::slurp(data_dir / "external-entity.rdf");
    ReadResult r = read_rdf(input, "external-entity.rdf");
    ASSERT_EQ(r.bibliography.records.size(), 1u) << diagnostics_text(r.diagnostics);
    const Record& rec = r.bibliography.records[0];
    EXPECT_EQ(rec.get("title"), "Secrets: &xxe;");
    EXPECT_EQ(rec.get("publisher"), "&remote;");
    EXPECT_EQ(to_text(r.bibliography).find("root:"), std::string::npos);
    EXPECT_FALSE(r.diagnostics.has_errors());
    EXPECT_EQ(r.diagnostics.count(Severity::warning), 1u);
}

TEST(ZoteroRdfHostile, ControlCharacterReferencesAreRemovedWithAWarning) {
    ReadResult r = read_rdf(testing::slurp(data_dir / "control-characters.rdf"), "control-characters.rdf");
    ASSERT_EQ(r.bibliography.records.size(), 1u);
    EXPECT_EQ(r.bibliography.records[0].get("title"), "Bellandnul");
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "control-characters.rdf:6:9: warning: control characters removed from text (xml 1.0 does not allow "
              "them)\n");
}

TEST(ZoteroRdfHostile, MalformedXmlGivesFileLineColumn) {
    ReadResult r = read_rdf(testing::slurp(data_dir / "malformed.rdf"), "malformed.rdf");
    EXPECT_TRUE(r.bibliography.records.empty());
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "malformed.rdf:6:35: error: malformed xml: end tag does not match the open element (or an element is "
              "not closed); <rdf:Description> from line 4 skipped\n");
    EXPECT_EQ(r.diagnostics.skipped(), 1u);
}

TEST(ZoteroRdfHostile, TruncatedAndEmptyInput) {
    ReadResult empty = read_rdf("", "empty.rdf");
    EXPECT_EQ(diagnostics_text(empty.diagnostics), "empty.rdf:1:1: error: malformed xml: no root element\n");

    std::string input = testing::slurp(corpus_dir / "zotero-rdf-export.rdf");
    ReadResult cut = read_rdf(input.substr(0, 700), "cut.rdf");
    ASSERT_EQ(cut.diagnostics.items().size(), 1u);
    EXPECT_EQ(cut.diagnostics.items()[0].severity, Severity::error);
    EXPECT_EQ(cut.diagnostics.items()[0].format(),
              "cut.rdf:17:11: error: malformed xml: the input ends before every element is closed; <bib:Article> "
              "from line 9 skipped");
    EXPECT_EQ(cut.diagnostics.items()[0].code, "skip");

    ReadResult prefix = read_rdf("<x:RDF xmlns:y=\"urn:y\"><x:a/></x:RDF>", "prefix.rdf");
    EXPECT_TRUE(prefix.diagnostics.has_errors());
}

TEST(ZoteroRdfHostile, WriterRejectsControlCharactersPerRecord) {
    Bibliography bib;
    Record good;
    good.type = "book";
    good.id = "good";
    good.set("title", "Fine & <dandy>");
    Record bad;
    bad.type = "book";
    bad.id = "bad";
    bad.set("title", std::string("Bell\x07") + "here");
    Record bad_note = good;
    bad_note.id = "bad-note";
    bad_note.notes.push_back(std::string("nul \x01 inside"));
    bib.records = {good, bad, bad_note};
    WriteResult w = write_rdf(bib);
    EXPECT_FALSE(w.failed);
    EXPECT_EQ(diagnostics_text(w.diagnostics),
              "<input>: error: record not written: control character U+0007 in field 'title' (xml 1.0 cannot "
              "represent it) [bad]\n"
              "<input>: error: record not written: control character U+0001 in a note (xml 1.0 cannot represent "
              "it) [bad-note]\n");
    EXPECT_EQ(w.text.find('\x07'), std::string::npos);
    EXPECT_EQ(w.text.find("&#"), std::string::npos);
    ReadResult back = read_rdf(w.text);
    EXPECT_EQ(diagnostics_text(back.diagnostics), "");
    ASSERT_EQ(back.bibliography.records.size(), 1u);
    EXPECT_EQ(back.bibliography.records[0].get("title"), "Fine & <dandy>");
}

TEST(ZoteroRdfHostile, WriterRejectsInvalidUtf8) {
    Bibliography bib;
    Record r;
    r.type = "book";
    r.id = "x";
    r.set("title", "caf\xC3");
    bib.records = {r};
    WriteResult w = write_rdf(bib);
    ASSERT_EQ(w.diagnostics.items().size(), 1u);
    EXPECT_EQ(w.diagnostics.items()[0].code, "skip");
    EXPECT_NE(w.diagnostics.items()[0].message.find("invalid UTF-8"), std::string::npos);
}

// --- malformed and deeply nested documents: the good items around a bad one survive ---------

const char* const kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    " xmlns:z=\"http://www.zotero.org/namespaces/export#\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    " xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:bib=\"http://purl.org/net/biblio#\">\n";   // 4 lines

std::string item(int n) {
    return "<bib:Article rdf:about=\"#item_" + std::to_string(n) + "\">\n  <z:itemType>journalArticle</z:itemType>\n"
           "  <dc:title>Good " + std::to_string(n) + "</dc:title>\n</bib:Article>\n";   // 4 lines
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::vector<std::string> titles(const ReadResult& r) {
    std::vector<std::string> out;
    for (const auto& rec : r.bibliography.records) out.emplace_back(rec.get("title"));
    return out;
}

TEST(ZoteroRdfHostile, BadItemBetweenGoodOnesIsSkipped) {
    std::string bad = "<bib:Article rdf:about=\"#item_bad\">\n  <z:itemType>journalArticle</z:itemType>\n"
                      "  <dc:title>Bad</dc:titel>\n</bib:Article>\n";   // pugixml points at "dc:titel"
    ReadResult r = read_rdf(kHead + item(1) + bad + item(3) + "</rdf:RDF>\n");
    EXPECT_EQ(titles(r), (std::vector<std::string>{"Good 1", "Good 3"}));
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "test.rdf:11:18: error: malformed xml: end tag does not match the open element (or an element is not "
              "closed); <bib:Article> from line 9 skipped\n");
    EXPECT_EQ(r.diagnostics.skipped(), 1u);
}

TEST(ZoteroRdfHostile, SeveralBadItemsAreEachSkipped) {
    // An unclosed element whose end tag closes the item, and an attribute without quotes.
    std::string unclosed = "<bib:Article rdf:about=\"#u\">\n  <dc:title>Unclosed\n</bib:Article>\n";
    std::string unquoted = "<bib:Article rdf:about=#q>\n  <dc:title>Unquoted</dc:title>\n</bib:Article>\n";
    ReadResult r = read_rdf(kHead + item(1) + unclosed + item(2) + unquoted + item(3) + "</rdf:RDF>\n");
    EXPECT_EQ(titles(r), (std::vector<std::string>{"Good 1", "Good 2", "Good 3"}));
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "test.rdf:11:3: error: malformed xml: end tag does not match the open element (or an element is not "
              "closed); <bib:Article> from line 9 skipped\n"
              "test.rdf:16:24: error: malformed xml: bad attribute (expected name=\"value\"); <bib:Article> from line "
              "16 skipped\n");
    EXPECT_EQ(r.diagnostics.skipped(), 2u);
}

TEST(ZoteroRdfHostile, StrayEndTagBetweenItemsLosesNoItem) {
    // The item before the error is closed: it is kept, and reading goes on at the next item.
    ReadResult r = read_rdf(kHead + item(1) + "</dc:title>\n" + item(2) + "</rdf:RDF>\n");
    EXPECT_EQ(titles(r), (std::vector<std::string>{"Good 1", "Good 2"}));
    ASSERT_EQ(r.diagnostics.items().size(), 1u) << diagnostics_text(r.diagnostics);
    EXPECT_EQ(r.diagnostics.items()[0].line, 9u);
    EXPECT_EQ(r.diagnostics.items()[0].severity, Severity::error);
}

TEST(ZoteroRdfHostile, TruncatedItemKeepsTheCompleteOnes) {
    std::string cut = "<bib:Article rdf:about=\"#item_cut\">\n  <dc:title>A Truncated Ti";
    ReadResult r = read_rdf(kHead + item(1) + item(2) + cut);
    EXPECT_EQ(titles(r), (std::vector<std::string>{"Good 1", "Good 2"}));
    EXPECT_EQ(diagnostics_text(r.diagnostics),
              "test.rdf:14:26: error: malformed xml: the input ends before every element is closed; <bib:Article> "
              "from line 13 skipped\n");
    EXPECT_EQ(r.diagnostics.skipped(), 1u);
}

TEST(ZoteroRdfHostile, DeepNestingIsSkippedWithTheItemsAround) {
    // 100 000 levels once as unknown elements in a literal, once as containers in containers:
    // the walk must not recurse that deep; the item is skipped at the first level over 1000.
    std::string in_literal = "<bib:Article rdf:about=\"#deep\">\n  <dc:title>Deep</dc:title>\n  <dc:subject>" +
                             repeat("<x>", 100000) + "s" + repeat("</x>", 100000) + "</dc:subject>\n</bib:Article>\n";
    std::string containers = "<bib:Article rdf:about=\"#deep\">\n  <dc:title>Deep</dc:title>\n  " +
                             repeat("<dcterms:isPartOf><bib:Journal>", 50000) +
                             repeat("</bib:Journal></dcterms:isPartOf>", 50000) + "\n</bib:Article>\n";
    // Column of the '<' of the element at level 1001 on line 11 (the item is level 1): the
    // 999th <x>, and the 500th <bib:Journal>.
    const std::size_t literal_col = 3 + std::string("<dc:subject>").size() + 998 * 3;
    const std::size_t container_col =
        3 + 499 * std::string("<dcterms:isPartOf><bib:Journal>").size() + std::string("<dcterms:isPartOf>").size();
    for (const auto& [deep, col] : {std::pair{in_literal, literal_col}, std::pair{containers, container_col}}) {
        ReadResult r = read_rdf(kHead + item(1) + deep + item(3) + "</rdf:RDF>\n");
        EXPECT_EQ(titles(r), (std::vector<std::string>{"Good 1", "Good 3"}));
        EXPECT_EQ(diagnostics_text(r.diagnostics),
                  "test.rdf:11:" + std::to_string(col) +
                      ": error: elements nested more than 1000 levels deep; <bib:Article> from line 9 skipped\n");
        EXPECT_EQ(r.diagnostics.skipped(), 1u);
    }
}

TEST(ZoteroRdfHostile, NestingWithinTheLimitIsRead) {
    std::string nested = "<bib:Article rdf:about=\"#nested\">\n  <z:itemType>journalArticle</z:itemType>\n"
                         "  <dc:title>Nested</dc:title>\n  <dc:subject>" + repeat("<x>", 990) + "s" +
                         repeat("</x>", 990) + "</dc:subject>\n</bib:Article>\n";
    ReadResult r = read_rdf(kHead + item(1) + nested + "</rdf:RDF>\n");
    EXPECT_EQ(titles(r), (std::vector<std::string>{"Good 1", "Nested"}));
    EXPECT_EQ(r.diagnostics.skipped(), 0u) << diagnostics_text(r.diagnostics);
}

TEST(ZoteroRdfHostile, LongContainerChainIsWalkedWithoutRecursion) {
    // Containers chained by reference (not nesting): 100 000 of them, each part of the next.
    std::string chain;
    for (int i = 0; i < 100000; ++i)
        chain += "<bib:Journal rdf:about=\"#j" + std::to_string(i) + "\"><dcterms:isPartOf rdf:resource=\"#j" +
                 std::to_string(i + 1) + "\"/></bib:Journal>\n";
    std::string top = "<bib:Article rdf:about=\"#chained\">\n  <z:itemType>journalArticle</z:itemType>\n"
                      "  <dc:title>Chained</dc:title>\n  <dcterms:isPartOf rdf:resource=\"#j0\"/>\n</bib:Article>\n";
    ReadResult r = read_rdf(kHead + top + chain + "<bib:Journal rdf:about=\"#j100000\"><dc:title>End</dc:title>"
                            "</bib:Journal>\n</rdf:RDF>\n");
    ASSERT_EQ(r.bibliography.records.size(), 1u) << diagnostics_text(r.diagnostics).substr(0, 2000);
    EXPECT_EQ(r.bibliography.records[0].get("container-title"), "End");
}

}  // namespace
}  // namespace bibport::zotero_test
