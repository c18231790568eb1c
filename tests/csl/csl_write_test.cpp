// SPDX-License-Identifier: MIT
// CSL-JSON writer: round trips, canonical order, custom, losses, options.
#include "csl_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace bibport;
using csltest::dump;
using csltest::read;
using csltest::slurp;
using csltest::write;
namespace json = boost::json;

namespace {

const std::string kAllVariables = BIBPORT_TEST_DATA_DIR "/csl/data/all-variables.json";

Record paper() {
    Record r;
    r.type = "paper-conference";
    r.id = "he2020momentum";
    r.citation_key = "he2020momentum";
    r.set("title", "Momentum Contrast for Unsupervised Visual Representation Learning");
    r.set("volume", "12", Value::Kind::number);
    r.names_for("author").push_back(Name{.family = "He", .given = "Kaiming"});
    r.date_for("issued").parts = {{2020, 6}};
    return r;
}

json::object first_item(const std::string& text) {
    return json::parse(text).as_array().at(0).as_object();
}

}  // namespace

TEST(csl_json_writer, AllVariablesRoundTripIsTheSameJsonValue) {
    const std::string input = slurp(kAllVariables);
    auto result = read("csljson", input);
    ASSERT_TRUE(result.diagnostics.items().empty()) << dump(result.diagnostics);
    auto written = write("csljson", result.bibliography);
    EXPECT_FALSE(written.failed);
    EXPECT_TRUE(written.diagnostics.items().empty()) << dump(written.diagnostics);
    EXPECT_EQ(json::parse(written.text), json::parse(input)) << written.text;
    // Reading the output again gives the same records.
    auto again = read("csljson", written.text);
    ASSERT_EQ(again.bibliography.records.size(), result.bibliography.records.size());
    for (std::size_t i = 0; i < again.bibliography.records.size(); ++i) {
        Record a = result.bibliography.records[i], b = again.bibliography.records[i];
        a.source_line = b.source_line = 0;
        EXPECT_EQ(a, b) << "record " << i;
    }
}

TEST(csl_json_writer, SampleRoundTripsWithIndentTwoOrZero) {
    const std::string input = slurp(BIBPORT_SOURCE_DIR "/samples/csl/sample.json");
    auto bib = read("csljson", input).bibliography;
    auto pretty = write("csljson", bib).text;
    EXPECT_EQ(json::parse(pretty), json::parse(input));
    auto compact = write("csljson", bib, {{"indent", "0"}}).text;
    EXPECT_EQ(json::parse(compact), json::parse(input));
    // indent=0: the array brackets plus one line per item.
    EXPECT_EQ(std::count(compact.begin(), compact.end(), '\n'), static_cast<long>(bib.records.size()) + 2);
    // Deterministic.
    EXPECT_EQ(write("csljson", bib).text, pretty);
}

TEST(csl_json_writer, CanonicalOrderAndFormatting) {
    Bibliography bib;
    bib.records.push_back(paper());
    bib.records[0].alias = "MoCov1";
    const std::string expected =
        "[\n"
        "  {\n"
        "    \"id\": \"he2020momentum\",\n"
        "    \"type\": \"paper-conference\",\n"
        "    \"citation-key\": \"he2020momentum\",\n"
        "    \"title\": \"Momentum Contrast for Unsupervised Visual Representation Learning\",\n"
        "    \"volume\": 12,\n"
        "    \"title-short\": \"MoCov1\",\n"
        "    \"author\": [\n"
        "      {\n"
        "        \"family\": \"He\",\n"
        "        \"given\": \"Kaiming\"\n"
        "      }\n"
        "    ],\n"
        "    \"issued\": {\n"
        "      \"date-parts\": [\n"
        "        [2020, 6]\n"
        "      ]\n"
        "    },\n"
        "    \"custom\": {\n"
        "      \"alias\": \"MoCov1\"\n"
        "    }\n"
        "  }\n"
        "]\n";
    EXPECT_EQ(write("csljson", bib).text, expected);
    EXPECT_EQ(write("csljson", Bibliography{}).text, "[]\n");
}

TEST(csl_json_writer, StringsAreEscapedOnlyWhereJsonNeedsIt) {
    Bibliography bib;
    bib.records.push_back(paper());
    bib.records[0].set("title", "Quote \" backslash \\ tab\t newline\n bell\x07 é 🌟");
    auto text = write("csljson", bib).text;
    EXPECT_NE(text.find(R"("Quote \" backslash \\ tab\t newline\n bell\u0007 é 🌟")"), std::string::npos) << text;
    EXPECT_EQ(first_item(text).at("title").as_string(), bib.records[0].get("title"));
}

// The escaper checks eight bytes at a time and the end of a long text in one overlapping
// word: a character that needs an escape is found at every position of texts of every length.
TEST(csl_json_writer, EscapesAreFoundAtEveryPositionOfTextsOfEveryLength) {
    const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\x01'), "\x1f"};
    Bibliography bib;
    std::vector<std::string> titles;
    for (std::size_t length = 1; length <= 40; ++length)   // past two 16-byte steps
        for (std::size_t at = 0; at < length; ++at)
            for (const auto& special : specials) {
                std::string t(length, 'a');
                t.replace(at, 1, special);
                if (at + 1 < length) t[length - 1] = static_cast<char>(0xC3), t.push_back(static_cast<char>(0xA9));
                titles.push_back(t);
                Record r = paper();
                r.id = std::to_string(titles.size());
                r.id.insert(r.id.begin(), 't');
                r.set("title", t);
                bib.records.push_back(std::move(r));
            }
    auto text = write("csljson", bib).text;
    auto items = json::parse(text).as_array();
    ASSERT_EQ(items.size(), titles.size());
    for (std::size_t i = 0; i < titles.size(); ++i)
        EXPECT_EQ(items[i].as_object().at("title").as_string(), titles[i]) << "title " << i;
}

TEST(csl_json_writer, NumbersOnlyWhereTheSchemaAllowsAndTheTextIsCanonical) {
    Bibliography bib;
    Record r = paper();
    r.set("volume", "012", Value::Kind::number);      // would lose its zero as a number
    r.set("issue", "3", Value::Kind::number);
    r.set("page", "1.5", Value::Kind::number);
    r.set("DOI", "10", Value::Kind::number);          // DOI is a string variable
    r.set("edition", "2", Value::Kind::string);
    bib.records.push_back(r);
    auto item = first_item(write("csljson", bib).text);
    EXPECT_EQ(item.at("volume"), json::value("012"));
    EXPECT_EQ(item.at("issue"), json::value(3));
    EXPECT_EQ(item.at("page"), json::value(1.5));
    EXPECT_EQ(item.at("DOI"), json::value("10"));
    EXPECT_EQ(item.at("edition"), json::value("2"));
}

TEST(csl_json_writer, ListFieldsAndForeignExtrasGoToCustom) {
    Bibliography bib;
    Record r = paper();
    r.alias = "MoCov1";
    r.set("title-short", "MoCo");
    r.highlight = true;
    r.sections = {"All Papers", "2020"};
    r.other_sections = {{"Contrastive"}};
    r.links = {{"paper", "https://arxiv.org/abs/1911.05722", ""}, {"code", "https://github.com/x/moco", "Code"}};
    r.arxiv = "1911.05722";
    r.notes = {"good"};
    r.keywords = {"contrastive", "self-supervised"};
    r.categories = {"vision"};
    r.extra = {{"bibtex.timestamp", "2020"}, {"csl.custom.short_id", "\"xyz\""}, {"csl.unknownTop", "[1]"},
               {"csl.title", "\"clash\""}};
    r.set("bibtex-only-field", "kept");   // not a CSL variable
    bib.records.push_back(r);
    auto written = write("csljson", bib);
    auto item = first_item(written.text);
    EXPECT_EQ(item.at("title-short"), json::value("MoCo"));   // an existing title-short wins
    EXPECT_EQ(item.at("keyword"), json::value("contrastive, self-supervised"));
    EXPECT_EQ(item.at("categories"), json::parse(R"(["vision"])"));
    EXPECT_EQ(item.at("unknownTop"), json::parse("[1]"));
    EXPECT_FALSE(item.contains("bibtex-only-field"));
    EXPECT_EQ(item.at("custom"), json::parse(R"({
        "alias": "MoCov1", "highlight": true, "sections": ["All Papers", "2020"],
        "other_sections": [["Contrastive"]],
        "links": [{"role": "paper", "url": "https://arxiv.org/abs/1911.05722"},
                  {"role": "code", "url": "https://github.com/x/moco", "label": "Code"}],
        "arxiv": "1911.05722", "notes": ["good"], "short_id": "xyz",
        "variables": {"bibtex-only-field": "kept"},
        "extra": {"bibtex.timestamp": "2020", "csl.title": "\"clash\""}})"));
    // And it all comes back.
    auto back = read("csljson", written.text).bibliography.records.at(0);
    EXPECT_EQ(back.alias, r.alias);
    EXPECT_EQ(back.links, r.links);
    EXPECT_EQ(back.other_sections, r.other_sections);
    EXPECT_EQ(back.get("bibtex-only-field"), "kept");
    EXPECT_EQ(back.get_extra("bibtex.timestamp"), "2020");
    EXPECT_EQ(back.get_extra("csl.custom.short_id"), "\"xyz\"");
}

TEST(csl_json_writer, AliasBecomesTitleShortAndSurvivesARoundTrip) {
    Bibliography bib;
    Record r = paper();
    r.alias = "MoCov1";
    bib.records.push_back(r);
    auto first = write("csljson", bib).text;
    EXPECT_EQ(first_item(first).at("title-short"), json::value("MoCov1"));
    auto second = write("csljson", read("csljson", first).bibliography).text;
    EXPECT_EQ(first, second);
}

TEST(csl_json_writer, WhatCslCannotHoldIsReportedAsLoss) {
    Bibliography bib;
    bib.title = "Awesome Papers";
    Record r = paper();
    r.type = "misc";
    r.names_for("inventor").push_back(Name{.family = "X"});
    r.date_for("created").parts = {{2020}};
    r.date_for("accessed").parts = {{2020, 1, 2, 3}};
    bib.records.push_back(r);
    auto written = write("csljson", bib);
    EXPECT_FALSE(written.failed);
    std::vector<std::string> codes;
    for (const auto& d : written.diagnostics.items()) codes.push_back(d.code);
    EXPECT_EQ(codes, (std::vector<std::string>{"loss.title", "loss.type", "loss.names", "loss.date", "loss.date"}))
        << dump(written.diagnostics);
    auto item = first_item(written.text);
    EXPECT_EQ(item.at("type"), json::value("document"));
    EXPECT_EQ(item.at("accessed"), json::parse(R"({"date-parts": [[2020, 1, 2]]})"));
}

TEST(csl_json_writer, MissingIdsAreFilledAndNumericIdsStayNumbers) {
    Bibliography bib;
    Record a = paper();
    a.id.clear();
    Record b = paper();
    b.id.clear();
    b.citation_key.clear();
    Record c = paper();
    c.id = "7";
    c.extra = {{"csl.id-type", "number"}};
    bib.records = {a, b, c};
    auto arr = json::parse(write("csljson", bib).text).as_array();
    EXPECT_EQ(arr[0].at("id"), json::value("he2020momentum"));
    EXPECT_EQ(arr[1].at("id"), json::value("item-2"));
    EXPECT_EQ(arr[2].at("id"), json::value(7));
}

TEST(csl_json_writer, IndentOptionIsChecked) {
    Bibliography bib;
    bib.records.push_back(paper());
    auto four = write("csljson", bib, {{"indent", "4"}});
    EXPECT_EQ(four.text.substr(0, 8), "[\n    {\n");
    auto bad = write("csljson", bib, {{"indent", "wide"}});
    EXPECT_EQ(bad.diagnostics.count(Severity::warning), 1u);
    EXPECT_EQ(bad.text, write("csljson", bib).text);
}

TEST(csl_plugin, FormatsDescribeThemselves) {
    const auto& json_info = csltest::format("csljson").info();
    EXPECT_TRUE(json_info.can_read && json_info.can_write);
    EXPECT_EQ(json_info.aliases, (std::vector<std::string>{"csl-json", "csl"}));
    EXPECT_EQ(json_info.extensions, (std::vector<std::string>{"json", "csljson"}));
    const auto& yaml_info = csltest::format("cslyaml").info();
    EXPECT_TRUE(yaml_info.can_read && yaml_info.can_write);
    EXPECT_EQ(yaml_info.extensions, (std::vector<std::string>{"yaml", "yml"}));
    EXPECT_EQ(yaml_info.write_options.at(0).key, "references");
}

TEST(csl_json_writer, KeysThatNeedEscapesAndDeepIndentation) {
    // Member keys are written straight when they are plain text, escaped otherwise; lines
    // indented deeper than the writer's small buffer go the long way.
    Bibliography bib;
    Record r = paper();
    r.extra.emplace_back("we\"ird\nkey\\", "v");
    r.extra.emplace_back("plain-key", "x");
    r.extra.emplace_back(std::string(80, 'k'), "long");
    bib.records.push_back(r);
    for (const char* indent : {"0", "2", "16"}) {
        auto text = write("csljson", bib, {{"indent", indent}}).text;
        auto item = json::parse(text).as_array().at(0).as_object();
        const auto& extra = item.at("custom").as_object().at("extra").as_object();
        EXPECT_EQ(extra.at("we\"ird\nkey\\"), json::value("v")) << indent;
        EXPECT_EQ(extra.at("plain-key"), json::value("x")) << indent;
        EXPECT_EQ(extra.at(std::string(80, 'k')), json::value("long")) << indent;
        if (std::string(indent) == "16") {   // item, "custom", "extra": the fourth level
            EXPECT_NE(text.find("\n" + std::string(64, ' ') + "\"plain-key\": \"x\""), std::string::npos) << text;
        }
    }
}
