// SPDX-License-Identifier: MIT
// Cross-check of the BibTeX reader against pandoc: for every .bib file in a folder, read it
// with bibport and with `pandoc -f bibtex -t csljson`, and compare the number of records and,
// per record (matched by key), the title, the author family names, the year and the type.
//
//   pandoc_compare <folder-with-bib-files> <formats-dir> [min-agreement-percent]
//
// Prints every disagreement with its class, a summary per class, and fails when the counts
// differ or fewer than min-agreement-percent (default 98) of the records agree. The classes
// are explained in tests/bibtex/pandoc-differences.md.
#include "../../plugins/bibtex/bibtex_plugin.hpp"
#include "../../plugins/bibtex/bibtex_syntax.hpp"

#include <bibport/latex.hpp>
#include <bibport/text.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace bibport;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string run_pandoc(const fs::path& bib) {
    std::string cmd = "pandoc -f bibtex -t csljson '" + bib.string() + "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string out;
    std::array<char, 65536> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
    return out;
}

// Removes TeX that bibport keeps verbatim and pandoc drops: math delimiters stay (fold
// removes them), unknown commands are dropped together with their arguments.
std::string drop_verbatim_tex(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
            std::size_t p = i + 1;
            while (p < s.size() && std::isalpha(static_cast<unsigned char>(s[p]))) ++p;
            while (p < s.size() && s[p] == '{') {
                int depth = 0;
                for (; p < s.size(); ++p) {
                    if (s[p] == '{') ++depth;
                    else if (s[p] == '}' && --depth == 0) { ++p; break; }
                }
            }
            i = p - 1;
            continue;
        }
        out += s[i];
    }
    return out;
}

// True when `small` can be made from `big` by deleting characters: what is left when pandoc
// drops a command bibport decoded.
bool is_subsequence(std::string_view small, std::string_view big) {
    std::size_t j = 0;
    for (std::size_t i = 0; i < big.size() && j < small.size(); ++i)
        if (big[i] == small[j]) ++j;
    return j == small.size();
}

struct Facts {
    std::string title, title_raw;
    std::vector<std::string> families;
    int year = 0;
    std::string type;
};

Facts from_record(const Record& r) {
    Facts f;
    f.title_raw = latex::strip_markup(r.get("title"));
    f.title = text::fold_for_compare(f.title_raw);
    if (const auto* a = r.find_names("author"))
        for (const auto& n : *a) f.families.push_back(text::fold_for_compare(n.is_literal() ? n.literal : n.family));
    f.year = r.year();
    f.type = r.type;
    return f;
}

Facts from_pandoc(const json::object& o) {
    Facts f;
    auto str = [&](std::string_view k) -> std::string {
        auto* v = o.if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    f.title_raw = latex::strip_markup(str("title"));
    f.title = text::fold_for_compare(f.title_raw);
    if (auto* a = o.if_contains("author"); a && a->is_array()) {
        for (const auto& n : a->as_array()) {
            const auto& no = n.as_object();
            std::string fam;
            if (auto* v = no.if_contains("family")) fam = std::string(v->as_string());
            else if (auto* v2 = no.if_contains("literal")) fam = std::string(v2->as_string());
            f.families.push_back(text::fold_for_compare(fam));
        }
    }
    if (auto* is = o.if_contains("issued"); is && is->is_object()) {
        if (auto* dp = is->as_object().if_contains("date-parts"); dp && dp->is_array() && !dp->as_array().empty()) {
            const auto& first = dp->as_array()[0];
            if (first.is_array() && !first.as_array().empty()) {
                const auto& y = first.as_array()[0];
                if (y.is_int64()) f.year = static_cast<int>(y.as_int64());
                else if (y.is_string()) f.year = std::atoi(std::string(y.as_string()).c_str());
            }
        }
    }
    f.type = str("type");
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: pandoc_compare <bib-folder> <formats-dir> [min-percent]\n";
        return 2;
    }
    double min_percent = argc > 3 ? std::atof(argv[3]) : 98.0;
    auto formats = plugins::bibtex::make_formats();
    auto reader = formats.front()->make_reader();

    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(argv[1]))
        if (e.path().extension() == ".bib") files.push_back(e.path());
    std::sort(files.begin(), files.end());

    std::size_t total = 0, agree = 0;
    bool count_mismatch = false;
    std::map<std::string, std::size_t> classes;
    for (const auto& file : files) {
        std::string input = slurp(file);
        Context ctx{.source_name = file.filename().string(), .data_dir = argv[2], .options = {}};
        ReadResult ours = reader->read(input, ctx);
        json::value theirs = json::parse(run_pandoc(file));
        const auto& arr = theirs.as_array();
        std::cout << file.filename().string() << ": bibport " << ours.bibliography.records.size() << " records, pandoc "
                  << arr.size() << "\n";
        if (arr.size() != ours.bibliography.records.size()) count_mismatch = true;
        // The raw (macro-expanded, undecoded) title and author of each entry, to tell when a
        // difference comes from a TeX command.
        Diagnostics ignored;
        plugins::bibtex::RawFile raw = plugins::bibtex::parse_bibtex(input, ignored);
        std::map<std::string, std::pair<std::string, std::string>> raw_fields;
        for (const auto& e : raw.entries) {
            auto& slot = raw_fields[std::string(e.key)];
            if (const auto* t = e.field("title")) slot.first = plugins::bibtex::expand(*t, raw);
            if (const auto* a = e.field("author")) slot.second = plugins::bibtex::expand(*a, raw);
        }
        std::multimap<std::string, const json::object*> by_id;
        for (const auto& v : arr) by_id.emplace(std::string(v.as_object().at("id").as_string()), &v.as_object());
        for (const auto& r : ours.bibliography.records) {
            ++total;
            auto it = by_id.find(r.citation_key);
            if (it == by_id.end()) {
                ++classes["missing in pandoc"];
                std::cout << "  [" << r.citation_key << "] missing in pandoc output\n";
                continue;
            }
            Facts a = from_record(r), b = from_pandoc(*it->second);
            by_id.erase(it);
            std::vector<std::string> problems;
            const auto& [raw_title, raw_author] = raw_fields[r.citation_key];
            bool tex_title = raw_title.find('\\') != std::string::npos;
            bool tex_author = raw_author.find('\\') != std::string::npos;
            if (a.title != b.title) {
                if (tex_title && text::fold_for_compare(drop_verbatim_tex(a.title_raw)) == b.title) {
                    ++classes["title: unknown TeX command kept verbatim by bibport, dropped by pandoc (agreement)"];
                } else if (tex_title && is_subsequence(b.title, a.title)) {
                    ++classes["title: TeX command bibport decodes (logo, \\acro, ...), dropped by pandoc (agreement)"];
                } else {
                    problems.push_back("title: bibport \"" + a.title_raw + "\" pandoc \"" + b.title_raw + "\"");
                    ++classes["title"];
                }
            }
            bool families_subsequence = a.families.size() == b.families.size();
            for (std::size_t i = 0; families_subsequence && i < a.families.size(); ++i)
                families_subsequence = is_subsequence(b.families[i], a.families[i]);
            if (a.families != b.families && tex_author && families_subsequence) {
                ++classes["authors: TeX command bibport decodes, dropped by pandoc (agreement)"];
            } else if (a.families != b.families) {
                std::string x, y;
                for (auto& s : a.families) x += s + ";";
                for (auto& s : b.families) y += s + ";";
                problems.push_back("authors: bibport " + x + " pandoc " + y);
                ++classes["authors"];
            }
            if (a.year != b.year) {
                problems.push_back("year: bibport " + std::to_string(a.year) + " pandoc " + std::to_string(b.year));
                ++classes["year"];
            }
            if (a.type != b.type) {
                problems.push_back("type: bibport " + a.type + " pandoc '" + b.type + "'");
                ++classes["type " + a.type + " vs '" + b.type + "'"];
            }
            if (problems.empty()) { ++agree; continue; }
            std::cout << "  [" << r.citation_key << "]";
            for (const auto& p : problems) std::cout << " " << p << ";";
            std::cout << "\n";
        }
        for (const auto& [id, o] : by_id) {
            (void)o;
            std::cout << "  [" << id << "] only in pandoc output\n";
            ++classes["only in pandoc"];
        }
    }
    double percent = total ? 100.0 * static_cast<double>(agree) / static_cast<double>(total) : 0;
    std::cout << "\nclasses (a record may be in several; the TeX class is counted as agreement):\n";
    for (const auto& [c, n] : classes) std::cout << "  " << n << "  " << c << "\n";
    std::cout << "agreement: " << agree << " of " << total << " records (" << percent << "%), needed " << min_percent
              << "%\n";
    if (count_mismatch) std::cout << "FAIL: record counts differ\n";
    return (count_mismatch || percent < min_percent) ? 1 : 0;
}
