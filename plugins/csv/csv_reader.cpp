// SPDX-License-Identifier: MIT
#include "csv_reader.hpp"

#include "csv_profile.hpp"
#include "csv_tokenizer.hpp"
#include "csv_values.hpp"
#include "csv_writer.hpp"

#include <bibport/text.hpp>

#include <optional>
#include <stdexcept>
#include <unordered_set>

namespace bibport::plugins::csv {
namespace {

using Kind = Source::Kind;

/// Caps the number of warnings, so that a file with a million bad cells stays readable.
class Reporter {
public:
    Reporter(Diagnostics& diags, std::string_view input) : diags_(diags), input_(input) {}
    void warn(const Cell& at, std::string message, std::string key = {}) {
        if (++count_ > kMaxWarnings) {
            if (count_ == kMaxWarnings + 1)
                diags_.note(at.line, 0, "more than " + std::to_string(kMaxWarnings) +
                                            " warnings; the rest are not shown");
            return;
        }
        diags_.warning(at.line, Tokenizer::column_of(input_, at), std::move(message), std::move(key));
    }
    std::uint32_t column(const Cell& at) const { return Tokenizer::column_of(input_, at); }
    Diagnostics& diagnostics() { return diags_; }

private:
    static constexpr std::size_t kMaxWarnings = 1000;
    Diagnostics& diags_;
    std::string_view input_;
    std::size_t count_ = 0;
};

/// A header cell that Record.extra keys ("csv.<header>") can hold: empty headers get a number.
std::string extra_key(std::string_view header, std::size_t index) {
    std::string_view h = text::trim(header);
    if (h.empty()) return "csv.column " + std::to_string(index + 1);
    return "csv." + std::string(h);
}

/// What a row collects before it becomes a record (links need the URL, which may come later).
struct RowState {
    std::vector<std::string> link_items;   ///< "role: url" items of the links column and lines
    std::vector<Link> role_links;          ///< from link:ROLE and links:ROLE columns
    std::optional<int> year;
    const Cell* year_cell = nullptr;
};

class RowReader {
public:
    RowReader(Reporter& rep, Record& r, RowState& st) : rep_(rep), r_(r), st_(st) {}

    void apply(const Column& col, const Cell& cell, std::string_view value) {
        if (!col.lines.empty() || col.rest) {
            apply_lines(col, cell, value);
            return;
        }
        apply_source(col.sources.front(), col, cell, value);
    }

    void apply_source(const Source& s, const Column& col, const Cell& cell, std::string_view v) {
        switch (s.kind) {
            case Kind::id: r_.id = std::string(v); break;
            case Kind::citation_key: r_.citation_key = std::string(v); break;
            case Kind::type: read_type(col, cell, v); break;
            case Kind::alias: r_.alias = std::string(v); break;
            case Kind::highlight: {
                int flag = parse_flag(v);
                if (flag < 0) rep_.warn(cell, "expected true or false in column '" + col.header + "', not '" +
                                                  std::string(v) + "'", std::string(r_.label()));
                r_.highlight = flag == 1;
                break;
            }
            case Kind::sections:
                for (auto& s2 : split_list(v, col.join)) r_.sections.push_back(std::move(s2));
                break;
            case Kind::links:
                for (auto& item : split_list(v, col.join)) st_.link_items.push_back(std::move(item));
                break;
            case Kind::link_role:
                if (auto u = text::trim(v); !u.empty()) st_.role_links.push_back(Link{s.arg, std::string(u), {}});
                break;
            case Kind::links_role:
                for (auto& u : split_list(v, col.join)) st_.role_links.push_back(Link{s.arg, std::move(u), {}});
                break;
            case Kind::arxiv: r_.arxiv = std::string(text::trim(v)); break;
            case Kind::keywords:
                for (auto& k : split_list(v, col.join)) r_.keywords.push_back(std::move(k));
                break;
            case Kind::categories:
                for (auto& c : split_list(v, col.join)) r_.categories.push_back(std::move(c));
                break;
            case Kind::notes:
                for (auto& n : split_list(v, col.join)) r_.notes.push_back(std::move(n));
                break;
            case Kind::names: {
                auto& list = r_.names_for(s.arg);
                for (const auto& part : split_list(v, col.join)) list.push_back(parse_name_cell(part));
                break;
            }
            case Kind::date: read_date(s.arg, col, cell, v); break;
            case Kind::year: {
                int year = 0;
                if (parse_year(v, year)) {
                    st_.year = year;
                    st_.year_cell = &cell;
                } else {
                    rep_.warn(cell, "expected a year in column '" + col.header + "', not '" + std::string(v) +
                                        "'; the year is left out", std::string(r_.label()));
                }
                break;
            }
            case Kind::field:
                if (!r_.has(s.arg)) r_.set(s.arg, std::string(v));
                break;
            case Kind::extra: r_.extra.emplace_back(s.arg, std::string(v)); break;
        }
    }

private:
    void read_type(const Column& col, const Cell& cell, std::string_view v) {
        std::string_view t = text::trim(v);
        if (col.crosswalk) {
            for (const auto& [from, to] : col.crosswalk->read_table())
                if (text::equals_icase(from, t)) {
                    r_.type = to;
                    // Several item types share one CSL type: keep the one written here.
                    if (!col.original.empty() && col.crosswalk->write(to) != from)
                        r_.extra.emplace_back(col.original, from);
                    return;
                }
            r_.type = col.crosswalk->read(t).value_or("document");
            rep_.warn(cell, "unknown item type '" + std::string(t) + "' in column '" + col.header +
                                "'; read as '" + r_.type + "'", std::string(r_.label()));
            return;
        }
        if (is_csl_type(t)) {
            r_.type = std::string(t);
            return;
        }
        rep_.warn(cell, "expected a CSL item type in column '" + col.header + "' (article-journal, "
                        "paper-conference, ...), not '" + std::string(t) + "'; read as 'document'",
                  std::string(r_.label()));
        r_.type = "document";
    }

    void read_date(const std::string& name, const Column& col, const Cell& cell, std::string_view v) {
        if (r_.find_date(name)) return;   // an earlier column had it
        Date d;
        d.name = name;
        if (!parse_date_cell(v, d))
            rep_.warn(cell, "cannot read '" + std::string(v) + "' in column '" + col.header +
                                "' as a date (expected YYYY, YYYY-MM or YYYY-MM-DD); kept as text",
                      std::string(r_.label()));
        r_.dates.push_back(std::move(d));
    }

    /// The record part a "key: value" line holds in this column, if any.
    std::optional<Source> line_source(const Column& col, std::string_view key) const {
        for (const auto& l : col.lines)
            if (text::equals_icase(l.key, key)) return l.source;
        if (!col.rest) return std::nullopt;
        using K = Kind;
        if (key == "citation-key") return Source{K::citation_key, {}};
        if (key == "type") return Source{K::type, {}};
        if (key == "alias") return Source{K::alias, {}};
        if (key == "highlight") return Source{K::highlight, {}};
        if (key == "sections") return Source{K::sections, {}};
        if (key == "arxiv") return Source{K::arxiv, {}};
        if (key == "keyword") return Source{K::keywords, {}};
        if (key == "category") return Source{K::categories, {}};
        if (key == "attached-note") return Source{K::notes, {}};
        if (key == "link") return Source{K::links, {}};
        if (is_name_variable(key)) return Source{K::names, std::string(key)};
        if (is_date_variable(key)) return Source{K::date, std::string(key)};
        if (is_string_variable(key)) return Source{K::field, std::string(key)};
        if (looks_like_extra_key(key)) return Source{K::extra, std::string(key)};
        return std::nullopt;
    }

    /// "bibtex.timestamp": an origin in lower case, a dot, a name, no spaces.
    static bool looks_like_extra_key(std::string_view key) noexcept {
        std::size_t dot = key.find('.');
        if (dot == 0 || dot == std::string_view::npos || dot + 1 >= key.size()) return false;
        for (std::size_t i = 0; i < dot; ++i)
            if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == '-'))
                return false;
        return key.find(' ') == std::string_view::npos;
    }

    /// One line-valued source: each item of a list gets its own line, and a name its own role
    /// line, so the separator is a newline here.
    void apply_line(const Source& s, const Column& col, const Cell& cell, std::string_view value) {
        Column one;
        one.header = col.header;
        one.join = s.kind == Kind::sections ? " > " : "\n";
        one.crosswalk = std::nullopt;
        if (s.kind == Kind::names) {
            r_.names_for(s.arg).push_back(parse_name_line(value));
            return;
        }
        apply_source(s, one, cell, value);
    }

    void apply_lines(const Column& col, const Cell& cell, std::string_view text) {
        std::string note;
        std::optional<Source> pending;
        std::string pending_value, pending_line;
        auto flush = [&] {
            if (!pending) return;
            // A string variable the record already has stays in the note, as written.
            if (pending->kind == Kind::field && r_.has(pending->arg)) {
                if (!note.empty()) note += '\n';
                note += pending_line;
            } else {
                apply_line(*pending, col, cell, pending_value);
            }
            pending.reset();
        };
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (pending && line.starts_with("  ")) {
                pending_value += '\n';
                pending_value += line.substr(2);
                pending_line += '\n';
                pending_line += line;
            } else {
                flush();
                std::size_t colon = line.find(": ");
                std::optional<Source> src;
                if (colon != std::string_view::npos && colon > 0 && line.front() != ' ')
                    src = line_source(col, line.substr(0, colon));
                if (src) {
                    pending = std::move(src);
                    pending_value = std::string(line.substr(colon + 2));
                    pending_line = std::string(line);
                } else {
                    if (!note.empty() || start > 0) note += '\n';
                    note += line;
                }
            }
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
        flush();
        // Lines between key lines leave empty note lines; the note is what is left, trimmed of them.
        while (!note.empty() && note.back() == '\n') note.pop_back();
        while (!note.empty() && note.front() == '\n') note.erase(0, 1);
        if (note.empty()) return;
        if (!col.sources.empty()) apply_source(col.sources.front(), col, cell, note);
        else r_.extra.emplace_back(extra_key(col.header, 0), std::move(note));
    }

    Reporter& rep_;
    Record& r_;
    RowState& st_;
};

/// The record's links in order: the items of the links column, where a bare role ("code")
/// stands for the link a role column (Code) holds, else for the record's URL ("paper"); then
/// the role columns' links no item placed.
void collect_links(Record& r, RowState& st) {
    std::string_view url = r.get("URL");
    std::vector<bool> placed(st.role_links.size());
    for (const auto& item : st.link_items) {
        Link l;
        if (!parse_link(item, url, l) && url.empty() && item.find("://") == std::string::npos) {
            l = Link{};   // a bare role without a URL: only a role column can give it one
            parse_link(item, "-", l);
            l.url.clear();
        }
        bool bare = item.find(": ") == std::string::npos && item.find("://") == std::string::npos;
        if (bare) {
            for (std::size_t i = 0; i < st.role_links.size(); ++i)
                if (!placed[i] && st.role_links[i].role == l.role) {
                    placed[i] = true;
                    l.url = st.role_links[i].url;
                    break;
                }
        }
        if (!l.url.empty()) r.links.push_back(std::move(l));
    }
    for (std::size_t i = 0; i < st.role_links.size(); ++i)
        if (!placed[i]) r.links.push_back(std::move(st.role_links[i]));
}

/// The profile whose headers the header row has most of (nullopt when none matches).
std::optional<Profile> recognise(std::vector<Profile>& profiles, const std::vector<std::string>& headers) {
    std::size_t best = 0, best_score = 0;
    for (std::size_t p = 0; p < profiles.size(); ++p) {
        std::size_t score = 0;
        for (const auto& h : headers) score += profiles[p].find_column(h) >= 0;
        if (score > best_score) {
            best = p;
            best_score = score;
        }
    }
    if (best_score == 0) return std::nullopt;
    return std::move(profiles[best]);
}

}  // namespace

int CsvReader::probe(std::string_view head) const noexcept {
    head.remove_prefix(bom_length(head));
    if (head.starts_with("\"Key\",\"Item Type\",")) return 100;   // Zotero's export
    std::size_t eol = head.find_first_of("\r\n");
    std::string_view first = head.substr(0, eol);
    if (first.empty()) return 0;
    // Other formats start with a sigil; a header row is words and separators.
    char c = first.front();
    if (c == '{' || c == '[' || c == '<' || c == '@' || c == '%' || c == '#' || c == '-' || c == '*') return 0;
    std::size_t seps = 0;
    char sep = detect_separator(first);
    for (char ch : first) seps += ch == sep;
    return seps >= 2 ? 30 : 0;
}

void CsvReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    const std::size_t bom = bom_length(input);
    const std::string_view body = input.substr(bom);
    char sep = 0;
    if (auto v = ctx.option("separator", "auto"); v != "auto") {
        sep = separator_from_option(v);
        if (!sep) throw std::runtime_error("option separator=" + std::string(v) + ": expected auto, comma, semicolon or tab");
    } else {
        sep = detect_separator(body);
    }
    const bool unescape = ctx.flag("escape-formulas", true);
    auto cell_text = [&](const Cell& c) {
        std::string_view v = unescape ? unescape_formula(c.text) : std::string_view(c.text);
        return text::nfc(v);
    };

    Reporter rep(out.diagnostics, input);
    Tokenizer tok(body, sep, bom);
    Row header_row;
    if (!tok.next(header_row, out.diagnostics)) return;   // an empty file has no records
    if (header_row.broken) {
        const Cell& c = header_row.cells.back();
        throw ParseError(c.line, rep.column(c), "expected '\"' to close the header field that starts here");
    }
    std::vector<std::string> headers;
    headers.reserve(header_row.cells.size());
    for (const auto& c : header_row.cells) headers.push_back(cell_text(c));

    std::optional<Profile> profile;
    if (auto name = ctx.option("profile"); !name.empty() && name != "auto") {
        profile = load_profile(ctx, name);
    } else {
        auto all = load_all_profiles(ctx);
        profile = recognise(all, headers);
        if (!profile)
            out.diagnostics.warning(header_row.line, 1, "the header row matches no csv profile; "
                                                        "every column is kept as an extra field");
    }
    if (!profile) profile.emplace();

    // Which profile column each file column is; -1 for unknown (and repeated) columns.
    std::vector<int> column_of(headers.size(), -1);
    std::vector<std::string> extra_keys(headers.size());
    std::vector<bool> taken(profile->columns.size());
    for (std::size_t i = 0; i < headers.size(); ++i) {
        int c = profile->find_column(headers[i]);
        if (c >= 0 && !taken[c] && (!profile->columns[c].sources.empty() || !profile->columns[c].lines.empty() ||
                                    profile->columns[c].rest)) {
            taken[c] = true;
            column_of[i] = c;
        } else {
            // Columns the profile keeps no record part for, and unknown ones, round-trip as extras.
            extra_keys[i] = c >= 0 ? "csv." + profile->columns[c].header : extra_key(headers[i], i);
        }
    }

    std::unordered_set<std::string> ids;
    Row row;
    while (tok.next(row, out.diagnostics)) {
        if (row.broken) {
            const Cell& c = row.cells.back();
            out.diagnostics.skip(c.line, rep.column(c),
                                 "expected '\"' to close the field that starts here; the row is not read "
                                 "and reading goes on with the next line");
            tok.resume_after_line_of(c);
            continue;
        }
        Record r;
        r.source_line = row.line;
        RowState st;
        RowReader rr(rep, r, st);
        if (row.cells.size() != headers.size() || row.too_wide) {
            const Cell& at = row.cells.size() > headers.size() ? row.cells[headers.size()] : row.cells.back();
            rep.warn(at, "row has " + std::string(row.too_wide ? "more than " : "") +
                             std::to_string(row.cells.size()) + " fields but the header has " +
                             std::to_string(headers.size()) +
                             (row.cells.size() > headers.size() ? "; extra fields are kept as 'csv.column N'"
                                                                : "; missing fields are empty"));
        }
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            std::string v = cell_text(row.cells[i]);
            if (v.empty()) continue;
            if (i >= headers.size()) {
                r.extra.emplace_back("csv.column " + std::to_string(i + 1), std::move(v));
            } else if (column_of[i] < 0) {
                r.extra.emplace_back(extra_keys[i], std::move(v));
            } else {
                rr.apply(profile->columns[column_of[i]], row.cells[i], v);
            }
        }
        // After every cell: links need the URL, the year only counts when there is no date.
        collect_links(r, st);
        if (st.year && !r.find_date("issued")) r.date_for("issued").parts = {{*st.year}};
        if (r.id.empty()) r.id = !r.citation_key.empty() ? r.citation_key : "row" + std::to_string(row.line);
        if (!ids.insert(r.id).second) {
            std::string base = r.id;
            for (int n = 2; !ids.insert(r.id = base + "-" + std::to_string(n)).second; ++n) {}
            rep.warn(row.cells.front(), "the id '" + base + "' is used by an earlier row; this row is '" +
                                            r.id + "'", r.id);
        }
        out.bibliography.records.push_back(std::move(r));
    }
}

}  // namespace bibport::plugins::csv
