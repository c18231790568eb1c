// SPDX-License-Identifier: MIT
#include "bibtex_syntax.hpp"

#include <bibport/text.hpp>

#include <optional>
#include <unordered_map>

namespace bibport::plugins::bibtex {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// BibTeX's identifier characters: anything printable but white space and "#%'(),={}.
bool is_ident(char c) noexcept {
    switch (c) {
        case '"': case '#': case '%': case '\'': case '(': case ')': case ',': case '=':
        case '{': case '}': case '@':
            return false;
        default:
            return !is_space(c) && static_cast<unsigned char>(c) > ' ';
    }
}

bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// A 256-entry membership table for the scanning loops.
struct ByteSet {
    bool has[256] = {};
    constexpr explicit ByteSet(std::string_view chars) {
        for (char c : chars) has[static_cast<unsigned char>(c)] = true;
    }
    bool operator()(char c) const noexcept { return has[static_cast<unsigned char>(c)]; }
};
// What ends a run of ordinary text inside a braced or a quoted value.
constexpr ByteSet kBracedStops("{}\\\n");
constexpr ByteSet kQuotedStops("{}\\\n\"");

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

/// A syntax error at a byte offset, thrown inside the parser and turned into a diagnostic.
struct SyntaxError {
    std::size_t offset;
    std::string message;
};

class Parser {
public:
    Parser(std::string_view s, RawFile& file, Diagnostics* diagnostics)
        : s_(s), file_(file), diag_(diagnostics) {}

    void run() {
        // key (any case) -> line: views into the input, compared ignoring case
        std::unordered_map<std::string_view, std::uint32_t, IcaseHash, IcaseEqual> seen;
        while (pos_ < s_.size()) {
            std::size_t at = s_.find('@', pos_);
            if (at == std::string_view::npos) break;
            pos_ = at;
            if (commented_out(at)) {   // "% @article{...": a commented-out entry (biber, pandoc)
                pos_ = at + 1;
                continue;
            }
            RawEntry entry;
            std::size_t pieces_before = file_.pieces.size();
            try {
                if (!item(entry)) continue;
            } catch (const SyntaxError& e) {
                file_.pieces.resize(pieces_before);
                report(e, entry);
                resync(at, e.offset);
                continue;
            }
            if (entry.type_key.empty()) continue;   // @string, @preamble, @comment
            auto [it, inserted] = seen.emplace(entry.key, entry.line);
            if (!inserted && diag_) {
                auto [line, col] = position(entry.offset);
                diag_->warning(line, col,
                               "duplicate key '" + std::string(entry.key) + "' (first defined at line " +
                                   std::to_string(it->second) + ")",
                               std::string(entry.key), "duplicate-key");
            }
            file_.entries.push_back(std::move(entry));
        }
    }

    /// Parses s_ as one value expression (for expand_expression).
    bool expression_only(std::uint32_t& first, std::uint32_t& count, bool& macro) {
        try {
            skip_space();
            std::string_view e = value(first, count, macro, "value", pos_);
            (void)e;
            skip_space();
            return pos_ == s_.size();
        } catch (const SyntaxError&) {
            return false;
        }
    }

private:
    // --- positions and diagnostics ----------------------------------------------------------

    std::uint32_t line_of(std::size_t offset) {
        // Entries come in order, so counting forward from the last position is enough.
        if (offset < line_pos_) { line_pos_ = 0; line_no_ = 1; }
        for (std::size_t i = line_pos_; i < offset; ++i) line_no_ += s_[i] == '\n';
        line_pos_ = offset;
        return line_no_;
    }

    std::pair<std::uint32_t, std::uint32_t> position(std::size_t offset) {
        if (!index_) index_.emplace(s_);
        return {index_->line(offset), index_->column(offset)};
    }

    void report(const SyntaxError& e, const RawEntry& entry) {
        if (!diag_) return;
        auto [line, col] = position(std::min(e.offset, s_.size()));
        std::string key(entry.key);
        std::string msg = e.message;
        if (!entry.type.empty() && !entry.type_key.empty())
            msg += "; skipped @" + std::string(entry.type) + " entry starting at line " + std::to_string(entry.line);
        diag_->skip(line, col, std::move(msg), std::move(key));
    }

    /// After an error in the item at `start`: continue at the next '@' that begins a line
    /// (after white space), else at the next '@' after the error.
    void resync(std::size_t start, std::size_t error_at) {
        for (std::size_t at = s_.find('@', start + 1); at != std::string_view::npos; at = s_.find('@', at + 1)) {
            if (at_line_start(at)) { pos_ = at; return; }
        }
        std::size_t at = s_.find('@', std::max(start + 1, error_at));
        pos_ = at == std::string_view::npos ? s_.size() : at;
    }

    /// True when the line of `at` starts with '%' (after white space) before `at`.
    bool commented_out(std::size_t at) const noexcept {
        std::size_t b = at;
        while (b > 0 && s_[b - 1] != '\n' && s_[b - 1] != '\r') --b;
        while (b < at && (s_[b] == ' ' || s_[b] == '\t')) ++b;
        return b < at && s_[b] == '%';
    }

    bool at_line_start(std::size_t at) const noexcept {
        while (at > 0 && (s_[at - 1] == ' ' || s_[at - 1] == '\t')) --at;
        return at == 0 || s_[at - 1] == '\n' || s_[at - 1] == '\r';
    }

    /// True when a line starting at `p` (after a newline) begins a new entry: "@word{".
    /// Used to stop an unclosed value from swallowing the entries after it.
    bool entry_starts(std::size_t p) const noexcept {
        while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) ++p;
        if (p >= s_.size() || s_[p] != '@') return false;
        ++p;
        std::size_t b = p;
        while (p < s_.size() && is_letter(s_[p])) ++p;
        if (p == b) return false;
        while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) ++p;
        return p < s_.size() && (s_[p] == '{' || s_[p] == '(');
    }

    [[noreturn]] void fail(std::size_t offset, std::string message) {
        throw SyntaxError{offset, std::move(message)};
    }

    // --- lexing ------------------------------------------------------------------------------

    void skip_space() {
        while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    }

    // Inside entries '%' starts a comment to the end of the line (biber and pandoc read
    // files that comment out fields this way; plain BibTeX would fail on them).
    void skip_space_and_comments() {
        for (;;) {
            skip_space();
            if (pos_ < s_.size() && s_[pos_] == '%') {
                while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
                continue;
            }
            return;
        }
    }

    std::string_view identifier() {
        std::size_t b = pos_;
        while (pos_ < s_.size() && is_ident(s_[pos_])) ++pos_;
        return s_.substr(b, pos_ - b);
    }

    std::string describe_here() const {
        if (pos_ >= s_.size()) return "end of input";
        char c = s_[pos_];
        if (c == '\n' || c == '\r') return "end of line";
        std::size_t p = pos_;
        text::next_code_point(s_, p);
        return "'" + std::string(s_.substr(pos_, p - pos_)) + "'";
    }

    // --- grammar -----------------------------------------------------------------------------

    /// One '@' item. Returns false when the '@' turned out to be plain text between entries.
    bool item(RawEntry& entry) {
        std::size_t at = pos_;
        ++pos_;
        skip_space();
        std::string_view type = identifier();
        skip_space();
        if (type.empty() || pos_ >= s_.size() || (s_[pos_] != '{' && s_[pos_] != '(')) {
            // "@" in text between entries (an e-mail address, a remark): not an item.
            if (at_line_start(at) && !type.empty() && diag_) {
                auto [line, col] = position(at);
                diag_->warning(line, col, "'@" + std::string(type) + "' is not followed by '{' or '('; ignored as text");
            }
            pos_ = at + 1;
            return false;
        }
        std::string_view tkey = file_.lower_name(type);
        char open = s_[pos_];
        char close = open == '{' ? '}' : ')';
        std::size_t open_at = pos_;
        ++pos_;
        entry.offset = at;
        entry.line = line_of(at);
        if (tkey == "comment") {
            skip_group(open_at, close);
            return true;
        }
        if (tkey == "preamble") {
            skip_space_and_comments();
            std::uint32_t first, count;
            bool macro;
            std::string_view e = value(first, count, macro, "@preamble", open_at);
            file_.preambles.emplace_back(e);
            finish_item(close, open_at, "@preamble");
            return true;
        }
        if (tkey == "string") {
            string_definition(close, open_at);
            return true;
        }
        entry.type = type;
        entry.type_key = tkey;
        entry_body(entry, close, open_at);
        entry.source = s_.substr(at, pos_ - at);
        return true;
    }

    void skip_group(std::size_t open_at, char close) {
        int depth = 1;
        char open = s_[open_at];
        for (; pos_ < s_.size(); ++pos_) {
            char c = s_[pos_];
            if (c == open) ++depth;
            else if (c == close && --depth == 0) { ++pos_; return; }
        }
        fail(open_at, std::string("expected '") + close + "' to close @comment");
    }

    void finish_item(char close, std::size_t open_at, std::string_view what) {
        skip_space_and_comments();
        if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; skip_space_and_comments(); }
        if (pos_ >= s_.size() || s_[pos_] != close) {
            auto [line, col] = position(open_at);
            fail(pos_, std::string("expected '") + close + "' to close " + std::string(what) + " opened at line " +
                           std::to_string(line) + ", found " + describe_here());
        }
        ++pos_;
    }

    void string_definition(char close, std::size_t open_at) {
        skip_space_and_comments();
        std::string_view name = identifier();
        if (name.empty()) fail(pos_, "expected a macro name in @string, found " + describe_here());
        skip_space_and_comments();
        if (pos_ >= s_.size() || s_[pos_] != '=')
            fail(pos_, "expected '=' after @string name '" + std::string(name) + "', found " + describe_here());
        ++pos_;
        skip_space_and_comments();
        std::uint32_t first, count;
        bool macro;
        std::string_view e = value(first, count, macro, name, open_at);
        RawField f;
        f.first_piece = first;
        f.piece_count = count;
        std::string expanded = expand(f, file_);
        file_.pieces.resize(first);   // the pieces are not needed once expanded
        finish_item(close, open_at, "@string");
        file_.macros[lower(name)] = std::move(expanded);
        file_.strings.emplace_back(std::string(name), std::string(e));
    }

    void entry_body(RawEntry& entry, char close, std::size_t open_at) {
        skip_space_and_comments();
        std::size_t kb = pos_;
        while (pos_ < s_.size() && !is_space(s_[pos_]) && s_[pos_] != ',' && s_[pos_] != close &&
               s_[pos_] != '}' && s_[pos_] != '=')
            ++pos_;
        entry.key = s_.substr(kb, pos_ - kb);
        skip_space_and_comments();
        if (pos_ < s_.size() && s_[pos_] == '=') {
            entry.key = {};
            fail(kb, "expected a citation key after '@" + std::string(entry.type) + "{'");
        }
        if (entry.key.empty() && pos_ < s_.size() && s_[pos_] != close)
            fail(kb, "expected a citation key after '@" + std::string(entry.type) + "{', found " + describe_here());
        for (;;) {
            skip_space_and_comments();
            if (pos_ >= s_.size()) {
                auto [line, col] = position(open_at);
                fail(pos_, std::string("expected '") + close + "' to close the entry opened at line " +
                               std::to_string(line) + ", found end of input");
            }
            char c = s_[pos_];
            if (c == close) { ++pos_; return; }
            if (c == ',') { ++pos_; continue; }
            if (c == '@' && at_line_start(pos_)) {
                auto [line, col] = position(open_at);
                fail(pos_, std::string("expected '") + close + "' to close the entry opened at line " +
                               std::to_string(line) + " before the next entry");
            }
            field(entry, close);
        }
    }

    void field(RawEntry& entry, char close) {
        std::size_t nb = pos_;
        std::string_view name = identifier();
        if (name.empty())
            fail(pos_, std::string("expected a field name or '") + close + "', found " + describe_here());
        skip_space_and_comments();
        if (pos_ >= s_.size() || s_[pos_] != '=')
            fail(pos_, "expected '=' after field name '" + std::string(name) + "', found " + describe_here());
        ++pos_;
        skip_space_and_comments();
        RawField f;
        f.name = name;
        f.key = file_.lower_name(name);
        f.offset = nb;
        f.expression = value(f.first_piece, f.piece_count, f.uses_macro, name, nb);
        skip_space_and_comments();
        if (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != close)
            fail(pos_, std::string("expected ',' or '") + close + "' after field '" + std::string(name) +
                           "', found " + describe_here());
        entry.fields.push_back(std::move(f));
    }

    /// piece ('#' piece)*. Returns the expression text; pieces go to file_.pieces.
    std::string_view value(std::uint32_t& first, std::uint32_t& count, bool& macro, std::string_view what,
                           std::size_t what_at) {
        first = static_cast<std::uint32_t>(file_.pieces.size());
        count = 0;
        macro = false;
        std::size_t start = pos_, end = pos_;
        for (;;) {
            if (pos_ >= s_.size()) fail(pos_, "expected a value for '" + std::string(what) + "', found end of input");
            char c = s_[pos_];
            Piece p;
            if (c == '{') {
                p.text = braced(what);
            } else if (c == '"') {
                p.text = quoted(what);
            } else if (is_ident(c)) {
                p.text = identifier();
                bool digits = true;
                for (char d : p.text) digits &= d >= '0' && d <= '9';
                p.kind = digits ? Piece::Kind::number : Piece::Kind::macro;
                macro |= !digits;
            } else {
                (void)what_at;
                fail(pos_, "expected a value for '" + std::string(what) + "', found " + describe_here());
            }
            file_.pieces.push_back(p);
            ++count;
            end = pos_;
            skip_space_and_comments();
            if (pos_ < s_.size() && s_[pos_] == '#') {
                ++pos_;
                skip_space_and_comments();
                continue;
            }
            break;
        }
        return s_.substr(start, end - start);
    }

    std::string_view braced(std::string_view what) {
        std::size_t open_at = pos_;
        int depth = 0;
        const std::size_t n = s_.size();
        for (; pos_ < n; ++pos_) {
            while (pos_ < n && !kBracedStops(s_[pos_])) ++pos_;   // ordinary text
            if (pos_ >= n) break;
            char c = s_[pos_];
            if (c == '{') {
                ++depth;
            } else if (c == '}') {
                if (--depth == 0) {
                    ++pos_;
                    return s_.substr(open_at + 1, pos_ - open_at - 2);
                }
            } else if (c == '\\') {
                if (pos_ + 1 < s_.size() && s_[pos_ + 1] != '\n') ++pos_;
            } else if (c == '\n' && entry_starts(pos_ + 1)) {
                break;
            }
        }
        auto [line, col] = position(open_at);
        fail(open_at, "expected '}' to close field '" + std::string(what) + "' opened at line " + std::to_string(line) +
                          (pos_ < s_.size() ? " before the next entry" : ""));
    }

    // A quoted value ends at a '"' outside braces. A '\"' is an escaped quote, not the end.
    std::string_view quoted(std::string_view what) {
        std::size_t open_at = pos_;
        ++pos_;
        int depth = 0;
        const std::size_t n = s_.size();
        for (; pos_ < n; ++pos_) {
            while (pos_ < n && !kQuotedStops(s_[pos_])) ++pos_;   // ordinary text
            if (pos_ >= n) break;
            char c = s_[pos_];
            if (c == '{') {
                ++depth;
            } else if (c == '}') {
                if (--depth < 0) break;
            } else if (c == '\\') {
                if (pos_ + 1 < s_.size() && s_[pos_ + 1] != '\n') ++pos_;
            } else if (c == '"' && depth == 0) {
                ++pos_;
                return s_.substr(open_at + 1, pos_ - open_at - 2);
            } else if (c == '\n' && entry_starts(pos_ + 1)) {
                break;
            }
        }
        auto [line, col] = position(open_at);
        fail(open_at, "expected '\"' to close field '" + std::string(what) + "' opened at line " +
                          std::to_string(line) + (pos_ < s_.size() ? " before the next entry" : ""));
    }

    std::string_view s_;
    RawFile& file_;
    Diagnostics* diag_;
    std::size_t pos_ = 0;
    std::size_t line_pos_ = 0;
    std::uint32_t line_no_ = 1;
    std::optional<LineIndex> index_;
};

}  // namespace

std::string_view RawFile::lower_name(std::string_view s) {
    bool upper = false;
    for (char c : s) upper |= c >= 'A' && c <= 'Z';
    if (!upper) return s;
    return *interned.insert(lower(s)).first;
}

void add_month_macros(std::unordered_map<std::string, std::string>& macros) {
    static constexpr std::pair<std::string_view, std::string_view> months[] = {
        {"jan", "January"}, {"feb", "February"}, {"mar", "March"}, {"apr", "April"},
        {"may", "May"}, {"jun", "June"}, {"jul", "July"}, {"aug", "August"},
        {"sep", "September"}, {"oct", "October"}, {"nov", "November"}, {"dec", "December"}};
    for (const auto& [k, v] : months) macros.emplace(std::string(k), std::string(v));
}

RawFile parse_bibtex(std::string_view input, Diagnostics& diagnostics) {
    RawFile file;
    add_month_macros(file.macros);
    Parser(input, file, &diagnostics).run();
    return file;
}

std::string expand(const RawField& field, const RawFile& file) {
    std::string out;
    for (std::uint32_t i = 0; i < field.piece_count; ++i) {
        const Piece& p = file.pieces[field.first_piece + i];
        if (p.kind != Piece::Kind::macro) {
            out.append(p.text);
            continue;
        }
        auto it = file.macros.find(lower(p.text));
        if (it != file.macros.end()) out += it->second;
        else out.append(p.text);
    }
    return out;
}

bool single_text(const RawField& field, const RawFile& file, std::string_view& out) noexcept {
    if (field.piece_count != 1) return false;
    const Piece& p = file.pieces[field.first_piece];
    if (p.kind == Piece::Kind::macro) return false;
    out = p.text;
    return true;
}

bool expand_expression(std::string_view expression, const RawFile& file, std::string& out) {
    RawFile scratch;
    Parser parser(expression, scratch, nullptr);
    RawField f;
    bool macro = false;
    if (!parser.expression_only(f.first_piece, f.piece_count, macro)) return false;
    // Macros are resolved against the real file.
    std::string result;
    for (std::uint32_t i = 0; i < f.piece_count; ++i) {
        const Piece& p = scratch.pieces[f.first_piece + i];
        if (p.kind != Piece::Kind::macro) { result.append(p.text); continue; }
        auto it = file.macros.find(lower(p.text));
        result += it != file.macros.end() ? it->second : std::string(p.text);
    }
    out = std::move(result);
    return true;
}

}  // namespace bibport::plugins::bibtex
