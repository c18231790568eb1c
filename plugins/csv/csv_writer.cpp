// SPDX-License-Identifier: MIT
#include "csv_writer.hpp"

#include "csv_profile.hpp"
#include "csv_values.hpp"

#include <map>
#include <stdexcept>
#include <unordered_map>

namespace bibport::plugins::csv {
namespace {

using Kind = Source::Kind;

/// Which parts of one record some column has written, so the rest column (Zotero's Extra)
/// gets exactly what is left and nothing is written twice.
struct Used {
    explicit Used(const Record& r)
        : fields(r.fields.size()), names(r.names.size()), dates(r.dates.size()), links(r.links.size()),
          extras(r.extra.size()), year_only(r.dates.size()), link_in_column(r.links.size()) {}
    std::vector<bool> fields, names, dates, links, extras;
    std::vector<bool> year_only;   ///< a year column wrote this date, which has nothing but a year
    std::vector<bool> link_in_column;   ///< a link:ROLE or links:ROLE column wrote this link
    bool id = false, citation_key = false, type = false, alias = false, highlight = false, sections = false,
         arxiv = false, keywords = false, categories = false, notes = false;
};

template <class T, class Pred>
int index_of(const std::vector<T>& v, Pred pred) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (pred(v[i])) return static_cast<int>(i);
    return -1;
}

std::string fold_value(std::string_view value) {
    // Continuation lines of a multi-line value start with two spaces (read back by the reader).
    std::string out;
    for (char c : value) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out;
}

void add_line(std::string& cell, std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!cell.empty()) cell += '\n';
    cell += key;
    cell += ": ";
    cell += fold_value(value);
}

class RowBuilder {
public:
    explicit RowBuilder(const Record& r) : r_(r), used_(r) {}

    /// The cell of a source, or "" when the record has nothing for it; marks what it took.
    std::string value(const Source& s, const Column& col) {
        switch (s.kind) {
            case Kind::id: return take(used_.id, r_.id);
            case Kind::citation_key: return take(used_.citation_key, r_.citation_key);
            case Kind::type: {
                if (used_.type) return {};
                used_.type = true;
                if (!col.crosswalk) return r_.type;
                // The item type the source had, when it still means this CSL type.
                for (std::size_t i = 0; i < r_.extra.size() && !col.original.empty(); ++i)
                    if (r_.extra[i].first == col.original && col.crosswalk->read(r_.extra[i].second) == r_.type) {
                        used_.extras[i] = true;
                        return r_.extra[i].second;
                    }
                return col.crosswalk->write(r_.type).value_or(r_.type);
            }
            case Kind::alias: return take(used_.alias, r_.alias);
            case Kind::highlight: return take(used_.highlight, r_.highlight ? "true" : "");
            case Kind::sections: return take(used_.sections, join_list(r_.sections, col.join));
            case Kind::arxiv: return take(used_.arxiv, r_.arxiv);
            case Kind::keywords: return take(used_.keywords, join_list(r_.keywords, col.join));
            case Kind::categories: return take(used_.categories, join_list(r_.categories, col.join));
            case Kind::notes: return take(used_.notes, join_list(r_.notes, col.join));
            case Kind::links: return all_links(col.join);
            case Kind::link_role: {
                for (std::size_t i = 0; i < r_.links.size(); ++i)
                    if (!used_.links[i] && r_.links[i].role == s.arg) {
                        used_.links[i] = used_.link_in_column[i] = true;
                        return r_.links[i].url;
                    }
                return {};
            }
            case Kind::links_role: {
                std::vector<std::string> urls;
                for (std::size_t i = 0; i < r_.links.size(); ++i)
                    if (!used_.links[i] && r_.links[i].role == s.arg) {
                        used_.links[i] = used_.link_in_column[i] = true;
                        urls.push_back(r_.links[i].url);
                    }
                return join_list(urls, col.join);
            }
            case Kind::names: {
                int i = index_of(r_.names, [&](const NameList& l) { return l.role == s.arg; });
                if (i < 0 || used_.names[i] || r_.names[i].names.empty()) return {};
                used_.names[i] = true;
                std::vector<std::string> parts;
                for (const auto& n : r_.names[i].names) parts.push_back(format_name(n));
                return join_list(parts, col.join);
            }
            case Kind::date: {
                int i = index_of(r_.dates, [&](const Date& d) { return d.name == s.arg; });
                if (i < 0 || used_.dates[i]) return {};
                used_.dates[i] = true;
                return format_date(r_.dates[i]);
            }
            case Kind::year: {
                int i = index_of(r_.dates, [&](const Date& d) { return d.name == s.arg; });
                if (i < 0 || r_.dates[i].parts.empty()) return {};
                const Date& d = r_.dates[i];
                // A year alone is fully written here, but a date column still writes the date
                // (Zotero has both); only the rest column leaves it out.
                used_.year_only[i] = d.parts.size() == 1 && d.parts[0].size() == 1 && d.season.empty() &&
                                     d.circa.empty() && d.raw.empty() && d.literal.empty();
                return std::to_string(d.year());
            }
            case Kind::field: {
                int i = index_of(r_.fields, [&](const Field& f) { return f.name == s.arg; });
                if (i < 0 || used_.fields[i]) return {};
                used_.fields[i] = true;
                return r_.fields[i].value.text;
            }
            case Kind::extra: {
                int i = index_of(r_.extra, [&](const auto& e) { return e.first == s.arg; });
                if (i < 0 || used_.extras[i]) return {};
                used_.extras[i] = true;
                return r_.extra[i].second;
            }
        }
        return {};
    }

    std::string first_value(const Column& col) {
        for (const auto& s : col.sources)
            if (auto v = value(s, col); !v.empty()) return v;
        return {};
    }

    /// A column without a source: the record's "csv.<header>" extra.
    std::string csv_extra(std::string_view header) {
        for (std::size_t i = 0; i < r_.extra.size(); ++i) {
            const auto& [k, v] = r_.extra[i];
            if (!used_.extras[i] && k.size() == header.size() + 4 && k.starts_with("csv.") &&
                std::string_view(k).substr(4) == header) {
                used_.extras[i] = true;
                return v;
            }
        }
        return {};
    }

    /// Zotero's Extra: the column's own value, its declared lines, then (for the rest column)
    /// every part of the record no other column took, as "name: value" lines.
    std::string lines_cell(const Column& col, bool take_rest) {
        std::string cell = first_value(col);
        for (const auto& line : col.lines) add_line(cell, line.key, value(line.source, col));
        if (take_rest) rest_lines(cell);
        return cell;
    }

    /// What is left after every column: reported as lost when no column takes it.
    void report_unused(Diagnostics& diags) {
        std::string cell;
        rest_lines(cell);
        for (const auto& line : split_list(cell, "\n")) {
            if (line.starts_with("  ")) continue;
            diags.loss("csv.column", "no column of the profile holds '" + line.substr(0, line.find(": ")) +
                                         "'; add a column or use a profile with a rest column",
                       std::string(r_.label()));
        }
    }

private:
    std::string take(bool& flag, std::string text) {
        if (flag) return {};
        flag = true;
        return text;
    }

    std::string all_links(std::string_view sep) {
        std::string out;
        std::string_view url = r_.get("URL");
        for (std::size_t i = 0; i < r_.links.size(); ++i) {
            // A link another column holds appears as its bare role, which keeps the order of
            // the links (and the label) without writing its URL twice.
            bool elsewhere = used_.link_in_column[i];
            if (used_.links[i] && !elsewhere) continue;
            used_.links[i] = true;
            if (!out.empty()) out += sep;
            out += format_link(r_.links[i], elsewhere ? std::string_view(r_.links[i].url) : url);
        }
        return out;
    }

    void rest_lines(std::string& cell) {
        if (!used_.citation_key) add_line(cell, "citation-key", r_.citation_key);
        if (!used_.type && r_.type != "document") add_line(cell, "type", r_.type);
        if (!used_.alias) add_line(cell, "alias", r_.alias);
        if (!used_.highlight && r_.highlight) add_line(cell, "highlight", "true");
        if (!used_.sections) add_line(cell, "sections", join_list(r_.sections, " > "));
        if (!used_.arxiv) add_line(cell, "arxiv", r_.arxiv);
        for (std::size_t i = 0; i < r_.fields.size(); ++i)
            if (!used_.fields[i]) add_line(cell, r_.fields[i].name, r_.fields[i].value.text);
        for (std::size_t i = 0; i < r_.names.size(); ++i)
            if (!used_.names[i])
                for (const auto& n : r_.names[i].names) add_line(cell, r_.names[i].role, format_name_line(n));
        for (std::size_t i = 0; i < r_.dates.size(); ++i)
            if (!used_.dates[i] && !used_.year_only[i]) add_line(cell, r_.dates[i].name, format_date(r_.dates[i]));
        if (!used_.keywords)
            for (const auto& k : r_.keywords) add_line(cell, "keyword", k);
        if (!used_.categories)
            for (const auto& c : r_.categories) add_line(cell, "category", c);
        if (!used_.notes)
            for (const auto& n : r_.notes) add_line(cell, "attached-note", n);
        std::string_view url = r_.get("URL");
        for (std::size_t i = 0; i < r_.links.size(); ++i)
            if (!used_.links[i]) add_line(cell, "link", format_link(r_.links[i], url));
        for (std::size_t i = 0; i < r_.extra.size(); ++i)
            if (!used_.extras[i] && !r_.extra[i].first.starts_with("csv."))
                add_line(cell, r_.extra[i].first, r_.extra[i].second);
    }

    const Record& r_;
    Used used_;
};

bool has_source_kind(const Column& c, Kind k) {
    for (const auto& s : c.sources)
        if (s.kind == k) return true;
    return false;
}

struct CellWriter {
    char sep;
    bool quote_all;
    bool escape;
    void put(std::string& out, std::string_view cell) const {
        std::string escaped;
        if (escape) {
            escaped = escape_formula(cell);
            cell = escaped;
        }
        bool quote = quote_all || (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
        if (!quote)
            for (char c : cell)
                if (c == sep || c == '"' || c == '\n' || c == '\r') { quote = true; break; }
        if (!quote) {
            out += cell;
            return;
        }
        out += '"';
        for (char c : cell) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
};

}  // namespace

/// A flag whose default comes from the profile ("profile" or unset means: the profile decides).
static bool profile_flag(const Context& ctx, std::string_view key, bool profile_default) {
    auto v = ctx.option(key);
    if (v.empty() || v == "profile" || v == "auto") return profile_default;
    return ctx.flag(key, profile_default);
}

char separator_from_option(std::string_view v) noexcept {
    if (v == "comma" || v == ",") return ',';
    if (v == "semicolon" || v == ";") return ';';
    if (v == "tab" || v == "\t") return '\t';
    return 0;
}

void CsvWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    Profile profile = load_profile(ctx, ctx.option("profile", "zotero"));
    std::string_view nl_opt = ctx.option("newline", "crlf");
    if (nl_opt != "crlf" && nl_opt != "lf")
        throw std::runtime_error("option newline=" + std::string(nl_opt) + ": expected crlf or lf");
    const std::string_view newline = nl_opt == "lf" ? "\n" : "\r\n";
    char sep = default_separator_;
    if (auto v = ctx.option("separator"); !v.empty()) {
        sep = separator_from_option(v);
        if (!sep) throw std::runtime_error("option separator=" + std::string(v) + ": expected comma, semicolon or tab");
    }
    const CellWriter cells{sep, profile_flag(ctx, "quote-all", profile.quote_all), ctx.flag("escape-formulas", true)};

    // "csv.<header>" extras no profile column takes become columns of their own at the end,
    // in the order they first appear.
    std::vector<std::string> trailing;
    std::unordered_map<std::string_view, std::size_t> trailing_index;
    for (const auto& r : bib.records)
        for (const auto& [k, v] : r.extra) {
            if (!k.starts_with("csv.")) continue;
            std::string_view header = std::string_view(k).substr(4);
            int c = profile.find_column(header);
            if (c >= 0 && profile.columns[c].sources.empty() && profile.columns[c].header == header) continue;
            if (trailing_index.emplace(header, trailing.size()).second) trailing.emplace_back(header);
        }

    int rest_column = -1;
    for (std::size_t i = 0; i < profile.columns.size(); ++i)
        if (profile.columns[i].rest) { rest_column = static_cast<int>(i); break; }

    std::string& text = out.text;
    if (profile_flag(ctx, "bom", profile.bom)) text += "\xEF\xBB\xBF";
    const std::size_t width = profile.columns.size() + trailing.size();
    auto put_row = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) text += sep;
            cells.put(text, row[i]);
        }
        text += newline;
    };

    std::vector<std::string> row(width);
    for (std::size_t i = 0; i < profile.columns.size(); ++i) row[i] = profile.columns[i].header;
    for (std::size_t i = 0; i < trailing.size(); ++i) row[profile.columns.size() + i] = trailing[i];
    put_row(row);

    for (const auto& r : bib.records) {
        RowBuilder b(r);
        row.assign(width, std::string());
        // Plain columns first, then the catch-all "links", then the rest column, so that each
        // takes only what the earlier ones left.
        for (int pass = 0; pass < 3; ++pass) {
            for (std::size_t i = 0; i < profile.columns.size(); ++i) {
                const Column& col = profile.columns[i];
                bool is_rest = static_cast<int>(i) == rest_column;
                bool is_lines = !col.lines.empty() || is_rest;
                int want = is_lines ? 2 : has_source_kind(col, Kind::links) ? 1 : 0;
                if (want != pass) continue;
                if (col.sources.empty() && !is_lines) row[i] = b.csv_extra(col.header);
                else if (is_lines) row[i] = b.lines_cell(col, is_rest);
                else row[i] = b.first_value(col);
            }
        }
        for (std::size_t i = 0; i < trailing.size(); ++i) row[profile.columns.size() + i] = b.csv_extra(trailing[i]);
        if (rest_column < 0) b.report_unused(out.diagnostics);
        put_row(row);
    }
}

}  // namespace bibport::plugins::csv
