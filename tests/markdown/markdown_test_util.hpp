// SPDX-License-Identifier: MIT
// Helpers for the markdown plugin tests: read and write in process, and a plain-text dump of
// a bibliography that golden files are compared with.
#pragma once

#include "../../plugins/markdown/markdown_reader.hpp"
#include "../../plugins/markdown/markdown_writer.hpp"

#include <bibport/dates.hpp>
#include <bibport/format.hpp>
#include <bibport/names.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mdtest {

using namespace bibport;

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string data_path(const std::string& name) { return std::string(BIBPORT_TEST_DATA_DIR "/markdown/data/") + name; }
inline std::string seed_path() { return BIBPORT_SHARED_DIR "/seeds/self-supervised-pretraining.md"; }

inline Context context(Options options = {}, std::string name = "list.md") {
    return Context{.source_name = std::move(name), .data_dir = BIBPORT_SOURCE_DIR "/formats", .options = std::move(options)};
}

inline ReadResult read_md(std::string_view text, Options options = {}) {
    plugins::markdown::MarkdownReader reader;
    return reader.read(text, context(std::move(options)));
}

inline WriteResult write_md(const Bibliography& bib, Options options = {}) {
    plugins::markdown::MarkdownWriter writer;
    return writer.write(bib, context(std::move(options), "out.md"));
}

inline std::string diagnostics_text(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items()) {
        out += std::to_string(x.line) + ":" + std::to_string(x.column) + ": " + std::string(to_string(x.severity)) +
               ": " + x.message;
        if (!x.record_key.empty()) out += " [" + x.record_key + "]";
        if (!x.code.empty()) out += " (" + x.code + ")";
        out += "\n";
    }
    return out;
}

inline std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}

inline std::string name_text(const Name& n) {
    if (n.is_others()) return "et al.";
    if (n.is_literal()) return "{" + n.literal + "}";
    std::string out = n.family + ", " + n.given;
    if (!n.non_dropping_particle.empty()) out = n.non_dropping_particle + " " + out;
    if (!n.suffix.empty()) out += ", " + n.suffix;
    return out;
}

/// Every part of a bibliography as "key: value" lines, in a fixed order.
inline std::string dump(const Bibliography& bib) {
    std::string o;
    o += "title: " + bib.title + "\n";
    if (!bib.description.empty()) o += "description: " + bib.description + "\n";
    for (const auto& s : bib.sections) o += "section: " + join(s, " > ") + "\n";
    for (const auto& r : bib.records) {
        o += "\nrecord " + r.id + " (line " + std::to_string(r.source_line) + ")\n";
        o += "  type: " + r.type + "\n";
        if (!r.alias.empty()) o += "  alias: " + r.alias + "\n";
        if (r.highlight) o += "  highlight: true\n";
        if (!r.sections.empty()) o += "  sections: " + join(r.sections, " > ") + "\n";
        for (const auto& f : r.fields) o += "  " + f.name + ": " + f.value.text + "\n";
        for (const auto& nl : r.names) {
            std::vector<std::string> names;
            for (const auto& n : nl.names) names.push_back(name_text(n));
            o += "  " + nl.role + ": " + join(names, " | ") + "\n";
        }
        for (const auto& d : r.dates) o += "  " + d.name + ": " + dates::format_iso(d) + "\n";
        if (!r.arxiv.empty()) o += "  arxiv: " + r.arxiv + "\n";
        for (const auto& l : r.links)
            o += "  link " + l.role + ": " + l.url + (l.label.empty() ? "" : " [" + l.label + "]") + "\n";
        for (const auto& k : r.keywords) o += "  keyword: " + k + "\n";
        for (const auto& n : r.notes) o += "  note: " + n + "\n";
        for (const auto& [k, v] : r.extra) o += "  extra " + k + ": " + v + "\n";
    }
    return o;
}

}  // namespace mdtest
