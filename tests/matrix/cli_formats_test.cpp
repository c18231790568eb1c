// SPDX-License-Identifier: MIT
// The program with the real in-tree plugins: format listing and merging duplicates.
#include "common/run.hpp"

#include <boost/json.hpp>
#include <algorithm>
#include <gtest/gtest.h>

using bibport::testing::quote;
using bibport::testing::run;

namespace json = boost::json;

TEST(CliFormats, ListsEveryInTreeFormatWithItsLibrary) {
    auto r = run(std::string(BIBPORT_BIN) + " formats");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");   // every in-tree plugin loads without a warning
    for (const char* id : {"markdown", "bibtex", "biblatex", "csljson", "cslyaml", "zotero-rdf", "csv"}) {
        bool found = false;
        std::size_t pos = 0;
        std::string text = r.out;
        while ((pos = text.find('\n')) != std::string::npos) {
            std::string line = text.substr(0, pos);
            text.erase(0, pos + 1);
            if (line.rfind(std::string(id) + " ", 0) != 0) continue;
            found = true;
            EXPECT_NE(line.find(" yes   yes "), std::string::npos) << line;
            EXPECT_NE(line.find(std::string(BIBPORT_PLUGIN_DIR) + "/bibport_"), std::string::npos) << line;
        }
        EXPECT_TRUE(found) << id << " missing from:\n" << r.out;
    }
}

TEST(CliFormats, DedupeMergesAPreprintAndItsConferenceVersionListedUnderTwoHeadings) {
    std::string list = std::string(BIBPORT_SOURCE_DIR) + "/tests/matrix/data/duplicates.md";
    auto plain = run(std::string(BIBPORT_BIN) + " convert " + quote(list) + " -t csljson");
    ASSERT_EQ(plain.status, 0) << plain.err;
    EXPECT_EQ(json::parse(plain.out).as_array().size(), 3u);

    auto r = run(std::string(BIBPORT_BIN) + " convert --dedupe " + quote(list) + " -t csljson");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("note: merged duplicate 'BYOL' into 'BYOL' (same arXiv id 2006.07733)"), std::string::npos) << r.err;
    json::array items = json::parse(r.out).as_array();
    ASSERT_EQ(items.size(), 2u);
    const json::object& byol = items[0].as_object();
    // The published version wins, keeps the arXiv id, and both headings and all links.
    EXPECT_EQ(byol.at("type"), "paper-conference");
    EXPECT_EQ(byol.at("container-title"), "Advances in Neural Information Processing Systems");
    EXPECT_FALSE(byol.contains("publisher") && byol.at("publisher") == "arXiv");
    const json::object& custom = byol.at("custom").as_object();
    EXPECT_EQ(custom.at("arxiv"), "2006.07733v3");
    EXPECT_EQ(custom.at("highlight"), true);
    EXPECT_EQ(custom.at("sections"), json::parse(R"(["Bootstrap methods"])"));
    EXPECT_EQ(custom.at("other_sections"), json::parse(R"([["2020"]])"));
    std::set<std::string> roles;
    for (const auto& l : custom.at("links").as_array()) roles.insert(std::string(l.at("role").as_string()));
    EXPECT_EQ(roles, (std::set<std::string>{"paper", "code", "project"}));
    // The title differs only in case: not a conflict.
    EXPECT_EQ(r.err.find("disagrees on 'title'"), std::string::npos) << r.err;
    EXPECT_EQ(items[1].at("custom").at("alias"), "SwAV");
}

TEST(CliFormats, ReadOptionsNeedNoFromFlag) {
    // The BibTeX reader's option, the input format known from the file extension only.
    bibport::testing::TempDir dir;
    bibport::testing::spit(dir / "in.bib", "@article{a, title = {T}, year = 2020}\n");
    const std::string in = quote((dir / "in.bib").string());
    auto r = run(std::string(BIBPORT_BIN) + " convert " + in + " -t csljson --option threads=1");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out).as_array().at(0).at("id"), "a");
    auto check = run(std::string(BIBPORT_BIN) + " check " + in + " --option piece-kb=64");
    EXPECT_EQ(check.status, 0) << check.err;
    auto wrong = run(std::string(BIBPORT_BIN) + " convert " + in + " -t csljson --option thread=1");
    EXPECT_EQ(wrong.status, 2);
    EXPECT_NE(wrong.err.find("unknown option 'thread'; accepted here: threads, piece-kb, indent"), std::string::npos)
        << wrong.err;
}

TEST(CliFormats, BibtexWrittenToAFileInPiecesIsWhatStandardOutputGets) {
    // With -o the BibTeX writer hands its text to the file batch by batch, formatted on worker
    // threads; standard output gets the text whole. Same bytes, same messages in the same order
    // (keys used twice in different batches, characters a key cannot hold).
    bibport::testing::TempDir dir;
    std::string items = "[";
    for (int i = 0; i < 3000; ++i) {
        items += i ? ",\n" : "\n";
        const std::string key = i % 700 == 0 ? "Same" : i % 501 == 0 ? "bad key{" + std::to_string(i) + "}"
                                                                     : "k" + std::to_string(i);
        items += "{\"id\": \"i" + std::to_string(i) + "\", \"type\": \"article-journal\", \"citation-key\": \"" + key +
                 "\", \"title\": \"Caf\u00e9 & {T}he {\\\\LaTeX} " + std::to_string(i) +
                 "\", \"author\": [{\"family\": \"M\u00fcller\", \"given\": \"J.\"}], \"issued\": {\"date-parts\": [[" +
                 std::to_string(1990 + i % 30) + "]]}}";
    }
    items += "\n]\n";
    bibport::testing::spit(dir / "in.json", items);
    const std::string in = quote((dir / "in.json").string());
    for (const char* to : {"bibtex", "biblatex"}) {
        auto file = run(std::string(BIBPORT_BIN) + " convert " + in + " -t " + to + " -o " + quote((dir / "out.bib").string()));
        auto out = run(std::string(BIBPORT_BIN) + " convert " + in + " -t " + to);
        ASSERT_EQ(file.status, 0) << file.err;
        ASSERT_EQ(out.status, 0) << out.err;
        EXPECT_EQ(bibport::testing::slurp(dir / "out.bib"), out.out) << to;
        std::string err = file.err;
        for (std::size_t at; (at = err.find((dir / "out.bib").string())) != std::string::npos;)
            err.replace(at, (dir / "out.bib").string().size(), "<stdout>");
        EXPECT_EQ(err, out.err) << to;
        EXPECT_NE(out.err.find("key 'Same' is used twice; this record is written as 'Samed'"), std::string::npos) << out.err;
        EXPECT_NE(out.out.find("@article{badkey1002,"), std::string::npos);
        EXPECT_EQ(std::count(out.out.begin(), out.out.end(), '@'), 3000);
    }
}
