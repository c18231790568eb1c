// SPDX-License-Identifier: MIT
// The pieces of the reader: venue tags, arXiv ids and DOIs in URLs, link labels, inline Markdown.
#include "markdown_test_util.hpp"

#include "../../plugins/markdown/entry_parser.hpp"
#include "../../plugins/markdown/inline_parser.hpp"
#include "../../plugins/markdown/link_kinds.hpp"
#include "../../plugins/markdown/venue_table.hpp"

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

TEST(Stars, Markers) {
    for (std::string s : {"\U0001F31F Title", "\u2B50\uFE0F Title", "\u2B50 Title", "\u2605 Title", ":star: Title"}) {
        EXPECT_TRUE(strip_stars(s)) << s;
        EXPECT_EQ(s, " Title");
    }
    std::string plain = "Title";
    EXPECT_FALSE(strip_stars(plain));
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
