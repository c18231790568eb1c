// SPDX-License-Identifier: MIT
#include "csv_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace csvtest;

namespace {

// Set BIBPORT_UPDATE_GOLDEN=1 to rewrite the golden files; then read them and check by eye.
void expect_golden(const std::string& name, const std::string& text) {
    if (std::getenv("BIBPORT_UPDATE_GOLDEN")) {
        std::ofstream(golden_path(name), std::ios::binary) << text;
        GTEST_SKIP() << "golden file rewritten: " << name;
    }
    EXPECT_EQ(text, slurp(golden_path(name))) << "golden file " << name;
}

TEST(CsvWriter, SeedRecordsWithTheZoteroProfile) {
    auto out = write_csv(seed_like(), {{"newline", "lf"}});
    ASSERT_FALSE(out.failed) << errors_of(out.diagnostics);
    EXPECT_TRUE(out.diagnostics.items().empty()) << errors_of(out.diagnostics);
    expect_golden("seed-zotero.csv", out.text);
}

TEST(CsvWriter, SeedRecordsWithTheSimpleProfile) {
    auto out = write_csv(seed_like(), {{"profile", "simple"}});
    ASSERT_FALSE(out.failed) << errors_of(out.diagnostics);
    expect_golden("seed-simple.csv", out.text);
}

TEST(CsvWriter, FullRecordWithBothProfiles) {
    Bibliography bib;
    bib.records.push_back(full_record());
    auto zotero = write_csv(bib, {{"newline", "lf"}});
    ASSERT_FALSE(zotero.failed) << errors_of(zotero.diagnostics);
    auto simple = write_csv(bib, {{"profile", "simple"}, {"newline", "lf"}});
    ASSERT_FALSE(simple.failed) << errors_of(simple.diagnostics);
    expect_golden("full-zotero.csv", zotero.text + "\n" + simple.text);
}

TEST(CsvWriter, ZoteroHeaderIsZoteroExportHeaderThenListColumns) {
    auto out = write_csv(Bibliography{}, {{"newline", "lf"}});
    ASSERT_FALSE(out.failed) << errors_of(out.diagnostics);
    std::string corpus = slurp(BIBPORT_SHARED_DIR "/corpus/zotero/zotero-csv-export.csv");
    std::string zotero_header = corpus.substr(0, corpus.find('\n'));   // includes the BOM
    EXPECT_EQ(out.text, zotero_header + ",\"Highlight\",\"Sections\",\"Links\",\"Categories\"\n");
}

TEST(CsvWriter, RfcDefaultsCrlfQuoteOnlyWhenNeededNoBomForSimple) {
    Bibliography bib;
    Record r;
    r.id = "k";
    r.set("title", "a, \"b\"\nc");
    bib.records.push_back(r);
    auto out = write_csv(bib, {{"profile", "simple"}});
    EXPECT_EQ(out.text,
              "Key,Type,Title,Authors,Year,Venue,DOI,arXiv,URL,Code,Alias,Highlight,Sections,Links,Extra\r\n"
              "k,document,\"a, \"\"b\"\"\nc\",,,,,,,,,,,,\r\n");
    auto bom = write_csv(bib, {{"profile", "simple"}, {"bom", "true"}});
    EXPECT_TRUE(bom.text.starts_with("\xEF\xBB\xBFKey,"));
    auto nobom = write_csv(bib, {{"bom", "false"}});
    EXPECT_TRUE(nobom.text.starts_with("\"Key\","));
}

TEST(CsvWriter, SemicolonAndTabSeparators) {
    Bibliography bib;
    Record r;
    r.id = "k";
    r.set("title", "x;y\tz");
    bib.records.push_back(r);
    auto semi = write_csv(bib, {{"profile", "simple"}, {"separator", "semicolon"}, {"newline", "lf"}});
    EXPECT_EQ(semi.text.substr(semi.text.find('\n') + 1), "k;document;\"x;y\tz\";;;;;;;;;;;;\n");
    plugins::csv::TsvWriter tsv;
    auto tab = tsv.write(bib, context({{"profile", "simple"}, {"newline", "lf"}}));
    EXPECT_EQ(tab.text.substr(tab.text.find('\n') + 1), "k\tdocument\t\"x;y\tz\"\t\t\t\t\t\t\t\t\t\t\t\t\n");
}

TEST(CsvWriter, HostileCellsGetAnApostropheUnlessTurnedOff) {
    Bibliography bib;
    Record r;
    r.id = "=cmd|' /C calc'!A0";
    r.set("title", "+SUM(1,2)");
    r.set("URL", "@evil");
    r.citation_key = "-2+3";
    bib.records.push_back(r);
    auto out = write_csv(bib, {{"profile", "simple"}, {"newline", "lf"}});
    EXPECT_EQ(out.text.substr(out.text.find('\n') + 1), "'-2+3,document,\"'+SUM(1,2)\",,,,,,'@evil,,,,,,\n");
    auto raw = write_csv(bib, {{"profile", "simple"}, {"newline", "lf"}, {"escape-formulas", "false"}});
    EXPECT_EQ(raw.text.substr(raw.text.find('\n') + 1), "-2+3,document,\"+SUM(1,2)\",,,,,,@evil,,,,,,\n");
}

TEST(CsvWriter, CsvExtrasGoBackToTheirColumnsOthersToExtraLines) {
    Bibliography bib;
    bib.records.push_back(full_record());
    auto out = write_csv(bib, {{"newline", "lf"}});
    // "csv.Date Added" fills Zotero's column, "csv.My Column" gets a column of its own at the end.
    EXPECT_NE(out.text.find("\"Date Added\""), std::string::npos);
    EXPECT_TRUE(out.text.substr(0, out.text.find('\n')).ends_with("\"Categories\",\"My Column\""));
    EXPECT_TRUE(out.text.ends_with(",\"mine\"\n"));
    EXPECT_NE(out.text.find("bibtex.timestamp: 2020-01-01"), std::string::npos);
}

TEST(CsvWriter, AProfileWithoutARestColumnReportsWhatItDrops) {
    Bibliography bib;
    bib.records.push_back(full_record());
    auto out = write_csv(bib, {{"profile", BIBPORT_TEST_DATA_DIR "/csv/data/two-columns.yaml"}});
    ASSERT_FALSE(out.failed) << errors_of(out.diagnostics);
    // The record's "csv." extras still get columns of their own.
    EXPECT_EQ(out.text, "Title,Year,Date Added,My Column\r\n"
                        "\"Deep learning, \"\"revisited\"\"\",2015,2024-01-16 10:00:00,mine\r\n");
    bool abstract_lost = false;
    for (const auto& d : out.diagnostics.items())
        abstract_lost |= d.code == "loss.csv.column" && d.message.find("'abstract'") != std::string::npos;
    EXPECT_TRUE(abstract_lost) << errors_of(out.diagnostics);
}

TEST(CsvWriter, BadOptionsAndProfilesFailWithAMessage) {
    auto bad_nl = write_csv(Bibliography{}, {{"newline", "cr"}});
    EXPECT_TRUE(bad_nl.failed);
    EXPECT_NE(errors_of(bad_nl.diagnostics).find("expected crlf or lf"), std::string::npos);
    auto missing = write_csv(Bibliography{}, {{"profile", "nosuch"}});
    EXPECT_TRUE(missing.failed);
    EXPECT_NE(errors_of(missing.diagnostics).find("nosuch.yaml"), std::string::npos);
    auto bad_source = write_csv(Bibliography{}, {{"profile", BIBPORT_TEST_DATA_DIR "/csv/data/bad-source.yaml"}});
    EXPECT_TRUE(bad_source.failed);
    EXPECT_NE(errors_of(bad_source.diagnostics).find("unknown source 'titel'"), std::string::npos)
        << errors_of(bad_source.diagnostics);
}

}  // namespace
