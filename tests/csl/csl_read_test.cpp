// SPDX-License-Identifier: MIT
// CSL-JSON reader: every schema form read into the Record, Zotero's export, malformed input.
#include "csl_test_util.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace bibport;
using csltest::dump;
using csltest::read;
using csltest::slurp;

namespace {

const std::string kAllVariables = BIBPORT_TEST_DATA_DIR "/csl/data/all-variables.json";

const Record& by_id(const Bibliography& bib, std::string_view id) {
    for (const auto& r : bib.records)
        if (r.id == id) return r;
    throw std::runtime_error("no record " + std::string(id));
}

}  // namespace

TEST(csl_json_reader, AllVariablesFileReadsWithoutDiagnostics) {
    auto result = read("csljson", slurp(kAllVariables), "all-variables.json");
    EXPECT_TRUE(result.diagnostics.items().empty()) << dump(result.diagnostics);
    ASSERT_EQ(result.bibliography.records.size(), 3u);
    EXPECT_EQ(result.bibliography.records[0].source_line, 2u);
    EXPECT_EQ(result.bibliography.records[1].source_line, 127u);
}

TEST(csl_json_reader, ScalarsIdsAndListFields) {
    auto bib = read("csljson", slurp(kAllVariables)).bibliography;
    const Record& r = by_id(bib, "lecun2015deep");
    EXPECT_EQ(r.type, "article-journal");
    EXPECT_EQ(r.citation_key, "LeCun2015");
    EXPECT_EQ(r.categories, (std::vector<std::string>{"Machine Learning", "Reviews"}));
    EXPECT_EQ(r.keywords, (std::vector<std::string>{"deep learning", "neural networks", "representation learning"}));
    EXPECT_EQ(r.get("journalAbbreviation"), "Nature");
    EXPECT_EQ(r.get("shortTitle"), "Deep learning");
    EXPECT_EQ(r.get("language"), "en-US");
    EXPECT_EQ(r.get("event-place"), "Montréal, Québec");
    // Numbers stay numbers, strings stay strings, whatever the variable allows.
    ASSERT_TRUE(r.find("volume"));
    EXPECT_EQ(*r.find("volume"), (Value{"521", Value::Kind::number}));
    EXPECT_EQ(*r.find("edition"), (Value{"2", Value::Kind::string}));
    EXPECT_EQ(*r.find("citation-number"), (Value{"17", Value::Kind::string}));
    EXPECT_EQ(r.get("abstract").find('\n'), 89u);
    // The fields keep the source order.
    ASSERT_GE(r.fields.size(), 3u);
    EXPECT_EQ(r.fields[0].name, "language");
    EXPECT_EQ(r.fields[1].name, "journalAbbreviation");

    EXPECT_EQ(r.alias, "DL-Review");
    EXPECT_TRUE(r.highlight);
    EXPECT_EQ(r.sections, (std::vector<std::string>{"All Papers", "2015"}));
    ASSERT_EQ(r.other_sections.size(), 2u);
    EXPECT_EQ(r.other_sections[1], (std::vector<std::string>{"All Papers", "Classics"}));
    ASSERT_EQ(r.links.size(), 3u);
    EXPECT_EQ(r.links[1], (Link{"pdf", "https://example.org/lecun2015.pdf", "PDF (preprint)"}));
    EXPECT_EQ(r.arxiv, "1502.01234v2");
    EXPECT_EQ(r.notes.size(), 2u);
    EXPECT_EQ(r.get_extra("bibtex.timestamp"), "2020-01-01");
    EXPECT_EQ(r.get_extra("zotero.libraryCatalog"), "www.nature.com");
    // Other custom keys are kept as their JSON text.
    EXPECT_EQ(r.get_extra("csl.custom.short_id"), "\"xyz\"");
    EXPECT_EQ(r.get_extra("csl.custom.metadata-double-checked"), "true");
    EXPECT_EQ(r.get_extra("csl.custom.other-ids"), "[\"alternative-id\",42]");

    const Record& numeric = bib.records[1];
    EXPECT_EQ(numeric.id, "2");
    EXPECT_EQ(numeric.get_extra("csl.id-type"), "number");
    EXPECT_EQ(*numeric.find("page"), (Value{"5998", Value::Kind::number}));
}

TEST(csl_json_reader, EveryNameForm) {
    auto bib = read("csljson", slurp(kAllVariables)).bibliography;
    const Record& r = by_id(bib, "lecun2015deep");
    EXPECT_EQ(r.names.size(), 26u);
    EXPECT_EQ(r.names[0].role, "author");
    EXPECT_EQ(r.find_names("author")->at(2).given, "Geoffrey E.");
    EXPECT_EQ(r.find_names("collection-editor")->at(0).non_dropping_particle, "van");
    EXPECT_EQ(r.find_names("compiler")->at(0).dropping_particle, "de");
    const Name& king = r.find_names("composer")->at(0);
    EXPECT_EQ(king.suffix, "Jr.");
    EXPECT_EQ(king.comma_suffix, (Value{"true", Value::Kind::boolean}));
    EXPECT_TRUE(r.find_names("container-author")->at(0).is_literal());
    EXPECT_EQ(r.find_names("contributor")->at(0).static_ordering, (Value{"true", Value::Kind::boolean}));
    EXPECT_EQ(r.find_names("curator")->at(0).parse_names, (Value{"false", Value::Kind::boolean}));
    EXPECT_EQ(r.find_names("director")->at(0).parse_names, (Value{"true", Value::Kind::string}));
    EXPECT_EQ(r.find_names("editorial-director")->at(0).comma_suffix, (Value{"1", Value::Kind::number}));
    EXPECT_TRUE(r.find_names("editor")->at(1).is_others());
    EXPECT_EQ(r.find_names("translator")->at(1).family, "Ōta");
}

TEST(csl_json_reader, EveryDateForm) {
    auto bib = read("csljson", slurp(kAllVariables)).bibliography;
    const Record& a = by_id(bib, "lecun2015deep");
    EXPECT_EQ(a.dates.size(), 6u);
    EXPECT_EQ(a.find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    EXPECT_EQ(a.find_date("available-date")->parts, (std::vector<std::vector<int>>{{2015, 5}}));
    EXPECT_EQ(a.find_date("event-date")->parts, (std::vector<std::vector<int>>{{2015, 5, 27}, {2015, 5, 29}}));
    EXPECT_EQ(a.find_date("original-date")->circa, (Value{"true", Value::Kind::boolean}));
    EXPECT_EQ(a.find_date("submitted")->season, (Value{"3", Value::Kind::number}));

    const Record& b = bib.records[1];
    const Date* issued = b.find_date("issued");
    ASSERT_TRUE(issued);
    EXPECT_EQ(issued->season, (Value{"Winter", Value::Kind::string}));
    EXPECT_EQ(issued->circa, (Value{"1", Value::Kind::string}));
    EXPECT_EQ(b.find_date("event-date")->literal, "4–9 December 2017");
    EXPECT_EQ(b.find_date("accessed")->raw, "2023-05-01");
    EXPECT_TRUE(b.find_date("accessed")->parts.empty());   // raw is kept, not parsed away
    EXPECT_EQ(b.find_date("original-date")->circa, (Value{"1", Value::Kind::number}));
    EXPECT_EQ(b.find_date("submitted")->raw, "June–July 2017");
    EXPECT_EQ(b.find_date("submitted")->parts.size(), 2u);
}

TEST(csl_json_reader, ZoteroExport) {
    auto result = read("csljson", slurp(BIBPORT_SHARED_DIR "/corpus/zotero/zotero-csl-json-export.json"));
    EXPECT_TRUE(result.diagnostics.items().empty()) << dump(result.diagnostics);
    const auto& recs = result.bibliography.records;
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].id, "ITEM0001");
    EXPECT_EQ(recs[0].type, "article-journal");
    EXPECT_EQ(recs[0].get("title"), "Deep learning");
    EXPECT_EQ(recs[0].get("container-title"), "Nature");
    EXPECT_EQ(recs[0].get("DOI"), "10.1038/nature14539");
    EXPECT_EQ(*recs[0].find("volume"), (Value{"521", Value::Kind::string}));
    ASSERT_EQ(recs[0].find_names("author")->size(), 2u);
    EXPECT_EQ(recs[0].find_names("author")->at(1).family, "Bengio");
    EXPECT_EQ(recs[0].find_names("author")->at(1).given, "Yoshua");
    // Zotero writes the year as a string: "2015".
    EXPECT_EQ(recs[0].find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    EXPECT_EQ(recs[0].find_date("accessed")->parts, (std::vector<std::vector<int>>{{2024, 1, 15}}));
    EXPECT_EQ(recs[0].year(), 2015);
    EXPECT_EQ(recs[1].type, "paper-conference");
    EXPECT_EQ(recs[1].get("title"), "Attention Is All You Need");
    EXPECT_EQ(recs[1].get("event-title"), "NeurIPS 2017");
    EXPECT_EQ(recs[1].find_names("editor")->at(0).family, "Guyon");
    EXPECT_EQ(recs[1].find_date("issued")->parts, (std::vector<std::vector<int>>{{2017}}));
    EXPECT_EQ(recs[1].source_line, 47u);
}

TEST(csl_json_reader, EdtfStringDateIsKeptAsRaw) {
    auto result = read("csljson", R"([{"id": "a", "type": "book", "issued": "2020-05-28"}])");
    EXPECT_TRUE(result.diagnostics.items().empty()) << dump(result.diagnostics);
    const Date* d = result.bibliography.records.at(0).find_date("issued");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->raw, "2020-05-28");
    EXPECT_TRUE(d->parts.empty());
}

TEST(csl_json_reader, TruncatedJsonKeepsTheCompleteItems) {
    std::string text = "[\n  {\"id\": \"a\", \"type\": \"book\"},\n  {\"id\": \"b\", \"type\": \"book\",\n    \"title\": \"Cut";
    auto result = read("csljson", text, "trunc.json");
    ASSERT_EQ(result.diagnostics.items().size(), 1u) << dump(result.diagnostics);
    EXPECT_EQ(result.diagnostics.items()[0].format(),
              "trunc.json:4:18: error: unexpected end of input in the string that starts at 4:14");
    ASSERT_EQ(result.bibliography.records.size(), 1u);
    EXPECT_EQ(result.bibliography.records[0].id, "a");

    auto unclosed = read("csljson", "[\n  {\"id\": \"a\", \"type\": \"book\"},\n  {\"id\": \"b\"", "t2.json");
    ASSERT_EQ(unclosed.diagnostics.items().size(), 1u) << dump(unclosed.diagnostics);
    EXPECT_EQ(unclosed.diagnostics.items()[0].format(),
              "t2.json:3:13: error: unexpected end of input; expected '}' to close the object opened at 3:3");
    EXPECT_EQ(unclosed.bibliography.records.size(), 1u);
}

TEST(csl_json_reader, SyntaxErrorPositionAndItemsBeforeIt) {
    std::string text =
        "[\n"
        "  {\"id\": \"a\", \"type\": \"book\"},\n"
        "  {\"id\": \"b\", \"type\": \"book\"},\n"
        "  {\"id\": \"c\" \"type\": \"book\"},\n"
        "  {\"id\": \"d\", \"type\": \"book\"}\n"
        "]\n";
    auto result = read("csljson", text, "bad.json");
    ASSERT_EQ(result.diagnostics.items().size(), 1u) << dump(result.diagnostics);
    const auto& d = result.diagnostics.items()[0];
    EXPECT_EQ(d.line, 4u);
    EXPECT_EQ(d.column, 14u);
    EXPECT_EQ(d.severity, Severity::error);
    EXPECT_NE(d.message.find("in the object opened at 4:3"), std::string::npos) << d.message;
    ASSERT_EQ(result.bibliography.records.size(), 2u);
    EXPECT_EQ(result.bibliography.records[1].id, "b");

    auto trailing = read("csljson", "[1, 2,]", "comma.json");
    EXPECT_EQ(trailing.diagnostics.items().at(0).format(),
              "comma.json:1:7: error: invalid JSON: unexpected ']' in the array opened at 1:1");
    auto extra = read("csljson", "[]\nx", "extra.json");
    EXPECT_EQ(extra.diagnostics.items().at(0).format(),
              "extra.json:2:1: error: unexpected text after the end of the JSON data");
}

TEST(csl_json_reader, BadItemsAreSkippedAndTheRestRead) {
    std::string text =
        "[\n"
        "  {\"id\": \"good1\", \"type\": \"book\"},\n"
        "  42,\n"
        "  {\"id\": \"badname\", \"type\": \"book\", \"author\": \"Smith, John\"},\n"
        "  {\"id\": \"good2\", \"type\": \"book\"},\n"
        "    {\"id\": \"baddate\", \"type\": \"book\", \"issued\": {\"date-parts\": [[\"spring\"]]}},\n"
        "  {\"id\": \"badentry\", \"type\": \"book\", \"editor\": [{\"family\": \"A\"}, \"B\"]},\n"
        "  {\"id\": \"toolong\", \"type\": \"book\", \"issued\": {\"date-parts\": [[2020, 1, 2, 3]]}},\n"
        "  {\"id\": \"good3\", \"type\": \"book\"}\n"
        "]\n";
    auto result = read("csljson", text, "items.json");
    const auto& recs = result.bibliography.records;
    ASSERT_EQ(recs.size(), 3u) << dump(result.diagnostics);
    EXPECT_EQ(recs[0].id, "good1");
    EXPECT_EQ(recs[1].id, "good2");
    EXPECT_EQ(recs[2].id, "good3");
    EXPECT_EQ(recs[2].source_line, 9u);
    ASSERT_EQ(result.diagnostics.skipped(), 5u) << dump(result.diagnostics);
    const auto& items = result.diagnostics.items();
    EXPECT_EQ(items[0].format(), "items.json:3:3: error: expected an object for a CSL item, got a number; item skipped");
    EXPECT_EQ(items[1].format(),
              "items.json:4:3: error: expected an array of names for 'author', got a string; item skipped [badname]");
    EXPECT_EQ(items[2].format(),
              "items.json:6:5: error: expected a number in 'date-parts' of 'issued', got 'spring'; item skipped [baddate]");
    EXPECT_EQ(items[3].format(),
              "items.json:7:3: error: expected an object for 'editor' name 2, got a string; item skipped [badentry]");
    EXPECT_EQ(items[4].line, 8u);
    EXPECT_NE(items[4].message.find("1 to 3 parts"), std::string::npos);
}

TEST(csl_json_reader, WrongTypesAreWarnedAndKeptAsText) {
    std::string text = R"([
  {"id": "w", "type": "book", "title": 12, "ISBN": 9780262035613, "volume": true,
   "note": ["a"], "author": [{"family": 7, "given": "X", "nickname": "Y"}]}
])";
    auto result = read("csljson", text, "w.json");
    const auto& r = result.bibliography.records.at(0);
    EXPECT_EQ(*r.find("title"), (Value{"12", Value::Kind::string}));
    EXPECT_EQ(*r.find("ISBN"), (Value{"9780262035613", Value::Kind::string}));
    EXPECT_EQ(*r.find("volume"), (Value{"true", Value::Kind::string}));
    EXPECT_FALSE(r.has("note"));
    EXPECT_EQ(r.find_names("author")->at(0).family, "7");
    EXPECT_EQ(result.diagnostics.count(Severity::warning), 6u) << dump(result.diagnostics);
    EXPECT_EQ(result.diagnostics.count(Severity::error), 0u);
    EXPECT_EQ(result.diagnostics.items()[0].format(),
              "w.json:2:3: warning: expected a string for 'title', got a number; kept as text [w]");
}

TEST(csl_json_reader, UnknownKeysAreKeptAndWarnedOncePerKey) {
    std::string text = R"([
  {"id": "a", "type": "book", "foo": {"x": [1, 2]}, "bar": "b"},
  {"id": "b", "type": "book", "foo": 3}
])";
    auto result = read("csljson", text);
    EXPECT_EQ(result.diagnostics.count(Severity::warning), 2u) << dump(result.diagnostics);
    const auto& recs = result.bibliography.records;
    EXPECT_EQ(recs[0].get_extra("csl.foo"), "{\"x\":[1,2]}");
    EXPECT_EQ(recs[0].get_extra("csl.bar"), "\"b\"");
    EXPECT_EQ(recs[1].get_extra("csl.foo"), "3");
}

TEST(csl_json_reader, MissingAndDuplicateIds) {
    std::string text = R"([
  {"type": "book", "citation-key": "k1"},
  {"id": "x"},
  {"id": "x", "type": "book"}
])";
    auto result = read("csljson", text);
    const auto& recs = result.bibliography.records;
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].id, "k1");
    EXPECT_EQ(recs[1].type, "document");
    EXPECT_EQ(result.diagnostics.count(Severity::warning), 3u) << dump(result.diagnostics);
    EXPECT_EQ(result.diagnostics.items()[2].message, "duplicate id 'x'");
}

TEST(csl_json_reader, TopLevelShapes) {
    auto single = read("csljson", R"({"id": "a", "type": "book"})");
    EXPECT_EQ(single.bibliography.records.size(), 1u);
    EXPECT_EQ(single.diagnostics.count(Severity::warning), 1u);
    auto number = read("csljson", "\n 42", "n.json");
    EXPECT_EQ(number.diagnostics.items().at(0).format(), "n.json:2:2: error: expected an array of CSL items, got a number");
    auto bom = read("csljson", "\xEF\xBB\xBF[{\"id\": \"a\", \"type\": \"book\"}]");
    EXPECT_TRUE(bom.diagnostics.items().empty()) << dump(bom.diagnostics);
    EXPECT_EQ(bom.bibliography.records.size(), 1u);
}

TEST(csl_json_reader, Probe) {
    auto reader = csltest::format("csljson").make_reader();
    EXPECT_EQ(reader->probe("[\n  {\n    \"id\": \"x\""), 90);
    EXPECT_EQ(reader->probe("[{\"title\": 1}]"), 40);
    EXPECT_EQ(reader->probe("[]"), 20);
    EXPECT_EQ(reader->probe("@article{x,"), 0);
    EXPECT_EQ(reader->probe("- id: x"), 0);
    EXPECT_EQ(reader->probe(""), 0);
    EXPECT_EQ(reader->probe("[1, 2]"), 0);
}

namespace {

/// 1 000 items (four batches of the item-by-item path), item i on line i + 2, "id": "i<i>";
/// `replace` swaps in other text for some items.
std::string many_items(const std::map<int, std::string>& replace = {}) {
    std::string text = "[\n";
    for (int i = 0; i < 1000; ++i) {
        auto it = replace.find(i);
        text += it != replace.end() ? it->second
                                    : "  {\"id\": \"i" + std::to_string(i) + "\", \"type\": \"book\", \"title\": \"T" +
                                          std::to_string(i) + "\"}";
        text += i + 1 < 1000 ? ",\n" : "\n";
    }
    return text + "]\n";
}

}  // namespace

TEST(csl_json_reader, ManyItemsKeepTheirOrderIdsAndOncePerInputWarnings) {
    std::map<int, std::string> replace{
        {10, "  {\"id\": \"i10\", \"type\": \"book\", \"x-odd\": 1}"},
        {900, "  {\"id\": \"i900\", \"type\": \"book\", \"x-odd\": 2}"},   // warned once, at item 10
        {500, "  {\"id\": \"i3\", \"type\": \"book\"}"},                   // a duplicate from another batch
        {700, "  {\"type\": \"book\"}"}};                                  // no id: numbered by position
    auto result = read("csljson", many_items(replace), "many.json");
    const auto& recs = result.bibliography.records;
    ASSERT_EQ(recs.size(), 1000u) << dump(result.diagnostics);
    for (int i : {0, 255, 256, 511, 999}) {
        EXPECT_EQ(recs[i].id, std::string("i").append(std::to_string(i)));
        EXPECT_EQ(recs[i].source_line, static_cast<std::uint32_t>(i + 2));
    }
    EXPECT_EQ(recs[700].id, "item-701");
    EXPECT_EQ(dump(result.diagnostics),
              "many.json:12:3: warning: unknown CSL variable 'x-odd' kept; the CSL schema does not allow it [i10] ()\n"
              "many.json:502:3: warning: duplicate id 'i3' [i3] ()\n"
              "many.json:702:3: warning: missing 'id'; using 'item-701' [item-701] ()\n");
}

TEST(csl_json_reader, ManyItemsWithASyntaxErrorInALaterBatch) {
    // Items before the error are kept, none after; the error is where the parser of the whole
    // document finds it.
    auto missing_colon = read("csljson", many_items({{600, "  {\"id\" \"i600\"}"}}), "colon.json");
    EXPECT_EQ(missing_colon.bibliography.records.size(), 600u);
    EXPECT_EQ(dump(missing_colon.diagnostics),
              "colon.json:602:9: error: invalid JSON: unexpected '\"' (a missing ',' or ':'?) or invalid text in "
              "this string in the object opened at 602:3 (syntax)\n");
    auto truncated_literal = read("csljson", many_items({{300, "  tru"}}), "lit.json");
    EXPECT_EQ(truncated_literal.bibliography.records.size(), 300u);
    EXPECT_EQ(truncated_literal.diagnostics.items().size(), 1u) << dump(truncated_literal.diagnostics);
    EXPECT_EQ(truncated_literal.diagnostics.items().at(0).line, 302u);
    auto no_comma = read("csljson", many_items({{400, "  {\"id\": \"a\"} {\"id\": \"b\"}"}}), "comma.json");
    EXPECT_EQ(no_comma.bibliography.records.size(), 400u);
    EXPECT_EQ(dump(no_comma.diagnostics),
              "comma.json:402:15: error: invalid JSON: unexpected '{' in the array opened at 1:1 (syntax)\n");
}

TEST(csl_json_reader, ManyItemsWithOneTooDeepItem) {
    std::string deep = "  {\"id\": \"deep\", \"type\": \"book\", \"note\": " + std::string(600, '[') +
                       std::string(600, ']') + "}";
    auto result = read("csljson", many_items({{333, deep}}), "deep.json");
    EXPECT_EQ(result.bibliography.records.size(), 999u);
    EXPECT_EQ(result.diagnostics.skipped(), 1u) << dump(result.diagnostics);
    EXPECT_EQ(result.diagnostics.items().at(0).line, 335u);
    EXPECT_NE(result.diagnostics.items().at(0).message.find("JSON nested deeper than 500 levels"), std::string::npos);
    EXPECT_EQ(result.bibliography.records[333].id, "i334");
}

TEST(csl_json_reader, MinifiedFileOnOneLine) {
    // 20 000 items on one line (how many tools write JSON): every item read, and a warning
    // near the end of the line carries its column. (Counting columns from the start of the
    // line for each item once made this take minutes.)
    std::string text = "[";
    for (int i = 0; i < 20000; ++i) {
        if (i) text += ",";
        text += i == 19999 ? "{\"id\":\"last\",\"type\":\"book\",\"x-odd\":1}"
                           : "{\"id\":\"i" + std::to_string(i) + "\",\"type\":\"book\",\"title\":\"T\"}";
    }
    text += "]";
    auto result = read("csljson", text, "min.json");
    ASSERT_EQ(result.bibliography.records.size(), 20000u);
    ASSERT_EQ(result.diagnostics.items().size(), 1u) << dump(result.diagnostics);
    const auto& d = result.diagnostics.items()[0];
    EXPECT_EQ(d.line, 1u);
    EXPECT_EQ(d.column, text.rfind("{\"id\":\"last\"") + 1);
}

TEST(csl_json_reader, ItemPositionsWhateverTheLayout) {
    // Each item's line and column are worked out while the items are located: they must be
    // where a line index of the whole text puts the item's first byte, with items on lines of
    // their own and all on one line (after the multi-byte characters of the items before).
    const std::string layouts[] = {"\n  ", "", "\n\t"};
    for (const auto& before : layouts) {
        std::string text = "[";
        std::vector<std::size_t> starts;
        for (int i = 0; i < 600; ++i) {
            text += i ? "," : "";
            text += before;
            starts.push_back(text.size());
            text += "{\"id\": \"k" + std::to_string(i) + "\", \"type\": \"nonsense\", \"title\": \"Caf\xC3\xA9 " +
                    std::to_string(i) + "\"}";
        }
        text += "\n]\n";
        auto result = read("csljson", text);
        bibport::LineIndex lines(text);
        ASSERT_EQ(result.diagnostics.items().size(), starts.size());
        for (std::size_t i = 0; i < starts.size(); ++i) {
            const auto& d = result.diagnostics.items()[i];
            EXPECT_EQ(d.line, lines.line(starts[i])) << i;
            EXPECT_EQ(d.column, lines.column(starts[i])) << i;
        }
    }
}

TEST(csl_json_reader, ItemPositionsOfALargeArrayLocatedInTwoHalves) {
    // From 8 MiB on the items are located in two halves at once, the second starting at an
    // item's line: positions must be those of the whole text's line index, also when the line
    // found first in the middle is inside an item (a nested list written like the items) and
    // when there is no such line (one line).
    for (int layout = 0; layout < 3; ++layout) {
        const std::string before = layout == 2 ? "" : "\n  ";
        std::string text = "[";
        std::vector<std::size_t> starts;
        const int n = 40000;
        for (int i = 0; i < n; ++i) {
            text += i ? "," : "";
            text += before;
            starts.push_back(text.size());
            text += "{\"id\": \"k" + std::to_string(i) + "\", \"type\": \"nonsense\", \"title\": \"Caf\xC3\xA9 " +
                    std::to_string(i) + "\", \"note\": \"" + std::string(180, 'x') + "\"";
            if (layout == 1 && i > n / 2 - 200 && i < n / 2 + 200)   // ",\n  {" inside the item
                text += ", \"author\": [\n  {\"family\": \"A\"},\n  {\"family\": \"B\"}]";
            text += "}";
        }
        text += "\n]\n";
        ASSERT_GT(text.size(), std::size_t(8) << 20);
        auto result = read("csljson", text);
        ASSERT_EQ(result.bibliography.records.size(), std::size_t(n));
        bibport::LineIndex lines(text);
        ASSERT_EQ(result.diagnostics.items().size(), starts.size()) << layout;
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < starts.size(); ++i) {
            const auto& d = result.diagnostics.items()[i];
            wrong += d.line != lines.line(starts[i]) || d.column != lines.column(starts[i]);
        }
        EXPECT_EQ(wrong, 0u) << layout;
        if (layout == 1) {
            EXPECT_EQ(result.bibliography.records[n / 2].names.at(0).names.at(1).family, "B");
        }
    }
}
