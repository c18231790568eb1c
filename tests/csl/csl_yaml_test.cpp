// SPDX-License-Identifier: MIT
// CSL-YAML: JSON -> YAML -> JSON, quoting, pandoc forms, malformed YAML.
#include "csl_test_util.hpp"

#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

using namespace bibport;
using csltest::dump;
using csltest::read;
using csltest::slurp;
using csltest::write;
namespace json = boost::json;

namespace {

const std::string kAllVariables = BIBPORT_TEST_DATA_DIR "/csl/data/all-variables.json";

void clear_lines(Bibliography& bib) {
    for (auto& r : bib.records) r.source_line = 0;
}

}  // namespace

TEST(csl_yaml, JsonToYamlToJsonIsTheSameJsonValue) {
    const std::string input = slurp(kAllVariables);
    auto from_json = read("csljson", input);
    auto yaml = write("cslyaml", from_json.bibliography);
    EXPECT_TRUE(yaml.diagnostics.items().empty()) << dump(yaml.diagnostics);
    auto from_yaml = read("cslyaml", yaml.text, "all.yaml");
    EXPECT_TRUE(from_yaml.diagnostics.items().empty()) << dump(from_yaml.diagnostics) << yaml.text;
    auto back = write("csljson", from_yaml.bibliography);
    EXPECT_EQ(json::parse(back.text), json::parse(input)) << yaml.text;
    clear_lines(from_json.bibliography);
    clear_lines(from_yaml.bibliography);
    EXPECT_EQ(from_json.bibliography, from_yaml.bibliography);
    // And with the pandoc wrapping.
    auto wrapped = write("cslyaml", from_json.bibliography, {{"references", "true"}});
    EXPECT_EQ(wrapped.text.substr(0, 16), "---\nreferences:\n");
    EXPECT_EQ(wrapped.text.substr(wrapped.text.size() - 4), "...\n");
    auto from_wrapped = read("cslyaml", wrapped.text);
    clear_lines(from_wrapped.bibliography);
    EXPECT_EQ(from_wrapped.bibliography, from_json.bibliography);
}

TEST(csl_yaml, TheWrittenYamlIsWhatPandocWrites) {
    Bibliography bib;
    Record r;
    r.id = "he2020momentum";
    r.type = "paper-conference";
    r.set("title", "Momentum Contrast: A Study");
    r.set("volume", "12");
    r.set("issue", "3", Value::Kind::number);
    r.names_for("author").push_back(Name{.family = "He", .given = "Kaiming"});
    r.date_for("issued").parts = {{2020, 5, 28}};
    r.date_for("event-date").parts = {{2020, 6, 14}, {2020, 6, 19}};
    r.sections = {"All Papers", "2020"};
    bib.records.push_back(r);
    const std::string expected =
        "- id: he2020momentum\n"
        "  type: paper-conference\n"
        "  title: \"Momentum Contrast: A Study\"\n"
        "  volume: \"12\"\n"
        "  issue: 3\n"
        "  author:\n"
        "  - family: He\n"
        "    given: Kaiming\n"
        "  issued:\n"
        "    date-parts: [[2020, 5, 28]]\n"
        "  event-date:\n"
        "    date-parts: [[2020, 6, 14], [2020, 6, 19]]\n"
        "  custom:\n"
        "    sections:\n"
        "    - All Papers\n"
        "    - \"2020\"\n";
    EXPECT_EQ(write("cslyaml", bib).text, expected);
    EXPECT_EQ(write("cslyaml", Bibliography{}).text, "[]\n");
}

TEST(csl_yaml, StringsThatLookLikeOtherTypesAreQuoted) {
    const std::vector<std::string> tricky = {
        "12", "1.5", "0x1F", "1e3", "true", "False", "yes", "No", "on", "null", "~", "", "2020-05-28",
        "2001-12-14 21:59:43.10 -5", "- dash", "a: b", "ends:", "x #no comment", "#tag", " lead", "trail ",
        "multi\nline", "tab\there", "'single'", "\"double\"", "[bracket", "{brace", "*star", "&anchor",
        "!tag", "|pipe", ">fold", "%pct", "@at", "`tick", "?q", ",comma", ".5", "+1", "<<", "=", ".inf",
        "back\\slash", "ctrl\x01", "nel\xC2\x85", "ls\xE2\x80\xA8", "bom\xEF\xBB\xBF", "Ünïcödé: ok", "plain text"};
    Bibliography bib;
    Record r;
    r.id = "q";
    r.type = "book";
    r.notes = tricky;
    r.extra = {{"key: with colon", "v"}, {"123", "numeric key"}};
    bib.records.push_back(r);
    auto yaml = write("cslyaml", bib);
    auto back = read("cslyaml", yaml.text);
    ASSERT_TRUE(back.diagnostics.items().empty()) << dump(back.diagnostics) << yaml.text;
    ASSERT_EQ(back.bibliography.records.size(), 1u) << yaml.text;
    const auto& notes = back.bibliography.records[0].notes;
    ASSERT_EQ(notes.size(), tricky.size());
    for (std::size_t i = 0; i < notes.size(); ++i) EXPECT_EQ(notes[i], tricky[i]);
    EXPECT_EQ(back.bibliography.records[0].extra, r.extra) << yaml.text;
    // Plain where nothing is ambiguous.
    EXPECT_NE(yaml.text.find("\n    - plain text\n"), std::string::npos) << yaml.text;
    EXPECT_NE(yaml.text.find("\n    - \"12\"\n"), std::string::npos) << yaml.text;
}

TEST(csl_yaml, ScalarsResolveAsTheYamlCoreSchema) {
    std::string text =
        "- id: 7\n"
        "  type: book\n"
        "  volume: 12\n"
        "  issue: '12'\n"
        "  page: 0x10\n"
        "  edition: 2.50\n"
        "  title: true story\n"
        "  note: |\n"
        "    line one\n"
        "    line two\n"
        "  issued: 2020-05-28\n"
        "  accessed: {date-parts: [['2024', 1, 15]]}\n";
    auto result = read("cslyaml", text);
    ASSERT_EQ(result.bibliography.records.size(), 1u) << dump(result.diagnostics);
    const Record& r = result.bibliography.records[0];
    EXPECT_TRUE(result.diagnostics.items().empty()) << dump(result.diagnostics);
    EXPECT_EQ(r.id, "7");
    EXPECT_EQ(r.get_extra("csl.id-type"), "number");
    EXPECT_EQ(*r.find("volume"), (Value{"12", Value::Kind::number}));
    EXPECT_EQ(*r.find("issue"), (Value{"12", Value::Kind::string}));
    EXPECT_EQ(*r.find("page"), (Value{"16", Value::Kind::number}));
    EXPECT_EQ(*r.find("edition"), (Value{"2.5", Value::Kind::number}));
    EXPECT_EQ(r.get("title"), "true story");
    EXPECT_EQ(r.get("note"), "line one\nline two\n");
    EXPECT_EQ(r.find_date("issued")->raw, "2020-05-28");
    EXPECT_EQ(r.find_date("accessed")->parts, (std::vector<std::vector<int>>{{2024, 1, 15}}));
}

TEST(csl_yaml, PandocReferencesAndMarkdownFrontMatter) {
    std::string md =
        "---\n"
        "title: My notes\n"
        "references:\n"
        "- id: a\n"
        "  type: book\n"
        "  title: First\n"
        "- id: b\n"
        "  type: book\n"
        "  issued: 2020-05-28\n"
        "---\n"
        "\n"
        "Body text: *not* YAML - [link](x) {and: braces}\n";
    auto result = read("cslyaml", md, "notes.md");
    EXPECT_TRUE(result.diagnostics.items().empty()) << dump(result.diagnostics);
    ASSERT_EQ(result.bibliography.records.size(), 2u);
    EXPECT_EQ(result.bibliography.records[0].source_line, 4u);
    EXPECT_EQ(result.bibliography.records[1].source_line, 7u);
    EXPECT_EQ(result.bibliography.records[1].find_date("issued")->raw, "2020-05-28");

    auto plain_map = read("cslyaml", "references:\n  - id: a\n    type: book\n");
    EXPECT_EQ(plain_map.bibliography.records.size(), 1u) << dump(plain_map.diagnostics);
    auto wrong = read("cslyaml", "title: no references here\n", "w.yaml");
    EXPECT_EQ(wrong.diagnostics.items().at(0).format(),
              "w.yaml:1:1: error: expected a sequence of CSL items or a mapping with 'references'");
    auto empty = read("cslyaml", "");
    EXPECT_TRUE(empty.diagnostics.items().empty());
}

TEST(csl_yaml, SyntaxErrorHasAPositionAndKeepsTheItemsBeforeIt) {
    std::string text =
        "- id: a\n"
        "  type: book\n"
        "- id: b\n"
        "  type: book\n"
        "- id: c\n"
        "  type: book\n"
        "  title: [unclosed\n"
        "- id: d\n"
        "  type: book\n";
    auto result = read("cslyaml", text, "bad.yaml");
    ASSERT_EQ(result.diagnostics.count(Severity::error), 1u) << dump(result.diagnostics);
    const auto& d = result.diagnostics.items()[0];
    EXPECT_EQ(d.file, "bad.yaml");
    EXPECT_EQ(d.code, "syntax");
    EXPECT_EQ(d.format(), "bad.yaml:8:5: error: invalid YAML: end of sequence flow not found");
    ASSERT_EQ(result.bibliography.records.size(), 2u);
    EXPECT_EQ(result.bibliography.records[1].id, "b");

    std::string indent = "- id: a\n  type: book\n- id: b\n  type: book\n   title: x\n";
    auto bad_indent = read("cslyaml", indent, "i.yaml");
    ASSERT_EQ(bad_indent.diagnostics.count(Severity::error), 1u) << dump(bad_indent.diagnostics);
    EXPECT_EQ(bad_indent.diagnostics.items()[0].line, 5u) << dump(bad_indent.diagnostics);
    EXPECT_EQ(bad_indent.bibliography.records.size(), 1u);
}

TEST(csl_yaml, BadItemsAreSkippedWithTheirPosition) {
    std::string text =
        "- id: a\n"
        "  type: book\n"
        "- just a string\n"
        "- id: c\n"
        "  type: book\n"
        "  author: Smith\n"
        "- id: d\n"
        "  type: book\n";
    auto result = read("cslyaml", text, "s.yaml");
    ASSERT_EQ(result.diagnostics.skipped(), 2u) << dump(result.diagnostics);
    EXPECT_EQ(result.diagnostics.items()[0].format(),
              "s.yaml:3:3: error: expected an object for a CSL item, got a string; item skipped");
    EXPECT_EQ(result.diagnostics.items()[1].format(),
              "s.yaml:4:3: error: expected an array of names for 'author', got a string; item skipped [c]");
    ASSERT_EQ(result.bibliography.records.size(), 2u);
    EXPECT_EQ(result.bibliography.records[1].id, "d");
}

TEST(csl_yaml, OutputIsReadByYamlCppAsTheSameTree) {
    // An independent look at the YAML: yaml-cpp's own view of the types must match the JSON.
    auto bib = read("csljson", slurp(BIBPORT_SOURCE_DIR "/samples/csl/sample.json")).bibliography;
    auto yaml = write("cslyaml", bib).text;
    YAML::Node root = YAML::Load(yaml);
    ASSERT_TRUE(root.IsSequence());
    ASSERT_EQ(root.size(), bib.records.size());
    EXPECT_EQ(root[0]["author"][0]["family"].as<std::string>(), "He");
    EXPECT_EQ(root[0]["issued"]["date-parts"][0][1].as<int>(), 6);
    EXPECT_EQ(root[1]["volume"].Tag(), "?");   // a plain scalar: a number
    EXPECT_EQ(root[1]["volume"].as<int>(), 119);
    EXPECT_EQ(root[0]["custom"]["sections"][1].Tag(), "!");   // quoted: stays the string "2020"
    EXPECT_TRUE(root[0]["custom"]["highlight"].as<bool>());
}

TEST(csl_yaml, AnchorsAndAliasesAreResolved) {
    std::string text =
        "- id: a\n"
        "  type: book\n"
        "  author: &authors\n"
        "  - family: He\n"
        "    given: Kaiming\n"
        "- id: b\n"
        "  type: book\n"
        "  author: *authors\n";
    auto result = read("cslyaml", text);
    ASSERT_EQ(result.bibliography.records.size(), 2u) << dump(result.diagnostics);
    EXPECT_EQ(result.bibliography.records[1].find_names("author")->at(0).given, "Kaiming");
    auto scalar_root = read("cslyaml", "\n  just text\n", "s.yaml");
    EXPECT_EQ(scalar_root.diagnostics.items().at(0).format(),
              "s.yaml:2:3: error: expected a sequence of CSL items or a mapping with 'references'");
}

TEST(csl_yaml, Probe) {
    auto reader = csltest::format("cslyaml").make_reader();
    EXPECT_EQ(reader->probe("- id: x\n  type: book\n"), 80);
    EXPECT_EQ(reader->probe("references:\n- id: x\n"), 80);
    EXPECT_EQ(reader->probe("# refs\nreferences:\n  - id: x\n"), 70);
    EXPECT_EQ(reader->probe("---\nreferences:\n"), 80);
    EXPECT_EQ(reader->probe("---\ntitle: x\n---\n# Heading\n"), 10);
    EXPECT_EQ(reader->probe("[{\"id\": \"x\"}]"), 0);
    EXPECT_EQ(reader->probe("@article{x,"), 0);
}
