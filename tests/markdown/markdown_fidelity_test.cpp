// SPDX-License-Identifier: MIT
// Records from other formats through a list line and back: what a line carries (title markup,
// type, authors, URL, arXiv id, DOI, links) comes back as it was, and every record written is
// read back (records in = records out).
#include "markdown_test_util.hpp"

#include "../../plugins/markdown/entry_parser.hpp"

using namespace mdtest;

namespace {

Record titled(std::string type, std::string title) {
    Record r;
    r.type = std::move(type);
    r.set("title", std::move(title));
    return r;
}

/// What a list line carries, one per line (the rest is a declared loss of the format).
std::string carried(const Record& r) {
    std::string o = "type=" + r.type + "\ntitle=" + std::string(r.get("title")) + "\n";
    for (const char* f : {"URL", "DOI", "container-title-short"})
        if (r.has(f)) o += std::string(f) + "=" + std::string(r.get(f)) + "\n";
    if (r.year()) o += "year=" + std::to_string(r.year()) + "\n";
    if (!r.alias.empty()) o += "alias=" + r.alias + "\n";
    if (r.highlight) o += "highlight\n";
    if (!r.arxiv.empty()) o += "arxiv=" + r.arxiv + "\n";
    for (const auto& l : r.links) o += "link " + l.role + "=" + l.url + (l.label.empty() ? "" : " (" + l.label + ")") + "\n";
    if (const auto* names = r.find_names("author"))
        for (const auto& n : *names)
            o += "author " + n.given + " | " + n.dropping_particle + " | " + n.non_dropping_particle + " | " + n.family +
                 " | " + n.suffix + " | " + n.literal + "\n";
    return o;
}

/// Writes `records`, reads them back, and checks each one's carried parts; returns the text.
std::string round_trip(const std::vector<Record>& records) {
    Bibliography bib;
    bib.records = records;
    auto written = write_md(bib);
    EXPECT_FALSE(written.failed) << diagnostics_text(written.diagnostics);
    auto back = read_md(written.text);
    EXPECT_EQ(back.diagnostics.count(Severity::warning), 0u) << diagnostics_text(back.diagnostics);
    EXPECT_EQ(back.bibliography.records.size(), records.size()) << written.text;
    for (std::size_t i = 0; i < records.size() && i < back.bibliography.records.size(); ++i)
        EXPECT_EQ(carried(back.bibliography.records[i]), carried(records[i])) << "record " << i << "\n" << written.text;
    // Written again, the list is the same text.
    EXPECT_EQ(write_md(back.bibliography).text, written.text);
    return written.text;
}

TEST(Fidelity, TitleMarkupComesBack) {
    std::string out = round_trip({
        titled("article", "The $\\alpha$-decay of <i>Attention</i> in R&D"),
        titled("article", "<b>Bold</b> claims about H<sub>2</sub>O and x<sup>2</sup>"),
        titled("article", "<i>Drosophila</i> genetics"),
        titled("article", "<span class=\"nocase\">BERT</span> and <span style=\"font-variant:small-caps;\">Small Caps</span>"),
    });
    EXPECT_NE(out.find("- The $\\\\alpha$-decay of *Attention* in R&amp;D | **[Article]**\n"), std::string::npos) << out;
    EXPECT_NE(out.find("- **Bold** claims about H<sub>2</sub>O and x<sup>2</sup> | **[Article]**\n"), std::string::npos) << out;
}

TEST(Fidelity, BoldTitleListsStayPlain) {
    // A title wrapped entirely in ** is the bold-title style's syntax, not markup.
    auto res = read_md("- **Momentum Contrast for Unsupervised Visual Representation Learning** | **[CVPR'20]**\n"
                       "- **A Simple Framework** - Ting Chen, Simon Kornblith. ICML 2020. [[paper]](https://arxiv.org/abs/2002.05709)\n");
    ASSERT_EQ(res.bibliography.records.size(), 2u) << diagnostics_text(res.diagnostics);
    EXPECT_EQ(res.bibliography.records[0].get("title"), "Momentum Contrast for Unsupervised Visual Representation Learning");
    EXPECT_EQ(res.bibliography.records[1].get("title"), "A Simple Framework");
}

TEST(Fidelity, IdentifiersAreFieldsNotLinks) {
    Record doi = titled("paper-conference", "Momentum Contrast");
    doi.set("container-title-short", "CVPR");
    doi.date_for("issued").parts = {{2020}};
    doi.set("DOI", "10.1109/CVPR42600.2020.00975");
    doi.set("URL", "https://arxiv.org/abs/1911.05722");
    doi.arxiv = "1911.05722";
    doi.links = {{"paper", "https://arxiv.org/abs/1911.05722", {}}, {"code", "https://github.com/facebookresearch/moco", {}}};

    Record both = titled("paper-conference", "BERT");
    both.set("container-title-short", "NAACL");
    both.date_for("issued").parts = {{2019}};
    both.set("DOI", "10.18653/v1/N19-1423");
    both.set("URL", "https://aclanthology.org/N19-1423");
    both.arxiv = "1810.04805";
    both.links = {{"paper", "https://aclanthology.org/N19-1423", {}}, {"code", "https://github.com/google-research/bert", {}}};

    Record url_only = titled("webpage", "A Blog Post About Things");
    url_only.set("URL", "https://example.com/post");

    Record preprint = titled("article", "Improved Baselines");   // BibTeX @misc with an eprint
    preprint.arxiv = "2003.04297";

    // An author's own doi link stays a link (and is the DOI too).
    Record own = titled("article-journal", "Deep Learning");
    own.set("container-title-short", "Nature");
    own.date_for("issued").parts = {{2015}};
    own.set("DOI", "10.1038/nature14539");
    own.links = {{"doi", "https://doi.org/10.1038/nature14539", {}}};
    std::string out = round_trip({doi, both, url_only, preprint, own});
    EXPECT_NE(out.find("[`[code]`](https://github.com/google-research/bert) [arXiv:1810.04805](https://arxiv.org/abs/1810.04805) "
                       "[doi:10.18653/v1/N19-1423](https://doi.org/10.18653/v1/N19-1423)\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("| [`[doi]`](https://doi.org/10.1038/nature14539)\n"), std::string::npos) << out;
}

TEST(Fidelity, AuthorsComeBack) {
    Record r = titled("article", "Names");
    r.names_for("author") = {
        Name{.family = "Müller", .given = "Jörg"},
        Name{.family = "Beethoven", .given = "Ludwig", .non_dropping_particle = "van"},
        Name{.literal = "OpenAI"},
        Name{.literal = "Example Consortium"},
        Name{.family = "García Márquez", .given = "Gabriel"},
        Name{.family = "Alayrac"},
        Name{.family = "King", .given = "Martin Luther", .suffix = "Jr."},
        names::others(),
    };
    std::string out = round_trip({r});
    EXPECT_NE(out.find("  - *Jörg Müller, Ludwig van Beethoven, {OpenAI}, {Example Consortium}, Gabriel {García Márquez}, "
                       "Alayrac, Martin Luther King, Jr., et al.*\n"),
              std::string::npos)
        << out;
}

TEST(Fidelity, AuthorsNeedingBibtexOrder) {
    // A family name of several words is braced; a given name with a lower-case word ("Maria da
    // Graça") would lose "da" to the particle in display order, so the line is in BibTeX order.
    Record r = titled("book", "Fables");
    r.names_for("author") = {Name{.family = "La Fontaine", .given = "Jean", .non_dropping_particle = "de"},
                             Name{.family = "He", .given = "Kaiming"}};
    Record s = titled("book", "Songs");
    s.names_for("author") = {Name{.family = "Meneghel", .given = "Maria da Graça"}, Name{.family = "He", .given = "Kaiming"}};
    std::string out = round_trip({r, s});
    EXPECT_NE(out.find("  - *Jean de {La Fontaine}, Kaiming He*\n"), std::string::npos) << out;
    EXPECT_NE(out.find("  - *Meneghel, Maria da Graça; He, Kaiming*\n"), std::string::npos) << out;
}

TEST(Fidelity, TypesComeBack) {
    Record book = titled("book", "Proceedings of the Workshop on Examples");
    book.date_for("issued").parts = {{2021}};
    Record thesis = titled("thesis", "A Thesis");   // in preparation: no venue, no year, no link
    Record chapter = titled("chapter", "Convolutional Networks");
    chapter.set("container-title", "Deep Learning");
    chapter.set("container-title-short", "Deep Learning");
    chapter.date_for("issued").parts = {{2016}};
    Record journal = titled("article-journal", "A Journal Paper");
    journal.set("container-title", "Nature Machine Intelligence");
    journal.set("container-title-short", "Nature Machine Intelligence");
    journal.date_for("issued").parts = {{2021}};
    Record bare = titled("article", "Just a Title");
    Record code_only = titled("software", "A Tool");
    code_only.links = {{"code", "https://github.com/example/tool", {}}};
    Record article_code = titled("article", "Code Only");
    article_code.links = {{"code", "https://github.com/example/code", {}}};
    std::string out = round_trip({book, thesis, chapter, journal, bare, code_only, article_code});
    EXPECT_NE(out.find("- Proceedings of the Workshop on Examples | **[Book'21]**\n"), std::string::npos) << out;
    EXPECT_NE(out.find("- A Thesis | **[Thesis]**\n"), std::string::npos) << out;
    EXPECT_NE(out.find("- Convolutional Networks | **[Deep Learning'16]** *Chapter*\n"), std::string::npos) << out;
    EXPECT_NE(out.find("- Just a Title | **[Article]**\n"), std::string::npos) << out;
}

TEST(Fidelity, EveryVenueTagReadsBack) {
    // Container titles from real libraries: long, with commas and parentheses, old years, none.
    auto at = [](std::string container, int year) {
        Record r = titled("article-journal", "Paper in " + container);
        r.set("container-title", container);
        r.set("container-title-short", container);
        if (year) r.date_for("issued").parts = {{year}};
        return r;
    };
    std::string out = round_trip({
        at("Journal of the London Mathematical Society", 1951),
        at("The Journal of the Royal Statistical Society. Series B (Methodological)", 1988),
        at("Fluctuations and stochastic phenomena in condensed matter, Springer Lecture Notes in Physics 268", 0),
        at("Proc 1st Colloquium on Structural Information and Communication Complexity (SIROCCO'94)", 1994),
    });
    EXPECT_NE(out.find("| **[Journal of the London Mathematical Society 1951]**\n"), std::string::npos) << out;
}

TEST(Fidelity, VenuesThatLookLikeYearsOrLinksReadBack) {
    // Found by fuzzing: "NeurIPS 8639" (no plausible year), a venue starting with a bracket, and
    // URL-like text that the reader would otherwise take for a bare link.
    auto at = [](std::string container) {
        Record r = titled("paper-conference", "Paper at " + container);
        r.set("container-title", container);
        r.set("container-title-short", container);
        return r;
    };
    std::string out = round_trip({
        at("NeurIPS 8639"),
        at("NeurIPS 22"),   // two digits after a space: no year form, so the venue as written
        at("[paper] workshop"),
        at("[paper] (https://example.org/x Autoencoders"),
        at("A venue name of more than four hundred bytes " + std::string(400, 'x')),   // as a table cell may hold
        titled("article", "See https://example.org/a and (http://example.org/b)"),
    });
    EXPECT_NE(out.find("| **[NeurIPS 8639]**\n"), std::string::npos) << out;
    EXPECT_NE(out.find("(https&#58;//example.org/x"), std::string::npos) << out;
    EXPECT_NE(out.find("- See https&#58;//example.org/a and (http&#58;//example.org/b)"), std::string::npos) << out;
}

TEST(Fidelity, AYearNoTagCanHoldIsALossNotALostRecord) {
    // Found by fuzzing: year 22 was written as "**[CVPR 22]**", which is no tag, so the line
    // read back as prose. A tag holds the years 1000 to 2999; others are reported as lost.
    Bibliography bib;
    for (int year : {22, 999, 3000}) {
        Record r = titled("paper-conference", "Paper of " + std::to_string(year));
        r.set("container-title", "CVPR");
        r.set("container-title-short", "CVPR");
        r.date_for("issued").parts = {{year}};
        bib.records.push_back(r);
    }
    auto written = write_md(bib);
    EXPECT_NE(written.text.find("- Paper of 22 | **[CVPR]**\n"), std::string::npos) << written.text;
    EXPECT_NE(diagnostics_text(written.diagnostics).find("year 22 (a tag holds the years 1000 to 2999)"), std::string::npos)
        << diagnostics_text(written.diagnostics);
    auto back = read_md(written.text);
    ASSERT_EQ(back.bibliography.records.size(), 3u) << written.text;
    for (const auto& r : back.bibliography.records) EXPECT_EQ(r.year(), 0);
}

TEST(Fidelity, APaperLinkWithoutASchemeDoesNotMakeALineAnEntry) {
    // Found by fuzzing: "[paper](htp/t:s/x)" is no paper link for the reader, so the line of
    // a record with nothing else read back as prose; the writer adds the type word then.
    Record r = titled("article", "Emerging Properties");
    r.links.push_back(Link{"paper", "htp/t:s/arxiv.org/abs/2104.14294", ""});
    r.links.push_back(Link{"code", "https://github.com/facebookresearch/dino", ""});
    std::string out = round_trip({r});
    EXPECT_NE(out.find("- Emerging Properties | **[Article]** | "), std::string::npos) << out;
}

TEST(Fidelity, LineEndsInATitleStayOnTheLine) {
    Bibliography bib;
    bib.records.push_back(titled("article", "Never again active characters! $\\Omega\n$-Babel"));
    auto res = write_md(bib);
    EXPECT_NE(res.text.find("- Never again active characters! $\\\\Omega $-Babel | **[Article]**\n"), std::string::npos)
        << res.text;
    EXPECT_EQ(read_md(res.text).bibliography.records.size(), 1u);
}

TEST(Fidelity, PlainAuthorLinesReadLikeTheNameParser) {
    // The reader's fast path for plain author lines gives what names::parse_name_list gives,
    // and leaves everything else to it.
    for (std::string_view line : {"Kaiming He, Ross Girshick", "Ming-Wei Chang, J.R.R. Tolkien, Shaquille O'Neal",
                                  "Alayrac", "Jean-Baptiste Alayrac, Jeff Donahue"})
        EXPECT_EQ(plugins::markdown::plain_name_list(line), names::parse_name_list(line)) << line;
    for (std::string_view line : {"Wei LI", "Martin Luther King, Jr.", "Knuth, D. E.", "Ludwig van Beethoven",
                                  "He, Kaiming; Fan, Haoqi", "{OpenAI}", "Jörg Müller", "A and B", "Ross Girshick."})
        EXPECT_EQ(plugins::markdown::plain_name_list(line), std::nullopt) << line;
}

TEST(Fidelity, ReadingTheSeedIsUnchanged) {
    // Nothing in the seed is written from a field: every link is a link, every title plain.
    auto res = read_md(slurp(seed_path()));
    for (const auto& r : res.bibliography.records) {
        EXPECT_EQ(r.get("title").find('<'), std::string_view::npos) << r.alias;
        EXPECT_FALSE(r.links.empty()) << r.alias;
    }
}

}  // namespace
