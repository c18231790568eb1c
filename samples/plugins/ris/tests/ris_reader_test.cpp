// SPDX-License-Identifier: MIT
#include "ris_test_util.hpp"
#include "ris_values.hpp"

#include <gtest/gtest.h>

using namespace bibport;
using ris_test::read;

namespace {

const Diagnostic* find_code(const Diagnostics& d, std::string_view code) {
    for (const auto& item : d.items())
        if (item.code == code) return &item;
    return nullptr;
}

// Expected values checked by hand against Zotero's own CSL-JSON export of the same two items
// (shared corpus zotero-csl-json-export.json): same titles, names, containers, numbers, dates.
TEST(RisReader, ReadsZoteroExport) {
    auto result = read(ris_test::data("zotero-export.ris"));
    ASSERT_EQ(result.diagnostics.items().size(), 0u) << ris_test::dump(result.diagnostics);
    ASSERT_EQ(result.bibliography.records.size(), 2u);

    const Record& a = result.bibliography.records[0];
    EXPECT_EQ(a.type, "article-journal");
    EXPECT_EQ(a.get("title"), "Deep learning");
    ASSERT_NE(a.find_names("author"), nullptr);
    ASSERT_EQ(a.find_names("author")->size(), 2u);
    EXPECT_EQ((*a.find_names("author"))[0].family, "LeCun");
    EXPECT_EQ((*a.find_names("author"))[0].given, "Yann");
    EXPECT_EQ((*a.find_names("author"))[1].family, "Bengio");
    EXPECT_EQ(a.get("container-title"), "Nature");
    EXPECT_EQ(a.get("container-title-short"), "Nature");
    EXPECT_EQ(a.get("abstract"), "Deep learning allows computational models ...");
    ASSERT_NE(a.find_date("issued"), nullptr);
    EXPECT_EQ(a.find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    EXPECT_EQ(a.get("DOI"), "10.1038/nature14539");
    EXPECT_EQ(a.get("source"), "www.nature.com");
    EXPECT_EQ(a.get("volume"), "521");
    EXPECT_EQ(a.get("issue"), "7553");
    EXPECT_EQ(a.get("page"), "436-444");
    EXPECT_EQ(a.get("language"), "en");
    EXPECT_EQ(a.get("ISSN"), "0028-0836");
    EXPECT_EQ(a.get("URL"), "https://doi.org/10.1038/nature14539");
    ASSERT_NE(a.find_date("accessed"), nullptr);
    EXPECT_EQ(a.find_date("accessed")->parts, (std::vector<std::vector<int>>{{2024, 1, 15}}));
    EXPECT_EQ(a.get_extra("ris.accessed.other"), "10:00:00");   // the time of day Zotero adds
    EXPECT_EQ(a.notes, std::vector<std::string>{"<p>Seminal review.</p>"});
    EXPECT_EQ(a.keywords, (std::vector<std::string>{"deep learning", "review"}));
    EXPECT_EQ(a.source_line, 1u);

    const Record& b = result.bibliography.records[1];
    EXPECT_EQ(b.type, "paper-conference");
    EXPECT_EQ(b.get("title"), "Attention Is All You Need");
    EXPECT_EQ(b.get("event-title"), "NeurIPS 2017");   // Zotero writes the conference name in T2
    EXPECT_EQ(b.get("container-title"), "Advances in Neural Information Processing Systems");   // and C3
    ASSERT_NE(b.find_names("editor"), nullptr);
    EXPECT_EQ((*b.find_names("editor"))[0].family, "Guyon");
    EXPECT_EQ((*b.find_names("editor"))[0].given, "I.");
    EXPECT_EQ(b.find_date("issued")->parts, (std::vector<std::vector<int>>{{2017}}));
    EXPECT_EQ(b.get("volume"), "30");
    EXPECT_EQ(b.get("page"), "5998-6008");
    EXPECT_EQ(b.get("URL"), "http://arxiv.org/abs/1706.03762");
    EXPECT_EQ(b.keywords, std::vector<std::string>{"transformers"});
    EXPECT_TRUE(b.extra.empty());
    EXPECT_NE(a.id, b.id);
}

TEST(RisReader, OlderTagsAndForms) {
    auto result = read(
        "\xEF\xBB\xBFTY  - CHAP\n"
        "ID  - knuth84\n"
        "T1  - Literate programming\n"
        "A1  - Knuth, Donald E., Jr.\n"
        "ED  - van Beethoven, Ludwig\n"
        "A1  - {Barnes and Noble, Inc.}\n"
        "A1  - World Health Organization\n"
        "BT  - The Book\n"
        "Y1  - 1984/03//Spring\n"
        "N2  - First paragraph\n"
        "continues here.\n"
        "\n"
        "Second paragraph.\n"
        "SN  - 978-0-12-345678-9\n"
        "DO  - https://doi.org/10.1093/comjnl/27.2.97\n"
        "SP  - 97\n"
        "EP  - 111\n"
        "UR  - https://example.org/a\n"
        "UR  - https://example.org/b\n"
        "L1  - https://example.org/a.pdf\n"
        "AN  - arXiv:1234.5678v2\n"
        "XY  - an unknown tag\n"
        "ER  -\n");
    ASSERT_EQ(result.bibliography.records.size(), 1u) << ris_test::dump(result.diagnostics);
    const Record& r = result.bibliography.records[0];
    EXPECT_EQ(r.type, "chapter");
    EXPECT_EQ(r.citation_key, "knuth84");
    EXPECT_EQ(r.id, "knuth84");
    EXPECT_EQ(r.get("title"), "Literate programming");
    EXPECT_EQ(r.get("container-title"), "The Book");
    const auto& authors = *r.find_names("author");
    ASSERT_EQ(authors.size(), 3u);
    EXPECT_EQ(authors[0].family, "Knuth");
    EXPECT_EQ(authors[0].given, "Donald E.");
    EXPECT_EQ(authors[0].suffix, "Jr.");
    EXPECT_EQ(authors[1].literal, "Barnes and Noble, Inc.");
    EXPECT_EQ(authors[2].literal, "World Health Organization");
    const auto& editor = (*r.find_names("editor"))[0];
    EXPECT_EQ(editor.non_dropping_particle, "van");
    EXPECT_EQ(editor.family, "Beethoven");
    const Date* issued = r.find_date("issued");
    ASSERT_NE(issued, nullptr);
    EXPECT_EQ(issued->parts, (std::vector<std::vector<int>>{{1984, 3}}));
    EXPECT_EQ(r.get("abstract"), "First paragraph\ncontinues here.\n\nSecond paragraph.");
    EXPECT_EQ(r.get("ISBN"), "978-0-12-345678-9");
    EXPECT_EQ(r.get("DOI"), "10.1093/comjnl/27.2.97");
    EXPECT_EQ(r.get("page"), "97-111");
    EXPECT_EQ(r.get("URL"), "https://example.org/a");
    ASSERT_EQ(r.links.size(), 2u);
    EXPECT_EQ(r.links[0], (Link{"link", "https://example.org/b", ""}));
    EXPECT_EQ(r.links[1], (Link{"pdf", "https://example.org/a.pdf", ""}));
    EXPECT_EQ(r.arxiv, "1234.5678v2");
    EXPECT_EQ(r.get_extra("ris.XY"), "an unknown tag");
}

TEST(RisReader, SeasonsLiteralsAndRanges) {
    auto result = read("TY  - JOUR\nTI  - a\nDA  - 1999///Spring\nER  - \n"
                       "TY  - JOUR\nTI  - b\nPY  - ///in press\nER  - \n"
                       "TY  - JOUR\nTI  - c\nPY  - 2019/2020\nER  - \n"
                       "TY  - JOUR\nTI  - d\nPY  - 2015\nDA  - 2015-05-28\nER  - \n");
    ASSERT_EQ(result.bibliography.records.size(), 4u);
    const auto& recs = result.bibliography.records;
    EXPECT_EQ(recs[0].find_date("issued")->parts, (std::vector<std::vector<int>>{{1999}}));
    EXPECT_EQ(recs[0].find_date("issued")->season.text, "1");
    EXPECT_EQ(recs[1].find_date("issued")->literal, "in press");
    EXPECT_EQ(recs[2].find_date("issued")->parts, (std::vector<std::vector<int>>{{2019}, {2020}}));
    EXPECT_EQ(recs[3].find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    EXPECT_TRUE(recs[3].extra.empty());   // PY agrees with DA
}

TEST(RisReader, UnknownTypeIsKeptAndReported) {
    auto result = read("TY  - WXYZ\nTI  - t\nER  - \n");
    ASSERT_EQ(result.bibliography.records.size(), 1u);
    EXPECT_EQ(result.bibliography.records[0].type, "document");
    EXPECT_EQ(result.bibliography.records[0].get_extra("ris.TY"), "WXYZ");
    ASSERT_EQ(result.diagnostics.items().size(), 1u);
    const auto& d = result.diagnostics.items()[0];
    EXPECT_EQ(d.severity, Severity::warning);
    EXPECT_EQ(d.line, 1u);
    EXPECT_EQ(d.column, 7u);
    EXPECT_NE(d.message.find("unknown reference type 'WXYZ'"), std::string::npos);
}

TEST(RisReader, MissingErSkipsTheRecordAndResyncsAtTheNextTy) {
    auto result = read("TY  - JOUR\nTI  - first\n\nTY  - JOUR\nTI  - second\nER  - \n");
    ASSERT_EQ(result.bibliography.records.size(), 1u);
    EXPECT_EQ(result.bibliography.records[0].get("title"), "second");
    const Diagnostic* skip = find_code(result.diagnostics, "skip");
    ASSERT_NE(skip, nullptr) << ris_test::dump(result.diagnostics);
    EXPECT_EQ(skip->line, 1u);
    EXPECT_EQ(skip->column, 1u);
    EXPECT_EQ(skip->message, "expected 'ER  - ' to close the record opened at line 1 before the next 'TY  - ' "
                             "at line 4; the record is skipped");
    EXPECT_EQ(result.diagnostics.skipped(), 1u);
}

TEST(RisReader, TruncatedLastRecordIsReported) {
    auto result = read("TY  - JOUR\nTI  - ok\nER  - \nTY  - JOUR\nTI  - cut");
    ASSERT_EQ(result.bibliography.records.size(), 1u);
    const Diagnostic* skip = find_code(result.diagnostics, "skip");
    ASSERT_NE(skip, nullptr);
    EXPECT_EQ(skip->line, 4u);
    EXPECT_NE(skip->message.find("found the end of the input"), std::string::npos);
}

TEST(RisReader, FieldsBeforeTyAreSkippedUpToTheNextTy) {
    auto result = read("TI  - orphan\nAU  - Nobody\nER  - \n\nTY  - BOOK\nTI  - kept\nER  - \n");
    ASSERT_EQ(result.bibliography.records.size(), 1u);
    EXPECT_EQ(result.bibliography.records[0].get("title"), "kept");
    ASSERT_EQ(result.diagnostics.items().size(), 1u) << ris_test::dump(result.diagnostics);
    const auto& d = result.diagnostics.items()[0];
    EXPECT_EQ(d.code, "skip");
    EXPECT_EQ(d.line, 1u);
    EXPECT_EQ(d.message, "expected 'TY  - ' to start a record, found 'TI  - '; lines up to the next 'TY  - ' are skipped");
}

TEST(RisReader, EmptyTypeAndBadBytesSkipOneRecordEach) {
    auto result = read("TY  - \nTI  - no type\nER  - \n"
                       "TY  - JOUR\nTI  - caf\xE9\nER  - \n"
                       "TY  - JOUR\nTI  - good\nER  - \n");
    ASSERT_EQ(result.bibliography.records.size(), 1u) << ris_test::dump(result.diagnostics);
    EXPECT_EQ(result.bibliography.records[0].get("title"), "good");
    ASSERT_EQ(result.diagnostics.skipped(), 2u);
    const auto& items = result.diagnostics.items();
    EXPECT_EQ(items[0].line, 1u);
    EXPECT_EQ(items[0].column, 7u);
    EXPECT_EQ(items[1].line, 5u);
    EXPECT_EQ(items[1].column, 10u);   // the byte after "TI  - caf"
    EXPECT_NE(items[1].message.find("invalid UTF-8 (byte 0xE9)"), std::string::npos);
}

TEST(RisReader, DuplicateIdsStayUnique) {
    auto result = read("TY  - JOUR\nID  - x\nTI  - a\nER  - \nTY  - JOUR\nID  - x\nTI  - b\nER  - \n");
    ASSERT_EQ(result.bibliography.records.size(), 2u);
    EXPECT_EQ(result.bibliography.records[0].id, "x");
    EXPECT_EQ(result.bibliography.records[1].citation_key, "x");
    EXPECT_NE(result.bibliography.records[1].id, "x");
}

TEST(RisReader, Probe) {
    bibport::plugins::ris::RisReader reader;
    EXPECT_EQ(reader.probe("TY  - JOUR\r\nTI  - x\r\n"), 100);
    EXPECT_EQ(reader.probe("\xEF\xBB\xBF\nTY  - JOUR\n"), 100);
    EXPECT_EQ(reader.probe("Exported from a database\nTY  - JOUR\n"), 80);
    EXPECT_EQ(reader.probe("@article{x,\n title={y}}\n"), 0);
    EXPECT_EQ(reader.probe("[{\"id\": \"x\"}]"), 0);
}

TEST(RisReader, MissingTypeTableIsAnErrorNamingTheFile) {
    bibport::plugins::ris::RisReader reader;
    auto result = reader.read("TY  - JOUR\nER  - \n", Context{.source_name = "x.ris", .data_dir = "/nonexistent"});
    ASSERT_TRUE(result.diagnostics.has_errors());
    EXPECT_NE(result.diagnostics.items()[0].message.find("/nonexistent/ris/types.yaml"), std::string::npos)
        << result.diagnostics.items()[0].message;
}

TEST(RisValues, Names) {
    using namespace bibport::plugins::ris;
    EXPECT_EQ(format_ris_name(parse_ris_name("LeCun, Yann")), "LeCun, Yann");
    EXPECT_EQ(format_ris_name(parse_ris_name("van Beethoven, Ludwig")), "van Beethoven, Ludwig");
    EXPECT_EQ(format_ris_name(parse_ris_name("King, Martin Luther, Jr.")), "King, Martin Luther, Jr.");
    EXPECT_EQ(format_ris_name(parse_ris_name("{Barnes and Noble, Inc.}")), "{Barnes and Noble, Inc.}");
    EXPECT_EQ(format_ris_name(parse_ris_name("Plato,")), "Plato,");
    EXPECT_TRUE(parse_ris_name("others").is_others());
}

TEST(RisValues, Dates) {
    using namespace bibport::plugins::ris;
    auto d = parse_ris_date("2015/05/28/", "issued");
    EXPECT_TRUE(d.ok);
    EXPECT_EQ(format_ris_date(d.date), "2015/05/28/");
    EXPECT_EQ(format_ris_date(parse_ris_date("2017///", "issued").date), "2017///");
    EXPECT_EQ(format_ris_date(parse_ris_date("1999///Winter", "issued").date), "1999///Winter");
    EXPECT_EQ(format_ris_date(parse_ris_date("1850///circa", "issued").date), "1850///circa");
    auto t = parse_ris_date("2024/01/15/10:00:00", "accessed");
    EXPECT_EQ(t.other, "10:00:00");
    EXPECT_EQ(format_ris_date(t.date, t.other), "2024/01/15/10:00:00");
    EXPECT_FALSE(parse_ris_date("sometime", "issued").ok);
    EXPECT_EQ(format_iso_date(parse_iso_date("2020-05-01/2020-05-03", "event-date")), "2020-05-01/2020-05-03");
}

TEST(RisValues, TrailsEscapeTheSeparator) {
    using namespace bibport::plugins::ris;
    std::vector<std::string> trail{"All Papers", "A > B", "back\\slash"};
    EXPECT_EQ(join_trail(trail), "All Papers > A \\> B > back\\\\slash");
    EXPECT_EQ(split_trail(join_trail(trail)), trail);
}

}  // namespace
