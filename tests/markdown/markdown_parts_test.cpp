// SPDX-License-Identifier: MIT
// The pieces of the reader: venue tags, arXiv ids and DOIs in URLs, link labels, inline Markdown.
#include "markdown_test_util.hpp"

#include "../../plugins/markdown/entry_parser.hpp"
#include "../../plugins/markdown/inline_parser.hpp"
#include "../../plugins/markdown/link_kinds.hpp"
#include "../../plugins/markdown/venue_table.hpp"

#include <bibport/text.hpp>

using namespace mdtest;
using namespace bibport::plugins::markdown;

namespace {

const VenueTable& venues() {
    static VenueTable t = VenueTable::load(BIBPORT_SOURCE_DIR "/formats/venues.yaml");
    return t;
}
const LinkKinds& kinds() {
    static LinkKinds k = LinkKinds::load(BIBPORT_SOURCE_DIR "/formats/markdown/links.yaml");
    return k;
}

std::string tag(std::string_view s, bool known_only = true) {
    auto t = parse_venue_tag(s, venues(), known_only);
    return t ? t->name + "/" + std::to_string(t->year) : "none";
}

TEST(VenueTags, FormsListsWrite) {
    EXPECT_EQ(tag("CVPR'20"), "CVPR/2020");
    EXPECT_EQ(tag("[NIPS'21]"), "NIPS/2021");
    EXPECT_EQ(tag("axiv'22"), "axiv/2022");
    EXPECT_EQ(tag("NeurIPS 2021"), "NeurIPS/2021");
    EXPECT_EQ(tag("In ICML 2020."), "ICML/2020");
    EXPECT_EQ(tag("ICLR2021"), "ICLR/2021");
    EXPECT_EQ(tag("ICLR21"), "ICLR/2021");
    EXPECT_EQ(tag("ACM MM'22"), "ACM MM/2022");
    EXPECT_EQ(tag("CVPR\u201921"), "CVPR/2021");   // typographic apostrophe
    EXPECT_EQ(tag("2023"), "/2023");
    EXPECT_EQ(tag("'99"), "/1999");
    EXPECT_EQ(tag("CVPR"), "CVPR/0");
    // Unknown names need the apostrophe form, or brackets/emphasis (known_only = false).
    EXPECT_EQ(tag("FooConf'21"), "FooConf/2021");
    EXPECT_EQ(tag("FooConf 2021"), "none");
    EXPECT_EQ(tag("FooConf 2021", false), "FooConf/2021");
    EXPECT_EQ(tag("MoCov1"), "none");
    EXPECT_EQ(tag("S3L"), "none");
    EXPECT_EQ(tag("Masked Autoencoders Are Scalable Vision Learners 2021", false), "none");
}

TEST(VenueTable, AliasesAreCaseInsensitiveAndYearsExpand) {
    ASSERT_NE(venues().find("nips"), nullptr);
    EXPECT_EQ(venues().find("nips")->short_name, "NeurIPS");
    EXPECT_EQ(venues().find("AXIV")->short_name, "arXiv");
    EXPECT_TRUE(venues().find("arxiv")->is_arxiv);
    EXPECT_EQ(venues().find("tpami")->type, "article-journal");
    EXPECT_EQ(VenueTable::expand("Computer Vision – ECCV {year}", 2022), "Computer Vision – ECCV 2022");
    EXPECT_EQ(VenueTable::expand("Computer Vision – ECCV {year} Workshops", 0), "Computer Vision – ECCV Workshops");
    Record r;
    r.set("container-title", "Computer Vision – ECCV 2022");
    r.date_for("issued").parts = {{2022}};
    ASSERT_NE(venues().match_record(r), nullptr);
    EXPECT_EQ(venues().match_record(r)->short_name, "ECCV");
    Record nips;
    nips.set("container-title", "Advances in Neural Information Processing Systems");
    EXPECT_EQ(venues().match_record(nips)->short_name, "NeurIPS");
}

TEST(VenueTable, ErrorsNameTheFile) {
    try {
        VenueTable::load(data_path("broken-venues.yaml"));
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("broken-venues.yaml"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("short"), std::string::npos) << e.what();
    }
}

TEST(Urls, ArxivIds) {
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/abs/1911.05722"), "1911.05722");
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/abs/1911.05722v3"), "1911.05722v3");
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/pdf/1911.05722.pdf"), "1911.05722");
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/pdf/1911.05722v2"), "1911.05722v2");
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/abs/1911.05722.pdf"), "1911.05722");
    EXPECT_EQ(arxiv_id_from_url("http://www.arxiv.org/abs/1501.0001"), "1501.0001");
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/abs/hep-th/9901001v1"), "hep-th/9901001v1");
    EXPECT_EQ(arxiv_id_from_url("https://export.arxiv.org/abs/2104.14294?context=cs"), "2104.14294");
    EXPECT_EQ(arxiv_id_from_url("https://arxiv.org/list/cs.CV/recent"), "");
    EXPECT_EQ(arxiv_id_from_url("https://github.com/arxiv.org/abs/1911.05722"), "");
    EXPECT_EQ(arxiv_id_from_badge("https://img.shields.io/badge/arXiv-2304.07193-b31b1b.svg"), "2304.07193");
    EXPECT_EQ(arxiv_id_from_badge("https://img.shields.io/badge/arXiv-2304.07193v2-red"), "2304.07193v2");
    EXPECT_EQ(arxiv_id_from_badge("https://img.shields.io/github/stars/x/y"), "");
}

TEST(Urls, Dois) {
    EXPECT_EQ(doi_from_url("https://doi.org/10.1109/CVPR42600.2020.00975"), "10.1109/CVPR42600.2020.00975");
    EXPECT_EQ(doi_from_url("http://dx.doi.org/10.1007%2F978-3-030-58452-8_13"), "10.1007/978-3-030-58452-8_13");
    EXPECT_EQ(doi_from_url("https://example.org/10.1109/x"), "");
    EXPECT_EQ(arxiv_id_from_doi("10.48550/arXiv.2104.14294"), "2104.14294");
}

TEST(Links, LabelsAndHosts) {
    EXPECT_EQ(kinds().role_for_label("[paper]"), "paper");
    EXPECT_EQ(kinds().role_for_label("`[PDF]`"), "pdf");
    EXPECT_EQ(kinds().role_for_label("GitHub"), "code");
    EXPECT_EQ(kinds().role_for_label("mmpretrian code"), "code");
    EXPECT_EQ(kinds().role_for_label("Project Page"), "project");
    EXPECT_EQ(kinds().role_for_label("decoder"), "");   // "code" inside a word is not a code link
    EXPECT_EQ(kinds().role_for_label("Momentum Contrast"), "");
    EXPECT_EQ(kinds().host_kind("https://openaccess.thecvf.com/content/x.html"), HostKind::paper);
    EXPECT_EQ(kinds().host_kind("https://people.example.edu/~me/paper.PDF"), HostKind::paper);
    EXPECT_EQ(kinds().host_kind("https://gitlab.com/a/b"), HostKind::code);
    EXPECT_EQ(kinds().host_kind("https://img.shields.io/badge/x"), HostKind::badge);
    EXPECT_EQ(kinds().host_kind("https://example.com/blog"), HostKind::other);
}

std::string kinds_of(const std::vector<Item>& items) {
    std::string out;
    for (const auto& x : items) {
        switch (x.kind) {
            case ItemKind::text: out += "T(" + x.text + ")"; break;
            case ItemKind::strong: out += "S(" + x.text + ")"; break;
            case ItemKind::emph: out += "E(" + x.text + ")"; break;
            case ItemKind::code: out += "C(" + x.text + ")"; break;
            case ItemKind::link: out += "L(" + x.text + "->" + x.url + (x.bracketed ? ",b" : "") + ")"; break;
            case ItemKind::image: out += "I(" + x.text + "->" + x.url + ")"; break;
            case ItemKind::pipe: out += "|"; break;
            case ItemKind::line_break: out += "/"; break;
            case ItemKind::markup: out += "M(" + x.text + ")"; break;
        }
    }
    return out;
}

TEST(Inline, SeedLine) {
    auto items = parse_inline("**[MoCov1]** Title | **[CVPR'20]** |[`[paper]`](https://arxiv.org/abs/1911.05722)", 0);
    EXPECT_EQ(kinds_of(items), "S([MoCov1])T( Title )|T( )S([CVPR'20])T( )|L([paper]->https://arxiv.org/abs/1911.05722,b)");
    EXPECT_EQ(items[4].offset, 21u);   // 0-based byte offset of "**[CVPR'20]**"
}

TEST(Inline, LinksImagesHtmlAndEscapes) {
    EXPECT_EQ(kinds_of(parse_inline("[![arXiv](https://img.shields.io/a.svg)](https://arxiv.org/abs/1)", 0)),
              "L(->https://arxiv.org/abs/1)");
    EXPECT_EQ(parse_inline("[![arXiv](https://img.shields.io/a.svg)](https://arxiv.org/abs/1)", 0)[0].image_alt, "arXiv");
    EXPECT_EQ(kinds_of(parse_inline("<a href=\"https://x.org/p\">[paper]</a><br/>A &amp; B", 0)),
              "L([paper]->https://x.org/p,b)/T(A & B)");
    EXPECT_EQ(kinds_of(parse_inline("a \\| b \\*c\\* snake_case_name", 0)), "T(a | b *c* snake_case_name)");
    // Balanced brackets belong to the link text (CommonMark): a label, not a title.
    EXPECT_EQ(kinds_of(parse_inline("[[code]](https://github.com/a/b)", 0)), "L([code]->https://github.com/a/b,b)");
    EXPECT_EQ(kinds_of(parse_inline("[[Paper](https://x.org/p)]", 0)), "T([)L(Paper->https://x.org/p)T(])");
    EXPECT_EQ(kinds_of(parse_inline("see https://arxiv.org/abs/1911.05722.", 0)),
              "T(see )L(https://arxiv.org/abs/1911.05722->https://arxiv.org/abs/1911.05722)T(.)");
    EXPECT_EQ(kinds_of(parse_inline("[wiki](https://en.wikipedia.org/wiki/A_(b))", 0)),
              "L(wiki->https://en.wikipedia.org/wiki/A_(b))");
    EXPECT_EQ(kinds_of(parse_inline("*He et al.*, **bold** <b>html bold</b>", 0)), "E(He et al.)T(, )S(bold)T( )S(html bold)");
}

TEST(Names, AuthorLines) {
    EXPECT_TRUE(looks_like_names("Kaiming He, Haoqi Fan, Yuxin Wu", false));
    EXPECT_TRUE(looks_like_names("He et al.", false));
    EXPECT_TRUE(looks_like_names("Alexei A. Efros and Ludwig van Beethoven", false));
    EXPECT_TRUE(looks_like_names("Piotr Dollár", true));
    EXPECT_FALSE(looks_like_names("Piotr Dollár", false));
    EXPECT_FALSE(looks_like_names("various benchmark (and legacy) tasks", true));
    EXPECT_FALSE(looks_like_names("Oral Presentation", true));
    EXPECT_FALSE(looks_like_names("Masked Autoencoders, Vision Learners and Scaling Laws 2022", true));
}

// The list/part/word reading of looks_like_names as first written (parts collected, then
// their words): the one-pass version must answer the same on every text.
bool looks_like_names_reference(std::string_view s, bool lenient) {
    std::string t;
    std::string_view v = normal_view(s, t);
    bool others = false;
    for (std::string_view tail : {"et al.", "et al", "and others", "etc."}) {
        if (v.ends_with(tail)) {
            v.remove_suffix(tail.size());
            others = true;
            break;
        }
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == ',')) v.remove_suffix(1);
    if (v.starts_with("by ") || v.starts_with("By ")) v.remove_prefix(3);
    if (v.empty()) return false;
    int depth = 0;
    bool semicolons = false;
    for (char c : v) {
        depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
        semicolons |= c == ';' && depth == 0;
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    depth = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
        const bool stop = i == v.size() || std::string_view("{};&, ").find(v[i]) != std::string_view::npos;
        if (!stop) continue;
        if (i < v.size() && (v[i] == '{' || v[i] == '}')) {
            depth += v[i] == '{' ? 1 : depth > 0 ? -1 : 0;
            continue;
        }
        bool cut = i == v.size() || (depth == 0 && (v[i] == ';' || v[i] == '&' || (!semicolons && v[i] == ',')));
        std::size_t skip = 1;
        if (!cut && depth == 0 && v[i] == ' ' && v.substr(i).starts_with(" and ")) { cut = true; skip = 5; }
        if (!cut) continue;
        std::string_view part = bibport::text::trim(v.substr(start, i - start));
        if (!part.empty()) parts.push_back(part);
        start = i + skip;
        if (skip == 5) i += 4;
    }
    if (parts.empty()) return false;
    bool multi_word = false;
    for (auto part : parts) {
        int words = 0;
        std::size_t p = 0;
        while (p < part.size()) {
            std::size_t e = part.find_first_of(semicolons ? " ," : " ", p);
            if (e == std::string_view::npos) e = part.size();
            if (e > p) {
                if (!name_word_ok(part.substr(p, e - p))) return false;
                ++words;
            }
            p = e + 1;
        }
        if (words > 5) return false;
        multi_word |= words >= 2;
    }
    if (parts.size() >= 2 || others) return multi_word || others;
    return lenient && multi_word;
}

TEST(Names, OnePassReadingAnswersAsPartsThenWords) {
    // Hand-picked edges: blank parts, commas inside braces, semicolon lists, " and ", six words.
    std::vector<std::string> cases = {
        ", Kaiming He", "Kaiming He,, Ross Girshick", "{He, Kaiming} and {Fan, Haoqi}", "He, Kaiming; Fan, Haoqi",
        "He, Kaiming;", "; , ;", "A B C D E F", "A B C D E", "{Mota de Freitas}, Duarte E.", "{A;B} C, D E",
        "Kaiming He and", "and Kaiming He", "Kaiming He & Ross Girshick", "{Kaiming He", "Kaiming} He, A B",
        "He,Kaiming;Fan,Haoqi", "by Kaiming He, Ross Girshick", "Kaiming He et al.", "Kaiming He, etc.",
        "Learning Vision Models", "Ludwig van Beethoven", "van", "{OpenAI}", "{OpenAI} and {DeepMind}",
        "Kaiming He , , Ross", "Ａ Ｂ", "Jean-Paul Sartre; Simone de Beauvoir", "{ } , { }", "A, B", "A B, C"};
    // And every combination of a few tokens, up to five of them.
    const std::vector<std::string> tokens = {"Kaiming", "he", "{Open", "AI}", ",", ";", " and ", " ", "&", "van",
                                             "Learning", "J.", "{X, Y}"};
    std::vector<std::string> level = {""};
    for (int len = 0; len < 4; ++len) {
        std::vector<std::string> next;
        for (const auto& prefix : level)
            for (const auto& tok : tokens) next.push_back(prefix + (prefix.empty() || tok.front() == ' ' ? "" : " ") + tok);
        cases.insert(cases.end(), next.begin(), next.end());
        level = std::move(next);
    }
    std::size_t names = 0;
    for (const auto& c : cases) {
        for (bool lenient : {false, true}) {
            const bool want = looks_like_names_reference(c, lenient);
            EXPECT_EQ(looks_like_names(c, lenient), want) << '"' << c << "\" lenient=" << lenient;
            names += want;
        }
    }
    EXPECT_GT(names, 1000u);   // the generated texts are not all rejected at once
}

TEST(Stars, Markers) {
    for (std::string s : {"\U0001F31F Title", "\u2B50\uFE0F Title", "\u2B50 Title", "\u2605 Title", ":star: Title"}) {
        EXPECT_TRUE(strip_stars(s)) << s;
        EXPECT_EQ(s, " Title");
    }
    std::string plain = "Title";
    EXPECT_FALSE(strip_stars(plain));
}

// The marker is found wherever it sits in a long text (the search goes sixteen bytes at a
// time), and lead bytes that start no marker (':' of a subtitle, other emoji, an en dash) are
// passed over.
TEST(Stars, MarkersAtEveryPositionOfALongText) {
    const std::string filler = "Masked Autoencoders: Scalable \xE2\x80\x93 Vision \xF0\x9F\x98\x80 Learners: a study";
    for (std::string_view marker : {"\U0001F31F", "\u2B50", "\u2605", ":star2:", ":glowing_star:"}) {
        for (std::size_t at = 0; at <= filler.size(); ++at) {
            if (at < filler.size() && (static_cast<unsigned char>(filler[at]) & 0xC0) == 0x80) continue;   // inside a character
            std::string s = filler.substr(0, at) + std::string(marker) + filler.substr(at);
            EXPECT_TRUE(strip_stars(s)) << marker << " at " << at;
            EXPECT_EQ(s, filler) << marker << " at " << at;
        }
    }
    std::string none = filler + filler;
    EXPECT_FALSE(strip_stars(none));
    EXPECT_EQ(none, filler + filler);
}

TEST(Probe, RecognisesListsNotOtherFormats) {
    plugins::markdown::MarkdownReader r;
    EXPECT_GE(r.probe(slurp(seed_path()).substr(0, 4096)), 60);
    EXPECT_EQ(r.probe("@article{x, title={A}}"), 0);
    EXPECT_EQ(r.probe("[{\"id\": \"x\"}]"), 0);
    EXPECT_EQ(r.probe("TY  - JOUR\nER  -\n"), 0);
    EXPECT_EQ(r.probe("<?xml version=\"1.0\"?>"), 0);
}

}  // namespace
