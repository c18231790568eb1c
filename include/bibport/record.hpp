// SPDX-License-Identifier: MIT
// The canonical paper record: CSL 1.0.2 input data plus what paper lists carry.
//
// Readers only produce Records, writers only consume them (pandoc's model): a format never
// talks to another format directly. Everything here is plain data (strings, vectors), so a
// record made by one plugin stays valid after that plugin is unloaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bibport {

/// A scalar as CSL-JSON allows it: a string, a number or a boolean. The text is kept
/// verbatim and the kind remembers how it was written, so a JSON value comes back as it was.
struct Value {
    enum class Kind : std::uint8_t { string, number, boolean };
    std::string text;
    Kind kind = Kind::string;

    bool empty() const noexcept { return text.empty(); }
    friend bool operator==(const Value&, const Value&) = default;
};

/// A string or number variable of CSL ("title", "container-title", "volume", "DOI", ...).
/// Rich text uses CSL's HTML-like markup: <i>, <b>, <sup>, <sub>,
/// <span style="font-variant:small-caps;"> and <span class="nocase"> (case protection).
struct Field {
    std::string name;   ///< CSL variable name, exactly as the schema spells it
    Value value;
    friend bool operator==(const Field&, const Field&) = default;
};

/// A person or an organisation (CSL name-variable). An organisation has only `literal`.
struct Name {
    std::string family;
    std::string given;
    std::string dropping_particle;      ///< "de" in "Jean de La Fontaine" (given side)
    std::string non_dropping_particle;  ///< "van" in "Ludwig van Beethoven" (family side)
    std::string suffix;                 ///< "Jr.", "III"
    std::string literal;                ///< corporate or otherwise unparsed name
    Value comma_suffix;                 ///< CSL flags; empty when absent
    Value static_ordering;
    Value parse_names;

    /// "et al." written in the source: a marker that more authors exist, not a person.
    bool is_others() const noexcept { return literal == "others"; }
    bool is_literal() const noexcept { return !literal.empty(); }
    friend bool operator==(const Name&, const Name&) = default;
};

/// A list of names under one CSL role ("author", "editor", "translator", ...).
struct NameList {
    std::string role;
    std::vector<Name> names;
    friend bool operator==(const NameList&, const NameList&) = default;
};

/// A CSL date-variable: one date or a range of two, each with 1..3 parts (year, month, day),
/// plus season, circa, a literal (non-date text) and raw (an unparsed date string).
struct Date {
    std::string name;                          ///< "issued", "accessed", "event-date", ...
    std::vector<std::vector<int>> parts;       ///< [[y, m, d]] or [[y1, ...], [y2, ...]]
    Value season;                              ///< 1..4 or a season name
    Value circa;
    std::string literal;
    std::string raw;

    bool empty() const noexcept {
        return parts.empty() && season.empty() && literal.empty() && raw.empty();
    }
    int year() const noexcept { return !parts.empty() && !parts[0].empty() ? parts[0][0] : 0; }
    friend bool operator==(const Date&, const Date&) = default;
};

/// A typed link of a paper list: role is "paper", "code", "project", "pdf", "video", ...
struct Link {
    std::string role;
    std::string url;
    std::string label;   ///< how the source labelled it, when that differs from the role
    friend bool operator==(const Link&, const Link&) = default;
};

/// One bibliographic record.
struct Record {
    std::string type = "document";   ///< a CSL item type ("article-journal", "paper-conference", ...)
    std::string id;                  ///< CSL "id"; readers set it to something unique in the file
    std::string citation_key;        ///< CSL "citation-key" / the BibTeX key
    std::vector<Field> fields;       ///< CSL string and number variables, in source order
    std::vector<NameList> names;     ///< CSL name variables, in source order
    std::vector<Date> dates;         ///< CSL date variables, in source order
    std::vector<std::string> keywords;     ///< tags (CSL "keyword", split)
    std::vector<std::string> categories;   ///< CSL "categories"

    // What paper lists carry and CSL does not.
    std::string alias;                       ///< the list's short name, e.g. "MoCov1"
    bool highlight = false;                  ///< the list's star
    std::vector<std::string> sections;       ///< heading trail, outermost first
    /// Further heading trails the same paper appears under (after merging duplicates).
    std::vector<std::vector<std::string>> other_sections;
    std::vector<Link> links;                 ///< typed links, in source order
    std::string arxiv;                       ///< arXiv identifier, e.g. "1911.05722"
    std::vector<std::string> notes;          ///< attached notes (HTML or plain text)

    /// Fields no canonical slot holds, keyed by origin ("bibtex.timestamp", "zotero.callNumber"),
    /// in source order, so that they survive every round trip.
    std::vector<std::pair<std::string, std::string>> extra;

    /// Where the record started in its source (1-based; 0 when unknown), for diagnostics.
    std::uint32_t source_line = 0;

    // --- field access -----------------------------------------------------------------
    const Value* find(std::string_view name) const noexcept {
        for (const auto& f : fields)
            if (f.name == name) return &f.value;
        return nullptr;
    }
    /// The text of a variable, or "" when it is absent.
    std::string_view get(std::string_view name) const noexcept {
        const Value* v = find(name);
        return v ? std::string_view(v->text) : std::string_view();
    }
    bool has(std::string_view name) const noexcept { return find(name) != nullptr; }
    /// Sets (or replaces) a variable; an empty text removes it.
    void set(std::string_view name, std::string text, Value::Kind kind = Value::Kind::string) {
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (it->name == name) {
                if (text.empty()) fields.erase(it);
                else it->value = Value{std::move(text), kind};
                return;
            }
        }
        if (!text.empty()) fields.push_back(Field{std::string(name), Value{std::move(text), kind}});
    }
    void erase(std::string_view name) { set(name, std::string()); }

    // --- names ------------------------------------------------------------------------
    const std::vector<Name>* find_names(std::string_view role) const noexcept {
        for (const auto& l : names)
            if (l.role == role) return &l.names;
        return nullptr;
    }
    std::vector<Name>& names_for(std::string_view role) {
        for (auto& l : names)
            if (l.role == role) return l.names;
        names.push_back(NameList{std::string(role), {}});
        return names.back().names;
    }

    // --- dates ------------------------------------------------------------------------
    const Date* find_date(std::string_view name) const noexcept {
        for (const auto& d : dates)
            if (d.name == name) return &d;
        return nullptr;
    }
    Date& date_for(std::string_view name) {
        for (auto& d : dates)
            if (d.name == name) return d;
        dates.push_back(Date{});
        dates.back().name = std::string(name);
        return dates.back();
    }
    /// The year of "issued", or 0.
    int year() const noexcept {
        const Date* d = find_date("issued");
        return d ? d->year() : 0;
    }

    // --- links and extra --------------------------------------------------------------
    std::string_view link(std::string_view role) const noexcept {
        for (const auto& l : links)
            if (l.role == role) return l.url;
        return {};
    }
    std::string_view get_extra(std::string_view key) const noexcept {
        for (const auto& e : extra)
            if (e.first == key) return e.second;
        return {};
    }
    void set_extra(std::string_view key, std::string value) {
        for (auto& e : extra)
            if (e.first == key) { e.second = std::move(value); return; }
        extra.emplace_back(std::string(key), std::move(value));
    }

    /// A short label for messages: the citation key, else the alias, else the id.
    std::string_view label() const noexcept {
        if (!citation_key.empty()) return citation_key;
        if (!alias.empty()) return alias;
        return id;
    }

    friend bool operator==(const Record&, const Record&) = default;
};

/// A whole document: records in order plus what describes the document itself.
struct Bibliography {
    std::vector<Record> records;
    std::string title;                               ///< e.g. a paper list's top heading
    std::string description;                         ///< prose before the first record
    std::vector<std::vector<std::string>> sections;  ///< every heading trail, in document order
    /// Document-level data a format wants back ("bibtex.preamble", "bibtex.string.jmlr", ...).
    std::vector<std::pair<std::string, std::string>> extra;

    friend bool operator==(const Bibliography&, const Bibliography&) = default;
};

}  // namespace bibport
