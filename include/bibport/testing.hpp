// SPDX-License-Identifier: MIT
// Round-trip checks for plugin authors, usable from any test framework (header only).
//
//   auto rt = bibport::testing::round_trip(format, sample, ctx);
//   if (!rt.ok()) std::cerr << rt.report();          // or EXPECT_TRUE(rt.ok()) << rt.report();
//
// round_trip() reads `sample` with the format's reader, writes the result with its writer,
// reads that output again, and lists every record-by-record, field-by-field difference
// between the two readings in plain sentences. compare() does the same for any two
// bibliographies (for example, what you expected against what a reader produced).
#pragma once

#include <bibport/format.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bibport::testing {

struct CompareOptions {
    bool ids = true;                   ///< compare Record::id
    bool citation_keys = true;         ///< compare Record::citation_key
    bool value_kinds = false;          ///< a number written as text counts as a difference
    bool source_lines = false;         ///< compare Record::source_line (rarely stable)
    bool document = true;              ///< compare title, description, sections, extra of the document
    std::vector<std::string> ignore;   ///< CSL variable names, roles, date names or extra keys to skip
};

struct RoundTripOptions {
    CompareOptions compare;
    /// Errors reported by the reader or the writer count as differences.
    bool errors_are_differences = true;
    /// Options for the writer (the reader gets the Context passed to round_trip()).
    Options write_options;
};

struct RoundTripResult {
    ReadResult first;                      ///< the sample, read
    WriteResult written;                   ///< `first` written back
    ReadResult second;                     ///< `written.text`, read again
    std::vector<std::string> differences;  ///< empty when the round trip kept everything

    bool ok() const noexcept { return differences.empty(); }
    /// The differences and every diagnostic, one per line, then the written text.
    std::string report() const;
};

namespace detail {

inline std::string quote(std::string_view s) {
    constexpr std::size_t kMax = 160;
    std::string out = "\"";
    out.append(s.substr(0, kMax));
    if (s.size() > kMax) out += "...";
    return out + "\"";
}

inline bool ignored(const CompareOptions& o, std::string_view name) {
    return std::find(o.ignore.begin(), o.ignore.end(), name) != o.ignore.end();
}

inline std::string join(const std::vector<std::string>& v, std::string_view sep = " > ") {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

inline std::string describe(const Name& n) {
    if (n.is_literal()) return quote(n.literal);
    std::string s = "family=" + quote(n.family) + " given=" + quote(n.given);
    if (!n.non_dropping_particle.empty()) s += " non-dropping-particle=" + quote(n.non_dropping_particle);
    if (!n.dropping_particle.empty()) s += " dropping-particle=" + quote(n.dropping_particle);
    if (!n.suffix.empty()) s += " suffix=" + quote(n.suffix);
    return s;
}

inline std::string describe(const Date& d) {
    std::string s;
    for (std::size_t i = 0; i < d.parts.size(); ++i) {
        if (i) s += '/';
        for (std::size_t j = 0; j < d.parts[i].size(); ++j) s += (j ? "-" : "") + std::to_string(d.parts[i][j]);
    }
    if (!d.season.empty()) s += " season=" + d.season.text;
    if (!d.circa.empty()) s += " circa=" + d.circa.text;
    if (!d.literal.empty()) s += " literal=" + quote(d.literal);
    if (!d.raw.empty()) s += " raw=" + quote(d.raw);
    return s.empty() ? "(empty)" : s;
}

inline std::string describe(const Link& l) {
    std::string s = l.role + " " + l.url;
    if (!l.label.empty()) s += " (label " + quote(l.label) + ")";
    return s;
}

inline std::string describe(const std::string& s) { return quote(s); }
inline std::string describe(const std::vector<std::string>& v) { return quote(join(v)); }
inline std::string describe(const std::pair<std::string, std::string>& kv) { return kv.first + "=" + quote(kv.second); }

// Lists that keep their order (authors, links, keywords): what was lost, what was added,
// or, when both hold the same items, that the order changed.
template <class T>
void compare_list(std::vector<std::string>& out, const std::string& where, std::string_view what,
                  const std::vector<T>& a, const std::vector<T>& b) {
    if (a == b) return;
    if (a.size() == b.size()) {
        std::size_t changed = 0;
        for (std::size_t i = 0; i < a.size(); ++i) changed += !(a[i] == b[i]);
        if (changed <= 2) {   // a few items changed in place: name them
            for (std::size_t i = 0; i < a.size(); ++i)
                if (!(a[i] == b[i]))
                    out.push_back(where + std::string(what) + " #" + std::to_string(i + 1) + ": " + describe(a[i]) +
                                  " became " + describe(b[i]));
            return;
        }
    }
    std::vector<bool> matched(b.size(), false);
    std::size_t lost = 0;
    for (const auto& x : a) {
        bool found = false;
        for (std::size_t j = 0; j < b.size() && !found; ++j)
            if (!matched[j] && b[j] == x) matched[j] = found = true;
        if (!found) { out.push_back(where + std::string(what) + " lost: " + describe(x)); ++lost; }
    }
    std::size_t added = 0;
    for (std::size_t j = 0; j < b.size(); ++j)
        if (!matched[j]) { out.push_back(where + std::string(what) + " added: " + describe(b[j])); ++added; }
    if (!lost && !added) out.push_back(where + "order of " + std::string(what) + " changed");
}

}  // namespace detail

/// The differences between two records, each prefixed with `where` (e.g. "record 3 [MoCov1]: ").
inline std::vector<std::string> compare_records(const Record& a, const Record& b, const CompareOptions& o = {},
                                                const std::string& where = {}) {
    using detail::quote;
    std::vector<std::string> out;
    auto scalar = [&](std::string_view what, const std::string& x, const std::string& y) {
        if (x != y) out.push_back(where + std::string(what) + ": " + quote(x) + " became " + quote(y));
    };
    scalar("type", a.type, b.type);
    if (o.ids) scalar("id", a.id, b.id);
    if (o.citation_keys) scalar("citation key", a.citation_key, b.citation_key);
    if (o.source_lines && a.source_line != b.source_line)
        out.push_back(where + "source line " + std::to_string(a.source_line) + " became " + std::to_string(b.source_line));

    for (const auto& f : a.fields) {
        if (detail::ignored(o, f.name)) continue;
        const Value* v = b.find(f.name);
        if (!v) out.push_back(where + "field '" + f.name + "' lost (was " + quote(f.value.text) + ")");
        else if (v->text != f.value.text)
            out.push_back(where + "field '" + f.name + "': " + quote(f.value.text) + " became " + quote(v->text));
        else if (o.value_kinds && v->kind != f.value.kind)
            out.push_back(where + "field '" + f.name + "' changed kind (string, number, boolean)");
    }
    for (const auto& f : b.fields)
        if (!detail::ignored(o, f.name) && !a.find(f.name))
            out.push_back(where + "field '" + f.name + "' added: " + quote(f.value.text));

    auto roles = [](const Record& r) {
        std::vector<std::string> v;
        for (const auto& l : r.names) v.push_back(l.role);
        return v;
    };
    for (const auto& role : roles(a)) {
        if (detail::ignored(o, role)) continue;
        const auto* bn = b.find_names(role);
        if (!bn) { out.push_back(where + "names '" + role + "' lost"); continue; }
        detail::compare_list(out, where, "'" + role + "'", *a.find_names(role), *bn);
    }
    for (const auto& role : roles(b))
        if (!detail::ignored(o, role) && !a.find_names(role)) out.push_back(where + "names '" + role + "' added");

    for (const auto& d : a.dates) {
        if (detail::ignored(o, d.name)) continue;
        const Date* e = b.find_date(d.name);
        if (!e) out.push_back(where + "date '" + d.name + "' lost (was " + detail::describe(d) + ")");
        else if (!(*e == d))
            out.push_back(where + "date '" + d.name + "': " + detail::describe(d) + " became " + detail::describe(*e));
    }
    for (const auto& d : b.dates)
        if (!detail::ignored(o, d.name) && !a.find_date(d.name))
            out.push_back(where + "date '" + d.name + "' added: " + detail::describe(d));

    detail::compare_list(out, where, "keyword", a.keywords, b.keywords);
    detail::compare_list(out, where, "category", a.categories, b.categories);
    scalar("alias", a.alias, b.alias);
    if (a.highlight != b.highlight)
        out.push_back(where + "highlight " + (a.highlight ? "lost" : "added"));
    if (a.sections != b.sections)
        out.push_back(where + "sections: " + detail::describe(a.sections) + " became " + detail::describe(b.sections));
    detail::compare_list(out, where, "other sections", a.other_sections, b.other_sections);
    detail::compare_list(out, where, "link", a.links, b.links);
    scalar("arxiv", a.arxiv, b.arxiv);
    detail::compare_list(out, where, "note", a.notes, b.notes);

    auto keep = [&](const std::vector<std::pair<std::string, std::string>>& v) {
        std::vector<std::pair<std::string, std::string>> kept;
        for (const auto& kv : v)
            if (!detail::ignored(o, kv.first)) kept.push_back(kv);
        return kept;
    };
    detail::compare_list(out, where, "extra", keep(a.extra), keep(b.extra));
    return out;
}

/// Record-by-record differences (records are paired by position), plus the document's own data.
inline std::vector<std::string> compare(const Bibliography& a, const Bibliography& b, const CompareOptions& o = {}) {
    std::vector<std::string> out;
    if (a.records.size() != b.records.size())
        out.push_back("record count: " + std::to_string(a.records.size()) + " became " + std::to_string(b.records.size()));
    const std::size_t n = std::min(a.records.size(), b.records.size());
    for (std::size_t i = 0; i < n; ++i) {
        std::string where = "record " + std::to_string(i + 1);
        if (auto label = a.records[i].label(); !label.empty()) where += " [" + std::string(label) + "]";
        where += ": ";
        auto d = compare_records(a.records[i], b.records[i], o, where);
        out.insert(out.end(), d.begin(), d.end());
    }
    for (std::size_t i = n; i < a.records.size(); ++i)
        out.push_back("record " + std::to_string(i + 1) + " [" + std::string(a.records[i].label()) + "] lost");
    for (std::size_t i = n; i < b.records.size(); ++i)
        out.push_back("record " + std::to_string(i + 1) + " [" + std::string(b.records[i].label()) + "] added");
    if (o.document) {
        using detail::quote;
        if (a.title != b.title) out.push_back("document title: " + quote(a.title) + " became " + quote(b.title));
        if (a.description != b.description)
            out.push_back("document description: " + quote(a.description) + " became " + quote(b.description));
        detail::compare_list(out, "document ", "section", a.sections, b.sections);
        detail::compare_list(out, "document ", "extra", a.extra, b.extra);
    }
    return out;
}

/// Reads `text` with the format's reader (an error result when the format cannot read).
inline ReadResult read_with(const Format& format, std::string_view text, const Context& ctx = {}) {
    auto reader = format.make_reader();
    if (!reader) {
        ReadResult r;
        r.diagnostics.error(0, 0, "format '" + format.info().id + "' cannot read");
        return r;
    }
    return reader->read(text, ctx);
}

/// Writes `bib` with the format's writer (a failed result when the format cannot write).
inline WriteResult write_with(const Format& format, const Bibliography& bib, const Context& ctx = {}) {
    auto writer = format.make_writer();
    if (!writer) {
        WriteResult w;
        w.failed = true;
        w.diagnostics.error(0, 0, "format '" + format.info().id + "' cannot write");
        return w;
    }
    return writer->write(bib, ctx);
}

namespace detail {

inline void add_errors(std::vector<std::string>& out, std::string_view step, const Diagnostics& d) {
    for (const auto& item : d.items())
        if (item.severity == Severity::error) out.push_back(std::string(step) + ": " + item.format());
}

inline RoundTripResult write_and_read_back(const Format& format, ReadResult first, const Context& ctx,
                                           const RoundTripOptions& options) {
    RoundTripResult rt;
    rt.first = std::move(first);
    Context write_ctx = ctx;
    write_ctx.options = options.write_options;
    rt.written = testing::write_with(format, rt.first.bibliography, write_ctx);
    Context reread_ctx = ctx;
    if (!ctx.source_name.empty()) reread_ctx.source_name = ctx.source_name + " (written back)";
    if (!rt.written.failed) rt.second = testing::read_with(format, rt.written.text, reread_ctx);
    if (options.errors_are_differences) {
        add_errors(rt.differences, "first read", rt.first.diagnostics);
        add_errors(rt.differences, "write", rt.written.diagnostics);
        add_errors(rt.differences, "second read", rt.second.diagnostics);
    }
    if (rt.written.failed) {
        rt.differences.push_back("write failed: nothing to read back");
        return rt;
    }
    auto d = compare(rt.first.bibliography, rt.second.bibliography, options.compare);
    rt.differences.insert(rt.differences.end(), d.begin(), d.end());
    return rt;
}

}  // namespace detail

/// sample -> reader -> writer -> reader; `differences` lists what the second reading lost,
/// gained or changed compared with the first.
inline RoundTripResult round_trip(const Format& format, std::string_view sample, const Context& ctx = {},
                                  const RoundTripOptions& options = {}) {
    return detail::write_and_read_back(format, testing::read_with(format, sample, ctx), ctx, options);
}

/// records -> writer -> reader: checks that the format keeps what a Bibliography holds.
inline RoundTripResult round_trip(const Format& format, const Bibliography& bib, const Context& ctx = {},
                                  const RoundTripOptions& options = {}) {
    ReadResult first;
    first.bibliography = bib;
    return detail::write_and_read_back(format, std::move(first), ctx, options);
}

inline std::string RoundTripResult::report() const {
    std::string out;
    for (const auto& d : differences) out += "difference: " + d + "\n";
    auto diags = [&](std::string_view step, const Diagnostics& ds) {
        for (const auto& d : ds.items()) out += std::string(step) + ": " + d.format() + "\n";
    };
    diags("first read", first.diagnostics);
    diags("write", written.diagnostics);
    diags("second read", second.diagnostics);
    out += "--- written ---\n" + written.text;
    return out;
}

}  // namespace bibport::testing
