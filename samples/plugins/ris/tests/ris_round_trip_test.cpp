// SPDX-License-Identifier: MIT
// Round trips with bibport/testing.hpp, and cross-checks with bibutils (ris2xml, xml2ris).
#include "ris_test_util.hpp"

#include <bibport/testing.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

using namespace bibport;

namespace {

const auto& ris_format() {
    static const auto formats = bibport::plugins::ris::make_formats();
    return *formats.front();
}

TEST(RisRoundTrip, ZoteroExport) {
    auto rt = bibport::testing::round_trip(ris_format(), ris_test::data("zotero-export.ris"), ris_test::context());
    EXPECT_TRUE(rt.ok()) << rt.report();
    EXPECT_EQ(rt.second.bibliography.records.size(), 2u);
}

TEST(RisRoundTrip, MixedTags) {
    auto rt = bibport::testing::round_trip(ris_format(), ris_test::data("mixed.ris"), ris_test::context());
    EXPECT_TRUE(rt.ok()) << rt.report();
}

// Everything the record model holds that RIS has no tag for must come back too.
TEST(RisRoundTrip, FullRecordFromTheModel) {
    Bibliography bib;
    Record r;
    r.type = "interview";   // no RIS type of its own: PCOMM plus the exact type in a custom line
    r.id = r.citation_key = "doe2020";
    r.set("title", "A <i>title</i> with markup");
    r.set("event-title", "An event");
    r.set("note", "first line\nsecond line");
    r.set("volume", "3", Value::Kind::number);
    r.names_for("author").push_back(Name{.family = "Doe", .given = "Jane", .non_dropping_particle = "van"});
    r.names_for("author").push_back(bibport::Name{.literal = "others"});
    r.names_for("interviewer").push_back(Name{.family = "Roe", .given = "Richard", .suffix = "III"});
    r.names_for("translator").push_back(Name{.literal = "Acme, Inc."});
    r.date_for("issued").parts = {{2020}};
    r.date_for("issued").season = Value{"3", Value::Kind::number};
    r.date_for("original-date").parts = {{1850, 1}, {1851}};
    r.keywords = {"a", "b"};
    r.categories = {"Physics"};
    r.alias = "Doe20";
    r.sections = {"Top", "Sub > section"};
    r.other_sections = {{"Elsewhere"}};
    r.links = {{"code", "https://git.example/x", "Source code"}, {"pdf", "https://x.example/a.pdf", ""}};
    r.notes = {"<p>one</p>", "two"};
    r.extra = {{"bibtex.timestamp", "2020-01-01"}, {"zotero.libraryCatalog", "x"}};
    bib.records.push_back(r);
    bib.sections = {{"Top", "Sub > section"}, {"Elsewhere"}};

    auto rt = bibport::testing::round_trip(ris_format(), bib, ris_test::context());
    EXPECT_TRUE(rt.ok()) << rt.report();
}

TEST(RisRoundTrip, CompareNamesEveryDifference) {
    Bibliography a, b;
    Record r;
    r.id = "x";
    r.set("title", "Old");
    r.names_for("author").push_back(Name{.family = "Doe", .given = "Jane"});
    r.links = {{"code", "https://a", ""}};
    a.records.push_back(r);
    r.set("title", "New");
    r.names_for("author")[0].given = "J.";
    r.links.clear();
    r.highlight = true;
    b.records.push_back(r);
    auto d = bibport::testing::compare(a, b);
    EXPECT_EQ(d, (std::vector<std::string>{
                     "record 1 [x]: field 'title': \"Old\" became \"New\"",
                     "record 1 [x]: 'author' #1: family=\"Doe\" given=\"Jane\" became family=\"Doe\" given=\"J.\"",
                     "record 1 [x]: highlight added",
                     "record 1 [x]: link lost: code https://a",
                 }));
}

// --- bibutils, an independent RIS implementation ------------------------------------------

bool have(const char* tool) { return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0; }

std::string run(const std::string& command) {
    std::string out;
    if (FILE* p = popen(command.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        pclose(p);
    }
    return out;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
    return n;
}

TEST(RisBibutils, Ris2xmlReadsOurOutput) {
    if (!have("ris2xml")) GTEST_SKIP() << "bibutils (ris2xml) not installed";
    auto in = ris_test::read(ris_test::data("mixed.ris"));
    auto out = ris_test::write(in.bibliography, {{"line-ending", "crlf"}});
    auto file = std::filesystem::temp_directory_path() / "bibport-ris-test-out.ris";
    { std::FILE* f = std::fopen(file.c_str(), "wb"); std::fwrite(out.text.data(), 1, out.text.size(), f); std::fclose(f); }
    std::string mods = run("ris2xml '" + file.string() + "' 2>/dev/null");
    std::filesystem::remove(file);
    EXPECT_EQ(count(mods, "<mods ID="), in.bibliography.records.size()) << mods;
    for (const auto& r : in.bibliography.records) {
        std::string title(r.get("title"));
        // MODS splits a leading article ("The") off into <nonSort>; compare from the first space.
        std::string tail = title.substr(title.find(' ') == std::string::npos ? 0 : title.find(' ') + 1);
        EXPECT_NE(mods.find(tail), std::string::npos) << "title missing: " << title << "\n" << mods;
    }
}

TEST(RisBibutils, ReadsRisWrittenByXml2ris) {
    if (!have("xml2ris") || !have("bib2xml")) GTEST_SKIP() << "bibutils (bib2xml, xml2ris) not installed";
    std::string ris = run(std::string("bib2xml '") + RIS_TEST_DATA + "/bibutils-input.bib' 2>/dev/null | xml2ris 2>/dev/null");
    auto result = ris_test::read(ris);
    EXPECT_FALSE(result.diagnostics.has_errors()) << ris_test::dump(result.diagnostics) << ris;
    ASSERT_EQ(result.bibliography.records.size(), 2u) << ris;
    const Record& a = result.bibliography.records[0];
    EXPECT_EQ(a.type, "article-journal");
    EXPECT_EQ(a.get("title"), "Deep learning");
    EXPECT_EQ(a.get("container-title"), "Nature");
    EXPECT_EQ(a.get("DOI"), "10.1038/nature14539");
    EXPECT_EQ(a.get("page"), "436-444");
    EXPECT_EQ(a.year(), 2015);
    ASSERT_NE(a.find_names("author"), nullptr);
    EXPECT_EQ((*a.find_names("author"))[1].family, "Bengio");
    const Record& b = result.bibliography.records[1];
    EXPECT_EQ(b.type, "paper-conference");
    EXPECT_EQ(b.get("title"), "Attention Is All You Need");
    EXPECT_EQ(b.get("container-title"), "Advances in Neural Information Processing Systems");
    EXPECT_EQ(b.year(), 2017);
}

}  // namespace
