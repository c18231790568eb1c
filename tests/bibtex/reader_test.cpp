// SPDX-License-Identifier: MIT
// The BibTeX reader against hand-checked expectations, one test per bullet of the reader spec.
#include "bibtex_helpers.hpp"

#include <bibport/names.hpp>

using namespace bibport;
using namespace bibport::testing;

namespace {

Name person(std::string given, std::string family, std::string particle = {}, std::string suffix = {}) {
    Name n;
    n.given = std::move(given);
    n.family = std::move(family);
    n.non_dropping_particle = std::move(particle);
    n.suffix = std::move(suffix);
    return n;
}

Name org(std::string literal) {
    Name n;
    n.literal = std::move(literal);
    return n;
}

std::vector<Name> authors_of(std::string_view field) {
    Record r = read_one("@misc{k, author = {" + std::string(field) + "}}");
    const auto* a = r.find_names("author");
    return a ? *a : std::vector<Name>{};
}

}  // namespace

// --- grammar -------------------------------------------------------------------------------------

TEST(BibtexGrammar, BracesParenthesesQuotesNumbersAndCase) {
    ReadResult r = read_bib(R"(
@Article{a, TITLE = {Braced {Nested} Title}, Year = 2020, volume = "12"}
@ARTICLE(b, title = "Quoted {with \"u} inside" , year = {1999})
)");
    ASSERT_EQ(r.bibliography.records.size(), 2u);
    const Record& a = r.bibliography.records[0];
    EXPECT_EQ(a.type, "article-journal");
    EXPECT_EQ(a.citation_key, "a");
    EXPECT_EQ(a.get("title"), "Braced <span class=\"nocase\">Nested</span> Title");
    EXPECT_EQ(a.year(), 2020);
    EXPECT_EQ(a.get("volume"), "12");
    const Record& b = r.bibliography.records[1];
    EXPECT_EQ(b.citation_key, "b");
    EXPECT_EQ(b.get("title"), "Quoted <span class=\"nocase\">with ü</span> inside");
    EXPECT_EQ(b.year(), 1999);
    EXPECT_TRUE(r.diagnostics.items().empty());
}

TEST(BibtexGrammar, EscapedQuoteInsideQuotedValue) {
    // In TeX \" is the umlaut, so it must not end a quoted value.
    Record r = read_one(R"(@misc{k, title = "M\"uller and Sch\"on", year = "2020"})");
    EXPECT_EQ(r.get("title"), "Müller and Schön");
    EXPECT_EQ(r.year(), 2020);
}

TEST(BibtexGrammar, StringMacrosConcatenationAndMonths) {
    ReadResult r = read_bib(R"(
@string{jmlr = "Journal of Machine Learning Research"}
@STRING(conf = {Proc. } # jmlr)
@article{k, journal = jmlr, note = conf # " " # {2020}, month = may, year = 2020}
)");
    ASSERT_EQ(r.bibliography.records.size(), 1u);
    const Record& k = r.bibliography.records[0];
    EXPECT_EQ(k.get("container-title"), "Journal of Machine Learning Research");
    EXPECT_EQ(k.get("note"), "Proc. Journal of Machine Learning Research 2020");
    ASSERT_NE(k.find_date("issued"), nullptr);
    EXPECT_EQ(k.find_date("issued")->parts, (std::vector<std::vector<int>>{{2020, 5}}));
    // The macro use is kept so the writer can write `journal = jmlr` again.
    EXPECT_EQ(k.get_extra("bibtex.raw.journal"), "jmlr");
    EXPECT_EQ(k.get_extra("bibtex.raw.note"), "conf # \" \" # {2020}");
    const auto& extra = r.bibliography.extra;
    ASSERT_EQ(extra.size(), 2u);
    EXPECT_EQ(extra[0], (std::pair<std::string, std::string>{"bibtex.string.jmlr", "\"Journal of Machine Learning Research\""}));
    EXPECT_EQ(extra[1], (std::pair<std::string, std::string>{"bibtex.string.conf", "{Proc. } # jmlr"}));
}

TEST(BibtexGrammar, PreambleCommentAndTextBetweenEntries) {
    ReadResult r = read_bib(R"(This text is ignored, as is an e-mail: someone@example.org.
@preamble{ "\newcommand{\noopsort}[1]{}" }
@comment{ jabref-meta: databaseType:bibtex; }
% a comment line with @misc{fake, title={commented out}}
@misc{real, title = {Real}}
)");
    ASSERT_EQ(r.bibliography.records.size(), 1u);
    EXPECT_EQ(r.bibliography.records[0].citation_key, "real");
    ASSERT_EQ(r.bibliography.extra.size(), 1u);
    EXPECT_EQ(r.bibliography.extra[0].first, "bibtex.preamble");
    EXPECT_EQ(r.bibliography.extra[0].second, "\"\\newcommand{\\noopsort}[1]{}\"");
    EXPECT_TRUE(r.diagnostics.items().empty());
}

TEST(BibtexGrammar, PercentCommentsInsideEntries) {
    Record r = read_one("@article{k,\n  title = {T},\n  % note = {commented out},\n  year = 2001\n}");
    EXPECT_FALSE(r.has("note"));
    EXPECT_EQ(r.year(), 2001);
}

// --- malformed input -----------------------------------------------------------------------------

TEST(BibtexErrors, BrokenEntryIsSkippedAndNeverGluedToTheNext) {
    ReadResult r = read_bib("@article{good1, title = {One}}\n"
                            "@article{broken, title = {Unclosed title,\n  year = 2020\n"
                            "@article{good2, title = {Two}}\n"
                            "@article{nocomma, title = {X} year = 2020}\n"
                            "@article{good3, title = {Three}}\n");
    ASSERT_EQ(r.bibliography.records.size(), 3u);
    EXPECT_EQ(r.bibliography.records[0].get("title"), "One");
    EXPECT_EQ(r.bibliography.records[1].get("title"), "Two");
    EXPECT_EQ(r.bibliography.records[2].get("title"), "Three");
    ASSERT_EQ(r.diagnostics.skipped(), 2u);
    const auto& d0 = r.diagnostics.items()[0];
    EXPECT_EQ(d0.record_key, "broken");
    EXPECT_EQ(d0.line, 2u);
    EXPECT_EQ(d0.column, 26u);   // the '{' that is never closed
    Diagnostic located = d0;
    located.file = "x.bib";
    EXPECT_EQ(located.format(),
              "x.bib:2:26: error: expected '}' to close field 'title' opened at line 2 before the next entry; skipped "
              "@article entry starting at line 2 [broken]");
    const auto& d1 = r.diagnostics.items()[1];
    EXPECT_EQ(d1.record_key, "nocomma");
    EXPECT_EQ(d1.line, 5u);
    EXPECT_NE(d1.message.find("expected ',' or '}' after field 'title', found 'y'"), std::string::npos) << d1.message;
}

TEST(BibtexErrors, DuplicateKeysAreWarnedAndBothKept) {
    ReadResult r = read_bib("@misc{dup, title={A}}\n@misc{Dup, title={B}}\n");
    ASSERT_EQ(r.bibliography.records.size(), 2u);
    EXPECT_NE(r.bibliography.records[0].id, r.bibliography.records[1].id);
    ASSERT_EQ(r.diagnostics.items().size(), 1u);
    EXPECT_EQ(r.diagnostics.items()[0].severity, Severity::warning);
    EXPECT_EQ(r.diagnostics.items()[0].line, 2u);
    EXPECT_EQ(r.diagnostics.items()[0].message, "duplicate key 'Dup' (first defined at line 1)");
}

TEST(BibtexErrors, MissingKeyAndMissingEquals) {
    ReadResult r = read_bib("@misc{title = {x}}\n@misc{k, title {x}}\n@misc{ok}\n");
    ASSERT_EQ(r.bibliography.records.size(), 1u);
    EXPECT_EQ(r.bibliography.records[0].citation_key, "ok");
    ASSERT_EQ(r.diagnostics.skipped(), 2u);
    EXPECT_NE(r.diagnostics.items()[0].message.find("expected a citation key"), std::string::npos);
    EXPECT_NE(r.diagnostics.items()[1].message.find("expected '=' after field name 'title'"), std::string::npos);
}

// --- crossref / xdata / xref -----------------------------------------------------------------------

TEST(BibtexCrossref, ChildInheritsByBiberRulesAndKeepsTheLink) {
    ReadResult r = read_bib(R"(
@inproceedings{child, author = {A. Author}, title = {Paper}, crossref = {proc}, pages = {1--2}}
@proceedings{proc, title = {Proceedings of X}, year = 2001, publisher = {ACM}, editor = {E. Ditor}}
)");
    ASSERT_EQ(r.bibliography.records.size(), 2u);
    const Record& c = r.bibliography.records[0];
    EXPECT_EQ(c.type, "paper-conference");
    EXPECT_EQ(c.get("title"), "Paper");
    EXPECT_EQ(c.get("container-title"), "Proceedings of X");   // parent's title -> booktitle
    EXPECT_EQ(c.year(), 2001);
    EXPECT_EQ(c.get("publisher"), "ACM");
    ASSERT_NE(c.find_names("editor"), nullptr);
    EXPECT_EQ(c.get_extra("bibtex.crossref"), "proc");
    // The record parts the parent gave, sorted: the same whichever fields the parent used.
    EXPECT_EQ(c.get_extra("bibtex.inherited"), "container-title,editor,issued,publisher");
    EXPECT_EQ(r.bibliography.records[1].get("title"), "Proceedings of X");
}

TEST(BibtexCrossref, XdataAndXref) {
    ReadResult r = read_bib(R"(
@xdata{pubinfo, publisher = {Pub}, location = {Town}}
@book{b, title = {B}, xdata = {pubinfo}, xref = {other}}
@book{other, title = {O}}
)");
    ASSERT_EQ(r.bibliography.records.size(), 2u);   // the xdata entry is not a work
    const Record& b = r.bibliography.records[0];
    EXPECT_EQ(b.get("publisher"), "Pub");
    EXPECT_EQ(b.get("publisher-place"), "Town");
    EXPECT_EQ(b.get_extra("bibtex.xdata"), "pubinfo");
    EXPECT_EQ(b.get_extra("bibtex.xref"), "other");
    EXPECT_EQ(r.bibliography.extra[0].first, "bibtex.xdata.pubinfo");
}

TEST(BibtexCrossref, MissingParentIsWarned) {
    ReadResult r = read_bib("@inproceedings{c, title={T}, crossref={nowhere}}");
    ASSERT_EQ(r.bibliography.records.size(), 1u);
    ASSERT_EQ(r.diagnostics.items().size(), 1u);
    EXPECT_EQ(r.diagnostics.items()[0].message, "crossref 'nowhere' not found in this file");
}

// --- names ---------------------------------------------------------------------------------------

TEST(BibtexNames, FirstVonLast) {
    EXPECT_EQ(authors_of("Ludwig van Beethoven"), std::vector<Name>{person("Ludwig", "Beethoven", "van")});
    EXPECT_EQ(authors_of("Kaiming He"), std::vector<Name>{person("Kaiming", "He")});
}

TEST(BibtexNames, VonLastFirst) {
    EXPECT_EQ(authors_of("van Beethoven, Ludwig"), std::vector<Name>{person("Ludwig", "Beethoven", "van")});
    EXPECT_EQ(authors_of("de la Fontaine, Jean"), std::vector<Name>{person("Jean", "Fontaine", "de la")});
}

TEST(BibtexNames, VonLastJrFirst) {
    EXPECT_EQ(authors_of("King, Jr, Martin Luther"), std::vector<Name>{person("Martin Luther", "King", "", "Jr")});
    EXPECT_EQ(authors_of("von Neumann, Jr., John"), std::vector<Name>{person("John", "Neumann", "von", "Jr.")});
}

TEST(BibtexNames, OthersAndCorporate) {
    EXPECT_EQ(authors_of("Kaiming He and {Facebook AI Research, Inc.} and others"),
              (std::vector<Name>{person("Kaiming", "He"), org("Facebook AI Research, Inc."), names::others()}));
    EXPECT_EQ(authors_of("{Barnes and Noble}"), std::vector<Name>{org("Barnes and Noble")});
    EXPECT_EQ(authors_of("{\\LaTeX{} Project Team}"), std::vector<Name>{org("LaTeX Project Team")});
}

TEST(BibtexNames, AccentsInNames) {
    EXPECT_EQ(authors_of("M{\\\"u}ller, J{\\\"o}rg and D{\\'\\i}az, M. and {\\v{C}}ech, E."),
              (std::vector<Name>{person("Jörg", "Müller"), person("M.", "Díaz"), person("E.", "Čech")}));
}

TEST(BibtexNames, BiblatexExtendedFormat) {
    EXPECT_EQ(authors_of("family=Beethoven, given=Ludwig, prefix=van, useprefix=true and given=Jane, family={Doe Smith}"),
              (std::vector<Name>{person("Ludwig", "Beethoven", "van"), person("Jane", "Doe Smith")}));
}

// --- types and fields ----------------------------------------------------------------------------

TEST(BibtexFields, TypesThroughTheCrosswalk) {
    ReadResult r = read_bib(R"(
@inproceedings{a, title={A}} @book{b, title={B}} @phdthesis{c, title={C}} @mastersthesis{d, title={D}}
@techreport{e, title={E}} @misc{f, title={F}} @online{g, title={G}} @unpublished{h, title={H}}
@incollection{i, title={I}} @dataset{j, title={J}}
)");
    std::vector<std::string> types;
    for (const auto& rec : r.bibliography.records) types.push_back(rec.type);
    EXPECT_EQ(types, (std::vector<std::string>{"paper-conference", "book", "thesis", "thesis", "report", "document",
                                               "webpage", "manuscript", "chapter", "dataset"}));
    EXPECT_EQ(r.bibliography.records[2].get("genre"), "PhD thesis");
    EXPECT_EQ(r.bibliography.records[3].get("genre"), "Master's thesis");
    EXPECT_EQ(r.bibliography.records[3].get_extra("bibtex.entrytype"), "mastersthesis");
}

TEST(BibtexFields, BibtexAndBiblatexFieldNames) {
    Record bt = read_one(R"(@article{k, journal = {J}, year = 2015, month = {5}, number = {3}, pages = {436--444},
        doi = {10.1038/nature14539}, url = {https://x.org/a_b%20c}, address = {London}})");
    EXPECT_EQ(bt.get("container-title"), "J");
    EXPECT_EQ(bt.get("issue"), "3");
    EXPECT_EQ(bt.get("page"), "436–444");   // "--" is an en dash
    EXPECT_EQ(bt.get("DOI"), "10.1038/nature14539");
    EXPECT_EQ(bt.get("URL"), "https://x.org/a_b%20c");
    EXPECT_EQ(bt.get("publisher-place"), "London");
    EXPECT_EQ(bt.find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5}}));

    Record bl = read_one(R"(@article{k, journaltitle = {J}, date = {2015-05-28}, location = {London},
        urldate = {2024-01-15}, langid = {english}})", "biblatex");
    EXPECT_EQ(bl.get("container-title"), "J");
    EXPECT_EQ(bl.find_date("issued")->parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    EXPECT_EQ(bl.find_date("accessed")->parts, (std::vector<std::vector<int>>{{2024, 1, 15}}));
    EXPECT_EQ(bl.get("publisher-place"), "London");
    EXPECT_EQ(bl.get("language"), "english");
}

// Found by fuzzing: a year of more digits than an int holds made the whole file fail to read.
TEST(BibtexFields, AYearTooLongForANumberIsKeptAsText) {
    Record r = read_one("@article{k, title = {T}, year = {999999999999999999999999992017}}");
    ASSERT_NE(r.find_date("issued"), nullptr);
    EXPECT_TRUE(r.find_date("issued")->parts.empty());
    EXPECT_EQ(r.find_date("issued")->literal, "999999999999999999999999992017");
    EXPECT_EQ(read_one("@article{k, year = {123456789}}").find_date("issued")->parts,
              (std::vector<std::vector<int>>{{123456789}}));
}

TEST(BibtexFields, ArxivInBothDialects) {
    Record a = read_one(R"(@misc{k, title = {T}, eprint = {1911.05722}, archivePrefix = {arXiv}, primaryClass = {cs.CV}})");
    EXPECT_EQ(a.type, "article");
    EXPECT_EQ(a.arxiv, "1911.05722");
    EXPECT_EQ(a.get("publisher"), "arXiv");
    EXPECT_EQ(a.get("number"), "arXiv:1911.05722");
    EXPECT_EQ(a.get("DOI"), "10.48550/arXiv.1911.05722");
    EXPECT_EQ(a.get_extra("bibtex.primaryclass"), "cs.CV");

    Record b = read_one(R"(@online{k, title = {T}, eprint = {2002.05709v3}, eprinttype = {arxiv}, eprintclass = {cs.LG}})",
                        "biblatex");
    EXPECT_EQ(b.arxiv, "2002.05709v3");
    EXPECT_EQ(b.get_extra("bibtex.primaryclass"), "cs.LG");

    // A published paper that also has an eprint stays what it is.
    Record c = read_one(R"(@inproceedings{k, title = {T}, booktitle = {CVPR}, eprint = {arXiv:1911.05722}})");
    EXPECT_EQ(c.type, "paper-conference");
    EXPECT_EQ(c.arxiv, "1911.05722");
    EXPECT_FALSE(c.has("DOI"));
}

TEST(BibtexFields, UnknownFieldsKeepTheirRawValue) {
    Record r = read_one(R"(@article{k, title = {T}, timestamp = {2020.01.01}, code = {https://github.com/x/y},
        bibsource = {dblp computer science bibliography, https://dblp.org}, mynote = {Some \emph{raw} {TeX}}})");
    EXPECT_EQ(r.get_extra("bibtex.timestamp"), "2020.01.01");
    EXPECT_EQ(r.get_extra("bibtex.mynote"), "Some \\emph{raw} {TeX}");
    EXPECT_EQ(r.get_extra("bibtex.bibsource"), "dblp computer science bibliography, https://dblp.org");
    ASSERT_EQ(r.links.size(), 1u);
    EXPECT_EQ(r.links[0], (Link{"code", "https://github.com/x/y", ""}));
}

TEST(BibtexFields, KeywordsAndPaperListFields) {
    Record r = read_one(R"(@misc{MoCov1, title = {T}, shorttitle = {MoCov1}, keywords = {contrastive, self-supervised},
        x-alias = {MoCov1}, x-highlight = {true}, x-sections = {All Papers > 2020}, x-notes = {<p>first</p>}})");
    EXPECT_EQ(r.alias, "MoCov1");
    EXPECT_FALSE(r.has("title-short"));
    EXPECT_TRUE(r.highlight);
    EXPECT_EQ(r.sections, (std::vector<std::string>{"All Papers", "2020"}));
    EXPECT_EQ(r.notes, std::vector<std::string>{"<p>first</p>"});
    EXPECT_EQ(r.keywords, (std::vector<std::string>{"contrastive", "self-supervised"}));
}

TEST(BibtexProbe, BibtexFirstBiblatexWhenItsFieldsAppear) {
    const auto& bt = bib_format("bibtex");
    const auto& bl = bib_format("biblatex");
    std::string classic = "@article{k, journal = {J}, year = 2020}";
    std::string modern = "@article{k, journaltitle = {J}, date = {2020-01-02}}";
    EXPECT_GT(bt.make_reader()->probe(classic), bl.make_reader()->probe(classic));
    EXPECT_GT(bl.make_reader()->probe(modern), bt.make_reader()->probe(modern));
    EXPECT_EQ(bt.make_reader()->probe("# Not a bib file\n"), 0);
}

TEST(BibtexGrammar, AFileOnOneLine) {
    // 20 000 entries on one line (no line breaks at all): every entry read, the duplicate key
    // at the end reported at its column, an '@' inside a value not taken for an entry. (Looking
    // back to the start of the line for each '@' once made this quadratic.)
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += "@article{k" + std::to_string(i) + ", title={Mail a@b.org}, year=2020} ";
    const std::size_t dup_at = text.size();
    text += "@article{k7, title={Again}, year=2021}";
    ReadResult r = read_bib(text);
    ASSERT_EQ(r.bibliography.records.size(), 20001u);
    ASSERT_EQ(r.diagnostics.items().size(), 1u);
    const auto& d = r.diagnostics.items()[0];
    EXPECT_EQ(d.line, 1u);
    EXPECT_EQ(d.column, dup_at + 1);
    EXPECT_NE(d.message.find("duplicate key 'k7'"), std::string::npos) << d.message;
    // A commented-out entry on a line of its own is still skipped.
    EXPECT_EQ(read_bib("@misc{a, title={A}}\n  % @misc{b, title={B}} @misc{c, title={C}}\n@misc{d, title={D}}")
                  .bibliography.records.size(),
              2u);
}
