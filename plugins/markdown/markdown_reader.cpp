// SPDX-License-Identifier: MIT
#include "markdown_reader.hpp"

#include "entry_parser.hpp"
#include "inline_parser.hpp"
#include "link_kinds.hpp"
#include "venue_table.hpp"

#include <bibport/crosswalk.hpp>
#include <bibport/names.hpp>
#include <bibport/ordered_batches.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace bibport::plugins::markdown {
namespace {

struct Line {
    std::string_view text;     // without the line end
    std::size_t offset = 0;    // of text[0] in the document
    std::uint32_t number = 0;
};

std::size_t indent_of(std::string_view s) {
    std::size_t cols = 0;
    for (char c : s) {
        if (c == ' ') ++cols;
        else if (c == '\t') cols += 4 - cols % 4;
        else break;
    }
    return cols;
}

std::string_view skip_indent(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

bool blank(std::string_view s) { return text::trim(s).empty(); }

/// "- ", "* ", "+ ", "1. ", "1) ": the length of the marker and the spaces after it, or 0.
std::size_t list_marker(std::string_view t) {
    if (t.empty()) return 0;
    std::size_t n = 0;
    if (t[0] == '-' || t[0] == '*' || t[0] == '+') {
        n = 1;
    } else {
        while (n < t.size() && n < 9 && t[n] >= '0' && t[n] <= '9') ++n;
        if (n == 0 || n >= t.size() || (t[n] != '.' && t[n] != ')')) return 0;
        ++n;
    }
    if (n < t.size() && t[n] != ' ' && t[n] != '\t') return 0;
    while (n < t.size() && (t[n] == ' ' || t[n] == '\t')) ++n;
    // A task list box belongs to the marker.
    if (n < t.size() && t[n] == '[' &&
        (t.substr(n).starts_with("[ ] ") || t.substr(n).starts_with("[x] ") || t.substr(n).starts_with("[X] ")))
        n += 4;
    return n;
}

/// "***", "---", "___" (spaces allowed): a thematic break.
bool thematic_break(std::string_view t) {
    t = text::trim(t);
    if (t.size() < 3) return false;
    char c = t[0];
    if (c != '-' && c != '*' && c != '_') return false;
    int count = 0;
    for (char x : t) {
        if (x == c) ++count;
        else if (x != ' ') return false;
    }
    return count >= 3;
}

/// The level of an ATX heading ("## Title" -> 2), or 0; `content` gets the heading text.
int atx_heading(std::string_view t, std::string_view& content) {
    int level = 0;
    while (level < static_cast<int>(t.size()) && t[level] == '#') ++level;
    if (level == 0 || level > 6) return 0;
    if (level < static_cast<int>(t.size()) && t[level] != ' ' && t[level] != '\t') return 0;
    std::string_view c = text::trim(t.substr(level));
    // Closing hashes: "## Title ##".
    std::size_t end = c.size();
    while (end > 0 && c[end - 1] == '#') --end;
    if (end < c.size() && (end == 0 || c[end - 1] == ' ')) c = text::trim(c.substr(0, end));
    content = c;
    return level;
}

/// "| --- | :---: |": the row under a table header.
bool table_delimiter(std::string_view t) {
    t = text::trim(t);
    if (t.empty()) return false;
    bool dash = false, pipe = false;
    for (char c : t) {
        if (c == '-') dash = true;
        else if (c == '|') pipe = true;
        else if (c != ':' && c != ' ' && c != '\t') return false;
    }
    return dash && (pipe || t.find("--") != std::string_view::npos);
}

/// `[label]: url` at the start of a line: a link reference definition.
bool reference_definition(std::string_view t, std::string& label, std::string& url) {
    t = skip_indent(t);
    if (!t.starts_with('[')) return false;
    auto close = t.find("]:");
    if (close == std::string_view::npos || close < 2) return false;
    std::string_view rest = text::trim(t.substr(close + 2));
    if (rest.empty()) return false;
    auto space = rest.find_first_of(" \t");
    std::string_view dest = rest.substr(0, space);
    if (dest.size() >= 2 && dest.front() == '<' && dest.back() == '>') dest = dest.substr(1, dest.size() - 2);
    label = text::ascii_lower(text::clean_whitespace(t.substr(1, close - 1)));
    url = std::string(dest);
    return true;
}

/// "2104.14294v2" -> "2104.14294": DOIs and numbers name the paper, not a version.
std::string without_version(std::string_view id) {
    auto v = id.rfind('v');
    if (v == std::string_view::npos || v == 0 || v + 1 == id.size()) return std::string(id);
    if (id[v - 1] < '0' || id[v - 1] > '9') return std::string(id);
    for (char c : id.substr(v + 1))
        if (c < '0' || c > '9') return std::string(id);
    return std::string(id.substr(0, v));
}

enum class Column { other, title, paper, alias, venue, year, authors, code, link, keywords, notes };

Column classify_header(std::string_view header, const LinkKinds& kinds, std::string& role) {
    std::string key = label_key(header);
    auto is = [&](std::initializer_list<std::string_view> names) {
        return std::find(names.begin(), names.end(), key) != names.end();
    };
    if (is({"title", "paper title", "paper name", "name", "article", "work", "papers"})) return Column::title;
    if (key == "paper") return Column::paper;
    if (is({"alias", "method", "model", "abbr", "abbreviation", "short name", "short", "acronym", "nickname"}))
        return Column::alias;
    if (is({"venue", "conference", "conf", "journal", "published", "publication", "pub", "conference/journal",
            "published in", "where", "booktitle", "source", "proceedings", "venue/year"}))
        return Column::venue;
    if (is({"year", "date", "time", "published year", "pub year"})) return Column::year;
    if (is({"author", "authors", "first author"})) return Column::authors;
    if (is({"keywords", "keyword", "tags", "tag", "topic", "topics", "category", "categories"})) return Column::keywords;
    if (is({"note", "notes", "comment", "comments", "remark", "remarks", "description", "highlights", "tldr",
            "tl;dr", "summary", "contribution"}))
        return Column::notes;
    role = kinds.role_for_label(key);
    if (role == "code") return Column::code;
    if (!role.empty()) return Column::link;
    return Column::other;
}

/// Splits the items of a table row at its pipes.
std::vector<std::vector<Item>> split_cells(std::vector<Item> items, std::string_view line) {
    std::vector<std::vector<Item>> cells(1);
    for (auto& x : items) {
        if (x.kind == ItemKind::pipe) cells.emplace_back();
        else cells.back().push_back(std::move(x));
    }
    std::string_view t = text::trim(line);
    if (t.starts_with('|') && !cells.empty()) cells.erase(cells.begin());
    if (t.ends_with('|') && !t.ends_with("\\|") && !cells.empty()) cells.pop_back();
    return cells;
}

/// A table's header row, read once for all its rows.
struct TableHead {
    std::vector<Column> columns;
    std::vector<std::string> roles, headers;
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// A list item: its line, the lines that continue it, and its sub-items as a chain.
struct ListNode {
    std::size_t indent = 0;
    Line first;
    std::vector<Line> more;
    std::size_t first_child = kNone, last_child = kNone, next_sibling = kNone;
};

struct List {
    std::vector<ListNode> nodes;
    std::vector<std::size_t> roots, open;
    bool empty() const { return nodes.empty(); }
    std::size_t back_indent() const { return open.empty() ? 0 : nodes[open.back()].indent; }
    void continue_item(const Line& ln, std::string_view t, std::size_t ind) {
        // The deepest open item the line is indented under; lazily the last one.
        std::size_t target = open.back();
        for (auto it = open.rbegin(); it != open.rend(); ++it)
            if (ind > nodes[*it].indent) { target = *it; break; }
        nodes[target].more.push_back(Line{t, ln.offset + static_cast<std::size_t>(t.data() - ln.text.data()), ln.number});
    }
};

/// A block of the document whose records can be made on its own: a heading, a paragraph, one
/// top-level list item with its sub-items, or a table row. The block structure depends on the
/// lines only, so it is found in one quick pass; the blocks are then read in ordered batches.
struct Unit {
    enum class Kind : std::uint8_t { heading, paragraph, list_item, row };
    Kind kind = Kind::heading;
    int level = 0;               // heading
    std::string_view raw;        // heading: its text in the document ...
    std::string joined;          // ... or a setext heading's lines joined
    std::size_t offset = 0;      // heading
    std::vector<Line> lines;     // paragraph
    std::size_t index = 0;       // list_item: the list; row: the line
    std::size_t node = 0;        // list_item: its node; row: the table
};

/// What reading a block gives, in document order: records and what depends on the records
/// before them (headings, the description, ids, once-per-document notes) is settled in order.
struct Event {
    enum class Kind : std::uint8_t { heading, pseudo_heading, description, record, warning };
    Kind kind = Kind::heading;
    int level = 0;                   // heading
    std::uint32_t line = 0, column = 0;   // warning
    std::string text;                // heading title, description, warning message, or a record's unknown venue
    std::string alias;               // warning
    std::size_t record = 0;          // record: index in Batch::records
};

struct Batch {
    std::vector<Event> events;
    std::vector<Record> records;
};

/// Blocks per batch: enough work to be worth a hand-over, few enough to keep both cores busy.
constexpr std::size_t kUnitsPerBatch = 256;

/// The venue table and the link kinds as read from their files.
struct LoadedTables {
    VenueTable venues;
    LinkKinds kinds;
};

/// The tables of these files, read once per process and again only when a file changes (its
/// time or size): several inputs, or a host reading many lists, pay yaml-cpp's milliseconds once.
std::shared_ptr<const LoadedTables> shared_tables(const std::filesystem::path& venues, const std::filesystem::path& links) {
    struct Stamp {
        std::filesystem::path path;
        std::filesystem::file_time_type time;
        std::uintmax_t size = 0;
        bool operator==(const Stamp&) const = default;
    };
    auto stamp = [](const std::filesystem::path& p) {
        std::error_code ec;
        Stamp s{p, std::filesystem::last_write_time(p, ec), 0};
        s.size = std::filesystem::file_size(p, ec);
        return s;
    };
    static std::mutex mutex;
    static std::pair<Stamp, Stamp> cached_stamps;
    static std::shared_ptr<const LoadedTables> cached;
    const std::pair<Stamp, Stamp> stamps{stamp(venues), stamp(links)};
    std::lock_guard lock(mutex);
    if (cached && cached_stamps == stamps) return cached;
    cached = std::make_shared<const LoadedTables>(LoadedTables{VenueTable::load(venues), LinkKinds::load(links)});
    cached_stamps = stamps;
    return cached;
}

/// The venue table and the link kinds: loaded on a helper thread while the document's blocks
/// are found (when there are threads to spare), else at once.
class Tables {
public:
    Tables(const Context& ctx, bool background) : ctx_(ctx) {
        if (!background) {
            load();
            return;
        }
        loader_ = std::thread([this] {
            try {
                load();
            } catch (...) {
                error_ = std::current_exception();
            }
        });
    }
    ~Tables() {
        if (loader_.joinable()) loader_.join();
    }
    Tables(const Tables&) = delete;
    Tables& operator=(const Tables&) = delete;

    /// The entry parser; waits for the tables, and throws what loading them threw.
    const EntryParser& parser() {
        if (loader_.joinable()) loader_.join();
        if (error_) std::rethrow_exception(error_);
        return *parser_;
    }

private:
    void load() {
        tables_ = shared_tables(data_file(ctx_, ctx_.option("venues", "venues.yaml")),
                                data_file(ctx_, "markdown/links.yaml"));
        parser_.emplace(tables_->venues, tables_->kinds);
    }

    const Context& ctx_;
    std::shared_ptr<const LoadedTables> tables_;
    std::optional<EntryParser> parser_;
    std::thread loader_;
    std::exception_ptr error_;
};

class DocumentReader {
public:
    DocumentReader(const Context& ctx, ReadResult& out, Tables& tables, const ReadSplit& split)
        : ctx_(ctx), out_(out), data_(tables), split_(split) {}

    void run(std::string_view input) {
        load(input);
        collect_references();
        LineIndex index(doc_view_);
        index_ = &index;
        for (std::size_t i = 0; i < lines_.size(); ++i) i = line(i);
        flush();
        // Nothing is reported before the tables are there (a table that cannot be read is the
        // only error then).
        parser_ = &data_.parser();
        if (!repaired_.empty()) note_repairs(repaired_);
        read_units();
        if (!description_.empty()) {
            std::string d;
            for (const auto& p : description_) {
                if (!d.empty()) d += "\n\n";
                d += p;
            }
            out_.bibliography.description = std::move(d);
        }
        index_ = nullptr;
    }

private:
    // --- input -------------------------------------------------------------------------
    void load(std::string_view input) {
        if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);
        bool repair = ctx_.option("repair", "auto") != "off";
        std::vector<std::uint32_t> repaired;
        // The document is the input itself unless a line is repaired: then it is copied once,
        // with the repaired lines in place.
        std::string_view doc = input;
        std::uint32_t number = 0;
        std::size_t copied = 0;   // input bytes already in doc_
        if (repair) {
            for (std::size_t pos = 0; pos <= input.size();) {
                auto nl = input.find('\n', pos);
                std::size_t end = nl == std::string_view::npos ? input.size() : nl;
                std::string_view l = input.substr(pos, end - pos);
                if (l.ends_with('\r')) l.remove_suffix(1);
                ++number;
                std::string fixed;
                if (maybe_double_encoded(l) && repair_line(l, fixed)) {
                    repaired.push_back(number);
                    if (doc_.empty()) doc_.reserve(input.size() + input.size() / 8);
                    doc_.append(input.substr(copied, pos - copied));
                    doc_ += fixed;
                    doc_ += '\n';
                    copied = end == input.size() ? end : end + 1;
                }
                if (nl == std::string_view::npos) break;
                pos = nl + 1;
            }
        }
        if (!repaired.empty()) {
            doc_.append(input.substr(copied));
            doc = doc_;
        }
        doc_view_ = doc;
        lines_.reserve(doc.size() / 48 + 16);
        std::size_t start = 0;
        number = 0;
        for (std::size_t i = doc.find('\n'); start <= doc.size(); i = doc.find('\n', start)) {
            std::size_t e = i == std::string_view::npos ? doc.size() : i;
            std::string_view text = doc.substr(start, e - start);
            if (text.ends_with('\r')) text.remove_suffix(1);
            if (i != std::string_view::npos || !text.empty()) lines_.push_back(Line{text, start, ++number});
            if (i == std::string_view::npos) break;
            start = i + 1;
        }
        repaired_ = std::move(repaired);
    }

    /// Text that was UTF-8, decoded as Windows-1252 and encoded again has each lead byte of the
    /// original (0xC2..0xF4) as "Â".."ô" (0xC3 0x82..0xB4), followed by a continuation byte's
    /// character: 0xA0..0xBF as 0xC2 xx, 0x80..0x9F as one of the Windows-1252 punctuation
    /// characters (0xC5, 0xC6, 0xCB or 0xE2 lead bytes). Only such lines are worth the full check;
    /// correct Latin text ("é " is 0xC3 0xA9 0x20) is not.
    static bool maybe_double_encoded(std::string_view l) {
        for (std::size_t at = l.find('\xC3'); at != std::string_view::npos && at + 2 < l.size();
             at = l.find('\xC3', at + 1)) {
            auto second = static_cast<unsigned char>(l[at + 1]), third = static_cast<unsigned char>(l[at + 2]);
            if (second >= 0x82 && second <= 0xB4 &&
                (third == 0xC2 || third == 0xC5 || third == 0xC6 || third == 0xCB || third == 0xE2))
                return true;
        }
        return false;
    }

    /// Undoes double (or triple) encoding of one line.
    static bool repair_line(std::string_view l, std::string& fixed) {
        std::string current(l), next;
        bool any = false;
        for (int round = 0; round < 3 && text::repair_mojibake(current, next); ++round) {
            current.swap(next);
            any = true;
        }
        if (any) fixed = std::move(current);
        return any;
    }

    void note_repairs(const std::vector<std::uint32_t>& lines) {
        std::string list;
        for (std::size_t i = 0; i < lines.size() && i < 12; ++i) list += (i ? ", " : "") + std::to_string(lines[i]);
        if (lines.size() > 12) list += ", ...";
        out_.diagnostics.note(lines.front(), 0,
                              "repaired double-encoded UTF-8 (text decoded as Windows-1252 and encoded again) on " +
                                  std::to_string(lines.size()) + (lines.size() == 1 ? " line: " : " lines: ") + list,
                              {}, "repair.mojibake");
    }

    // --- blocks ------------------------------------------------------------------------
    /// Handles line i; returns the index of the last line it used.
    std::size_t line(std::size_t i) {
        const Line& ln = lines_[i];
        std::string_view t = skip_indent(ln.text);
        std::size_t ind = indent_of(ln.text);
        if (fence_) {
            if (t.starts_with(fence_marker_)) fence_ = false;
            return i;
        }
        if (comment_) {
            if (ln.text.find("-->") != std::string_view::npos) comment_ = false;
            return i;
        }
        if (blank(t)) {
            flush_paragraph();
            blank_before_ = true;
            return i;
        }
        bool after_blank = blank_before_;
        blank_before_ = false;
        // What most lines of a list are: an item ("- ...") or a line under one, none of the
        // block constructs below (their first characters are none of these).
        auto may_start_block = [](char c) {
            return c == '`' || c == '~' || c == '<' || c == '[' || c == '#' || c == '=' || c == '-' || c == '*' ||
                   c == '_';
        };
        const bool maybe_block = may_start_block(t.front()) || may_start_block(text::trim(t).front()) ||
                                 t.find('|') != std::string_view::npos;
        if (maybe_block) {
            const char first = t.front();
            if (ind < 4 && (first == '`' || first == '~') && (t.starts_with("```") || t.starts_with("~~~"))) {
                flush();
                fence_ = true;
                fence_marker_ = std::string(t.substr(0, 3));
                return i;
            }
            if (first == '<' && t.starts_with("<!--") && t.find("-->") == std::string_view::npos) {
                comment_ = true;
                return i;
            }
            std::string label, url;
            if (ind < 4 && first == '[' && reference_definition(t, label, url)) return i;
            std::string_view heading_text;
            if (int level = ind < 4 ? atx_heading(t, heading_text) : 0) {
                flush();
                heading(level, heading_text, offset_in(ln, heading_text));
                return i;
            }
            if (ind < 4 && !para_.empty() && list_.empty() &&
                (text::trim(t).find_first_not_of('=') == std::string_view::npos ||
                 (text::trim(t).find_first_not_of('-') == std::string_view::npos && text::trim(t).size() >= 2))) {
                setext(t[0] == '=' ? 1 : 2);   // "Title\n====="
                return i;
            }
            if (ind < 4 && thematic_break(t)) {
                flush();
                return i;
            }
            if (t.find('|') != std::string_view::npos && i + 1 < lines_.size() && table_delimiter(lines_[i + 1].text)) {
                flush();
                return table(i);
            }
        }
        if (std::size_t marker = list_marker(t)) {
            flush_paragraph();
            list_item(ln, ind, t.substr(marker));
            return i;
        }
        if (!list_.empty() && (!after_blank || ind > list_.back_indent())) {
            list_.continue_item(ln, t, ind);
            return i;
        }
        flush_list();
        para_.push_back(Line{t, offset_in(ln, t), ln.number});
        return i;
    }

    static std::size_t offset_in(const Line& ln, std::string_view part) {
        return ln.offset + static_cast<std::size_t>(part.data() - ln.text.data());
    }

    void flush() {
        flush_paragraph();
        flush_list();
    }

    void heading(int level, std::string_view raw, std::size_t offset) {
        Unit u;
        u.kind = Unit::Kind::heading;
        u.level = level;
        u.raw = raw;
        u.offset = offset;
        units_.push_back(std::move(u));
    }

    void setext(int level) {
        Unit u;
        u.kind = Unit::Kind::heading;
        u.level = level;
        for (const auto& l : para_) {
            u.joined += l.text;
            u.joined += ' ';
        }
        u.offset = para_.front().offset;
        para_.clear();
        units_.push_back(std::move(u));
    }

    void flush_paragraph() {
        if (para_.empty()) return;
        Unit u;
        u.kind = Unit::Kind::paragraph;
        u.lines.swap(para_);
        units_.push_back(std::move(u));
    }

    void list_item(const Line& ln, std::size_t ind, std::string_view content) {
        while (!list_.open.empty() && ind <= list_.nodes[list_.open.back()].indent) list_.open.pop_back();
        std::size_t id = list_.nodes.size();
        list_.nodes.push_back(ListNode{ind, Line{content, offset_in(ln, content), ln.number}, {}, kNone, kNone, kNone});
        if (list_.open.empty()) {
            list_.roots.push_back(id);
        } else {
            ListNode& parent = list_.nodes[list_.open.back()];
            if (parent.last_child == kNone) parent.first_child = id;
            else list_.nodes[parent.last_child].next_sibling = id;
            parent.last_child = id;
        }
        list_.open.push_back(id);
    }

    void flush_list() {
        if (list_.empty()) return;
        const std::size_t index = lists_.size();
        for (std::size_t root : list_.roots) {
            Unit u;
            u.kind = Unit::Kind::list_item;
            u.index = index;
            u.node = root;
            units_.push_back(std::move(u));
        }
        lists_.push_back(std::move(list_));
        list_ = List{};
    }

    std::size_t table(std::size_t i) {
        const Line& head = lines_[i];
        auto header_cells = split_cells(parse_inline(head.text, head.offset, &refs_), head.text);
        TableHead t;
        bool has_title = false;
        for (const auto& cell : header_cells) {
            std::string role;
            t.headers.push_back(plain_text(cell, 0, cell.size()));
            t.columns.push_back(classify_header(t.headers.back(), data_.parser().kinds(), role));
            t.roles.push_back(role);
            has_title |= t.columns.back() == Column::title;
        }
        // "Paper" is the title column unless the table has one; then it holds links.
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.columns[c] != Column::paper) continue;
            t.columns[c] = has_title ? Column::link : Column::title;
            t.roles[c] = "paper";
            has_title = true;
        }
        const std::size_t table_index = tables_.size();
        tables_.push_back(std::move(t));
        std::size_t last = i + 1;
        for (std::size_t r = i + 2; r < lines_.size(); ++r) {
            std::string_view text = lines_[r].text;
            if (blank(text) || text.find('|') == std::string_view::npos) break;
            last = r;
            if (!has_title) continue;
            Unit u;
            u.kind = Unit::Kind::row;
            u.index = r;
            u.node = table_index;
            units_.push_back(std::move(u));
        }
        return last;
    }

    // --- reading the blocks ------------------------------------------------------------
    /// Reads the blocks in ordered batches (on worker threads when there are several) and
    /// settles their events here, in document order.
    void read_units() {
        const std::size_t per_batch = split_.units_per_batch ? split_.units_per_batch : kUnitsPerBatch;
        const std::size_t n = units_.size();
        const std::size_t batches = (n + per_batch - 1) / per_batch;
        std::size_t possible_records = 0;
        for (const auto& u : units_) possible_records += u.kind != Unit::Kind::heading;
        out_.bibliography.records.reserve(possible_records);
        const unsigned workers = batches < 2 ? 0 : split_.workers;
        ordered_batches<Batch>(
            batches, workers,
            [&](std::size_t b) {
                Batch batch;
                const std::size_t end = std::min(n, (b + 1) * per_batch);
                for (std::size_t k = b * per_batch; k < end; ++k) read_unit(units_[k], batch);
                return batch;
            },
            [&](Batch& batch) {
                for (auto& e : batch.events) settle(e, batch);
                return true;
            });
    }

    void read_unit(const Unit& u, Batch& b) const {
        switch (u.kind) {
            case Unit::Kind::heading: {
                std::string_view raw = u.raw.data() ? u.raw : text::trim(u.joined);
                auto items = parse_inline(raw, u.offset, &refs_);
                Event e;
                e.kind = Event::Kind::heading;
                e.level = u.level;
                e.text = plain_text(items, 0, items.size());
                b.events.push_back(std::move(e));
                break;
            }
            case Unit::Kind::paragraph: read_paragraph(u.lines, b); break;
            case Unit::Kind::list_item: list_node(lists_[u.index], u.node, b); break;
            case Unit::Kind::row: table_row(lines_[u.index], tables_[u.node], b); break;
        }
    }

    /// Settles one event in document order.
    void settle(Event& e, Batch& b) {
        auto& records = out_.bibliography.records;
        switch (e.kind) {
            case Event::Kind::heading:
                if (!title_taken_ && headings_.empty() && e.level == 1 && records.empty()) {
                    // The document's own title, not a section.
                    out_.bibliography.title = std::move(e.text);
                    title_taken_ = true;
                    return;
                }
                title_taken_ = true;
                while (!headings_.empty() && (headings_.back().pseudo || headings_.back().level >= e.level * 2))
                    headings_.pop_back();
                headings_.push_back(Heading{e.level * 2, std::move(e.text), false});
                update_trail();
                return;
            case Event::Kind::pseudo_heading: {
                while (!headings_.empty() && headings_.back().pseudo) headings_.pop_back();
                int level = headings_.empty() ? 1 : headings_.back().level + 1;
                headings_.push_back(Heading{level, std::move(e.text), true});
                update_trail();
                return;
            }
            case Event::Kind::description:
                if (records.empty()) description_.push_back(std::move(e.text));
                return;
            case Event::Kind::warning:
                out_.diagnostics.warning(e.line, e.column, std::move(e.text), std::move(e.alias), "skip");
                return;
            case Event::Kind::record: {
                Record& r = b.records[e.record];
                if (!e.text.empty() && unknown_venues_.insert(e.text).second) {   // one note per distinct name
                    out_.diagnostics.note(r.source_line, 0,
                                          "venue '" + e.text + "' is not in the venue table; kept as written (add it to " +
                                              "venues.yaml for its full name)",
                                          r.alias, "venue.unknown");
                }
                r.sections = trail_;
                r.id = unique_id(r.alias);
                records.push_back(std::move(r));
                return;
            }
        }
    }

    // --- headings ----------------------------------------------------------------------
    struct Heading {
        int level;          // twice the Markdown level; pseudo-headings sit in between
        std::string text;
        bool pseudo;
    };

    /// The heading trail, kept with the headings (every record under them gets a copy).
    void update_trail() {
        trail_.clear();
        for (const auto& h : headings_) trail_.push_back(h.text);
        out_.bibliography.sections.push_back(trail_);
    }

    // --- paragraphs --------------------------------------------------------------------
    std::vector<Item> items_of(const Line& line) const {
        std::string_view t = line.text;
        // A hard break written as a trailing backslash.
        if (t.ends_with('\\')) t.remove_suffix(1);
        return parse_inline(t, line.offset, &refs_);
    }

    std::vector<Item> items_of(const ListNode& node) const {
        if (node.more.empty()) return items_of(node.first);
        std::vector<Line> lines;
        lines.reserve(node.more.size() + 1);
        lines.push_back(node.first);
        lines.insert(lines.end(), node.more.begin(), node.more.end());
        return items_of(lines);
    }

    std::vector<Item> items_of(const std::vector<Line>& lines) const {
        if (lines.size() == 1) return items_of(lines[0]);
        std::vector<Item> items;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            std::string_view t = lines[k].text;
            // A hard break written as a trailing backslash.
            if (t.ends_with('\\')) t.remove_suffix(1);
            if (k) items.push_back(Item{.kind = ItemKind::line_break, .offset = lines[k].offset});
            auto line_items = parse_inline(t, lines[k].offset, &refs_);
            items.insert(items.end(), std::make_move_iterator(line_items.begin()), std::make_move_iterator(line_items.end()));
        }
        return items;
    }

    void read_paragraph(const std::vector<Line>& lines, Batch& b) const {
        auto items = items_of(lines);
        // "**2023**" alone: a heading written in bold.
        const Item* only = nullptr;
        std::size_t content = 0;
        for (const auto& x : items) {
            if (x.kind == ItemKind::text && text::trim(x.text).empty()) continue;
            if (++content == 1) only = &x;
        }
        if (content == 1 && only->kind == ItemKind::strong && only->text.size() <= 80) {
            std::string title = normalized(only->text);
            while (!title.empty() && title.back() == ':') title.pop_back();
            Event e;
            e.kind = Event::Kind::pseudo_heading;
            e.text = std::move(title);
            b.events.push_back(std::move(e));
            return;
        }
        Entry e = parser_->parse(std::move(items), EntryStyle::paragraph);
        if (e.is_record()) {
            emit(e, lines.front().number, b);
            return;
        }
        if (e.entry_like) {
            cannot_read(e, b);
            return;
        }
        Event d;
        d.kind = Event::Kind::description;
        for (const auto& l : lines) {
            if (!d.text.empty()) d.text += '\n';
            d.text += text::trim(l.text);
        }
        b.events.push_back(std::move(d));
    }

    // --- lists -------------------------------------------------------------------------
    void list_node(const List& list, std::size_t id, Batch& b) const {
        const ListNode& node = list.nodes[id];
        auto items = items_of(node);
        Entry e = parser_->parse(std::move(items), EntryStyle::list_item);
        std::vector<std::size_t> separate;
        if (e.is_record()) {
            // Sub-items are details of this entry (an author line, a venue) unless they are papers.
            for (std::size_t child = node.first_child; child != kNone; child = list.nodes[child].next_sibling) {
                auto child_items = items_of(list.nodes[child]);
                // Only a line with a link can be a paper of its own (an author line has none).
                bool linked = std::any_of(child_items.begin(), child_items.end(),
                                          [](const Item& x) { return x.kind == ItemKind::link; });
                if (linked) {
                    Entry c = parser_->parse(child_items, EntryStyle::list_item);
                    if (c.is_record() && !c.links.empty()) {
                        separate.push_back(child);
                        continue;
                    }
                }
                add_details(list, child, e, std::move(child_items));
            }
            emit(e, node.first.number, b);
        } else {
            if (e.entry_like) cannot_read(e, b);
            for (std::size_t child = node.first_child; child != kNone; child = list.nodes[child].next_sibling)
                separate.push_back(child);
        }
        for (std::size_t child : separate) list_node(list, child, b);
    }

    void add_details(const List& list, std::size_t id, Entry& e, std::vector<Item> items) const {
        parser_->add_details(e, std::move(items));
        for (std::size_t child = list.nodes[id].first_child; child != kNone; child = list.nodes[child].next_sibling)
            add_details(list, child, e, items_of(list.nodes[child]));
    }

    // --- tables ------------------------------------------------------------------------
    void table_row(const Line& ln, const TableHead& head, Batch& b) const {
        const auto& columns = head.columns;
        const auto& roles = head.roles;
        const auto& headers = head.headers;
        auto cells = split_cells(parse_inline(ln.text, ln.offset, &refs_), ln.text);
        std::size_t title_col = std::find(columns.begin(), columns.end(), Column::title) - columns.begin();
        Entry e;
        std::size_t title_offset = ln.offset;
        if (title_col < cells.size()) {
            e = parser_->parse(cells[title_col], EntryStyle::cell);
            if (!cells[title_col].empty()) title_offset = cells[title_col].front().offset;
        }
        e.entry_like = true;
        int year = 0;
        std::vector<std::string> keywords;
        std::vector<std::pair<std::string, std::string>> extra;
        bool any = !e.title.empty();
        for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
            if (c == title_col) continue;
            const auto& cell = cells[c];
            std::string value = plain_text(cell, 0, cell.size());
            any |= !value.empty() || !cell.empty();
            switch (columns[c]) {
                case Column::alias: {
                    std::string_view a = text::trim(value);
                    if (a.size() >= 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
                    std::string alias(a);
                    e.highlight |= strip_stars(alias);
                    if (!text::trim(alias).empty()) e.alias = normalized(alias);
                    break;
                }
                case Column::venue:
                    // A cell of dashes or punctuation ("---", "-") says "no venue".
                    if (std::none_of(value.begin(), value.end(), [](char ch) {
                            return std::isalnum(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80;
                        }))
                        break;
                    if (auto tag = parse_venue_tag(value, parser_->venues(), false)) e.venue = tag;
                    else e.venue = VenueTag{value, 0};
                    break;
                case Column::year: {
                    std::string_view y = text::trim(value);
                    if (y.size() >= 4 && y.substr(0, 4).find_first_not_of("0123456789") == std::string_view::npos)
                        year = std::stoi(std::string(y.substr(0, 4)));
                    break;
                }
                case Column::authors: if (!value.empty()) e.authors = value; break;
                case Column::code:
                case Column::link:
                    for (const auto& x : cell) {
                        if (x.kind != ItemKind::link) continue;
                        auto l = parser_->typed_link(x);
                        if (!l) continue;
                        // The column says what its links are unless a link's own label is specific.
                        std::string column_role = columns[c] == Column::code ? "code" : roles[c];
                        if (l->role == "link" || l->role == "paper" || (!parser_->is_label_link(x))) {
                            if (l->role != column_role && l->label.empty() && parser_->is_label_link(x) &&
                                !text::trim(x.text).empty() && x.text != x.url)
                                l->label = std::string(text::trim(x.text));
                            l->role = column_role;
                        }
                        e.links.push_back(std::move(*l));
                    }
                    break;
                case Column::keywords:
                    for (std::size_t p = 0; p < value.size();) {
                        auto comma = value.find_first_of(",;", p);
                        std::string k = normalized(value.substr(p, comma == std::string::npos ? std::string::npos : comma - p));
                        if (!k.empty()) keywords.push_back(std::move(k));
                        if (comma == std::string::npos) break;
                        p = comma + 1;
                    }
                    break;
                case Column::notes: if (!value.empty()) e.notes.push_back(value); break;
                case Column::other: if (!value.empty()) extra.emplace_back("markdown." + headers[c], value); break;
                case Column::title:
                case Column::paper: break;
            }
        }
        if (year) {
            if (!e.venue) e.venue = VenueTag{{}, year};
            else if (e.venue->year == 0) e.venue->year = year;
        }
        if (!any) return;
        if (e.title.empty()) {
            warn(title_offset,
                 "expected a paper title in column '" +
                     (title_col < headers.size() ? headers[title_col] : std::string("title")) + "'; row skipped",
                 e.alias, b);
            return;
        }
        Record& r = emit(e, ln.number, b);
        r.keywords = std::move(keywords);
        for (auto& x : extra) r.extra.push_back(std::move(x));
    }

    // --- records -----------------------------------------------------------------------
    void warn(std::size_t offset, std::string message, const std::string& alias, Batch& b) const {
        Event w;
        w.kind = Event::Kind::warning;
        w.line = index_->line(offset);
        w.column = index_->column(offset);
        w.text = std::move(message);
        w.alias = alias;
        b.events.push_back(std::move(w));
    }

    void cannot_read(const Entry& e, Batch& b) const {
        std::string msg = !e.alias.empty() ? "expected a paper title after '**[" + e.alias + "]**'; entry skipped"
                                           : "expected a paper title in this entry (it has a venue tag or a paper link); entry skipped";
        warn(e.title_offset ? e.title_offset : e.offset, std::move(msg), e.alias, b);
    }

    /// Makes the record of an entry (taking its title, links and notes); its heading trail and
    /// id are given when it is settled.
    Record& emit(Entry& e, std::uint32_t line, Batch& b) const {
        Event ev;
        ev.kind = Event::Kind::record;
        ev.record = b.records.size();
        Record& r = b.records.emplace_back();
        r.source_line = line;
        r.alias = e.alias;
        r.highlight = e.highlight;
        r.fields.reserve(8);
        r.set("title", std::move(e.title));
        r.links = std::move(e.links);
        r.notes = std::move(e.notes);
        set_identifiers(r, e);
        set_venue(r, e, ev.text);
        if (!e.type.empty()) r.type = e.type;
        set_authors(r, e.authors);
        b.events.push_back(std::move(ev));
        return r;
    }

    static void set_identifiers(Record& r, const Entry& e) {
        // The URL: a link written as "[URL](...)", else the first paper (else pdf) link.
        std::string_view url = e.field_url;
        for (std::string_view role : {"paper", "pdf"}) {
            if (!url.empty()) break;
            for (const auto& l : r.links)
                if (l.role == role && l.url.find("://") != std::string::npos) { url = l.url; break; }
        }
        r.set("URL", std::string(url));
        // The arXiv id: "[arXiv:ID](...)", the paper link, then any arXiv link, then a badge.
        std::string id = !e.field_arxiv.empty() ? e.field_arxiv : arxiv_id_from_url(url);
        for (const auto& l : r.links) {
            if (!id.empty()) break;
            id = arxiv_id_from_url(l.url);
        }
        bool from_badge = id.empty() && !e.badge_arxiv.empty();
        if (from_badge) id = e.badge_arxiv;
        r.arxiv = id;
        // Only a badge names the paper: its abstract page is the paper's link.
        if (url.empty() && from_badge) {
            r.set("URL", "https://arxiv.org/abs/" + id);
            r.links.insert(r.links.begin(), Link{"paper", "https://arxiv.org/abs/" + id, {}});
        }
        std::string doi = e.field_doi;
        for (const auto& l : r.links) {
            if (!doi.empty()) break;
            doi = doi_from_url(l.url);
        }
        if (!doi.empty()) {
            r.set("DOI", doi);
            if (r.arxiv.empty()) r.arxiv = arxiv_id_from_doi(doi);
        }
    }

    /// Sets the venue's fields; a name the table does not know goes to `unknown` (noted once
    /// per document when the record is settled).
    void set_venue(Record& r, const Entry& e, std::string& unknown) const {
        r.type = "article";
        if (!e.venue) return;
        const VenueTag& tag = *e.venue;
        if (tag.year) r.date_for("issued").parts = {{tag.year}};
        if (tag.name.empty()) return;
        if (const Venue* v = parser_->venues().find(tag.name)) {
            VenueTable::apply(*v, tag.year, r);
            if (v->is_arxiv && !r.arxiv.empty()) {
                std::string bare = without_version(r.arxiv);
                r.set("number", "arXiv:" + bare);
                if (!r.has("DOI")) r.set("DOI", "10.48550/arXiv." + bare);
            }
            return;
        }
        // Not in the table: kept as written, so that a reference manager shows it.
        r.type = VenueTable::unknown_venue_type(tag.name);
        r.set("container-title", tag.name);
        r.set("container-title-short", tag.name);
        unknown = tag.name;
    }

    static void set_authors(Record& r, std::string_view raw) {
        std::string t;
        std::string_view v = normal_view(raw, t);
        if (v.empty()) return;
        bool others = false;
        for (std::string_view tail : {"et al.", "et al", "and others", "etc."}) {
            if (v.ends_with(tail)) {
                v.remove_suffix(tail.size());
                others = true;
                break;
            }
        }
        while (!v.empty() && (v.back() == ' ' || v.back() == ',')) v.remove_suffix(1);
        if (v.starts_with("by ") || v.starts_with("By ")) v.remove_prefix(3);
        auto& list = r.names_for("author");
        if (!v.empty()) {
            if (auto plain = plain_name_list(v)) list = std::move(*plain);
            else list = names::parse_name_list(v);
        }
        if (others && (list.empty() || !list.back().is_others())) list.push_back(names::others());
    }

    /// A unique id: the alias (else "item<n>"), with "-2", "-3"... when taken. One table holds
    /// every id given and, for an id used as a base, the next suffix to try (so that many
    /// repeats of one alias stay linear).
    std::string unique_id(const std::string& alias) {
        std::string base = alias.empty() ? "item" + std::to_string(out_.bibliography.records.size() + 1) : alias;
        auto [it, fresh] = ids_.try_emplace(base, 0);
        if (fresh) return base;
        int& n = it->second;
        for (;;) {
            if (n < 2) n = 2;
            std::string id = base + "-" + std::to_string(n);
            ++n;
            if (ids_.try_emplace(id, 0).second) return id;
        }
    }

    const Context& ctx_;
    ReadResult& out_;
    Tables& data_;
    const EntryParser* parser_ = nullptr;   // once the tables are there
    std::vector<std::uint32_t> repaired_;   // lines whose double encoding was undone
    const ReadSplit& split_;
    const LineIndex* index_ = nullptr;
    std::string doc_;             // the input with repaired lines, when any line was repaired
    std::string_view doc_view_;   // the document: the input itself, or doc_
    std::vector<Line> lines_;
    References refs_;
    std::vector<Unit> units_;
    std::vector<List> lists_;
    std::vector<TableHead> tables_;
    List list_;
    std::vector<Heading> headings_;
    std::vector<std::string> trail_;
    std::vector<Line> para_;
    std::vector<std::string> description_;
    std::unordered_set<std::string> unknown_venues_;
    std::unordered_map<std::string, int> ids_;   // id -> next suffix when it is a base
    bool title_taken_ = false, fence_ = false, comment_ = false, blank_before_ = false;
    std::string fence_marker_;

    void collect_references() {
        for (const auto& ln : lines_) {
            std::string label, url;
            if (reference_definition(ln.text, label, url)) refs_.emplace_back(std::move(label), std::move(url));
        }
    }
};

}  // namespace

int MarkdownReader::probe(std::string_view head) const noexcept {
    std::string_view t = text::trim(head);
    if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
    if (t.empty() || t[0] == '@' || t[0] == '{' || t[0] == '[' || t[0] == '<' || t.starts_with("TY  -") ||
        t.starts_with("%"))
        return 0;
    int score = 0;
    if (t.starts_with("# ") || head.find("\n# ") != std::string_view::npos || head.find("\n## ") != std::string_view::npos)
        score += 30;
    if (head.find("\n- ") != std::string_view::npos || head.find("\n* ") != std::string_view::npos) score += 10;
    if (head.find("](http") != std::string_view::npos) score += 20;
    if (head.find("- **[") != std::string_view::npos) score += 30;
    if (head.find("\n|") != std::string_view::npos && head.find("---") != std::string_view::npos) score += 10;
    return std::min(score, 90);
}

void read_markdown(std::string_view input, const Context& ctx, ReadResult& out, const ReadSplit& split) {
    Tables tables(ctx, split.workers > 0);
    DocumentReader reader(ctx, out, tables, split);
    reader.run(input);
}

void MarkdownReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    ReadSplit split;
    split.workers = std::thread::hardware_concurrency() < 2 ? 0 : 2;
    read_markdown(input, ctx, out, split);
}

}  // namespace bibport::plugins::markdown
