// SPDX-License-Identifier: MIT
// The seed list, all 81 entries, against a hand-written expectation (data/seed-expected.yaml).
#include "markdown_test_util.hpp"

#include <yaml-cpp/yaml.h>

using namespace mdtest;

namespace {

class Seed : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        text_ = new std::string(slurp(seed_path()));
        result_ = new ReadResult(read_md(*text_));
        expected_ = new YAML::Node(YAML::LoadFile(data_path("seed-expected.yaml")));
    }
    static void TearDownTestSuite() {
        delete text_;
        delete result_;
        delete expected_;
    }
    static const std::vector<Record>& records() { return result_->bibliography.records; }
    static std::string* text_;
    static ReadResult* result_;
    static YAML::Node* expected_;
};
std::string* Seed::text_ = nullptr;
ReadResult* Seed::result_ = nullptr;
YAML::Node* Seed::expected_ = nullptr;

std::string str(const YAML::Node& n, const char* key) { return n[key] ? n[key].as<std::string>() : std::string(); }

std::string with_year(std::string s, int year) {
    auto at = s.find("{year}");
    if (at != std::string::npos) s.replace(at, 6, std::to_string(year));
    return s;
}

TEST_F(Seed, HasExactly81RecordsAndNoProblems) {
    ASSERT_FALSE(text_->empty()) << seed_path();
    EXPECT_EQ(records().size(), 81u);
    EXPECT_EQ((*expected_)["papers"].size(), 81u);
    EXPECT_EQ(result_->diagnostics.count(Severity::error), 0u) << diagnostics_text(result_->diagnostics);
    EXPECT_EQ(result_->diagnostics.count(Severity::warning), 0u) << diagnostics_text(result_->diagnostics);
}

TEST_F(Seed, MojibakeIsRepairedWithOneNote) {
    std::size_t notes = 0;
    for (const auto& d : result_->diagnostics.items())
        if (d.code == "repair.mojibake") {
            ++notes;
            EXPECT_EQ(d.line, 8u);   // "updating Â·Â·Â·" is the first double-encoded line
            EXPECT_NE(d.message.find("13 lines"), std::string::npos) << d.message;
        }
    EXPECT_EQ(notes, 1u);
    for (const auto& r : records()) {
        for (const auto& f : r.fields) {
            for (std::string_view bad : {"\u00C3", "\u00C2", "\u00F0", "\u00EF\u00BC"})
                EXPECT_EQ(f.value.text.find(bad), std::string::npos) << r.id << " " << f.name << ": " << f.value.text;
            EXPECT_EQ(f.value.text.find("\U0001F31F"), std::string::npos) << r.id << " " << f.name;
            EXPECT_EQ(f.value.text.find("\u00A0"), std::string::npos) << r.id << " " << f.name;
        }
    }
}

TEST_F(Seed, DocumentTitleSectionsAndDescription) {
    const Bibliography& bib = result_->bibliography;
    EXPECT_EQ(bib.title, "Self-Supervised Pretraining");
    std::vector<std::vector<std::string>> sections = {
        {"All Papers"}, {"All Papers", "2020"}, {"All Papers", "2021"}, {"All Papers", "2022"}, {"All Papers", "2023"}};
    EXPECT_EQ(bib.sections, sections);
    EXPECT_TRUE(bib.description.starts_with("This is a paper list of self-supervised pretrain method.")) << bib.description;
    EXPECT_NE(bib.description.find("\n\nIn addition, papers are also categorized"), std::string::npos);
    // The links to topic pages and "updating ···" are navigation, not papers and not prose.
    EXPECT_EQ(bib.description.find("Light-weight"), std::string::npos);
}

TEST_F(Seed, EveryRecordMatchesTheList) {
    const YAML::Node papers = (*expected_)["papers"];
    const YAML::Node venues = (*expected_)["venues"];
    ASSERT_EQ(records().size(), papers.size());
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < papers.size(); ++i) {
        const YAML::Node e = papers[i];
        const Record& r = records()[i];
        std::string alias = str(e, "alias");
        SCOPED_TRACE("entry " + std::to_string(i + 1) + " [" + alias + "] line " + str(e, "line"));
        EXPECT_EQ(r.source_line, e["line"].as<unsigned>());
        EXPECT_EQ(r.alias, alias);
        EXPECT_FALSE(r.has("title-short"));   // the CSL writer derives it from the alias
        EXPECT_EQ(r.highlight, e["star"].as<bool>());
        EXPECT_EQ(r.get("title"), str(e, "title"));
        EXPECT_EQ(r.sections, (std::vector<std::string>{"All Papers", str(e, "section")}));
        int year = e["year"].as<int>();
        EXPECT_EQ(r.year(), year);
        ASSERT_NE(r.find_date("issued"), nullptr);
        EXPECT_EQ(r.find_date("issued")->parts, (std::vector<std::vector<int>>{{year}}));

        std::string venue = str(e, "venue");
        const YAML::Node v = venues[venue];
        ASSERT_TRUE(v) << "venue " << venue << " missing from the expectation";
        EXPECT_EQ(r.type, str(v, "type"));
        std::string arxiv = str(e, "arxiv");
        EXPECT_EQ(r.arxiv, arxiv);
        if (venue == "arXiv") {
            EXPECT_EQ(r.get("publisher"), "arXiv");
            EXPECT_FALSE(r.has("container-title"));
            EXPECT_FALSE(r.has("container-title-short"));
            ASSERT_FALSE(arxiv.empty());   // every arXiv entry of the seed links its abs page
            EXPECT_EQ(r.get("number"), "arXiv:" + arxiv);
            EXPECT_EQ(r.get("DOI"), "10.48550/arXiv." + arxiv);
        } else {
            EXPECT_EQ(r.get("container-title"), with_year(str(v, "container-title"), year));
            EXPECT_EQ(r.get("container-title-short"), venue);
            EXPECT_FALSE(r.has("DOI"));    // a conference paper's DOI is not its arXiv DOI
            EXPECT_FALSE(r.has("number"));
        }

        std::string paper = str(e, "paper");
        EXPECT_EQ(r.get("URL"), paper);
        std::vector<Link> links{Link{"paper", paper, {}}};
        if (e["code"]) links.push_back(Link{"code", str(e, "code"), str(e, "code-label")});
        EXPECT_EQ(r.links, links);
        EXPECT_EQ(r.link("code"), str(e, "code"));
        EXPECT_TRUE(r.names.empty());
        EXPECT_TRUE(r.notes.empty()) << r.notes.front();
        ids.push_back(r.id);
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "ids must be unique";
}

TEST_F(Seed, TyposInTitlesAreKeptAndInVenueTagsRecognised) {
    const Record& moco = records()[0];
    EXPECT_TRUE(moco.get("title").ends_with("Representation Learningn"));
    auto imae = std::find_if(records().begin(), records().end(), [](const Record& r) { return r.alias == "i-MAE"; });
    ASSERT_NE(imae, records().end());
    EXPECT_EQ(imae->type, "article");   // written [axiv'22]
    EXPECT_EQ(imae->get("publisher"), "arXiv");
}

TEST(SeedRepair, CorrectUtf8IsNeverRepaired) {
    std::string clean = "# Liste\n\n## Café\n\n- **[Naïve]** 🌟 Über naïve Modelle — ein Überblick | **[CVPR'20]** | "
                        "[`[paper]`](https://arxiv.org/abs/1911.05722)\n";
    auto res = read_md(clean);
    ASSERT_EQ(res.bibliography.records.size(), 1u);
    const Record& r = res.bibliography.records[0];
    EXPECT_EQ(r.get("title"), "Über naïve Modelle — ein Überblick");
    EXPECT_EQ(r.alias, "Naïve");
    EXPECT_TRUE(r.highlight);
    EXPECT_EQ(r.sections, std::vector<std::string>{"Café"});
    for (const auto& d : res.diagnostics.items()) EXPECT_NE(d.code, "repair.mojibake") << d.message;
}

TEST(SeedRepair, RepairCanBeTurnedOff) {
    std::string line = "- **[PeCo]** PeCo\u00C3\u00AF\u00C2\u00BC\u00C5\u00A1Perceptual Codebook | **[AAAI'23]** | "
                       "[`[paper]`](https://arxiv.org/abs/2111.12710)\n";
    auto repaired = read_md(line);
    ASSERT_EQ(repaired.bibliography.records.size(), 1u);
    EXPECT_EQ(repaired.bibliography.records[0].get("title"), "PeCo\uFF1APerceptual Codebook");
    auto kept = read_md(line, {{"repair", "off"}});
    ASSERT_EQ(kept.bibliography.records.size(), 1u);
    EXPECT_EQ(kept.bibliography.records[0].get("title"), "PeCo\u00C3\u00AF\u00C2\u00BC\u00C5\u00A1Perceptual Codebook");
    EXPECT_TRUE(kept.diagnostics.items().empty());
}

}  // namespace
