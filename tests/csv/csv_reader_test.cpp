// SPDX-License-Identifier: MIT
#include "csv_test_util.hpp"

#include <gtest/gtest.h>

using namespace csvtest;

namespace {

const Diagnostic* find_diag(const Diagnostics& d, std::string_view needle) {
    for (const auto& item : d.items())
        if (item.message.find(needle) != std::string::npos) return &item;
    return nullptr;
}

// Expectations written from reading zotero-csv-export.csv and docs/zotero-formats.md §2.
TEST(CsvReader, ZoteroExportFromTheCorpus) {
    std::string text = slurp(BIBPORT_SHARED_DIR "/corpus/zotero/zotero-csv-export.csv");
    ASSERT_FALSE(text.empty());
    auto res = read_csv(text);
    EXPECT_TRUE(res.diagnostics.items().empty()) << errors_of(res.diagnostics);
    const auto& recs = res.bibliography.records;
    ASSERT_EQ(recs.size(), 2u);

    const Record& a = recs[0];
    EXPECT_EQ(a.id, "ITEM0001");
    EXPECT_EQ(a.type, "article-journal");
    EXPECT_EQ(a.get("title"), "Deep learning");
    EXPECT_EQ(a.get("container-title"), "Nature");
    EXPECT_EQ(a.get("container-title-short"), "Nature");
    EXPECT_EQ(a.get("ISSN"), "0028-0836");
    EXPECT_EQ(a.get("DOI"), "10.1038/nature14539");
    EXPECT_EQ(a.get("URL"), "https://doi.org/10.1038/nature14539");
    EXPECT_EQ(a.get("abstract"), "Deep learning allows computational models ...");
    EXPECT_EQ(a.get("page"), "436-444");
    EXPECT_EQ(a.get("issue"), "7553");
    EXPECT_EQ(a.get("volume"), "521");
    EXPECT_EQ(a.get("language"), "en");
    EXPECT_EQ(a.get("source"), "www.nature.com");
    EXPECT_EQ(a.get("PMID"), "26017442");   // the Extra line "PMID: 26017442"
    EXPECT_FALSE(a.has("note"));
    ASSERT_NE(a.find_names("author"), nullptr);
    EXPECT_EQ(*a.find_names("author"), (std::vector<Name>{Name{.family = "LeCun", .given = "Yann"},
                                                          Name{.family = "Bengio", .given = "Yoshua"}}));
    ASSERT_NE(a.find_date("issued"), nullptr);
    EXPECT_EQ(a.find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    ASSERT_NE(a.find_date("accessed"), nullptr);
    EXPECT_EQ(a.find_date("accessed")->parts, (std::vector<std::vector<int>>{{2024, 1, 15}}));
    EXPECT_EQ(a.find_date("accessed")->raw, "2024-01-15 10:00:00");
    EXPECT_EQ(a.keywords, (std::vector<std::string>{"deep learning", "review"}));   // manual, then automatic
    EXPECT_EQ(a.get_extra("csv.Date Added"), "2024-01-16 10:00:00");
    EXPECT_EQ(a.get_extra("csv.Date Modified"), "2024-01-16T10:00:00Z");
    EXPECT_EQ(a.extra.size(), 2u);
    EXPECT_TRUE(a.alias.empty());
    EXPECT_TRUE(a.links.empty());
    EXPECT_EQ(a.source_line, 2u);

    const Record& b = recs[1];
    EXPECT_EQ(b.id, "ITEM0002");
    EXPECT_EQ(b.type, "paper-conference");
    EXPECT_EQ(b.get("title"), "Attention Is All You Need");
    EXPECT_EQ(b.get("container-title"), "Advances in Neural Information Processing Systems");
    EXPECT_EQ(b.get("event-title"), "NeurIPS 2017");
    EXPECT_EQ(b.get("URL"), "http://arxiv.org/abs/1706.03762");
    EXPECT_EQ(b.get("page"), "5998-6008");
    EXPECT_EQ(b.get("volume"), "30");
    EXPECT_EQ(b.arxiv, "1706.03762");
    EXPECT_FALSE(b.has("note"));   // the Extra held only the arXiv line
    EXPECT_EQ(*b.find_names("author"), (std::vector<Name>{Name{.family = "Vaswani", .given = "Ashish"},
                                                          Name{.family = "Shazeer", .given = "Noam"}}));
    EXPECT_EQ(*b.find_names("editor"), (std::vector<Name>{Name{.family = "Guyon", .given = "I."}}));
    EXPECT_EQ(b.find_date("issued")->parts, (std::vector<std::vector<int>>{{2017}}));
    EXPECT_EQ(b.keywords, (std::vector<std::string>{"transformers"}));
    EXPECT_TRUE(b.extra.empty());
}

TEST(CsvReader, RecognisesTheSimpleProfileFromItsHeader) {
    auto res = read_csv("key;title;authors;year;venue;code\n"
                        "he2020;Momentum Contrast;He, Kaiming; Fan, Haoqi;2020;CVPR;https://github.com/x/moco\n");
    // ';' is the separator, so "He, Kaiming; Fan, Haoqi" is two cells: a ragged row.
    ASSERT_EQ(res.bibliography.records.size(), 1u);
    const Diagnostic* ragged = find_diag(res.diagnostics, "row has 7 fields but the header has 6");
    ASSERT_NE(ragged, nullptr) << errors_of(res.diagnostics);
    EXPECT_EQ(ragged->line, 2u);
    EXPECT_EQ(ragged->column, 60u);   // the seventh field, still read as "csv.column 7"
    const Record& r = res.bibliography.records[0];
    EXPECT_EQ(r.citation_key, "he2020");
    EXPECT_EQ(r.id, "he2020");
    EXPECT_EQ(r.get("title"), "Momentum Contrast");
    EXPECT_EQ(r.get("container-title-short"), "2020");   // shifted by the extra cell, as written
    EXPECT_EQ(r.get_extra("csv.column 7"), "https://github.com/x/moco");
}

TEST(CsvReader, TabSeparatedWithBomAndQuotedNewlines) {
    auto res = read_csv("\xEF\xBB\xBFTitle\tYear\tExtra\n\"Multi\nline\"\t2021\t\"note one\nDOI: no\"\n");
    ASSERT_EQ(res.bibliography.records.size(), 1u) << errors_of(res.diagnostics);
    const Record& r = res.bibliography.records[0];
    EXPECT_EQ(r.get("title"), "Multi\nline");
    EXPECT_EQ(r.year(), 2021);
    EXPECT_EQ(r.get("DOI"), "no");
    EXPECT_EQ(r.get_extra("csv.Extra"), "note one");   // text lines of the simple Extra column
    EXPECT_EQ(r.source_line, 2u);
}

TEST(CsvReader, BadCellsWarnWithRowAndColumnAndKeepTheRest) {
    auto res = read_csv("Key,Type,Title,Year,Highlight\n"
                        "a,paper-conference,Good,20x0,true\n"
                        "b,journalArticle,Also kept,2020,perhaps\n");
    ASSERT_EQ(res.bibliography.records.size(), 2u);
    const Diagnostic* year = find_diag(res.diagnostics, "expected a year in column 'Year', not '20x0'");
    ASSERT_NE(year, nullptr) << errors_of(res.diagnostics);
    EXPECT_EQ(year->severity, Severity::warning);
    EXPECT_EQ(year->line, 2u);
    EXPECT_EQ(year->column, 25u);   // after "a,paper-conference,Good,"
    const Diagnostic* type = find_diag(res.diagnostics, "expected a CSL item type in column 'Type'");
    ASSERT_NE(type, nullptr);
    EXPECT_EQ(type->line, 3u);
    EXPECT_EQ(type->column, 3u);
    EXPECT_NE(find_diag(res.diagnostics, "expected true or false in column 'Highlight', not 'perhaps'"), nullptr);
    EXPECT_EQ(res.bibliography.records[0].get("title"), "Good");
    EXPECT_EQ(res.bibliography.records[0].year(), 0);
    EXPECT_TRUE(res.bibliography.records[0].highlight);
    EXPECT_EQ(res.bibliography.records[1].type, "document");
    EXPECT_EQ(res.bibliography.records[1].get("title"), "Also kept");
}

TEST(CsvReader, ZoteroBadItemTypeAndBadDate) {
    auto res = read_csv("\"Key\",\"Item Type\",\"Title\",\"Date\"\n\"K1\",\"spaceship\",\"T\",\"sometime soon\"\n");
    ASSERT_EQ(res.bibliography.records.size(), 1u);
    const Diagnostic* type = find_diag(res.diagnostics, "unknown item type 'spaceship'");
    ASSERT_NE(type, nullptr) << errors_of(res.diagnostics);
    EXPECT_EQ(type->line, 2u);
    EXPECT_EQ(type->column, 6u);
    const Diagnostic* date = find_diag(res.diagnostics, "cannot read 'sometime soon' in column 'Date' as a date");
    ASSERT_NE(date, nullptr) << errors_of(res.diagnostics);
    EXPECT_EQ(date->column, 22u);
    const Record& r = res.bibliography.records[0];
    EXPECT_EQ(r.type, "document");
    EXPECT_EQ(r.find_date("issued")->literal, "sometime soon");   // kept, not dropped
}

TEST(CsvReader, UnknownColumnsBecomeCsvExtras) {
    auto res = read_csv("Title,My Notes,,DOI\nX,hello,anon,10.1/x\n");
    ASSERT_EQ(res.bibliography.records.size(), 1u);
    const Record& r = res.bibliography.records[0];
    EXPECT_EQ(r.get("DOI"), "10.1/x");
    EXPECT_EQ(r.extra, (std::vector<std::pair<std::string, std::string>>{{"csv.My Notes", "hello"},
                                                                         {"csv.column 3", "anon"}}));
}

TEST(CsvReader, HeaderMatchingNoProfileKeepsEverythingAsExtras) {
    auto res = read_csv("foo,bar\n1,2\n");
    ASSERT_EQ(res.bibliography.records.size(), 1u);
    EXPECT_NE(find_diag(res.diagnostics, "matches no csv profile"), nullptr);
    EXPECT_EQ(res.bibliography.records[0].get_extra("csv.bar"), "2");
}

TEST(CsvReader, ShortRowsAreReportedAndRead) {
    auto res = read_csv("Key,Title,Year\nk1,Only title\nk2,Full,2020\n");
    ASSERT_EQ(res.bibliography.records.size(), 2u);
    const Diagnostic* d = find_diag(res.diagnostics, "row has 2 fields but the header has 3");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->line, 2u);
    EXPECT_EQ(res.bibliography.records[0].get("title"), "Only title");
    EXPECT_EQ(res.bibliography.records[1].year(), 2020);
}

TEST(CsvReader, UnterminatedQuoteSkipsThatRowOnly) {
    auto res = read_csv("Key,Title\nk1,Fine\nk2,\"never closed\n");
    EXPECT_EQ(res.bibliography.records.size(), 1u);
    EXPECT_EQ(res.diagnostics.skipped(), 1u);
    const Diagnostic* d = find_diag(res.diagnostics, "expected '\"' to close the field");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->line, 3u);
    EXPECT_EQ(d->column, 4u);
}

TEST(CsvReader, DuplicateKeysGetUniqueIds) {
    auto res = read_csv("Key,Title\nk,A\nk,B\n");
    ASSERT_EQ(res.bibliography.records.size(), 2u);
    EXPECT_EQ(res.bibliography.records[0].id, "k");
    EXPECT_EQ(res.bibliography.records[1].id, "k-2");
    EXPECT_EQ(res.bibliography.records[1].citation_key, "k");
}

TEST(CsvReader, TenThousandColumnsStayBounded) {
    std::string header = "Title", row = "T";
    for (int i = 1; i < 10000; ++i) {
        header += ",h" + std::to_string(i);
        row += ",v" + std::to_string(i);
    }
    auto res = read_csv(header + "\n" + row + "\n" + "U,only two\n");
    ASSERT_EQ(res.bibliography.records.size(), 2u);
    EXPECT_EQ(res.bibliography.records[0].extra.size(), 9999u);
    EXPECT_EQ(res.bibliography.records[0].get_extra("csv.h9999"), "v9999");
    EXPECT_EQ(res.bibliography.records[1].get("title"), "U");
    // A data row far wider than its header: read, reported once.
    std::string wide = "Title\nT";
    for (int i = 0; i < 10000; ++i) wide += ",=x";
    auto w = read_csv(wide + "\n");
    ASSERT_EQ(w.bibliography.records.size(), 1u);
    EXPECT_EQ(w.diagnostics.count(Severity::warning), 1u);
    EXPECT_EQ(w.bibliography.records[0].extra.size(), 10000u);
}

TEST(CsvReader, WarningsAreCapped) {
    std::string text = "Title,Year\n";
    for (int i = 0; i < 3000; ++i) text += "t,bad\n";
    auto res = read_csv(text);
    EXPECT_EQ(res.bibliography.records.size(), 3000u);
    EXPECT_EQ(res.diagnostics.count(Severity::warning), 1000u);
    EXPECT_EQ(res.diagnostics.count(Severity::note), 1u);
}

TEST(CsvReader, ProbeKnowsZoteroAndLeavesOtherFormatsAlone) {
    plugins::csv::CsvReader reader;
    EXPECT_EQ(reader.probe(slurp(BIBPORT_SHARED_DIR "/corpus/zotero/zotero-csv-export.csv").substr(0, 4096)), 100);
    EXPECT_EQ(reader.probe("Key,Title,Year\n"), 30);
    EXPECT_EQ(reader.probe("@article{x,\n title={a,b,c}}"), 0);
    EXPECT_EQ(reader.probe("[{\"id\":\"a\",\"b\":1}]"), 0);
    EXPECT_EQ(reader.probe("# Title, with, commas\n"), 0);
    EXPECT_EQ(reader.probe(""), 0);
}

TEST(CsvReader, ExplicitProfileOption) {
    auto res = read_csv("Title,Year\nX,2001\n", {{"profile", BIBPORT_TEST_DATA_DIR "/csv/data/two-columns.yaml"}});
    ASSERT_EQ(res.bibliography.records.size(), 1u) << errors_of(res.diagnostics);
    EXPECT_EQ(res.bibliography.records[0].year(), 2001);
}

}  // namespace

namespace {

TEST(CsvReader, ItemTypesSharingACslTypeComeBack) {
    auto res = read_csv("\"Key\",\"Item Type\",\"Title\"\n\"K1\",\"tvBroadcast\",\"Show\"\n\"K2\",\"podcast\",\"Pod\"\n");
    ASSERT_EQ(res.bibliography.records.size(), 2u) << errors_of(res.diagnostics);
    EXPECT_EQ(res.bibliography.records[0].type, "broadcast");
    EXPECT_EQ(res.bibliography.records[0].get_extra("zotero.itemType"), "tvBroadcast");
    EXPECT_EQ(res.bibliography.records[1].type, "broadcast");
    EXPECT_TRUE(res.bibliography.records[1].extra.empty());   // podcast is what broadcast writes
    auto out = write_csv(res.bibliography, {{"newline", "lf"}});
    EXPECT_NE(out.text.find("\n\"K1\",\"tvBroadcast\",\"\",\"\",\"Show\""), std::string::npos) << out.text;
    EXPECT_NE(out.text.find("\n\"K2\",\"podcast\","), std::string::npos);
    EXPECT_EQ(out.text.find("zotero.itemType"), std::string::npos);   // not repeated in Extra
}

}  // namespace

namespace {

TEST(CsvReader, TheShippedSampleReadsCleanly) {
    auto res = read_csv(slurp(BIBPORT_SOURCE_DIR "/samples/csv/paper-list.csv"));
    EXPECT_TRUE(res.diagnostics.items().empty()) << errors_of(res.diagnostics);
    const auto& recs = res.bibliography.records;
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].alias, "MoCov1");
    EXPECT_TRUE(recs[0].highlight);
    EXPECT_EQ(recs[0].find_names("author")->size(), 5u);
    EXPECT_EQ(recs[0].links, (std::vector<Link>{{"paper", "https://arxiv.org/abs/1911.05722", {}},
                                                {"code", "https://github.com/facebookresearch/moco", {}}}));
    EXPECT_EQ(recs[1].get("number"), "arXiv:2003.04297");
    EXPECT_EQ(recs[1].source_line, 3u);
    EXPECT_EQ(recs[2].source_line, 5u);   // the row before has a quoted newline
    EXPECT_EQ(recs[2].find_names("author")->back().literal, "others");
    EXPECT_EQ(recs[2].get("container-title"), "Proceedings of the 38th International Conference on Machine Learning");
    EXPECT_EQ(recs[2].keywords, (std::vector<std::string>{"vision-language"}));
}

}  // namespace
