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
              "not closed)\n");
}

TEST(ZoteroRdfHostile, TruncatedAndEmptyInput) {
    ReadResult empty = read_rdf("", "empty.rdf");
    EXPECT_EQ(diagnostics_text(empty.diagnostics), "empty.rdf:1:1: error: malformed xml: no root element\n");

    std::string input = testing::slurp(corpus_dir / "zotero-rdf-export.rdf");
    ReadResult cut = read_rdf(input.substr(0, 700), "cut.rdf");
    ASSERT_EQ(cut.diagnostics.items().size(), 1u);
    EXPECT_EQ(cut.diagnostics.items()[0].severity, Severity::error);
    EXPECT_EQ(cut.diagnostics.items()[0].format(),
              "cut.rdf:17:11: error: malformed xml: the input ends before every element is closed");

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

}  // namespace
}  // namespace bibport::zotero_test
