// SPDX-License-Identifier: MIT
#include "csv_test_util.hpp"

#include <gtest/gtest.h>

using namespace csvtest;

namespace {

/// Writes `bib` with `options`, reads it back with the same profile recognised from the
/// header, and returns the records.
std::vector<Record> round_trip(const Bibliography& bib, Options options) {
    auto written = write_csv(bib, options);
    EXPECT_FALSE(written.failed) << errors_of(written.diagnostics);
    EXPECT_TRUE(written.diagnostics.items().empty()) << errors_of(written.diagnostics);
    Options read_options;
    if (auto it = options.find("escape-formulas"); it != options.end()) read_options.insert(*it);
    auto back = read_csv(written.text, read_options);
    EXPECT_TRUE(back.diagnostics.items().empty()) << errors_of(back.diagnostics) << written.text;
    return back.bibliography.records;
}

void expect_same(const std::vector<Record>& want, std::vector<Record> got, bool ids_from_keys = false) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        Record w = want[i];
        // The simple profile has one Key column: it holds the citation key, else the id, and
        // reads back as both.
        if (ids_from_keys) {
            if (w.citation_key.empty()) w.citation_key = w.id;
            w.id = w.citation_key;
        }
        got[i].source_line = 0;
        EXPECT_EQ(dump(got[i]), dump(w)) << "record " << i;
    }
}

TEST(CsvRoundTrip, SeedRecordsThroughTheZoteroProfile) {
    Bibliography bib = seed_like();
    expect_same(bib.records, round_trip(bib, {}));
}

TEST(CsvRoundTrip, SeedRecordsThroughTheSimpleProfile) {
    Bibliography bib = seed_like();
    expect_same(bib.records, round_trip(bib, {{"profile", "simple"}}), true);
}

TEST(CsvRoundTrip, EveryPartOfTheRecordThroughBothProfiles) {
    Bibliography bib;
    bib.records.push_back(full_record());
    expect_same(bib.records, round_trip(bib, {{"newline", "lf"}}));
    expect_same(bib.records, round_trip(bib, {{"profile", "simple"}}), true);
    expect_same(bib.records, round_trip(bib, {{"profile", "simple"}, {"separator", "tab"}}), true);
    expect_same(bib.records, round_trip(bib, {{"separator", "semicolon"}, {"bom", "false"}}));
}

Record hostile() {
    Record r;
    r.id = "=1+1";
    r.type = "article-journal";
    r.set("title", "=cmd|' /C calc'!A0");
    r.set("abstract", "+SUM(A1:A9)");
    r.set("page", "-2");
    r.set("publisher", "@evil");
    r.set("volume", "\t=tab");
    r.set("issue", "\rcr");
    r.set("note", "'=already escaped looking");
    r.set("ISSN", "''@two apostrophes");
    r.set("edition", "'plain apostrophe");
    r.names_for("author") = {Name{.literal = "=Evil Corp"}, Name{.family = "-Minus", .given = "@Given"}};
    r.keywords = {"=kw", "+kw", "@kw", "-kw"};
    r.alias = "-alias";
    r.sections = {"=Top", "+Sub"};
    r.set("URL", "=HYPERLINK(\"http://evil\")");
    r.links = {Link{"paper", "=HYPERLINK(\"http://evil\")", {}}, Link{"code", "@x", {}}};
    r.extra = {{"bibtex.x", "=1"}, {"csv.=Column", "=2"}};
    return r;
}

TEST(CsvRoundTrip, HostileCellsAreEscapedAndReadBackUnchanged) {
    Bibliography bib;
    bib.records.push_back(hostile());
    auto written = write_csv(bib, {});
    // No cell may start with a formula character once it is unquoted.
    for (std::size_t at = 0; (at = written.text.find("\",\"", at)) != std::string::npos; at += 3) {
        char c = written.text[at + 3];
        EXPECT_TRUE(c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r')
            << "unescaped cell at byte " << at + 3 << ": " << written.text.substr(at + 3, 20);
    }
    EXPECT_NE(written.text.find("\"'=cmd|' /C calc'!A0\""), std::string::npos);
    EXPECT_NE(written.text.find("\"''=already escaped looking"), std::string::npos);
    EXPECT_NE(written.text.find("\"'''@two apostrophes\""), std::string::npos);
    EXPECT_NE(written.text.find("\"'plain apostrophe\""), std::string::npos);
    EXPECT_NE(written.text.find("\"'=Column\""), std::string::npos);   // headers are cells too
    expect_same(bib.records, round_trip(bib, {}));
    expect_same(bib.records, round_trip(bib, {{"profile", "simple"}}), true);
}

TEST(CsvRoundTrip, WithoutEscapingHostileCellsStillRoundTrip) {
    Bibliography bib;
    bib.records.push_back(hostile());
    auto written = write_csv(bib, {{"escape-formulas", "false"}});
    EXPECT_NE(written.text.find("\"=cmd|' /C calc'!A0\""), std::string::npos);
    expect_same(bib.records, round_trip(bib, {{"escape-formulas", "false"}}));
}

TEST(CsvRoundTrip, ZoteroCorpusReadWriteRead) {
    auto first = read_csv(slurp(BIBPORT_SHARED_DIR "/corpus/zotero/zotero-csv-export.csv"));
    ASSERT_EQ(first.bibliography.records.size(), 2u);
    expect_same(first.bibliography.records, round_trip(first.bibliography, {}));
}

}  // namespace
