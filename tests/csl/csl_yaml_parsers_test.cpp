// SPDX-License-Identifier: MIT
// CSL-YAML's two parsers: whatever libyaml reads (whole or in pieces on threads) gives the
// records and diagnostics yaml-cpp gives; what it might read otherwise goes to yaml-cpp.
#include "csl_test_util.hpp"
#include "cslyaml_reader.hpp"

#include <gtest/gtest.h>

using namespace bibport;
using csltest::read;
using csltest::slurp;
using csltest::write;
namespace cslyaml = bibport::plugins::csl::cslyaml;
using Path = cslyaml::Path;

namespace {

std::string describe(const ReadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics.items()) out += d.format() + " (" + d.code + ")\n";
    out += std::to_string(r.bibliography.records.size()) + " records\n";
    for (const auto& rec : r.bibliography.records) out += "  " + rec.id + " @" + std::to_string(rec.source_line) + "\n";
    return out;
}

cslyaml::Options whole() {
    cslyaml::Options o;
    o.min_piece_bytes = std::size_t(-1);
    return o;
}

cslyaml::Options pieces(std::size_t bytes, int workers) {
    cslyaml::Options o;
    o.min_piece_bytes = 0;
    o.piece_bytes = bytes;
    o.workers = workers;
    return o;
}

/// Reads `doc` as yaml-cpp does and with `options`; both must agree. Returns the path taken.
Path expect_as_yaml_cpp(std::string_view doc, const cslyaml::Options& options) {
    ReadResult reference, result;
    cslyaml::read_with_yaml_cpp(doc, reference);
    Path path = cslyaml::read_document(doc, result, options);
    EXPECT_EQ(describe(result), describe(reference)) << doc;
    EXPECT_TRUE(result.bibliography.records == reference.bibliography.records) << doc;
    return path;
}

/// The same in every way of reading: whole, and in pieces on this thread and on two workers.
Path expect_as_yaml_cpp(std::string_view doc) {
    Path p = expect_as_yaml_cpp(doc, whole());
    for (std::size_t bytes : {1, 7, 40, 200}) {
        expect_as_yaml_cpp(doc, pieces(bytes, 0));
        expect_as_yaml_cpp(doc, pieces(bytes, 2));
    }
    return p;
}

/// A few hundred items with every kind of CSL value, as the writer writes them.
Bibliography many_items() {
    Bibliography all;
    auto a = read("csljson", slurp(BIBPORT_TEST_DATA_DIR "/csl/data/all-variables.json")).bibliography;
    auto b = read("csljson", slurp(BIBPORT_SOURCE_DIR "/samples/csl/sample.json")).bibliography;
    for (int k = 0; k < 40; ++k) {
        for (const auto* bib : {&a, &b})
            for (auto r : bib->records) {
                r.id.append("-").append(std::to_string(k));
                all.records.push_back(std::move(r));
            }
    }
    return all;
}

}  // namespace

TEST(csl_yaml_parsers, WrittenYamlIsReadInPiecesAsYamlCppReadsIt) {
    const Bibliography bib = many_items();
    for (bool references : {false, true}) {
        SCOPED_TRACE(references ? "references" : "sequence");
        auto yaml = write("cslyaml", bib, {{"references", references ? "true" : "false"}}).text;
        ASSERT_GT(yaml.size(), 100000u);
        EXPECT_EQ(expect_as_yaml_cpp(yaml, whole()), Path::libyaml);
        for (int workers : {0, 1, 2}) {
            for (std::size_t bytes : {1000, 20000}) {
                EXPECT_EQ(expect_as_yaml_cpp(yaml, pieces(bytes, workers)), Path::libyaml_pieces);
            }
        }
        ReadResult result;
        cslyaml::read_document(yaml, result, pieces(5000, 2));
        EXPECT_EQ(result.bibliography.records.size(), bib.records.size());
        EXPECT_TRUE(result.diagnostics.items().empty()) << describe(result);
    }
}

TEST(csl_yaml_parsers, BadItemsInPiecesAreSkippedInOrder) {
    std::string doc;
    for (int k = 0; k < 60; ++k) {
        doc += "- id: i" + std::to_string(k) + "\n  type: book\n";
        if (k % 7 == 3) doc += "- just a string\n";
        if (k % 11 == 5) doc += "- id: bad" + std::to_string(k) + "\n  type: book\n  author: Smith\n";
        if (k % 13 == 6) doc += "- \n";        // an empty entry: placed at the next token
        if (k % 17 == 8) doc += "-\n# note\n";
        if (k % 5 == 1) doc += "- id: i" + std::to_string(k) + "\n  type: bok\n";   // a duplicate id, a warning
    }
    doc += "-";
    EXPECT_EQ(expect_as_yaml_cpp(doc, pieces(100, 2)), Path::libyaml_pieces);
    EXPECT_EQ(expect_as_yaml_cpp(doc, whole()), Path::libyaml);
}

TEST(csl_yaml_parsers, YamlFeaturesReadAsYamlCppReadsThem) {
    const std::vector<std::string> docs = {
        // Block and flow collections; plain, quoted, literal and folded scalars; comments.
        "# refs\n- id: a   # the key\n  type: book\n  title: 'It''s'\n  note: \"a\\tb \\u00e9\"\n"
        "  abstract: |\n    one\n     two\n\n  keyword: >-\n    folded\n    text\n\n    more\n"
        "  author: [{family: Doe, given: Jane}, {family: \"O'Neil\", given: 'J. R.'}]\n"
        "  issued: {date-parts: [[2020, 5, 28]]}\n  accessed:\n    date-parts:\n    - - 2021\n      - 1\n",
        "- id: b\n  type: book\n  title: a plain\n    scalar over\n\n    lines\n  volume: 12\n  issue: \"12\"\n"
        "  page: 0x1F\n  number: 1e3\n  edition: +7\n  version: .5\n  note: ~\n  annote: null\n  status: true\n",
        // Keys that are numbers, booleans, null; duplicates; an empty value.
        "- id: c\n  type: book\n  12: x\n  1.0: y\n  true: z\n  ~: n\n  title: first\n  title: second\n  note:\n",
        // Framing: ---/..., a pandoc 'references:' mapping, indented or not.
        "---\n- id: d\n  type: book\n...\n",
        "---\ntitle: notes\nreferences:\n- id: e\n  type: book\n- id: f\n  type: book\nlang: en\n...\n",
        "references:\n  - id: g\n    type: book\n  - \xC3\xA9\n",
        // Positions after multi-byte characters, in flow sequences; a byte order mark; CRLF.
        "[{id: \xC3\xA9\xC3\xA9, type: book}, 'x\xC3\xA9', {id: h, type: book}]\n",
        "\xEF\xBB\xBF- id: i\n  type: book\n- 5\n",
        "- id: j\r\n  type: book\r\n  title: a\r\n    b\r\n- x\r\n",
        // Anchors and aliases, an alias inside its own anchor.
        "- id: k\n  type: book\n  author: &who\n  - family: He\n- id: l\n  type: book\n  author: *who\n"
        "  custom: &c\n    a:\n    - *c\n",
        "- &first\n  id: m\n  type: book\n- *first\n",
        // Empty documents and roots that hold no items.
        "", "# nothing\n", "---\n", "title: no references\n", "just text\n", "[]\n", "{}\n",
        "- \n- ~\n-\n", "references:\n", "references: []\n",
    };
    for (const auto& doc : docs) {
        SCOPED_TRACE(doc);
        EXPECT_NE(expect_as_yaml_cpp(doc), Path::yaml_cpp);
    }
}

TEST(csl_yaml_parsers, WhatLibyamlMightReadOtherwiseIsReadByYamlCpp) {
    const std::vector<std::string> docs = {
        // Syntax errors: yaml-cpp's message and position, and the items before them.
        "- id: a\n  type: book\n- id: c\n  title: [unclosed\n- id: d\n",
        "- id: a\n  type: book\n- id: b\n  type: book\n   title: x\n",
        "- id: a\n  type: \"A Truncated Ti",
        // Text after the first document, a second document.
        "[{id: a, type: book}]\n\"x\"}]\n",
        "- id: a\n  type: book\n...\n---\n- id: b\n",
        "- id: a\n  type: book\n--- \n- id: b\n",
        // Tags and directives.
        "- id: !!str 12\n  type: book\n",
        "%YAML 1.2\n---\n- id: a\n  type: book\n",
        // Anchor names yaml-cpp reads longer; anchored scalars over lines; undefined aliases.
        "- id: a\n  type: book\n  &uthor: &authors\n  - family: He\n",
        "- &a x\n  y\n",
        "- id: a\n  author: *nobody\n",
        // A block scalar header at the start of a line or with a comment glued to it.
        "- \n|-\n# c\n- x\n",
        "- id: a\n  note: |# c\n    x\n",
        // Flow collections over lines or with unusual characters; explicit and empty keys.
        "[{id: a, type: book}, {id: \"b\", type: book, ti\n\"x, y\"}]\n",
        "[{id: a, type: b---\nook}]\n",
        "[{id:\"a\" @\"b\", type: book}]\n",
        "references:\n  - id: a\n    type: book\nother: 1\n?",
        "- id: a\n  : b\n",
        // Block scalars that keep their final line breaks, or end the text on a line of blanks.
        "- id: a\n  note: >+\n    one\n    two\n\n- id: b\n",
        "- id: a\n  note: |+\n    one\n\n",
        "- id: a\n  note: >\n    folded\n      more indented\n    back\n    ",
        // Quoted scalars over lines with blank lines, or a closing quote that starts a line.
        "- id: a\n  title: \"multi\n  line\n\n\n\"\n", "- id: a\n  title: 'multi\n\n  line'\n",
        // Escapes that yaml-cpp turns into single bytes.
        "- id: a\n  note: \"a\\Nb\\_c\"\n",
        // YAML 1.1 line breaks (CR, NEL, LS, PS) and a byte order mark inside the text.
        "- id: a\r  type: book\n", "- id: a\n  title: x\xC2\x85y\n", "- id: a\n  note: \"p\xE2\x80\xA8q\"\n",
        "- id: a\n  type: book\n\xEF\xBB\xBF# c\n- x\n",
        // Aliases that repeat many values, and deep nesting: yaml-cpp reports its limits.
        "- &a [x, x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "- &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n- &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "- &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n- &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "- id: deep\n  note: " + std::string(600, '[') + std::string(600, ']') + "\n",
    };
    for (const auto& doc : docs) {
        SCOPED_TRACE(doc);
        EXPECT_EQ(expect_as_yaml_cpp(doc), Path::yaml_cpp);
    }
}

TEST(csl_yaml_parsers, PiecesThatAreNoRunOfItemsAreReadWhole) {
    std::string items;
    for (int k = 0; k < 20; ++k) items += "- id: i" + std::to_string(k) + "\n  type: book\n";
    const std::vector<std::string> docs = {
        // An alias to an anchor in an earlier piece.
        "- id: a\n  type: book\n  author: &who\n  - family: He\n" + items + "- id: b\n  type: book\n  author: *who\n",
        // A sequence that does not hold the items, a key after them, a second 'references'.
        "keyword:\n- x\n- y\nreferences:\n" + items,
        "references:\n" + items + "lang: en\n" + items,
        "references:\n" + items + "references:\n" + items,
        // A root block scalar whose lines start with '- '.
        "--- |\n" + items,
        // A document end inside.
        items + "...\n" + items,
        // A quoted scalar over lines that start with '- '.
        "- id: q\n  title: \"a\n- b\n- c\"\n" + items,
    };
    for (const auto& doc : docs) {
        SCOPED_TRACE(doc);
        expect_as_yaml_cpp(doc);
        EXPECT_NE(expect_as_yaml_cpp(doc, pieces(1, 2)), Path::libyaml_pieces);
    }
}

TEST(csl_yaml_parsers, ScalarsAndIndentationReadAsYamlCppReadsThem) {
    // Whichever parser reads these, the result is yaml-cpp's.
    const std::vector<std::string> docs = {
        "- id: a\n  note: \"e \\/ \\e \\0 \\a \\b \\v \\f \\  \\\t x \\L \\P \\U0001F600 \\x80\"\n",
        "- id: a\n  note: \"line one \\\n    continued\"\n  n2: \"multi\n    line\n\n    para\"\n",
        "- id: a\n  note: 'single\n    line\n\n    para'\n  n2: 'it''s'\n  n3: ''\n  n4: \"\"\n",
        "- id: a\n  t1: :x\n  t2: -x\n  t3: ?x\n  t4: a:b\n  t5: a #b\n  t6: a#b\n  URL: http://x.org/a?b=c#d\n",
        "- id: a\n  note: plain\n    # not a comment?\n    more\n  n2: plain\n  # comment\n  type: book\n",
        "- id: a\n  note: |2\n     indented\n    two\n  n2: |+\n    keep\n\n\n  n3: |-\n    strip\n\n  type: book\n",
        "- id: a\n  note: >\n    folded\n      more indented\n    back\n\n    para\n  n2: >\n\n    leading blank\n",
        "- id: a\n  note: |\n    trailing spaces   \n    x\n  n2: |\n  \tx\n",
        "- id: a\n  note: \"tab\there\"\n  t2: 'tab\there'\n  t3: tab\there\n  t4: x\t\n  t5:\tx\n",
        "-\tid: a\n", "- id: a\n    type: book\n", "- id: a\n type: book\n", " - id: a\n - id: b\n",
        "- id: a\n  type: book\n  author:\n    - family: A\n    -   family: B\n        given: C\n",
        "- - id: a\n- - - x\n", "-   id: a\n    type: book\n",
        "- id: a\n  note: [a, [b, c], {d: e}, \"f, g\", 'h', i j]\n  n2: {a: 1, b: [1, 2], c: {d: null}, \"e\": ~}\n",
        "- id: a\n  note: [a, b,]\n", "- id: a\n  note: {a: 1,}\n", "- id: a\n  note: [a: b]\n",
        "- id: a\n  note: [a, {b}]\n", "- id: a\n  note: {a}\n", "- id: a\n  note: {a: }\n", "- id: a\n  note: {: b}\n",
        "- id: a\n  note: [-1, +2, .5, 1e3, 0x1F, 0o17, -.inf, .NaN, true, null, ~, True, NULL]\n",
        "- id: a\n  note: [\xC3\xA9, \xC3\xBC \xC3\xB6, \"\\u00e9\", a b , c ]\n  n2: [ a,b ]\n  n3: {\"a\" : b}\n",
        "- id: a\n  note: [a]b\n", "- id: a\n  note: \"a\"b\n", "- id: a\n  note: \"a\" # c\n", "- id: a\n  note: a: b\n",
        "- id: a\n  ? complex\n  : value\n", "- id: a\n  [a, b]: c\n", "- id: a\n  {a: b}: c\n", "- id: a\n  <<: {b: c}\n",
        "- id: a\n  note: &x x\n  n2: *x\n  n3: &x y\n  n4: *x\n  n5: &x-y_z x\n  n6: *x-y_z\n",
        "- id: a\n  note: &x x\n  n2: *x,\n", "- id: a\n  note: [&x a, *x]\n", "- id: a\n  *a: b\n",
        "- {id: a}\n- [a]\n- 'str'\n- \"str\"\n- |\n  lit\n- >\n  fold\n",
        "- id: a # c\n  # c\n\n  # c\n  type: book # c\n", "#c\n- id: a\n", "- id: a\n  note: x\n\n\n\n- id: b\n",
        "--- # c\n- id: a\n", "- id: a\n  type: book\n... # c\n", "--- [a, b]\n", "--- >\n  text\n", "--- a\n",
        "- id: a\n  note: 12:30\n  n2: 1_000\n  n3: 0b101\n  n4: 2001-12-14t21:59:43.10-05:00\n  n5: 1.\n  n6: -0\n"
        "  n7: 00\n  n8: 0x\n  n9: +.5e+3\n  n10: 1e\n",
        "- id: a\n  note: 99999999999999999999999\n  n2: -99999999999999999999\n  n3: 18446744073709551615\n  n4: 1e400\n",
    };
    for (const auto& doc : docs) {
        SCOPED_TRACE(doc);
        expect_as_yaml_cpp(doc);
    }
}

TEST(csl_yaml_parsers, BlockScalarsReadAsYamlCppReadsThem) {
    // Every chomping and indentation indicator, with the line breaks and blank lines after the
    // scalar that end an item, in a document read whole and in pieces.
    std::string doc;
    int k = 0;
    for (const char* header : {"|", "|-", ">", ">-", "|2", ">1", "|-2", ">2-"})
        for (const char* body : {"    one\n    two", "    one\n\n    two", "    one\n      more\n    two",
                                 "    one\n      more", "    one   \n    two\t"})
            for (const char* tail : {"\n", "\n\n", "\n   \n", "\n\n\n  \n", "\n    \n\n", "\n  # c\n"})
                doc += "- id: b" + std::to_string(++k) + "\n  note: " + header + "\n" + body + tail;
    EXPECT_EQ(expect_as_yaml_cpp(doc, whole()), Path::libyaml);
    EXPECT_EQ(expect_as_yaml_cpp(doc, pieces(1, 2)), Path::libyaml_pieces);
    EXPECT_EQ(expect_as_yaml_cpp(doc, pieces(1000, 0)), Path::libyaml_pieces);
}
