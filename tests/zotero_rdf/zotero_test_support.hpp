// SPDX-License-Identifier: MIT
// Helpers for the Zotero RDF tests: in-process read/write, a readable text form of records
// (for expectation files), and record comparison that ignores statement order.
#pragma once

#include "../../plugins/zotero_rdf/zotero_rdf_reader.hpp"
#include "../../plugins/zotero_rdf/zotero_rdf_writer.hpp"
#include "../common/run.hpp"

#include <bibport/format.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

namespace bibport::zotero_test {

inline const std::filesystem::path data_dir = std::filesystem::path(BIBPORT_TEST_DATA_DIR) / "zotero_rdf" / "data";
inline const std::filesystem::path corpus_dir = std::filesystem::path(BIBPORT_SHARED_DIR) / "corpus" / "zotero";

inline Context context(std::string name = "test.rdf", Options options = {}) {
    return Context{.source_name = std::move(name), .data_dir = BIBPORT_SOURCE_DIR "/formats",
                   .options = std::move(options)};
}

inline ReadResult read_rdf(std::string_view text, std::string name = "test.rdf", Options options = {}) {
    plugins::zotero_rdf::ZoteroRdfReader reader;
    return reader.read(text, context(std::move(name), std::move(options)));
}

inline WriteResult write_rdf(const Bibliography& bib, Options options = {}) {
    plugins::zotero_rdf::ZoteroRdfWriter writer;
    return writer.write(bib, context("out.rdf", std::move(options)));
}

/// Appends `item` to `list` with `sep` between items.
inline void join_to(std::string& list, std::string_view sep, std::string_view item) {
    if (!list.empty()) list += sep;
    list += item;
}

inline std::string escape_line(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') out += "\\n";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out;
}

inline std::string name_text(const Name& n) {
    if (n.is_literal()) return "{" + n.literal + "}";
    std::string out;
    if (!n.non_dropping_particle.empty()) out += "[" + n.non_dropping_particle + "] ";
    out += n.family;
    if (!n.given.empty() || !n.dropping_particle.empty()) out += ", " + n.given;
    if (!n.dropping_particle.empty()) out += " [" + n.dropping_particle + "]";
    if (!n.suffix.empty()) out += ", " + n.suffix;
    return out;
}

inline std::string date_text(const Date& d) {
    std::string out;
    for (std::size_t i = 0; i < d.parts.size(); ++i) {
        if (i) out += '/';
        for (std::size_t j = 0; j < d.parts[i].size(); ++j) {
            if (j) out += '-';
            out += std::to_string(d.parts[i][j]);
        }
    }
    if (!d.season.empty()) out += " season=" + d.season.text;
    if (!d.circa.empty()) out += " circa=" + d.circa.text;
    if (!d.literal.empty()) out += " literal=\"" + d.literal + "\"";
    if (!d.raw.empty()) out += " raw=\"" + d.raw + "\"";
    return out;
}

/// One line per fact; fields and dates sorted by name so that the text does not depend on
/// statement order in the RDF.
inline std::string to_text(const Record& r) {
    std::string out = "record " + r.id + "\n";
    auto line = [&](std::string_view key, std::string_view value) {
        out += "  ";
        out += key;
        out += ": ";
        out += escape_line(value);
        out += '\n';
    };
    line("type", r.type);
    if (!r.citation_key.empty()) line("citation-key", r.citation_key);
    if (!r.alias.empty()) line("alias", r.alias);
    if (r.highlight) line("highlight", "true");
    if (!r.arxiv.empty()) line("arxiv", r.arxiv);
    for (const auto& l : r.names) {
        std::string names;
        for (const auto& n : l.names) join_to(names, "; ", name_text(n));
        line("names " + l.role, names);
    }
    auto dates = r.dates;
    std::sort(dates.begin(), dates.end(), [](const Date& a, const Date& b) { return a.name < b.name; });
    for (const auto& d : dates) line("date " + d.name, date_text(d));
    auto fields = r.fields;
    std::stable_sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
    for (const auto& f : fields) line("field " + f.name, f.value.text);
    for (const auto& k : r.keywords) line("keyword", k);
    for (const auto& c : r.categories) line("category", c);
    auto trail = [](const std::vector<std::string>& t) {
        std::string s;
        for (const auto& h : t) join_to(s, " > ", h);
        return s;
    };
    if (!r.sections.empty()) line("section", trail(r.sections));
    for (const auto& t : r.other_sections) line("other-section", trail(t));
    for (const auto& l : r.links) line("link " + l.role, l.url + (l.label.empty() ? "" : " (" + l.label + ")"));
    for (const auto& n : r.notes) line("note", n);
    for (const auto& [k, v] : r.extra) line("extra " + k, v);
    return out;
}

inline std::string to_text(const Bibliography& bib) {
    std::string out;
    for (const auto& s : bib.sections) {
        std::string t;
        for (const auto& h : s) join_to(t, " > ", h);
        out += "collection " + t + "\n";
    }
    for (const auto& r : bib.records) out += to_text(r);
    return out;
}

inline std::string diagnostics_text(const Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) out += item.format() + "\n";
    return out;
}

/// A record as compared after a round trip: statement order (fields, dates, extra) and the
/// source position do not count.
inline Record comparable(Record r) {
    r.source_line = 0;
    std::stable_sort(r.fields.begin(), r.fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
    std::stable_sort(r.dates.begin(), r.dates.end(), [](const Date& a, const Date& b) { return a.name < b.name; });
    std::stable_sort(r.extra.begin(), r.extra.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return r;
}

}  // namespace bibport::zotero_test
