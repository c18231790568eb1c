// SPDX-License-Identifier: MIT
#include "merge.hpp"

#include <bibport/text.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <unordered_map>

namespace bibport::core {
namespace {

std::string unique_name(const std::string& base, const std::set<std::string>& used) {
    for (int n = 2;; ++n) {
        std::string candidate = base + "-" + std::to_string(n);
        if (!used.count(candidate)) return candidate;
    }
}

std::string strip_markup(std::string_view s) {
    std::string out;
    bool in_tag = false;
    for (char c : s) {
        if (c == '<') in_tag = true;
        else if (c == '>' && in_tag) in_tag = false;
        else if (!in_tag) out += c;
    }
    return out;
}

std::string normalized_doi(std::string_view doi) {
    std::string d = text::ascii_lower(text::trim(doi));
    for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"})
        if (d.rfind(prefix, 0) == 0) d.erase(0, prefix.size());
    return d;
}

std::string normalized_arxiv(std::string_view id) {
    std::string a = text::ascii_lower(text::trim(id));
    if (a.rfind("arxiv:", 0) == 0) a.erase(0, 6);
    // Versions name one revision of the same paper.
    auto v = a.find_last_of('v');
    if (v != std::string::npos && v + 1 < a.size() && v > 0 &&
        std::all_of(a.begin() + static_cast<long>(v) + 1, a.end(), [](char c) { return c >= '0' && c <= '9'; }))
        a.erase(v);
    return a;
}

// The arXiv id of a record, from its slot or its arXiv DOI.
std::string arxiv_of(const Record& r) {
    if (!r.arxiv.empty()) return normalized_arxiv(r.arxiv);
    std::string doi = normalized_doi(r.get("DOI"));
    if (doi.rfind("10.48550/arxiv.", 0) == 0) return normalized_arxiv(doi.substr(15));
    return {};
}

// A DOI that identifies the paper (not the arXiv DOI every preprint has).
std::string publisher_doi(const Record& r) {
    std::string doi = normalized_doi(r.get("DOI"));
    return doi.rfind("10.48550/", 0) == 0 ? std::string() : doi;
}

std::set<std::string> family_names(const Record& r) {
    std::set<std::string> out;
    if (const auto* authors = r.find_names("author"))
        for (const auto& n : *authors)
            if (!n.is_others()) out.insert(text::fold_for_compare(n.is_literal() ? n.literal : n.family));
    return out;
}

bool authors_compatible(const Record& a, const Record& b) {
    auto fa = family_names(a), fb = family_names(b);
    if (fa.empty() || fb.empty()) return true;
    return std::any_of(fa.begin(), fa.end(), [&](const std::string& f) { return fb.count(f) != 0; });
}

bool years_compatible(const Record& a, const Record& b) {
    int ya = a.year(), yb = b.year();
    if (!ya || !yb || ya == yb) return true;
    // A preprint often comes out a year before the proceedings.
    return (is_preprint(a) || is_preprint(b)) && std::abs(ya - yb) <= 1;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a), b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

bool preprint_only_field(const Field& f) {
    if (f.name == "publisher") return text::equals_icase(f.value.text, "arXiv");
    if (f.name == "number") return text::starts_with_icase(f.value.text, "arXiv:");
    if (f.name == "DOI") return normalized_doi(f.value.text).rfind("10.48550/", 0) == 0;
    return false;
}

class RecordMerger {
public:
    RecordMerger(Record& base, Diagnostics& diags) : base_(base), diags_(diags) {}

    void absorb(const Record& other) {
        const bool from_preprint = is_preprint(other) && !is_preprint(base_);
        for (const auto& f : other.fields) {
            if (from_preprint && preprint_only_field(f)) continue;
            const Value* mine = base_.find(f.name);
            if (!mine) base_.fields.push_back(f);
            else if (!same_value(f.name, mine->text, f.value.text)) conflict(f.name, mine->text, f.value.text, other);
        }
        for (const auto& list : other.names) {
            const auto* mine = base_.find_names(list.role);
            if (!mine || mine->empty()) base_.names_for(list.role) = list.names;
            else if (!same_names(*mine, list.names)) conflict(list.role, "", "", other);
        }
        for (const auto& d : other.dates) {
            const Date* mine = base_.find_date(d.name);
            if (!mine) base_.dates.push_back(d);
            else if (!(*mine == d) && !from_preprint) conflict(d.name, "", "", other);
        }
        add_unique(base_.keywords, other.keywords);
        add_unique(base_.categories, other.categories);
        add_unique(base_.notes, other.notes);
        if (base_.alias.empty()) base_.alias = other.alias;
        else if (!other.alias.empty() && other.alias != base_.alias) conflict("alias", base_.alias, other.alias, other);
        base_.highlight = base_.highlight || other.highlight;
        if (base_.arxiv.empty()) base_.arxiv = other.arxiv;
        add_section(other.sections);
        for (const auto& s : other.other_sections) add_section(s);
        for (const auto& l : other.links)
            if (std::none_of(base_.links.begin(), base_.links.end(), [&](const Link& x) { return x.url == l.url; }))
                base_.links.push_back(l);
        for (const auto& [k, v] : other.extra) {
            std::string_view mine = base_.get_extra(k);
            if (mine.empty()) base_.set_extra(k, v);
            else if (mine != v) conflict(k, std::string(mine), v, other);
        }
    }

private:
    static bool same_value(std::string_view name, std::string_view a, std::string_view b) {
        if (name == "DOI") return normalized_doi(a) == normalized_doi(b);
        return same_text(a, b);
    }
    static bool same_text(std::string_view a, std::string_view b) {
        return text::fold_for_compare(strip_markup(a)) == text::fold_for_compare(strip_markup(b));
    }
    static bool same_names(const std::vector<Name>& a, const std::vector<Name>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (text::fold_for_compare(a[i].family + a[i].literal) != text::fold_for_compare(b[i].family + b[i].literal))
                return false;
        return true;
    }
    static void add_unique(std::vector<std::string>& into, const std::vector<std::string>& from) {
        for (const auto& x : from)
            if (std::find(into.begin(), into.end(), x) == into.end()) into.push_back(x);
    }
    void add_section(const std::vector<std::string>& trail) {
        if (trail.empty() || trail == base_.sections) return;
        if (base_.sections.empty()) { base_.sections = trail; return; }
        auto& more = base_.other_sections;
        if (std::find(more.begin(), more.end(), trail) == more.end()) more.push_back(trail);
    }
    void conflict(const std::string& what, const std::string& kept, const std::string& dropped, const Record& other) {
        std::string msg = "duplicate '" + std::string(other.label()) + "' disagrees on '" + what + "'";
        if (!kept.empty() || !dropped.empty()) msg += ": kept \"" + kept + "\", not \"" + dropped + "\"";
        else msg += ": kept this record's value";
        diags_.warning(other.source_line, 0, msg, std::string(base_.label()), "dedupe.conflict");
    }

    Record& base_;
    Diagnostics& diags_;
};

}  // namespace

bool is_preprint(const Record& r) {
    if (r.type != "article" && r.type != "manuscript") return false;
    std::string_view pub = r.get("publisher");
    return !r.arxiv.empty() || text::equals_icase(pub, "arXiv") || pub.empty();
}

void merge_bibliography(Bibliography& into, Bibliography&& from, const std::string& source, Diagnostics& diags) {
    // Clashes are only possible with records already merged: the first input's records are
    // taken as they are (the sets would be built for nothing).
    const bool first_input = into.records.empty();
    std::set<std::string> keys, ids;
    for (const auto& r : into.records) {
        if (!r.citation_key.empty()) keys.insert(r.citation_key);
        if (!r.id.empty()) ids.insert(r.id);
    }
    for (auto& r : first_input ? std::span<Record>() : std::span<Record>(from.records)) {
        if (!first_input && !r.citation_key.empty() && keys.count(r.citation_key)) {
            std::string renamed = unique_name(r.citation_key, keys);
            diags.add({Severity::warning, source, r.source_line, 0, r.citation_key,
                       "citation key '" + r.citation_key + "' is already used by an earlier input; renamed to '" +
                           renamed + "'",
                       "merge.key"});
            if (r.id == r.citation_key) r.id = renamed;
            r.citation_key = renamed;
        }
        if (!first_input && !r.id.empty() && ids.count(r.id)) r.id = unique_name(r.id, ids);
        if (!r.citation_key.empty()) keys.insert(r.citation_key);
        if (!r.id.empty()) ids.insert(r.id);
    }
    if (into.title.empty()) into.title = std::move(from.title);
    if (into.description.empty()) into.description = std::move(from.description);
    // Sets, not searches of the vectors: a document may have 100 000 headings.
    std::set<std::vector<std::string>> trails(into.sections.begin(), into.sections.end());
    for (auto& s : from.sections)
        if (trails.insert(s).second) into.sections.push_back(std::move(s));
    std::set<std::string> extra_keys;
    for (const auto& x : into.extra) extra_keys.insert(x.first);
    for (auto& e : from.extra)
        if (extra_keys.insert(e.first).second) into.extra.push_back(std::move(e));
    if (into.records.empty()) into.records = std::move(from.records);
    else std::move(from.records.begin(), from.records.end(), std::back_inserter(into.records));
}

std::size_t dedupe(Bibliography& bib, Diagnostics& diags) {
    auto& recs = bib.records;
    const std::size_t n = recs.size();
    UnionFind groups(n);
    std::unordered_map<std::string, std::size_t> by_doi, by_arxiv;
    std::unordered_map<std::string, std::vector<std::size_t>> by_title;
    std::vector<std::string> reason(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (auto doi = publisher_doi(recs[i]); !doi.empty()) {
            auto [it, fresh] = by_doi.emplace(doi, i);
            if (!fresh) { groups.unite(it->second, i); reason[i] = "same DOI " + doi; }
        }
        if (auto ax = arxiv_of(recs[i]); !ax.empty()) {
            auto [it, fresh] = by_arxiv.emplace(ax, i);
            if (!fresh) { groups.unite(it->second, i); if (reason[i].empty()) reason[i] = "same arXiv id " + ax; }
        }
        std::string title = text::fold_for_compare(strip_markup(recs[i].get("title")));
        if (title.size() < 8) continue;   // too short to identify a paper on its own
        for (std::size_t j : by_title[title]) {
            if (years_compatible(recs[i], recs[j]) && authors_compatible(recs[i], recs[j])) {
                if (groups.find(i) != groups.find(j) && reason[i].empty()) reason[i] = "same title and year";
                groups.unite(j, i);
                break;
            }
        }
        by_title[title].push_back(i);
    }

    std::map<std::size_t, std::vector<std::size_t>> members;   // root -> indices, in order
    for (std::size_t i = 0; i < n; ++i) members[groups.find(i)].push_back(i);
    std::vector<bool> drop(n, false);
    std::size_t merged = 0;
    for (auto& [root, idx] : members) {
        if (idx.size() < 2) continue;
        // The published version is the base; the merged record takes the first one's place.
        auto base_it = std::find_if(idx.begin(), idx.end(), [&](std::size_t i) { return !is_preprint(recs[i]); });
        std::size_t base = base_it == idx.end() ? idx.front() : *base_it;
        Record merged_record = recs[base];
        RecordMerger merger(merged_record, diags);
        for (std::size_t i : idx) {
            if (i == base) continue;
            merger.absorb(recs[i]);
            std::string why = reason[i].empty() ? reason[base] : reason[i];
            diags.note(recs[i].source_line, 0,
                       "merged duplicate '" + std::string(recs[i].label()) + "' into '" +
                           std::string(merged_record.label()) + "' (" + (why.empty() ? "same paper" : why) + ")",
                       std::string(recs[i].label()), "dedupe.merge");
            drop[i] = true;
            ++merged;
        }
        drop[idx.front()] = false;
        recs[idx.front()] = std::move(merged_record);
        if (base != idx.front()) drop[base] = true;
    }
    std::vector<Record> kept;
    kept.reserve(n - merged);
    for (std::size_t i = 0; i < n; ++i)
        if (!drop[i]) kept.push_back(std::move(recs[i]));
    recs = std::move(kept);
    return merged;
}

}  // namespace bibport::core
