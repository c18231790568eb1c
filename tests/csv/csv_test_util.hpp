// SPDX-License-Identifier: MIT
// Helpers shared by the CSV tests: in-process read/write, file access, a sorted record dump.
#pragma once

#include "../../plugins/csv/csv_reader.hpp"
#include "../../plugins/csv/csv_writer.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace csvtest {

using namespace bibport;

inline Context context(Options options = {}, std::string source = "test.csv") {
    return Context{.source_name = std::move(source), .data_dir = BIBPORT_SOURCE_DIR "/formats",
                   .options = std::move(options)};
}

inline ReadResult read_csv(std::string_view text, Options options = {}) {
    plugins::csv::CsvReader reader;
    return reader.read(text, context(std::move(options)));
}

inline WriteResult write_csv(const Bibliography& bib, Options options = {}) {
    plugins::csv::CsvWriter writer;
    return writer.write(bib, context(std::move(options)));
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string golden_path(const std::string& name) {
    return std::string(BIBPORT_TEST_DATA_DIR) + "/csv/golden/" + name;
}

inline std::string errors_of(const Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) out += item.format() + "\n";
    return out;
}

/// One line per record part, sorted where the order carries no meaning (field order depends
/// on the column order of a format), kept where it does (names, links, keywords, sections).
inline std::string dump(const Record& r) {
    std::vector<std::string> lines;
    lines.push_back("type=" + r.type);
    lines.push_back("id=" + r.id);
    lines.push_back("citation-key=" + r.citation_key);
    for (const auto& f : r.fields) lines.push_back("field " + f.name + "=" + f.value.text);
    for (const auto& l : r.names) {
        std::string s = "names " + l.role + "=";
        for (const auto& n : l.names)
            s += "[" + n.family + "|" + n.given + "|" + n.non_dropping_particle + "|" + n.dropping_particle + "|" +
                 n.suffix + "|" + n.literal + "]";
        lines.push_back(s);
    }
    for (const auto& d : r.dates) {
        std::string s = "date " + d.name + "=";
        for (const auto& p : d.parts) {
            s += "[";
            for (int v : p) s += std::to_string(v) + ",";
            s += "]";
        }
        s += " literal=" + d.literal + " raw=" + d.raw;
        lines.push_back(s);
    }
    for (const auto& [k, v] : r.extra) lines.push_back("extra " + k + "=" + v);
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    out += "keywords=";
    for (const auto& k : r.keywords) out += k + "|";
    out += "\ncategories=";
    for (const auto& k : r.categories) out += k + "|";
    out += "\nalias=" + r.alias + "\nhighlight=" + (r.highlight ? "1" : "0") + "\nsections=";
    for (const auto& s : r.sections) out += s + "|";
    out += "\nlinks=";
    for (const auto& l : r.links) out += l.role + "(" + l.label + ")=" + l.url + " ";
    out += "\narxiv=" + r.arxiv + "\nnotes=";
    for (const auto& n : r.notes) out += n + "|";
    return out + "\n";
}

inline Record paper(std::string alias, std::string title, std::string venue, int year, std::string arxiv_id,
                    std::string code, bool star, std::vector<std::string> sections) {
    Record r;
    r.id = alias;
    r.alias = std::move(alias);
    r.highlight = star;
    r.sections = std::move(sections);
    r.set("title", std::move(title));
    std::string url = "https://arxiv.org/abs/" + arxiv_id;
    if (venue == "arXiv") {
        r.type = "article";
        r.set("publisher", "arXiv");
        r.set("number", "arXiv:" + arxiv_id);
        r.set("DOI", "10.48550/arXiv." + arxiv_id);
    } else {
        r.type = "paper-conference";
        r.set("container-title-short", venue);
    }
    r.set("URL", url);
    r.date_for("issued").parts = {{year}};
    r.links.push_back(Link{"paper", url, {}});
    if (!code.empty()) r.links.push_back(Link{"code", std::move(code), {}});
    r.arxiv = std::move(arxiv_id);
    return r;
}

/// Three records as the seed list has them: a starred conference paper, an arXiv preprint,
/// a paper whose only link is not arXiv.
inline Bibliography seed_like() {
    Bibliography bib;
    bib.records.push_back(paper("MoCov1", "Momentum Contrast for Unsupervised Visual Representation Learning", "CVPR",
                                2020, "1911.05722", "https://github.com/facebookresearch/moco", true,
                                {"All Papers", "2020"}));
    bib.records.back().set("container-title",
                           "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition");
    bib.records.push_back(paper("MoCov2", "Improved Baselines with Momentum Contrastive Learning", "arXiv", 2020,
                                "2003.04297", "https://github.com/facebookresearch/moco", false,
                                {"All Papers", "2020"}));
    Record oss;
    oss.type = "paper-conference";
    oss.id = oss.alias = "OSS";
    oss.set("title", "Unsupervised Representation Transfer for Small Networks: I Believe I Can Distill On-the-Fly");
    oss.set("container-title-short", "NeurIPS");
    oss.date_for("issued").parts = {{2021}};
    oss.sections = {"All Papers", "2021"};
    std::string url = "https://proceedings.neurips.cc/paper_files/paper/2021/hash/"
                      "cecd845e3577efdaaf24eea03af4c033-Abstract.html";
    oss.set("URL", url);
    oss.links.push_back(Link{"paper", url, {}});
    bib.records.push_back(std::move(oss));
    return bib;
}

/// A record that uses every part of the model, with values that need quoting.
inline Record full_record() {
    Record r;
    r.type = "article-journal";
    r.id = "ITEMFULL";
    r.citation_key = "lecun2015deep";
    r.set("title", "Deep learning, \"revisited\"");
    r.set("container-title", "Nature");
    r.set("container-title-short", "Nat.");
    r.set("title-short", "Deep learning");
    r.set("abstract", "Line one,\nline two; with \"quotes\"");
    r.set("volume", "521");
    r.set("page", "436-444");
    r.set("DOI", "10.1038/nature14539");
    r.set("PMID", "26017442");
    r.set("event-place", "Montréal");
    r.set("note", "A note line\nsecond note line");
    r.names_for("author") = {Name{.family = "LeCun", .given = "Yann"},
                             Name{.family = "Maaten", .given = "Laurens", .non_dropping_particle = "van der"},
                             Name{.family = "King", .given = "Martin Luther", .suffix = "Jr."},
                             Name{.literal = "OpenAI Team"}};
    r.names_for("editor") = {Name{.family = "Guyon", .given = "I."}};
    r.names_for("director") = {Name{.family = "Lynch", .given = "David"}};
    r.date_for("issued").parts = {{2015, 5, 28}};
    r.date_for("accessed").parts = {{2024, 1, 15}};
    r.date_for("original-date").parts = {{1999}};
    r.keywords = {"deep learning", "review"};
    r.categories = {"ml"};
    r.notes = {"<p>first note</p>"};
    r.alias = "DL";
    r.highlight = true;
    r.sections = {"Surveys", "2015"};
    r.set("URL", "https://doi.org/10.1038/nature14539");
    r.links = {Link{"paper", "https://doi.org/10.1038/nature14539", {}},
               Link{"code", "https://github.com/x/y", {}},
               Link{"slides", "https://example.org/s.pdf", "Slides"},
               Link{"attachment", "https://example.org/full.pdf", {}}};
    r.arxiv = "1234.5678v2";
    r.extra = {{"bibtex.timestamp", "2020-01-01"},
               {"bibtex.comment", "multi\nline"},
               {"csv.Date Added", "2024-01-16 10:00:00"},
               {"csv.My Column", "mine"}};
    return r;
}

}  // namespace csvtest
