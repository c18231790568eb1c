// SPDX-License-Identifier: MIT
#include "record_diff.hpp"

namespace bibport::testing {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep = " / ") {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

std::string show_name(const Name& n) {
    if (n.is_literal()) return "{" + n.literal + "}";
    std::string out = n.family + ", " + n.given;
    if (!n.non_dropping_particle.empty()) out += " [ndp " + n.non_dropping_particle + "]";
    if (!n.dropping_particle.empty()) out += " [dp " + n.dropping_particle + "]";
    if (!n.suffix.empty()) out += " [sfx " + n.suffix + "]";
    return out;
}

std::string show_parts(const std::vector<std::vector<int>>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += "/";
        for (std::size_t i = 0; i < p.size(); ++i) out += (i ? "-" : "") + std::to_string(p[i]);
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> flatten(const Record& r) {
    std::map<std::string, std::string> m;
    auto put = [&](const std::string& k, std::string v) {
        if (!v.empty()) m[k] = std::move(v);
    };
    put("type", r.type);
    put("citation-key", r.citation_key);
    for (const auto& f : r.fields) put("field:" + f.name, f.value.text);
    for (const auto& l : r.names) {
        std::vector<std::string> shown;
        for (const auto& n : l.names) shown.push_back(show_name(n));
        put("names:" + l.role, join(shown, "; "));
    }
    for (const auto& d : r.dates) {
        std::string base = "date:" + d.name + ":";
        put(base + "parts", show_parts(d.parts));
        put(base + "season", d.season.text);
        put(base + "circa", d.circa.text);
        put(base + "literal", d.literal);
        put(base + "raw", d.raw);
    }
    put("keywords", join(r.keywords, "; "));
    put("categories", join(r.categories, "; "));
    put("alias", r.alias);
    put("highlight", r.highlight ? "true" : "");
    put("sections", join(r.sections));
    std::vector<std::string> more;
    for (const auto& s : r.other_sections) more.push_back(join(s));
    put("other-sections", join(more, "; "));
    std::vector<std::string> links;
    for (const auto& l : r.links) links.push_back(l.role + "=" + l.url + (l.label.empty() ? "" : " (" + l.label + ")"));
    put("links", join(links, "; "));
    put("arxiv", r.arxiv);
    put("notes", join(r.notes, " || "));
    for (const auto& [k, v] : r.extra) put("extra:" + k, v);
    return m;
}

std::vector<FieldDifference> diff(const Record& before, const Record& after) {
    auto a = flatten(before), b = flatten(after);
    std::vector<FieldDifference> out;
    for (const auto& [k, v] : a) {
        auto it = b.find(k);
        if (it == b.end()) out.push_back({k, v, ""});
        else if (it->second != v) out.push_back({k, v, it->second});
    }
    for (const auto& [k, v] : b)
        if (!a.count(k)) out.push_back({k, "", v});
    return out;
}

bool glob_match(std::string_view p, std::string_view t) {
    std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == '*') { star = pi++; mark = ti; }
        else if (pi < p.size() && p[pi] == t[ti]) { ++pi; ++ti; }
        else if (star != std::string_view::npos) { pi = star + 1; ti = ++mark; }
        else return false;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

}  // namespace bibport::testing
