// SPDX-License-Identifier: MIT
#include "bibtex_writer.hpp"

#include "bibtex_keys.hpp"
#include "bibtex_syntax.hpp"
#include "bibtex_values.hpp"

#include <bibport/dates.hpp>
#include <bibport/latex.hpp>
#include <bibport/names.hpp>
#include <bibport/ordered_batches.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <exception>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace bibport::plugins::bibtex {
namespace {

/// Entries formatted together by one worker (about 400 KB of text): large enough that handing
/// them on costs little, small enough that the output is written as the rest is formatted.
constexpr std::size_t kRecordsPerBatch = 512;

constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};

std::string escape_part(const std::string& s, bool ascii) {
    latex::EncodeOptions o;
    o.ascii = ascii;
    return latex::from_unicode(s, o);
}

bool simple_date(const Date& d) {
    return d.parts.size() == 1 && !d.parts[0].empty() && d.parts[0][0] > 0 && d.season.empty() &&
           d.circa.empty() && d.literal.empty();
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::size_t field_rank(std::string_view name) {
    static constexpr std::string_view order[] = {
        "author", "editor", "translator", "bookauthor", "title", "subtitle", "booktitle", "shortbooktitle",
        "journal", "journaltitle", "shortjournal", "eventtitle", "venue", "series", "volume", "number", "pages",
        "chapter", "edition", "type", "howpublished", "organization", "school", "institution", "publisher",
        "address", "location", "year", "month", "day", "date", "eventdate", "origdate", "urldate", "isbn", "issn",
        "doi", "url", "eprint", "eprinttype", "archiveprefix", "primaryclass", "eprintclass", "crossref", "xdata",
        "xref", "note", "annote", "annotation", "abstract", "keywords", "language", "langid", "pmid", "pmcid",
        "code", "pdf", "project", "video", "slides", "poster", "blog", "shorttitle"};
    static const std::unordered_map<std::string_view, std::size_t, text::TextHash> ranks = [] {
        std::unordered_map<std::string_view, std::size_t, text::TextHash> m;
        for (std::size_t i = 0; i < std::size(order); ++i) m.emplace(order[i], i);
        return m;
    }();
    auto it = ranks.find(name);
    return it == ranks.end() ? std::size(order) : it->second;   // everything else after, in the order added
}

class EntryWriter {
public:
    EntryWriter(const Record& r, std::string key, const Schema& schema, Dialect dialect, bool ascii,
                bool resolve, const RawFile& macros, WriteResult& out)
        : r_(r), key_(std::move(key)), schema_(schema), dialect_(dialect), ascii_(ascii), resolve_(resolve),
          macros_(macros), out_(out) {}

    /// Appends the entry to `s`.
    void write(std::string& s) {
        has_raw_ = std::any_of(r_.extra.begin(), r_.extra.end(),
                               [](const auto& e) { return e.first.starts_with("bibtex.raw."); });
        if (ascii_) report_fullwidth();
        choose_type();
        if (!resolve_) {
            std::string_view inh = r_.get_extra("bibtex.inherited");
            for (std::size_t start = 0; start < inh.size();) {
                std::size_t comma = inh.find(',', start);
                if (comma == std::string_view::npos) comma = inh.size();
                inherited_.insert(std::string(inh.substr(start, comma - start)));
                start = comma + 1;
            }
        }
        write_names();
        write_fields();
        write_dates();
        write_arxiv();
        write_keywords();
        write_links();
        write_list_data();
        write_extras();

        // A fixed order, so that the output does not depend on the order a source had.
        // Insertion sort: stable, and an entry has a few dozen fields at most.
        for (std::size_t i = 1; i < fields_.size(); ++i)
            for (std::size_t j = i; j > 0 && fields_[j].rank < fields_[j - 1].rank; --j) std::swap(fields_[j], fields_[j - 1]);
        s += '@';
        s += type_;
        s += '{';
        s += key_;
        for (const auto& f : fields_) {
            s += ",\n  ";
            s += f.name;
            s += " = ";
            s += f.value;
        }
        s += "\n}\n";
    }

private:
    // ASCII output writes fullwidth forms (U+FF01..U+FF5E) as their ASCII characters.
    void report_fullwidth() {
        auto fullwidth = [](std::string_view t) {
            for (std::size_t i = t.find('\xEF'); i != std::string_view::npos && i + 2 < t.size(); i = t.find('\xEF', i + 1)) {
                auto b1 = static_cast<unsigned char>(t[i + 1]), b2 = static_cast<unsigned char>(t[i + 2]);
                if ((b1 == 0xBC && b2 >= 0x81) || (b1 == 0xBD && b2 <= 0x9E)) return true;
            }
            return false;
        };
        bool found = std::any_of(r_.fields.begin(), r_.fields.end(), [&](const Field& f) { return fullwidth(f.value.text); });
        for (const auto& l : r_.names)
            for (const auto& n : l.names)
                found |= fullwidth(n.family) || fullwidth(n.given) || fullwidth(n.literal);
        if (found)
            out_.diagnostics.loss("fullwidth", "fullwidth characters written as their ASCII forms (ascii=true)", key_);
    }

    // --- plumbing --------------------------------------------------------------------------

    bool used(std::string_view name) const {
        return std::find(names_.begin(), names_.end(), name) != names_.end();
    }

    /// True when the crossref parent gives the record `part` (a CSL variable, name role or
    /// date) or the field `name`: then the field is not written.
    bool inherited(std::string_view part, std::string_view name) const {
        if (inherited_.empty()) return false;
        if (!part.empty() && inherited_.count(std::string(part))) return true;
        return inherited_.count("bibtex." + std::string(name)) != 0;
    }

    /// Adds a field written exactly as `value` (braces included). False when the name is taken.
    /// `part` is the record part it holds, to leave out what the crossref parent gives.
    bool add_written(std::string_view name, std::string value, std::string_view part = {}) {
        if (name.empty() || used(name)) return false;
        names_.emplace_back(name);
        if (inherited(part, name)) return true;   // comes from the crossref parent
        fields_.push_back(OutField{std::string(name), std::move(value), field_rank(name)});
        return true;
    }

    /// Adds `text` (Record form) encoded for its kind; uses the source's macro expression
    /// when it still gives the same value.
    bool add(std::string_view name, const std::string& text, ValueKind kind, std::string_view var = {}) {
        if (name.empty() || used(name)) return false;
        if (!resolve_ && has_raw_) {
            std::string_view expr = r_.get_extra("bibtex.raw." + std::string(name));
            if (expr.empty() && !var.empty()) {
                // The source may have used another field for this variable (journal vs journaltitle).
                for (const auto& [k, v] : r_.extra)
                    if (k.starts_with("bibtex.raw.") && schema_.variable_for(std::string_view(k).substr(11), type_) == var)
                        expr = v;
            }
            std::string expanded;
            if (!expr.empty() && expand_expression(expr, macros_, expanded) && decode_value(expanded, kind) == text)
                return add_written(name, std::string(expr), var);
        }
        return add_written(name, "{" + encode_value(text, kind, ascii_) + "}", var);
    }

    /// Adds a raw (already LaTeX) value, e.g. a field kept in extra from a .bib source.
    bool add_raw(std::string_view name, std::string_view raw) {
        if (name.empty() || used(name)) return false;
        if (!resolve_ && has_raw_) {
            std::string_view expr = r_.get_extra("bibtex.raw." + std::string(name));
            std::string expanded;
            if (!expr.empty() && expand_expression(expr, macros_, expanded) && expanded == raw)
                return add_written(name, std::string(expr));
        }
        return add_written(name, "{" + balance_braces(raw) + "}");
    }

    // --- parts -----------------------------------------------------------------------------

    void choose_type() {
        std::string_view own = r_.get_extra("bibtex.entrytype");
        // The entry type the record was read with, unless it cannot be one (a field of that
        // name in the input: write_extras keeps it as a field).
        if (is_identifier(own) && schema_.csl_type_for(own) == r_.type) type_ = std::string(own);
        else type_ = schema_.entry_type_for(r_.type);
        preprint_ = !r_.arxiv.empty() && (type_ == "misc" || type_ == "online");
        // A CSL type the entry type does not give back (webpage as @misc in BibTeX) is kept.
        bool read_back = schema_.csl_type_for(type_) == r_.type || (preprint_ && r_.type == "article");
        if (!read_back) add_written("x-type", "{" + r_.type + "}");
    }

    void write_names() {
        for (const auto& list : r_.names) {
            if (list.names.empty()) continue;
            std::string field(lookup(schema_.name_write, list.role));
            if (field.empty()) field = "x-" + list.role;
            std::vector<std::string> parts;
            for (const auto& n : list.names) parts.push_back(write_name(n, ascii_));
            if (!add_written(field, "{" + join(parts, " and ") + "}", list.role))
                out_.diagnostics.loss("names", "second list of " + list.role + " names not written", key_);
        }
    }

    bool preprint_derived(const Field& f) const {
        if (!preprint_) return false;
        if (f.name == "publisher") return f.value.text == "arXiv";
        if (f.name == "DOI") return text::equals_icase(f.value.text, "10.48550/arXiv." + r_.arxiv);
        if (f.name == "number") return f.value.text == "arXiv:" + r_.arxiv;
        return false;
    }

    void write_fields() {
        for (const auto& f : r_.fields) {
            if (preprint_derived(f)) {
                // plain.bst shows a @misc's howpublished: the arXiv number goes there.
                if (f.name == "number" && dialect_ == Dialect::bibtex) add("howpublished", f.value.text, ValueKind::text);
                continue;
            }
            if (f.name == "title-short" && !r_.alias.empty()) continue;   // see write_list_data
            if (f.name == "genre" && default_genre(f.value.text)) continue;
            std::string name(schema_.field_for(f.name, r_.type));
            ValueKind kind = kind_of(f.name);
            std::string value = f.value.text;
            if (f.name == "genre" && dialect_ == Dialect::biblatex && r_.type == "thesis") {
                if (value == "PhD thesis") value = "phdthesis";
                else if (value == "Master's thesis") value = "mathesis";
            }
            if (name.empty() || used(name)) name = "x-" + f.name;
            add(name, value, kind, f.name);
        }
    }

    bool default_genre(std::string_view g) const {
        if (r_.type != "thesis") return false;
        if (dialect_ == Dialect::bibtex)
            return (type_ == "phdthesis" && g == "PhD thesis") || (type_ == "mastersthesis" && g == "Master's thesis");
        return false;
    }

    void write_dates() {
        bool source_had_date = !r_.get_extra("bibtex.year").empty() || !r_.get_extra("bibtex.month").empty() ||
                               !r_.get_extra("bibtex.day").empty();
        for (const auto& d : r_.dates) {
            if (d.empty()) continue;
            if (d.name == "issued") {
                issued(d, source_had_date);
                continue;
            }
            std::string name(lookup(schema_.date_write, d.name));
            if (name.empty()) name = "x-" + d.name;
            add_written(name, "{" + balance_braces(dates::format_iso(d)) + "}", d.name);
        }
    }

    void issued(const Date& d, bool source_had_date) {
        if (inherited("issued", "")) {   // year or date comes from the crossref parent
            for (std::string_view f : {"year", "month", "day", "date"}) names_.emplace_back(f);
            return;
        }
        if (dialect_ == Dialect::biblatex || (source_had_date && !d.parts.empty())) {
            add_written("date", "{" + balance_braces(dates::format_iso(d)) + "}");
            return;
        }
        if (simple_date(d)) {
            add_written("year", "{" + std::to_string(d.parts[0][0]) + "}");
            if (d.parts[0].size() > 1 && d.parts[0][1] >= 1 && d.parts[0][1] <= 12)
                add_written("month", std::string(kMonths[d.parts[0][1] - 1]));
            if (d.parts[0].size() > 2) add_written("day", "{" + std::to_string(d.parts[0][2]) + "}");
            return;
        }
        if (d.parts.empty()) {   // a literal: "in press", "forthcoming"
            add("year", d.literal, ValueKind::text);
            return;
        }
        // Ranges, seasons, circa: year for plain.bst, the whole date in `date`.
        add_written("year", "{" + std::to_string(d.year()) + "}");
        add_written("date", "{" + balance_braces(dates::format_iso(d)) + "}");
    }

    void write_arxiv() {
        std::string_view cls = r_.get_extra("bibtex.primaryclass");
        if (r_.arxiv.empty()) {
            if (!cls.empty()) add_raw("primaryclass", cls);
            return;
        }
        add_written("eprint", "{" + balance_braces(r_.arxiv) + "}");
        add_written("eprinttype", "{arxiv}");
        if (dialect_ == Dialect::bibtex) {
            // eprinttype is what Zotero reads; archiveprefix/primaryclass what .bst files read.
            add_written("archiveprefix", "{arXiv}");
            if (!cls.empty()) add_raw("primaryclass", cls);
        } else if (!cls.empty()) {
            add_raw("eprintclass", cls);
        }
    }

    void write_keywords() {
        if (r_.keywords.empty()) return;
        std::vector<std::string> escaped;
        for (const auto& k : r_.keywords) escaped.push_back(escape_part(k, ascii_));
        add_written("keywords", "{" + join(escaped, ", ") + "}");
    }

    void write_links() {
        // Each link in its field; x-links records what the fields alone do not say: a paper
        // link that is the record's URL, labels, and an order the field order would change.
        std::vector<std::pair<std::string, const Link*>> written;   // field, link; record order
        bool marker = false;
        for (const auto& l : r_.links) {
            if (l.url.empty()) continue;
            marker |= !l.label.empty();
            if (l.role == "paper" && (l.url == r_.get("URL") || !r_.has("URL"))) {
                if (!r_.has("URL")) add_written("url", "{" + balance_braces(l.url) + "}");
                written.emplace_back("url", &l);
                marker = true;
                continue;
            }
            std::string name(lookup(schema_.link_write, l.role));
            if (name.empty() || used(name)) {
                std::string base = "x-link-" + sanitize_key(l.role);
                name = base;
                for (int n = 2; used(name); ++n) name = base + "-" + std::to_string(n);
            }
            add_written(name, "{" + balance_braces(l.url) + "}");
            written.emplace_back(name, &l);
            marker |= role_of_field(name) != l.role;
        }
        // Without x-links the reader takes the link fields in the order they are written.
        marker |= !std::is_sorted(written.begin(), written.end(), [](const auto& a, const auto& b) {
            return field_rank(a.first) < field_rank(b.first);
        });
        if (!marker) return;
        std::string list;
        auto item = [&](std::string_view text) {
            std::string e = escape_part(std::string(text), ascii_);
            return e.find_first_of(";=()") != std::string::npos ? "{" + e + "}" : e;
        };
        for (const auto& [name, link] : written) {
            if (!list.empty()) list += "; ";
            list += name;
            if (link->role != role_of_field(name)) list += " (" + item(link->role) + ")";
            if (!link->label.empty()) list += " = " + item(link->label);
        }
        add_written("x-links", "{" + list + "}");
    }

    /// The role the reader gives a link field when x-links does not name one.
    std::string role_of_field(std::string_view field) const {
        if (field == "url") return "paper";
        if (field.starts_with("x-link-")) {
            std::string_view role = field.substr(7);
            std::size_t dash = role.rfind('-');
            if (dash != std::string_view::npos && dash + 1 < role.size() &&
                std::all_of(role.begin() + dash + 1, role.end(), [](char c) { return c >= '0' && c <= '9'; }))
                role = role.substr(0, dash);
            return std::string(role);
        }
        return std::string(lookup(schema_.link_read, field));
    }

    void write_list_data() {
        if (!r_.alias.empty()) {
            std::string_view short_title = r_.get("title-short");
            add("shorttitle", short_title.empty() ? r_.alias : std::string(short_title), ValueKind::title);
            add("x-alias", r_.alias, ValueKind::text);
        }
        if (r_.highlight) add_written("x-highlight", "{true}");
        auto trail = [&](const std::vector<std::string>& t) {
            std::vector<std::string> e;
            for (const auto& s : t) e.push_back(escape_part(s, ascii_));
            return "{" + join(e, " > ") + "}";
        };
        if (!r_.sections.empty()) add_written("x-sections", trail(r_.sections));
        for (std::size_t i = 0; i < r_.other_sections.size(); ++i)
            add_written("x-sections-" + std::to_string(i + 2), trail(r_.other_sections[i]));
        for (std::size_t i = 0; i < r_.notes.size(); ++i)
            add_written(i == 0 ? "x-notes" : "x-notes-" + std::to_string(i + 1), "{" + balance_braces(r_.notes[i]) + "}");
        if (!r_.categories.empty()) {
            std::vector<std::string> e;
            for (const auto& c : r_.categories) e.push_back(escape_part(c, ascii_));
            add_written("x-categories", "{" + join(e, ", ") + "}");
        }
    }

    void write_extras() {
        std::string lines;
        for (const auto& [k, v] : r_.extra) {
            if (k.starts_with("bibtex.")) {
                std::string_view name = std::string_view(k).substr(7);
                if ((name == "entrytype" && is_identifier(v)) || name == "inherited" || name == "primaryclass" ||
                    name.starts_with("raw.") ||
                    name.starts_with("string.") || name == "preamble" || name.starts_with("xdata."))
                    continue;
                if (resolve_ && (name == "crossref" || name == "xdata")) continue;
                if (inherited({}, name)) { names_.emplace_back(name); continue; }
                if (add_raw(name, v)) continue;
            }
            // Another origin's field (or a BibTeX field whose name is taken): "key: value".
            std::string value = v;
            if (value.find('\n') != std::string::npos) {
                std::replace(value.begin(), value.end(), '\n', ' ');
                out_.diagnostics.loss("extra", "line breaks in extra '" + k + "' written as spaces", key_);
            }
            lines += (lines.empty() ? "" : "\n") + k + ": " + value;
        }
        if (!lines.empty()) add_written("x-extra", "{" + balance_braces(lines) + "}");
    }

    const Record& r_;
    std::string key_;
    const Schema& schema_;
    Dialect dialect_;
    bool ascii_, resolve_;
    const RawFile& macros_;
    WriteResult& out_;
    std::string type_;
    bool preprint_ = false;
    struct OutField {
        std::string name, value;
        std::size_t rank;   // place in the fixed field order
    };
    std::vector<OutField> fields_;
    bool has_raw_ = false;   // the record kept @string macro uses (extra bibtex.raw.*)
    std::vector<std::string> names_;   // field names taken (a few dozen: a list is enough)
    std::unordered_set<std::string> inherited_;
};

}  // namespace

std::string write_name(const Name& n, bool ascii) {
    if (n.is_others()) return "others";
    Name e;
    e.family = escape_part(n.family, ascii);
    e.given = escape_part(n.given, ascii);
    e.non_dropping_particle = escape_part(n.non_dropping_particle, ascii);
    e.dropping_particle = escape_part(n.dropping_particle, ascii);
    e.suffix = escape_part(n.suffix, ascii);
    e.literal = escape_part(n.literal, ascii);
    return names::format_inverted(e);
}

namespace {

/// An OutputSink that collects the text in a string (Writer::write).
class StringSink final : public OutputSink {
public:
    explicit StringSink(std::string& text) : text_(text) {}
    bool write(std::string_view piece) noexcept override {
        try {
            text_.append(piece);
            return true;
        } catch (...) {
            return false;
        }
    }

private:
    std::string& text_;
};

/// Entries formatted by one worker: their text and the diagnostics they gave.
struct EntryBatch {
    std::string text;
    WriteResult result;   // only its diagnostics are used
};

}  // namespace

void BibtexWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    StringSink sink(out.text);
    write_all(bib, ctx, sink, out.diagnostics);
}

bool BibtexWriter::write_to(const Bibliography& bib, const Context& ctx, OutputSink& out,
                            Diagnostics& diagnostics) noexcept {
    return detail::run_guarded(diagnostics, false, [&] { write_all(bib, ctx, out, diagnostics); });
}

void BibtexWriter::write_all(const Bibliography& bib, const Context& ctx, OutputSink& out,
                             Diagnostics& diagnostics) const {
    const Schema& schema = schema_for(ctx, dialect_);
    bool ascii = ctx.flag("ascii", false);
    bool resolve = ctx.flag("resolve", false);
    std::vector<std::string> keys = assign_keys(bib.records, diagnostics);

    // The source's @string macros, expanded in order, to check kept expressions against.
    RawFile macros;
    add_month_macros(macros.macros);
    std::string text;
    std::string strings, preambles, xdata;
    for (const auto& [k, v] : bib.extra) {
        if (k == "bibtex.preamble") {
            preambles += "@preamble{" + v + "}\n";
        } else if (k.starts_with("bibtex.string.")) {
            std::string name = k.substr(14);
            std::string expanded;
            if (expand_expression(v, macros, expanded)) macros.macros[text::ascii_lower(name)] = expanded;
            strings += "@string{" + name + " = " + v + "}\n";
        } else if (k.starts_with("bibtex.xdata.")) {
            xdata += v + "\n\n";
        }
    }
    if (!resolve) {
        if (!preambles.empty()) text += preambles + "\n";
        if (!strings.empty()) text += strings + "\n";
        text += xdata;
    }
    // A sink that fails stops the writing; the host reports why (OutputSink::write).
    if (!text.empty() && !out.write(text)) return;
    // Records are independent once the keys are chosen: batches of them are formatted on the
    // other threads and handed on in order, with their diagnostics in record order.
    const std::size_t n = bib.records.size();
    const std::size_t batches = (n + kRecordsPerBatch - 1) / kRecordsPerBatch;
    const unsigned workers = n >= 2 * kRecordsPerBatch ? std::min(std::thread::hardware_concurrency(), 8u) : 0;
    ordered_batches<EntryBatch>(
        batches, workers > 1 ? workers : 0,
        [&](std::size_t b) {
            EntryBatch batch;
            const std::size_t begin = b * kRecordsPerBatch, end = std::min(n, begin + kRecordsPerBatch);
            batch.text.reserve((end - begin) * 700);
            for (std::size_t i = begin; i < end; ++i) {
                if (i) batch.text += '\n';
                EntryWriter(bib.records[i], keys[i], schema, dialect_, ascii, resolve, macros, batch.result)
                    .write(batch.text);
            }
            return batch;
        },
        [&](EntryBatch& batch) {
            for (auto& d : batch.result.diagnostics.items()) diagnostics.add(std::move(d));
            return out.write(batch.text);
        });
}

}  // namespace bibport::plugins::bibtex
