// SPDX-License-Identifier: MIT
#include "bibtex_reader.hpp"

#include "bibtex_syntax.hpp"
#include "bibtex_values.hpp"

#include <bibport/dates.hpp>
#include <bibport/latex.hpp>
#include <bibport/names.hpp>
#include <bibport/ordered_batches.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <deque>
#include <exception>
#include <iterator>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace bibport::plugins::bibtex {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool all_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --- names -----------------------------------------------------------------------------------

// Splits a names value at " and " outside braces (any case, any white space around).
std::vector<std::string_view> split_and(std::string_view s) {
    std::vector<std::string_view> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '{') { ++depth; continue; }
        if (c == '}') { if (depth > 0) --depth; continue; }
        if (depth != 0 || !is_space(c)) continue;
        std::size_t j = i;
        while (j < s.size() && is_space(s[j])) ++j;
        if (j + 3 < s.size() && text::equals_icase(s.substr(j, 3), "and") && is_space(s[j + 3])) {
            parts.push_back(text::trim(s.substr(start, i - start)));
            i = j + 3;
            start = i;
        }
    }
    parts.push_back(text::trim(s.substr(start)));
    return parts;
}

std::string strip_braces(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '{' && c != '}') out += c;
    return text::clean_whitespace(out);
}

// BibLaTeX's extended name format: "family=Smith, given=John, prefix=van, useprefix=true".
bool read_extended_name(std::string_view part, Name& n) {
    static constexpr std::string_view keys[] = {"family", "given", "prefix", "suffix"};
    bool any = false;
    int depth = 0;
    std::size_t start = 0;
    auto item = [&](std::string_view kv) {
        std::size_t eq = kv.find('=');
        if (eq == std::string_view::npos) return;
        std::string key = text::ascii_lower(text::trim(kv.substr(0, eq)));
        std::string_view value = text::trim(kv.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        std::string v = strip_braces(value);
        if (key == "family") n.family = v;
        else if (key == "given") n.given = v;
        else if (key == "prefix") n.non_dropping_particle = v;
        else if (key == "suffix") n.suffix = v;
        else return;
        any = true;
    };
    // Only an extended name when the first item is "<known key>=".
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return false;
    std::string first = text::ascii_lower(text::trim(part.substr(0, eq)));
    bool known = false;
    for (auto k : keys) known |= first == k || first == "useprefix" || first == "gender";
    if (!known) return false;
    for (std::size_t i = 0; i <= part.size(); ++i) {
        if (i == part.size() || (part[i] == ',' && depth == 0)) {
            item(part.substr(start, i - start));
            start = i + 1;
        } else if (part[i] == '{') {
            ++depth;
        } else if (part[i] == '}' && depth > 0) {
            --depth;
        }
    }
    return any;
}

// --- crossref inheritance ------------------------------------------------------------------------

// Fields a child never inherits (biber's default rules).
bool never_inherited(std::string_view f) noexcept {
    static constexpr std::string_view skip[] = {
        "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
        "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
        "shorthandintro", "sortkey"};
    return std::find(std::begin(skip), std::end(skip), f) != std::end(skip);
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) noexcept {
    return std::find(list.begin(), list.end(), s) != list.end();
}

// The child's name for a parent's field under biber's inheritance rules ("" = not inherited).
// Plain BibTeX copies fields under their own names; the renamings below are what makes
// @inproceedings{crossref=proc} get its booktitle from the @proceedings' title.
std::string_view inherited_name(std::string_view field, std::string_view parent, std::string_view child) {
    bool title_part = one_of(field, {"title", "subtitle", "titleaddon", "shorttitle", "sorttitle",
                                     "indextitle", "indexsorttitle"});
    if (!title_part) return field;
    if (one_of(field, {"shorttitle", "sorttitle", "indextitle", "indexsorttitle"})) return {};
    auto rename = [&](std::string_view prefix) -> std::string_view {
        if (field == "title") return prefix == "main" ? "maintitle" : prefix == "book" ? "booktitle" : "journaltitle";
        if (field == "subtitle") return prefix == "main" ? "mainsubtitle" : prefix == "book" ? "booksubtitle" : "journalsubtitle";
        return prefix == "main" ? "maintitleaddon" : prefix == "book" ? "booktitleaddon" : "journaltitleaddon";
    };
    if (one_of(parent, {"mvbook", "mvcollection", "mvreference", "mvproceedings"})) return rename("main");
    if (parent == "book" && one_of(child, {"inbook", "bookinbook", "suppbook"})) return rename("book");
    if (one_of(parent, {"collection", "reference"}) && one_of(child, {"incollection", "inreference", "suppcollection"}))
        return rename("book");
    if (parent == "proceedings" && one_of(child, {"inproceedings", "conference"})) return rename("book");
    if (parent == "periodical" && one_of(child, {"article", "suppperiodical"})) return rename("journal");
    return {};   // a parent's own title never overrides the child's
}

/// One field of a record being built: own or inherited, with its expanded raw value.
struct SourceField {
    std::string_view key;         ///< lower-case field name under which the child has it
    const RawField* raw;
    std::string_view value;       ///< macros expanded, not decoded: the input itself when it can be
    bool inherited = false;
};

/// Where a field goes in the record, worked out once per entry type and field name.
struct Route {
    enum class Kind : std::uint8_t {
        year, month, day, date, eprint, eprinttype, archiveprefix, primaryclass, keywords, custom,
        names, date_variable, link, variable, extra
    };
    Kind kind = Kind::extra;
    std::string_view target;   ///< role, date or CSL variable (a view into the schema)
    bool shorttitle = false;
};


// --- the reader proper -----------------------------------------------------------------------

/// Entries by lower-case key, for crossref and xdata (built once, shared by the threads).
class EntryIndex {
public:
    explicit EntryIndex(const RawFile& file) {
        bool any = false;
        for (const auto& e : file.entries) any |= e.field("crossref") || e.field("xdata");
        if (!any) return;   // no entry has a parent: no index needed
        has_parents_ = true;
        by_key_.reserve(file.entries.size());
        for (const auto& e : file.entries) by_key_.emplace(e.key, &e);   // the first of duplicates
    }
    const RawEntry* find(std::string_view key) const {
        auto it = by_key_.find(key);
        return it == by_key_.end() ? nullptr : it->second;
    }

    /// True when some entry reads fields of another (crossref, xdata).
    bool has_parents() const noexcept { return has_parents_; }

private:
    std::unordered_map<std::string_view, const RawEntry*, IcaseHash, IcaseEqual> by_key_;
    bool has_parents_ = false;
};

class EntryReader {
public:
    EntryReader(const RawFile& file, const Schema& schema, Diagnostics& diag, const EntryIndex& index)
        : file_(file), schema_(schema), diag_(diag), index_(index) {}

    Record read(const RawEntry& e) {
        Record r;
        r.citation_key = std::string(e.key);
        r.source_line = e.line;
        entry_ = &e;
        record_ = &r;
        std::vector<SourceField>& fields = collect(e);
        r.fields.reserve(fields.size());   // most fields become one variable: no regrowing
        r.type = schema_.csl_type_for(e.type_key);
        std::vector<std::string> inherited;
        for (const auto& f : fields) {
            if (f.inherited) inherited.push_back(part_of(f.key));
            field(f);
        }
        finish_dates();
        finish_arxiv();
        finish_type();
        finish_links();
        if (!x_type_.empty()) {   // the writer's note of a CSL type the entry type cannot say
            r.type = x_type_;
            r.extra.erase(std::remove_if(r.extra.begin(), r.extra.end(),
                                         [](const auto& e) { return e.first == "bibtex.entrytype"; }),
                          r.extra.end());
        }
        if (!inherited.empty()) {
            // The record parts that came from the parent, sorted: the same list whichever
            // field names (year or date, address or location) the parent was written with.
            std::sort(inherited.begin(), inherited.end());
            inherited.erase(std::unique(inherited.begin(), inherited.end()), inherited.end());
            std::string list;
            for (const auto& k : inherited) list += (list.empty() ? "" : ",") + k;
            r.set_extra("bibtex.inherited", list);
        }
        reset();
        return r;
    }

private:
    // Own fields, then what xdata and crossref parents add.
    // Into a buffer kept from entry to entry (one allocation per batch, not per entry).
    std::vector<SourceField>& collect(const RawEntry& e) {
        std::vector<SourceField>& out = fields_;
        out.clear();
        for (const auto& f : e.fields) {
            if (std::any_of(out.begin(), out.end(), [&](const SourceField& s) { return s.key == f.key(); })) {
                auto [line, col] = std::pair<std::uint32_t, std::uint32_t>{e.line, 0};
                diag_.warning(line, col, "field '" + std::string(f.name) + "' given twice; the first is kept",
                              std::string(e.key), "duplicate-field");
                continue;
            }
            out.push_back(SourceField{f.key(), &f, value_of(f), false});
        }
        inherit(e, out, 0);
        return out;   // valid until the next entry
    }

    // A field's value with macros expanded: a view of the input for the usual single braced
    // or quoted piece, else a string kept until the entry is done.
    std::string_view value_of(const RawField& f) {
        std::string_view v;
        if (single_text(f, file_, v)) return v;
        expanded_.push_back(expand(f, file_));
        return expanded_.back();
    }

    void inherit(const RawEntry& e, std::vector<SourceField>& out, int depth) {
        if (depth > 4) return;
        auto has = [&](std::string_view k) {
            return std::any_of(out.begin(), out.end(), [&](const SourceField& s) { return s.key == k; });
        };
        // xdata: every field, same name.
        if (const RawField* x = e.field("xdata")) {
            // The keys are views into this string: it must outlive the loop.
            const std::string keys = expand(*x, file_);
            for (std::string_view k : split_list(keys)) {
                const RawEntry* parent = find(k, e, "xdata");
                if (!parent) continue;
                for (const auto& f : parent->fields)
                    if (!never_inherited(f.key()) && !has(f.key())) out.push_back(SourceField{f.key(), &f, value_of(f), true});
                inherit(*parent, out, depth + 1);
            }
        }
        if (const RawField* c = e.field("crossref")) {
            std::string key(text::trim(expand(*c, file_)));
            const RawEntry* parent = find(key, e, "crossref");
            if (!parent) return;
            for (const auto& f : parent->fields) {
                if (never_inherited(f.key())) continue;
                std::string_view name = inherited_name(f.key(), parent->type_key, entry_->type_key);
                if (name.empty() || has(name)) continue;
                out.push_back(SourceField{name, &f, value_of(f), true});
            }
            inherit(*parent, out, depth + 1);
        }
    }

    // The record part a field fills: a CSL variable, name role or date, else "bibtex.<field>".
    std::string part_of(std::string_view key) const {
        if (key == "year" || key == "month" || key == "day" || key == "date") return "issued";
        if (std::string_view role = lookup(schema_.name_read, key); !role.empty()) return std::string(role);
        if (std::string_view d = lookup(schema_.date_read, key); !d.empty()) return std::string(d);
        if (lookup(schema_.link_read, key).empty()) {
            std::string_view var = schema_.variable_for(key, entry_->type_key);
            if (!var.empty()) return std::string(var);
        }
        return "bibtex." + std::string(key);
    }

    static std::vector<std::string_view> split_list(const std::string& s) {
        std::vector<std::string_view> out;
        std::string_view v(s);
        std::size_t start = 0;
        for (std::size_t i = 0; i <= v.size(); ++i) {
            if (i == v.size() || v[i] == ',') {
                std::string_view k = text::trim(v.substr(start, i - start));
                if (!k.empty()) out.push_back(k);
                start = i + 1;
            }
        }
        return out;
    }

    const RawEntry* find(std::string_view key, const RawEntry& from, std::string_view what) {
        const RawEntry* parent = index_.find(key);
        if (parent && parent != &from) return parent;
        diag_.warning(from.line, 0, std::string(what) + " '" + std::string(key) + "' not found in this file",
                      std::string(from.key), "missing-crossref");
        return nullptr;
    }

    void reset() {
        year_.clear(); month_.clear(); day_.clear(); date_.clear();
        eprint_.clear(); eprinttype_.clear(); archiveprefix_.clear(); primaryclass_.clear();
        holders_.clear();
        alias_field_.clear();
        x_type_.clear();
        x_links_.clear();
        link_fields_.clear();
        expanded_.clear();
        shorttitle_.clear();
        have_shorttitle_ = false;
    }

    void extra(const SourceField& f) {
        record_->extra.emplace_back("bibtex." + std::string(f.key), std::string(f.value));
    }

    // Keeps the expression of a field that used a @string macro, so the writer can write
    // `journal = jmlr` again.
    void remember_macro(const SourceField& f) {
        if (!f.raw->uses_macro || f.inherited) return;
        if (f.key == "month" && f.raw->piece_count == 1) return;   // the writer writes month macros anyway
        record_->extra.emplace_back("bibtex.raw." + std::string(f.key), std::string(f.raw->expression));
    }

    /// The route of a field of the current entry type, from the cache or worked out now.
    const Route& route(std::string_view key) {
        auto& table = routes_[entry_->type_key];
        if (auto it = table.find(key); it != table.end()) return it->second;
        Route r;
        using K = Route::Kind;
        static constexpr std::pair<std::string_view, K> fixed[] = {
            {"year", K::year}, {"month", K::month}, {"day", K::day}, {"date", K::date}, {"eprint", K::eprint},
            {"eprinttype", K::eprinttype}, {"archiveprefix", K::archiveprefix}, {"primaryclass", K::primaryclass},
            {"eprintclass", K::primaryclass}, {"keywords", K::keywords}, {"keyword", K::keywords}};
        bool found = false;
        for (const auto& [name, kind] : fixed)
            if (name == key) { r.kind = kind; found = true; }
        if (!found) {
            r.shorttitle = key == "shorttitle";
            if (key.size() > 2 && key[0] == 'x' && key[1] == '-') {
                r.kind = K::custom;
            } else if (std::string_view role = lookup(schema_.name_read, key); !role.empty()) {
                r = Route{K::names, role, r.shorttitle};
            } else if (std::string_view d = lookup(schema_.date_read, key); !d.empty()) {
                r = Route{K::date_variable, d, r.shorttitle};
            } else if (std::string_view role = lookup(schema_.link_read, key); !role.empty()) {
                r = Route{K::link, role, r.shorttitle};
            } else if (std::string_view var = schema_.variable_for(key, entry_->type_key); !var.empty()) {
                r = Route{K::variable, var, r.shorttitle};
            }
        }
        return table.emplace(std::string(key), r).first->second;
    }

    void field(const SourceField& f) {
        const std::string_view k = f.key;
        remember_macro(f);
        const Route& rt = route(k);
        using K = Route::Kind;
        switch (rt.kind) {
            case K::year: year_ = f.value; return;
            case K::month: month_ = f.value; return;
            case K::day: day_ = f.value; return;
            case K::date: date_ = f.value; return;
            case K::eprint: eprint_ = text::trim(f.value); return;
            case K::eprinttype: eprinttype_ = text::ascii_lower(text::trim(f.value)); return;
            case K::archiveprefix: archiveprefix_ = text::ascii_lower(text::trim(f.value)); return;
            case K::primaryclass: {
                std::string_view v = text::trim(f.value);
                if (primaryclass_.empty()) primaryclass_ = v;
                else if (v != primaryclass_) record_->extra.emplace_back("bibtex.eprintclass", std::string(v));
                return;
            }
            case K::keywords: keywords(f.value); return;
            default: break;
        }
        if (rt.shorttitle) { shorttitle_ = f.value; have_shorttitle_ = true; }
        switch (rt.kind) {
            case K::custom:
                if (custom(f)) return;
                break;
            case K::names:
                if (record_->find_names(rt.target)) { extra(f); return; }
                record_->names_for(rt.target) = read_names(f.value);
                return;
            case K::date_variable:
                if (record_->find_date(rt.target)) { extra(f); return; }
                date_field(rt.target, f.value);
                return;
            case K::link:
                link_fields_.emplace_back(k, record_->links.size());
                record_->links.push_back(Link{std::string(rt.target), clean_spaces(f.value), {}});
                return;
            case K::variable:
                variable(f, rt.target);
                return;
            default:
                break;
        }
        extra(f);
    }

    void variable(const SourceField& f, std::string_view var) {
        std::string value = decode_value(f.value, kind_of(var));
        if (value.empty()) return;
        auto holder = holders_.find(var);
        if (holder == holders_.end()) {
            holders_.emplace(var, &f);
            record_->set(var, std::move(value));
            return;
        }
        // Two fields for one variable: keep the one the writer would write, the other in extra.
        std::string_view preferred = schema_.field_for(var, record_->type);
        if (preferred == f.key && holder->second->key != f.key) {
            extra(*holder->second);
            holder->second = &f;
            record_->set(var, std::move(value));
            return;
        }
        extra(f);
    }

    void keywords(std::string_view raw) {
        std::string plain = decode_plain(raw);
        std::size_t start = 0;
        for (std::size_t i = 0; i <= plain.size(); ++i) {
            if (i == plain.size() || plain[i] == ',' || plain[i] == ';') {
                std::string k(text::trim(std::string_view(plain).substr(start, i - start)));
                if (!k.empty()) record_->keywords.push_back(std::move(k));
                start = i + 1;
            }
        }
    }

    // x-<name>: the writer's fields for what BibTeX has no field for.
    bool custom(const SourceField& f) {
        std::string_view name = std::string_view(f.key).substr(2);
        Record& r = *record_;
        if (name == "type") { x_type_ = text::trim(f.value); return true; }
        if (name == "alias") { r.alias = decode_plain(f.value); alias_field_ = r.alias; return true; }
        if (name == "highlight") {
            r.highlight = text::equals_icase(text::trim(f.value), "true");
            return true;
        }
        if (name == "sections" || name.starts_with("sections-")) {
            std::vector<std::string> trail;
            std::string plain = decode_plain(f.value);
            std::string_view v(plain);
            for (std::size_t start = 0;;) {
                std::size_t sep = v.find(" > ", start);
                trail.emplace_back(text::trim(v.substr(start, sep == std::string_view::npos ? sep : sep - start)));
                if (sep == std::string_view::npos) break;
                start = sep + 3;
            }
            if (name == "sections") r.sections = std::move(trail);
            else r.other_sections.push_back(std::move(trail));
            return true;
        }
        if (name == "notes" || name.starts_with("notes-")) { r.notes.emplace_back(f.value); return true; }
        if (name == "categories") {
            std::string plain = decode_plain(f.value);
            std::string_view v(plain);
            for (std::size_t start = 0;;) {
                std::size_t sep = v.find(',', start);
                std::string_view c = text::trim(v.substr(start, sep == std::string_view::npos ? sep : sep - start));
                if (!c.empty()) r.categories.emplace_back(c);
                if (sep == std::string_view::npos) break;
                start = sep + 1;
            }
            return true;
        }
        if (name == "extra") {
            // "key: value" lines, one per extra of another origin.
            std::string_view v(f.value);
            for (std::size_t start = 0; start < v.size();) {
                std::size_t nl = v.find('\n', start);
                if (nl == std::string_view::npos) nl = v.size();
                std::string_view line = v.substr(start, nl - start);
                std::size_t colon = line.find(": ");
                if (colon != std::string_view::npos)
                    r.extra.emplace_back(std::string(text::trim(line.substr(0, colon))), std::string(line.substr(colon + 2)));
                start = nl + 1;
            }
            return true;
        }
        if (name.starts_with("link-")) {
            std::string_view role = name.substr(5);
            if (std::size_t dash = role.rfind('-'); dash != std::string_view::npos && all_digits(role.substr(dash + 1)))
                role = role.substr(0, dash);
            link_fields_.emplace_back(f.key, r.links.size());
            r.links.push_back(Link{std::string(role), clean_spaces(f.value), {}});
            return true;
        }
        if (name == "links") { x_links_ = f.value; return true; }
        if (is_csl_name_variable(name)) {
            r.names_for(name) = read_names(f.value);
            return true;
        }
        if (is_csl_date_variable(name)) {
            date_field(name, f.value);
            return true;
        }
        // Any other CSL variable (the writer checked it against the schema).
        std::string value = decode_value(f.value, kind_of(name));
        if (!value.empty() && !r.has(name)) r.set(name, std::move(value));
        else extra(f);
        return true;
    }

    void date_field(std::string_view name, std::string_view raw) {
        // Dates are EDTF ("1988~" is circa), not LaTeX: only grouping braces go.
        Date d = dates::parse_date(strip_braces(raw));
        if (d.empty()) return;
        d.name = std::string(name);
        record_->dates.push_back(std::move(d));
    }

    void finish_dates() {
        Record& r = *record_;
        if (r.find_date("issued")) return;   // an x-issued field
        if (!date_.empty()) {
            // `date` wins (biber's rule); year/month/day that say the same are dropped, others kept.
            date_field("issued", date_);
            const Date* d = r.find_date("issued");
            auto part = [&](std::size_t i) { return d && !d->parts.empty() && d->parts[0].size() > i ? d->parts[0][i] : -1; };
            auto same = [&](const std::string& raw, std::size_t i) {
                std::string v = decode_plain(raw);
                int n = all_digits(v) && v.size() <= 4 ? std::stoi(v) : (i == 1 ? dates::month_from_name(v) : -2);
                return n == part(i);
            };
            if (!year_.empty() && !same(year_, 0)) r.extra.emplace_back("bibtex.year", year_);
            if (!month_.empty() && !same(month_, 1)) r.extra.emplace_back("bibtex.month", month_);
            if (!day_.empty() && !same(day_, 2)) r.extra.emplace_back("bibtex.day", day_);
            return;
        }
        if (year_.empty()) {
            if (!month_.empty()) r.extra.emplace_back("bibtex.month", month_);
            if (!day_.empty()) r.extra.emplace_back("bibtex.day", day_);
            return;
        }
        std::string y = decode_plain(year_);
        Date d;
        if (all_digits(y) && y.size() <= 9) {   // longer is no year an int holds: read as text below
            d.parts.push_back({std::stoi(y)});
        } else {
            d = dates::parse_date(y);
            if (d.empty()) return;
        }
        d.name = "issued";
        int month = 0;
        if (!month_.empty()) {
            std::string m = decode_plain(month_);
            if (all_digits(m) && m.size() <= 2) month = std::stoi(m);
            else month = dates::month_from_name(m);
            if (month < 1 || month > 12 || d.parts.size() != 1 || d.parts[0].size() != 1) {
                month = 0;
                r.extra.emplace_back("bibtex.month", month_);
            }
        }
        if (month) {
            d.parts[0].push_back(month);
            if (!day_.empty()) {
                std::string dd = decode_plain(day_);
                if (all_digits(dd) && dd.size() <= 2 && std::stoi(dd) >= 1 && std::stoi(dd) <= 31)
                    d.parts[0].push_back(std::stoi(dd));
                else
                    r.extra.emplace_back("bibtex.day", day_);
            }
        } else if (!day_.empty()) {
            r.extra.emplace_back("bibtex.day", day_);
        }
        r.dates.push_back(std::move(d));
    }

    static bool looks_like_arxiv_id(std::string_view id) {
        // 1911.05722, 1911.05722v2, hep-th/9901001
        std::size_t dot = id.find('.');
        if (dot == 4 && all_digits(id.substr(0, 4))) {
            std::string_view rest = id.substr(5);
            std::size_t v = rest.find('v');
            return all_digits(rest.substr(0, v)) && (v == std::string_view::npos || all_digits(rest.substr(v + 1)));
        }
        std::size_t slash = id.find('/');
        return slash != std::string_view::npos && all_digits(id.substr(slash + 1, 7));
    }

    void finish_arxiv() {
        Record& r = *record_;
        if (eprint_.empty()) {
            if (!eprinttype_.empty()) r.extra.emplace_back("bibtex.eprinttype", eprinttype_);
            if (!archiveprefix_.empty()) r.extra.emplace_back("bibtex.archiveprefix", archiveprefix_);
            if (!primaryclass_.empty()) r.extra.emplace_back("bibtex.primaryclass", primaryclass_);
            return;
        }
        std::string id = eprint_;
        bool prefixed = text::starts_with_icase(id, "arxiv:");
        if (prefixed) id = text::trim(std::string_view(id).substr(6));
        bool arxiv = eprinttype_ == "arxiv" || archiveprefix_ == "arxiv" ||
                     (eprinttype_.empty() && archiveprefix_.empty() && (prefixed || looks_like_arxiv_id(id)));
        if (!arxiv) {
            if (eprinttype_ == "pubmed" && !r.has("PMID")) {
                r.set("PMID", eprint_);
            } else {
                r.extra.emplace_back("bibtex.eprint", eprint_);
            }
            if (!eprinttype_.empty()) r.extra.emplace_back("bibtex.eprinttype", eprinttype_);
            if (!archiveprefix_.empty()) r.extra.emplace_back("bibtex.archiveprefix", archiveprefix_);
            if (!primaryclass_.empty()) r.extra.emplace_back("bibtex.primaryclass", primaryclass_);
            return;
        }
        r.arxiv = id;
        if (!primaryclass_.empty()) r.extra.emplace_back("bibtex.primaryclass", primaryclass_);
    }

    void finish_type() {
        Record& r = *record_;
        const std::string_view t = entry_->type_key;
        bool preprint_type = one_of(t, {"misc", "online", "electronic", "www"});
        if (!r.arxiv.empty() && preprint_type) {
            // An arXiv preprint, in the form every format shares.
            r.type = "article";
            std::string bare = r.arxiv;
            if (!r.has("publisher")) r.set("publisher", "arXiv");
            std::string number = "arXiv:" + bare;
            // "howpublished = {arXiv:<id>}" is how the writer shows the id to plain.bst.
            auto hp = std::find_if(r.extra.begin(), r.extra.end(), [&](const auto& e) {
                return e.first == "bibtex.howpublished" && decode_plain(e.second) == number;
            });
            if (hp != r.extra.end()) r.extra.erase(hp);
            if (!r.has("number")) r.set("number", number);
            if (!r.has("DOI")) r.set("DOI", "10.48550/arXiv." + bare);
        }
        if (r.type == "thesis" && !r.has("genre")) {
            if (t == "phdthesis") r.set("genre", "PhD thesis");
            else if (t == "mastersthesis") r.set("genre", "Master's thesis");
        } else if (r.type == "thesis") {
            std::string g(r.get("genre"));
            // BibLaTeX's localisation keys.
            if (g == "phdthesis") r.set("genre", "PhD thesis");
            else if (g == "mathesis" || g == "mastersthesis") r.set("genre", "Master's thesis");
        }
        if (have_shorttitle_ && !alias_field_.empty() && decode_plain(shorttitle_) == alias_field_)
            r.erase("title-short");   // written only to show the alias to styles
        // Remember an entry type the writer would not choose itself (@mastersthesis, @online).
        std::string back = schema_.entry_type_for(r.type);
        if (back != t && !(r.type == "article" && preprint_type && !r.arxiv.empty()))
            r.set_extra("bibtex.entrytype", std::string(t));
    }

    // x-links = {url; code = GitHub; x-link-demo}: the order of the links, the fields that
    // hold them ("url" is the paper link equal to the record's URL) and their labels.
    void finish_links() {
        if (x_links_.empty()) return;
        Record& r = *record_;
        std::vector<Link> links;
        std::vector<bool> taken(r.links.size(), false);
        for (std::string_view item : split_top_level(x_links_, ';')) {
            // field [(role)] [= label]
            std::string_view field = item, label, role;
            std::vector<std::string_view> sides = split_top_level(item, '=');
            if (sides.size() > 1) {
                field = sides[0];
                label = text::trim(item.substr(static_cast<std::size_t>(sides[1].data() - item.data())));
            }
            if (std::size_t open = field.find('('); open != std::string_view::npos) {
                std::size_t close = field.rfind(')');
                role = field.substr(open + 1, close > open ? close - open - 1 : std::string_view::npos);
                field = text::trim(field.substr(0, open));
            }
            Link l;
            if (text::equals_icase(field, "url")) {
                l = Link{"paper", std::string(r.get("URL")), {}};
                if (l.url.empty()) continue;
            } else {
                std::string key = text::ascii_lower(field);
                auto it = std::find_if(link_fields_.begin(), link_fields_.end(),
                                       [&](const auto& lf) { return lf.first == key; });
                if (it == link_fields_.end() || taken[it->second]) continue;
                taken[it->second] = true;
                l = r.links[it->second];
            }
            if (!role.empty()) l.role = decode_plain(role);
            l.label = decode_plain(label);
            links.push_back(std::move(l));
        }
        for (std::size_t i = 0; i < r.links.size(); ++i)
            if (!taken[i]) links.push_back(r.links[i]);   // link fields x-links does not name
        r.links = std::move(links);
    }

    static std::vector<std::string_view> split_top_level(std::string_view v, char sep) {
        std::vector<std::string_view> out;
        int depth = 0;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= v.size(); ++i) {
            if (i == v.size() || (v[i] == sep && depth == 0)) {
                std::string_view part = text::trim(v.substr(start, i - start));
                if (!part.empty()) out.push_back(part);
                start = i + 1;
            } else if (v[i] == '{') {
                ++depth;
            } else if (v[i] == '}' && depth > 0) {
                --depth;
            } else if (v[i] == '\\') {
                ++i;
            }
        }
        return out;
    }

    const RawFile& file_;
    const Schema& schema_;
    Diagnostics& diag_;
    std::string x_links_;
    std::vector<std::pair<std::string_view, std::size_t>> link_fields_;   // link field -> index in links
    const EntryIndex& index_;
    const RawEntry* entry_ = nullptr;
    Record* record_ = nullptr;
    std::string year_, month_, day_, date_;
    std::string eprint_, eprinttype_, archiveprefix_, primaryclass_;
    std::vector<SourceField> fields_;   // the entry's, see collect()
    std::unordered_map<std::string_view, const SourceField*, text::TextHash> holders_;   // CSL variable -> field that set it
    std::deque<std::string> expanded_;   // values made from several pieces, for this entry
    // entry type -> field name -> route (both small sets)
    std::unordered_map<std::string_view, std::unordered_map<std::string, Route, text::TextHash, std::equal_to<>>, text::TextHash>
        routes_;
    std::string alias_field_, shorttitle_, x_type_;
    bool have_shorttitle_ = false;
};

}  // namespace

std::vector<Name> read_names(std::string_view raw) {
    latex::DecodeOptions o;
    o.markup = false;
    o.keep_braces = true;
    std::string decoded = latex::to_unicode(raw, o);
    std::vector<Name> out;
    std::vector<std::string_view> parts = split_and(decoded);
    out.reserve(parts.size());
    for (std::string_view part : parts) {
        if (part.empty()) continue;
        Name& n = out.emplace_back();   // read_extended_name leaves it as it is when it says no
        if (!read_extended_name(part, n)) names::parse_name(part, n);
    }
    return out;
}

int probe_bib(std::string_view head, bool& biblatex_fields) noexcept {
    biblatex_fields = false;
    int score = 0;
    for (std::size_t at = head.find('@'); at != std::string_view::npos; at = head.find('@', at + 1)) {
        std::size_t p = at + 1;
        std::size_t b = p;
        while (p < head.size() && ((head[p] >= 'a' && head[p] <= 'z') || (head[p] >= 'A' && head[p] <= 'Z'))) ++p;
        if (p == b) continue;
        std::size_t e = p;
        while (p < head.size() && (head[p] == ' ' || head[p] == '\t')) ++p;
        if (p < head.size() && (head[p] == '{' || head[p] == '(')) {
            std::string type = text::ascii_lower(head.substr(b, e - b));
            score = std::max(score, one_of(type, {"article", "inproceedings", "book", "misc", "string", "preamble",
                                                  "comment", "incollection", "techreport", "phdthesis", "online"})
                                        ? 80 : 60);
            if (type == "online") biblatex_fields = true;
        }
    }
    if (score == 0) return 0;
    for (std::string_view f : {"date", "journaltitle", "eprinttype", "eprintclass", "langid", "urldate"}) {
        for (std::size_t at = head.find(f); at != std::string_view::npos; at = head.find(f, at + 1)) {
            char before = at ? head[at - 1] : '\n';
            std::size_t p = at + f.size();
            while (p < head.size() && (head[p] == ' ' || head[p] == '\t')) ++p;
            if ((before == ' ' || before == '\t' || before == '\n' || before == ',') && p < head.size() && head[p] == '=') {
                if (f != "urldate") biblatex_fields = true;
                break;
            }
        }
    }
    return score;
}

int BibtexReader::probe(std::string_view head) const noexcept {
    bool biblatex = false;
    int score = probe_bib(head, biblatex);
    if (score == 0) return 0;
    if (dialect_ == Dialect::bibtex) return score;
    return biblatex ? std::min(score + 10, 95) : score - 5;
}

namespace {

// Entries are converted in batches of this many; below two batches no thread is started.
constexpr std::size_t kEntriesPerBatch = 128;

/// What converting a batch of entries gives: records, xdata bags (key, source) and diagnostics.
struct EntryBatch {
    std::vector<Record> records;
    std::vector<std::pair<std::string, std::string>> bags;
    Diagnostics diagnostics;
};

/// Converts entries [begin, end). When no entry reads another's fields, each entry's parsed
/// fields are released once it is converted, so that a large file's parse tree shrinks as it goes.
EntryBatch read_batch(RawFile& file, const Schema& schema, const EntryIndex& index, std::size_t begin,
                      std::size_t end) {
    EntryBatch batch;
    EntryReader reader(file, schema, batch.diagnostics, index);
    batch.records.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
        const RawEntry& e = file.entries[i];
        if (e.type_key == "xdata") {   // a field bag for other entries, not a work
            batch.bags.emplace_back("bibtex.xdata." + std::string(e.key), std::string(e.source));
            continue;
        }
        batch.records.push_back(reader.read(e));
        if (!index.has_parents()) std::vector<RawField>().swap(file.entries[i].fields);
    }
    return batch;
}

/// The index of a file where no entry reads another's fields: what pieces are converted with.
const EntryIndex& no_parent_index() {
    static const RawFile no_entries;
    static const EntryIndex index(no_entries);
    return index;
}

/// One stretch of a large file parsed and converted on its own (see plan_chunks).
struct PieceResult {
    std::size_t begin = 0, end = 0;   ///< the stretch as planned
    std::uint32_t line = 0;           ///< the line of `begin`
    std::size_t stopped = 0;          ///< where parsing stopped (past `end` when an item ran over)
    PendingDiagnostics syntax;
    std::vector<KeyInfo> keys;        ///< of every entry, in order
    std::vector<std::string> preambles;
    EntryBatch batch;
};

/// `floor`: where a line starts at or before `begin` (see KeyInfoMaker).
PieceResult read_piece(std::string_view input, std::size_t begin, std::size_t end, std::uint32_t line,
                       std::size_t floor, const RawFile& head, SharedLineIndex& lines, const Schema& schema) {
    PieceResult r;
    r.begin = begin;
    r.end = end;
    r.line = line;
    ParsedChunk parsed = parse_bibtex_chunk(input, begin, end, line, &head, &lines);
    r.stopped = parsed.stopped;
    r.syntax = std::move(parsed.diagnostics);
    r.batch = read_batch(parsed.file, schema, no_parent_index(), 0, parsed.file.entries.size());
    KeyInfoMaker info(input, floor);
    r.keys.reserve(parsed.file.entries.size());
    for (const auto& e : parsed.file.entries) r.keys.push_back(info(e));
    r.preambles = std::move(parsed.file.preambles);
    return r;
}

/// Ids: the key, made unique in file order ("key-2", ...; "entryLINE" when there is none).
class IdAssigner {
public:
    explicit IdAssigner(std::size_t expected = 16) : ids_(expected) {}

    /// `key` shows the record's citation key and lives as long as this (a view of the input);
    /// `hash` is its exact_hash, worked out on the thread that read the entry.
    void assign(Record& r, std::string_view key, std::uint64_t hash) {
        std::string_view id = key;
        std::string made;
        if (r.citation_key.empty()) {
            made = "entry" + std::to_string(r.source_line);
            id = made;
            hash = exact_hash(made);
        }
        for (int k = 2; ids_.find(id, hash) != ids_.npos; ++k) {
            made = r.citation_key + "-" + std::to_string(k);
            id = made;
            hash = exact_hash(made);
        }
        if (!made.empty()) {
            made_.push_back(std::move(made));
            id = made_.back();
        }
        ids_.add(id, hash);
        r.id = std::string(id);
    }
    void assign(Record& r) {
        made_.push_back(r.citation_key);
        assign(r, made_.back(), exact_hash(r.citation_key));
    }

private:
    HashedTexts<ExactEqual> ids_;
    std::deque<std::string> made_;   // ids that are not views of the input (nodes do not move)
};

}  // namespace

template <class Deliver>
void BibtexReader::read_records(std::string_view input, const Context& ctx, ReadResult& out,
                                Deliver deliver) {
    const Schema& schema = schema_for(ctx, dialect_);
    const bool one_thread = ctx.option("threads", "2") == "1" || std::thread::hardware_concurrency() < 2;
    if (!one_thread) {
        ChunkPlan plan = plan_chunks(input, piece_bytes(ctx, out.diagnostics));
        if (!plan.begins.empty() && read_in_pieces(input, plan, schema, out, deliver)) return;
    }
    PendingDiagnostics syntax;
    RawFile file = parse_bibtex_syntax(input, syntax, one_thread ? 1 : 2);
    // Duplicate keys are looked for while the entries convert (nothing in converting depends
    // on them); their warnings join the syntax diagnostics in file order, before the rest.
    std::jthread duplicates;   // joined below, or on the way out when converting throws
    if (!one_thread) duplicates = std::jthread([&] { add_duplicate_warnings(input, file, syntax); });
    else add_duplicate_warnings(input, file, syntax);
    Diagnostics converted;
    Bibliography& bib = out.bibliography;
    for (const auto& p : file.preambles) bib.extra.emplace_back("bibtex.preamble", p);
    for (const auto& [name, expr] : file.strings) bib.extra.emplace_back("bibtex.string." + name, expr);
    EntryIndex index(file);

    // Entries are independent once the file is parsed (macros expanded, crossref parents found
    // through the index), so batches convert on two worker threads while this thread hands the
    // records on in file order: to the writer when streaming (which formats them on a thread of
    // its own), else into the bibliography. The result is the same.
    const std::size_t n = file.entries.size();
    const std::size_t batches = (n + kEntriesPerBatch - 1) / kEntriesPerBatch;
    const unsigned workers = one_thread || batches < 2 ? 0 : 2;
    IdAssigner ids;
    std::vector<std::pair<std::string, std::string>> bags;
    ordered_batches<EntryBatch>(
        batches, workers,
        [&](std::size_t b) {
            return read_batch(file, schema, index, b * kEntriesPerBatch, std::min(n, (b + 1) * kEntriesPerBatch));
        },
        [&](EntryBatch& batch) {
            for (auto& r : batch.records) ids.assign(r);
            for (auto& d : batch.diagnostics.items()) converted.add(std::move(d));
            for (auto& bag : batch.bags) bags.push_back(std::move(bag));
            return deliver(batch.records);
        });
    for (auto& b : bags) bib.extra.push_back(std::move(b));
    if (duplicates.joinable()) duplicates.join();
    for (auto& d : syntax.items.items()) out.diagnostics.add(std::move(d));
    for (auto& d : converted.items()) out.diagnostics.add(std::move(d));
}

std::size_t BibtexReader::piece_bytes(const Context& ctx, Diagnostics& diagnostics) {
    const std::string value(ctx.option("piece-kb", "128"));
    std::size_t kb = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), kb);
    if (ec != std::errc() || end != value.data() + value.size() || kb == 0 || kb > (std::size_t(1) << 30)) {
        diagnostics.warning(0, 0, "option piece-kb takes a whole number of KiB from 1 on, not '" + value + "'; 128 is used",
                            {}, "option");
        kb = 128;
    }
    return kb << 10;
}

template <class Deliver>
bool BibtexReader::read_in_pieces(std::string_view input, const ChunkPlan& plan, const Schema& schema,
                                  ReadResult& out, Deliver deliver) {
    // The head defines the macros: it is parsed first, on this thread, then converted in
    // batches like a whole file; every later stretch is parsed and converted by a worker.
    SharedLineIndex lines(input);
    ParsedChunk head = parse_bibtex_chunk(input, 0, plan.begins[1], 1, nullptr, &lines);
    const EntryIndex& no_parents = no_parent_index();
    const std::size_t head_entries = head.file.entries.size();
    const std::size_t head_batches = (head_entries + kEntriesPerBatch - 1) / kEntriesPerBatch;
    const std::size_t pieces = plan.begins.size() - 1;
    auto piece_end = [&](std::size_t i) { return i + 1 < plan.begins.size() ? plan.begins[i + 1] : input.size(); };

    struct Work {
        EntryBatch head_batch;                 // the head's entries [first, last), or
        std::size_t first = 0, last = 0;
        std::optional<PieceResult> piece;      // a stretch parsed and converted
    };
    PendingDiagnostics syntax = std::move(head.diagnostics), duplicates;
    std::vector<KeyInfo> head_keys;
    head_keys.reserve(head_entries);
    KeyInfoMaker head_info(input, 0);
    for (const auto& e : head.file.entries) head_keys.push_back(head_info(e));
    // Tables sized for the entries a file of this size usually has (about one per 600 bytes),
    // so that they are not rebuilt as they grow.
    const std::size_t expected_entries = input.size() / 600 + 16;
    DuplicateKeys keys(expected_entries);
    Diagnostics converted;
    IdAssigner ids(expected_entries);
    std::vector<std::pair<std::string, std::string>> bags;
    std::vector<std::string> preambles = std::move(head.file.preambles);
    std::size_t stopped = head.stopped;   // where the parse of everything so far stopped
    // Entries' keys [first, last) in order, then their batch: every entry but an xdata bag
    // made one record, in the same order.
    auto hand_on = [&](EntryBatch& batch, const KeyInfo* first, const KeyInfo* last) {
        std::size_t next = 0;
        for (const KeyInfo* k = first; k != last; ++k) {
            keys.add(*k, duplicates);
            if (k->bag) continue;
            Record& r = batch.records.at(next++);
            ids.assign(r, k->key, k->hash);
        }
        for (auto& d : batch.diagnostics.items()) converted.add(std::move(d));
        for (auto& bag : batch.bags) bags.push_back(std::move(bag));
        return deliver(batch.records);
    };
    // Whether some entry reads another's fields is found out while the workers begin, before
    // the first record is handed on: then nothing has been delivered and the file is read whole.
    bool parents = false, checked = false;
    // One worker more than there are cores: a worker that waits to keep the order then leaves
    // no core idle.
    const unsigned workers = std::min(std::max(std::thread::hardware_concurrency(), 2u), 8u) + 1;
    ordered_batches<Work>(
        head_batches + pieces, workers,
        [&](std::size_t b) {
            Work w;
            if (b < head_batches) {
                w.first = b * kEntriesPerBatch;
                w.last = std::min(head_entries, w.first + kEntriesPerBatch);
                w.head_batch = read_batch(head.file, schema, no_parents, w.first, w.last);
            } else {
                const std::size_t i = b - head_batches + 1;
                w.piece = read_piece(input, plan.begins[i], piece_end(i), plan.lines[i], plan.begins[i], head.file,
                                     lines, schema);
            }
            return w;
        },
        [&](Work& w) {
            if (!checked) {
                checked = true;
                if ((parents = mentions_parents(input, std::thread::hardware_concurrency()))) return false;
            }
            if (!w.piece) return hand_on(w.head_batch, head_keys.data() + w.first, head_keys.data() + w.last);
            PieceResult& r = *w.piece;
            if (stopped > r.begin) {
                // The item before ran over the start of this stretch: what starts after it is
                // parsed again, here (rare: an entry line inside a value or a comment).
                if (stopped >= r.end) return true;
                const auto line = r.line + count_lines(input, r.begin, stopped);
                r = read_piece(input, stopped, r.end, line, r.begin, head.file, lines, schema);
            }
            stopped = r.stopped;
            for (std::size_t k = 0; k < r.syntax.items.items().size(); ++k) {
                syntax.items.add(std::move(r.syntax.items.items()[k]));
                syntax.offsets.push_back(r.syntax.offsets[k]);
            }
            for (auto& p : r.preambles) preambles.push_back(std::move(p));
            return hand_on(r.batch, r.keys.data(), r.keys.data() + r.keys.size());
        });
    if (parents) return false;
    Bibliography& bib = out.bibliography;
    for (auto& p : preambles) bib.extra.emplace_back("bibtex.preamble", std::move(p));
    for (const auto& [name, expr] : head.file.strings) bib.extra.emplace_back("bibtex.string." + name, expr);
    for (auto& b : bags) bib.extra.push_back(std::move(b));
    merge_pending(syntax, duplicates);
    for (auto& d : syntax.items.items()) out.diagnostics.add(std::move(d));
    for (auto& d : converted.items()) out.diagnostics.add(std::move(d));
    return true;
}

void BibtexReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    auto& records = out.bibliography.records;
    read_records(input, ctx, out, [&](std::vector<Record>& batch) {
        if (records.empty()) records.reserve(batch.size() * 8);
        std::move(batch.begin(), batch.end(), std::back_inserter(records));
        return true;
    });
}

void BibtexReader::do_read_stream(std::string_view input, const Context& ctx, RecordSink& sink, ReadResult& out) {
    read_records(input, ctx, out, [&](std::vector<Record>& batch) { return sink.take(batch); });
}

}  // namespace bibport::plugins::bibtex
