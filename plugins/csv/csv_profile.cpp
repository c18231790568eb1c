// SPDX-License-Identifier: MIT
#include "csv_profile.hpp"

#include <bibport/text.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace bibport::plugins::csv {
namespace {

// CSL 1.0.2 variables (csl-data.json schema, plus "license" from the specification), by kind.
constexpr std::array<std::string_view, 26> kNameVariables = {
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
    "interviewer", "illustrator", "narrator", "organizer", "original-author", "performer", "producer",
    "recipient", "reviewed-author", "script-writer", "series-creator", "translator"};

constexpr std::array<std::string_view, 6> kDateVariables = {
    "accessed", "available-date", "event-date", "issued", "original-date", "submitted"};

constexpr std::array<std::string_view, 71> kStringVariables = {
    "language", "license", "journalAbbreviation", "shortTitle", "abstract", "annote", "archive",
    "archive_collection", "archive_location", "archive-place", "authority", "call-number",
    "chapter-number", "citation-number", "citation-label", "collection-number", "collection-title",
    "container-title", "container-title-short", "dimensions", "division", "DOI", "edition", "event",
    "event-title", "event-place", "first-reference-note-number", "genre", "ISBN", "ISSN", "issue",
    "jurisdiction", "keyword", "locator", "medium", "note", "number", "number-of-pages",
    "number-of-volumes", "original-publisher", "original-publisher-place", "original-title", "page",
    "page-first", "part", "part-title", "PMCID", "PMID", "printing", "publisher", "publisher-place",
    "references", "reviewed-genre", "reviewed-title", "scale", "section", "source", "status",
    "supplement", "title", "title-short", "URL", "version", "volume", "volume-title",
    "volume-title-short", "year-suffix", "citation-key", "categories", "id", "type"};

constexpr std::array<std::string_view, 45> kTypes = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view s) noexcept {
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string scalar(const YAML::Node& node, const char* key, std::string fallback = {}) {
    const YAML::Node v = node[key];
    return v ? v.as<std::string>() : fallback;
}

std::vector<Source> parse_sources(std::string_view text, const std::string& header) {
    std::vector<Source> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t bar = text.find('|', start);
        std::string_view part = text::trim(text.substr(start, bar == std::string_view::npos ? bar : bar - start));
        auto src = Source::parse(part);
        if (!src)
            throw std::runtime_error("unknown source '" + std::string(part) + "' in column '" + header +
                                     "'; expected a CSL variable, issued.year, link:ROLE, links:ROLE, "
                                     "extra:KEY, alias, highlight, sections, links, arxiv, keywords, "
                                     "categories, notes, id, citation-key or type");
        out.push_back(std::move(*src));
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    return out;
}

Column parse_column(const YAML::Node& node, const fs::path& dir_of_data) {
    Column col;
    col.header = scalar(node, "header");
    if (col.header.empty()) throw std::runtime_error("a column without 'header'");
    if (const YAML::Node src = node["source"]) col.sources = parse_sources(src.as<std::string>(), col.header);
    col.join = scalar(node, "join", "; ");
    if (const YAML::Node aliases = node["aliases"])
        for (const auto& a : aliases) col.aliases.push_back(a.as<std::string>());
    if (const YAML::Node cw = node["crosswalk"])
        col.crosswalk = Crosswalk::load(dir_of_data / cw.as<std::string>());
    col.original = scalar(node, "original");
    if (const YAML::Node lines = node["lines"]) {
        for (const auto& kv : lines) {
            auto key = kv.first.as<std::string>();
            auto srcs = parse_sources(kv.second.as<std::string>(), col.header + "/" + key);
            col.lines.push_back(LineSpec{key, srcs.front()});
        }
    }
    col.rest = node["rest"] && node["rest"].as<bool>();
    return col;
}

Profile parse_profile_file(const fs::path& file, const fs::path& data_dir) {
    Profile p;
    p.file = file.string();
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        p.name = scalar(root, "name", file.stem().string());
        p.description = scalar(root, "description");
        p.bom = root["bom"] && root["bom"].as<bool>();
        p.quote_all = root["quote-all"] && root["quote-all"].as<bool>();
        const YAML::Node cols = root["columns"];
        if (!cols || !cols.IsSequence() || cols.size() == 0)
            throw std::runtime_error("expected a non-empty 'columns' list");
        for (const auto& c : cols) p.columns.push_back(parse_column(c, data_dir));
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": error: " + e.msg);
    } catch (const std::runtime_error& e) {
        std::string what = e.what();
        if (what.rfind(file.string(), 0) == 0) throw;
        throw std::runtime_error(file.string() + ": error: " + what);
    }
    return p;
}

}  // namespace

std::optional<Source> Source::parse(std::string_view t) {
    using K = Kind;
    auto simple = [](K k) { return Source{k, {}}; };
    if (t == "id") return simple(K::id);
    if (t == "citation-key") return simple(K::citation_key);
    if (t == "type") return simple(K::type);
    if (t == "alias") return simple(K::alias);
    if (t == "highlight") return simple(K::highlight);
    if (t == "sections") return simple(K::sections);
    if (t == "links") return simple(K::links);
    if (t == "arxiv") return simple(K::arxiv);
    if (t == "keywords" || t == "keyword") return simple(K::keywords);
    if (t == "categories") return simple(K::categories);
    if (t == "notes") return simple(K::notes);
    if (t.starts_with("link:") && t.size() > 5) return Source{K::link_role, std::string(t.substr(5))};
    if (t.starts_with("links:") && t.size() > 6) return Source{K::links_role, std::string(t.substr(6))};
    if (t.starts_with("extra:") && t.size() > 6) return Source{K::extra, std::string(t.substr(6))};
    if (t.ends_with(".year") && is_date_variable(t.substr(0, t.size() - 5)))
        return Source{K::year, std::string(t.substr(0, t.size() - 5))};
    if (is_name_variable(t)) return Source{K::names, std::string(t)};
    if (is_date_variable(t)) return Source{K::date, std::string(t)};
    if (is_string_variable(t)) return Source{K::field, std::string(t)};
    return std::nullopt;
}

int Profile::find_column(std::string_view header) const {
    std::string_view h = text::trim(header);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (text::equals_icase(columns[i].header, h)) return static_cast<int>(i);
        for (const auto& a : columns[i].aliases)
            if (text::equals_icase(a, h)) return static_cast<int>(i);
    }
    return -1;
}

Profile load_profile(const Context& ctx, std::string_view name_or_path) {
    bool is_path = name_or_path.find('/') != std::string_view::npos || name_or_path.ends_with(".yaml");
    fs::path file = is_path ? fs::path(name_or_path)
                            : data_file(ctx, "csv/profiles/" + std::string(name_or_path) + ".yaml");
    if (is_path && !fs::exists(file)) throw std::runtime_error("csv profile not found: " + file.string());
    return parse_profile_file(file, fs::path(ctx.data_dir));
}

std::vector<Profile> load_all_profiles(const Context& ctx) {
    fs::path dir = data_file(ctx, "csv/profiles");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<Profile> out;
    for (const auto& f : files) out.push_back(parse_profile_file(f, fs::path(ctx.data_dir)));
    return out;
}

bool is_name_variable(std::string_view name) noexcept { return contains(kNameVariables, name); }
bool is_date_variable(std::string_view name) noexcept { return contains(kDateVariables, name); }
bool is_string_variable(std::string_view name) noexcept {
    return contains(kStringVariables, name) && name != "id" && name != "type" && name != "citation-key" &&
           name != "categories";
}
bool is_csl_type(std::string_view type) noexcept { return contains(kTypes, type); }

}  // namespace bibport::plugins::csv
