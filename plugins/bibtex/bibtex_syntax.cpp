// SPDX-License-Identifier: MIT
#include "bibtex_syntax.hpp"

#include <bibport/text.hpp>

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <exception>
#include <optional>
#include <thread>
#include <unordered_map>

namespace bibport::plugins::bibtex {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// BibTeX's identifier characters: anything printable but white space and "#%'(),={}@.
struct IdentTable {
    bool has[256] = {};
    constexpr IdentTable() {
        for (int c = 0x21; c < 256; ++c) has[c] = true;
        for (char c : std::string_view("\"#%'(),={}@")) has[static_cast<unsigned char>(c)] = false;
    }
};
constexpr IdentTable kIdent;
bool is_ident(char c) noexcept { return kIdent.has[static_cast<unsigned char>(c)]; }

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

/// The first position from `pos` on that holds a stop of a braced (or, with `quote`, a quoted)
/// value; s.size() when there is none. Values are most of a file: sixteen bytes a step.
template <bool quote>
std::size_t next_stop(std::string_view s, std::size_t pos) noexcept {
#if defined(__SSE2__)
    const char* d = s.data();
    while (pos + 16 <= s.size()) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + pos));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')), _mm_cmpeq_epi8(v, _mm_set1_epi8('}'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
        if (quote) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
        if (const int mask = _mm_movemask_epi8(m)) return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        pos += 16;
    }
#endif
    const ByteSet& stops = quote ? kQuotedStops : kBracedStops;
    while (pos < s.size() && !stops(s[pos])) ++pos;
    return pos;
}

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
    Parser(std::string_view s, RawFile& file, Diagnostics* diagnostics, SharedLineIndex* lines = nullptr)
        : s_(s), file_(file), diag_(diagnostics), shared_lines_(lines) {}

    /// Parses the items that start in [begin, end). `line` is the line of `begin`. Every
    /// diagnostic's item offset goes to `offsets` (for merging the halves in file order).
    void run(std::size_t begin = 0, std::size_t end = std::string_view::npos, std::uint32_t line = 1,
             std::vector<std::size_t>* offsets = nullptr) {
        pos_ = begin;
        if (line) {   // 0: go on counting from where the last run stopped
            line_pos_ = begin;
            line_no_ = line;
        }
        offsets_ = offsets;
        end = std::min(end, s_.size());
        while (pos_ < end) {
            std::size_t at = s_.find('@', pos_);
            if (at == std::string_view::npos || at >= end) break;
            pos_ = at;
            item_at_ = at;
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
            file_.entries.push_back(std::move(entry));
        }
    }

    /// Where parsing stopped: past `end` when the last item ran over it.
    std::size_t position_now() const noexcept { return pos_; }

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
        line_no_ += count_lines(s_, line_pos_, offset);
        line_pos_ = offset;
        return line_no_;
    }

    std::pair<std::uint32_t, std::uint32_t> position(std::size_t offset) {
        if (shared_lines_) {
            const LineIndex& lines = shared_lines_->get();
            return {lines.line(offset), lines.column(offset)};
        }
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
        if (offsets_) offsets_->push_back(item_at_);
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
    bool commented_out(std::size_t at) noexcept {
        // The start of at's line. '@'s come in increasing order, so the search back stops at
        // the previous one when no line break lies between: linear even on a one-line file.
        std::size_t b = at;
        const std::size_t floor = at > last_at_ && last_at_ != std::string_view::npos ? last_at_ + 1 : 0;
        while (b > floor && s_[b - 1] != '\n' && s_[b - 1] != '\r') --b;
        if (b == floor && floor > 0 && s_[b - 1] != '\n' && s_[b - 1] != '\r') b = last_line_start_;
        last_at_ = at;
        last_line_start_ = b;
        while (b < at && (s_[b] == ' ' || s_[b] == '\t')) ++b;
        return b < at && s_[b] == '%';
    }
    std::size_t last_at_ = std::string_view::npos, last_line_start_ = 0;

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
                if (offsets_) offsets_->push_back(at);
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
        // Fields are collected in a buffer kept between entries, then copied at their exact
        // number: entries live until the whole file is converted, so no spare slots.
        fields_.clear();
        entry_body(entry, close, open_at);
        entry.fields.assign(fields_.begin(), fields_.end());
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

    void field(RawEntry&, char close) {
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
        f.set_key(file_.lower_name(name));
        f.expression = value(f.first_piece, f.piece_count, f.uses_macro, name, nb);
        skip_space_and_comments();
        if (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != close)
            fail(pos_, std::string("expected ',' or '") + close + "' after field '" + std::string(name) +
                           "', found " + describe_here());
        fields_.push_back(std::move(f));
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
            auto set = [&](std::string_view t) {
                if (t.size() > UINT32_MAX) fail(pos_, "a value of 4 GiB or more in '" + std::string(what) + "'");
                p.set_text(t);
            };
            if (c == '{') {
                set(braced(what));
            } else if (c == '"') {
                set(quoted(what));
            } else if (is_ident(c)) {
                set(identifier());
                bool digits = true;
                for (char d : p.text()) digits &= d >= '0' && d <= '9';
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
            pos_ = next_stop<false>(s_, pos_);   // ordinary text
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
            pos_ = next_stop<true>(s_, pos_);   // ordinary text
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
    std::vector<RawField> fields_;   // the current entry's, see item()
    std::size_t pos_ = 0;
    std::size_t line_pos_ = 0;
    std::uint32_t line_no_ = 1;
    std::optional<LineIndex> index_;
    SharedLineIndex* shared_lines_;
    std::vector<std::size_t>* offsets_ = nullptr;
    std::size_t item_at_ = 0;
};

/// Where to cut `input` for a second parser: a line that starts an entry ("@word{") near the
/// middle, with no @string after it (macros must be known before the entries that use them).
std::size_t split_point(std::string_view input) {
    if (input.size() < (1u << 20)) return std::string_view::npos;   // not worth a thread
    for (std::size_t p = input.find("\n@", input.size() / 2); p != std::string_view::npos; p = input.find("\n@", p + 1)) {
        std::size_t b = p + 2, e = b;
        while (e < input.size() && is_letter(input[e])) ++e;
        if (e == b || e >= input.size() || (input[e] != '{' && input[e] != '(')) continue;
        // No @string (nor anything that could hide one) in the second half.
        for (std::size_t at = input.find('@', b); at != std::string_view::npos; at = input.find('@', at + 1)) {
            std::string_view t = input.substr(at + 1, 6);
            if (t.size() == 6 && (t[0] | 0x20) == 's' && (t[1] | 0x20) == 't' && (t[2] | 0x20) == 'r' &&
                (t[3] | 0x20) == 'i' && (t[4] | 0x20) == 'n' && (t[5] | 0x20) == 'g')
                return std::string_view::npos;
        }
        return p + 1;
    }
    return std::string_view::npos;
}

/// Moves the entries and pieces of `from` (parsed from the second half) after those of `to`.
void append_half(RawFile& to, RawFile& from) {
    const auto base = static_cast<std::uint32_t>(to.pieces.size());
    to.pieces.insert(to.pieces.end(), from.pieces.begin(), from.pieces.end());
    from.pieces = {};   // freed now: a large file's halves would otherwise all be alive at the peak
    to.entries.reserve(to.entries.size() + from.entries.size());
    for (auto& e : from.entries) {
        // Lower-case names interned by the other parser move to this file's set.
        if (from.interned.count(std::string(e.type_key))) e.type_key = to.lower_name(e.type);
        for (auto& f : e.fields) {
            f.first_piece += base;
            if (f.key_data && f.key_data != f.name.data()) f.set_key(to.lower_name(f.name));
        }
        to.entries.push_back(std::move(e));
    }
    from.entries = {};
    for (auto& p : from.preambles) to.preambles.push_back(std::move(p));
}

/// Appends `from` to `to`, both in file order by their item offsets, keeping file order.
void merge_diagnostics(Diagnostics& to, std::vector<std::size_t>& to_offsets, Diagnostics& from,
                       const std::vector<std::size_t>& from_offsets) {
    std::vector<Diagnostic> merged;
    std::vector<std::size_t> merged_offsets;
    auto& a = to.items();
    auto& b = from.items();
    merged.reserve(a.size() + b.size());
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        bool take_a = j == b.size() || (i < a.size() && to_offsets[i] <= from_offsets[j]);
        if (take_a) { merged.push_back(std::move(a[i])); merged_offsets.push_back(to_offsets[i]); ++i; }
        else { merged.push_back(std::move(b[j])); merged_offsets.push_back(from_offsets[j]); ++j; }
    }
    a = std::move(merged);
    to_offsets = std::move(merged_offsets);
}

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

RawFile parse_bibtex_syntax(std::string_view input, PendingDiagnostics& diagnostics, int threads) {
    RawFile file;
    add_month_macros(file.macros);
    // A large file is parsed in two halves at once, cut where an entry starts; the result
    // is what one pass gives (same entries, diagnostics in file order). When an item of the
    // first half runs over the cut, the second half is parsed again after it instead.
    std::size_t cut = threads > 1 && std::thread::hardware_concurrency() > 1 ? split_point(input) : std::string_view::npos;
    Diagnostics first_diagnostics;
    std::vector<std::size_t> first_offsets;
    if (cut == std::string_view::npos) {
        Parser(input, file, &first_diagnostics).run(0, std::string_view::npos, 1, &first_offsets);
    } else {
        // Room for both halves, estimated from the size (a large reservation that is never
        // touched costs no memory): appending the second half then copies into place instead
        // of reallocating while both halves are alive.
        file.pieces.reserve(input.size() / 32 + 64);
        file.entries.reserve(input.size() / 256 + 16);
        RawFile second;
        Diagnostics second_diagnostics;
        std::vector<std::size_t> second_offsets;
        std::exception_ptr second_error;
        std::thread helper([&] {
            try {
                auto line = static_cast<std::uint32_t>(1 + std::count(input.begin(), input.begin() + cut, '\n'));
                Parser(input, second, &second_diagnostics).run(cut, std::string_view::npos, line, &second_offsets);
            } catch (...) {
                second_error = std::current_exception();
            }
        });
        Parser first(input, file, &first_diagnostics);
        try {
            first.run(0, cut, 1, &first_offsets);
        } catch (...) {
            helper.join();
            throw;
        }
        helper.join();
        if (second_error) std::rethrow_exception(second_error);
        if (first.position_now() <= cut) {
            append_half(file, second);
            merge_diagnostics(first_diagnostics, first_offsets, second_diagnostics, second_offsets);
        } else {
            first.run(first.position_now(), std::string_view::npos, 0, &first_offsets);
        }
    }
    diagnostics.items = std::move(first_diagnostics);
    diagnostics.offsets = std::move(first_offsets);
    return file;
}

void add_duplicate_warnings(std::string_view input, const RawFile& file, PendingDiagnostics& diagnostics) {
    PendingDiagnostics duplicates;
    DuplicateKeys keys(file.entries.size());
    KeyInfoMaker info(input, 0);
    for (const auto& e : file.entries) keys.add(info(e), duplicates);
    merge_pending(diagnostics, duplicates);
}

void merge_pending(PendingDiagnostics& to, PendingDiagnostics& from) {
    merge_diagnostics(to.items, to.offsets, from.items, from.offsets);
}

KeyInfo KeyInfoMaker::operator()(const RawEntry& e) {
    // The start of the entry's line, looked for back to the entry before at most: when that
    // is reached first, both are on the line found for the entry before.
    std::size_t b = e.offset;
    while (b > previous_ && input_[b - 1] != '\n') --b;
    if ((b > previous_ || (b > 0 && input_[b - 1] == '\n') || b == 0) && b != line_start_) {
        line_start_ = counted_to_ = b;   // a new line: its columns are counted from its start
        column_ = 1;
    }
    previous_ = e.offset;
    KeyInfo k;
    k.key = e.key;
    k.icase_hash = IcaseHash{}(e.key);
    k.hash = exact_hash(e.key);
    k.offset = e.offset;
    k.line = e.line;
    k.bag = e.type_key == "xdata";
    // Counted on from the entry before on the same line: linear even on a one-line file.
    for (; counted_to_ < e.offset; ++counted_to_)
        if ((static_cast<unsigned char>(input_[counted_to_]) & 0xC0) != 0x80) ++column_;
    k.column = column_;
    return k;
}

void DuplicateKeys::add(const KeyInfo& k, PendingDiagnostics& diagnostics) {
    const std::uint32_t at = seen_.find(k.key, k.icase_hash);
    if (at == seen_.npos) {
        seen_.add(k.key, k.icase_hash);
        first_line_.push_back(k.line);
        return;
    }
    diagnostics.items.warning(k.line, k.column,
                              "duplicate key '" + std::string(k.key) + "' (first defined at line " +
                                  std::to_string(first_line_[at]) + ")",
                              std::string(k.key), "duplicate-key");
    diagnostics.offsets.push_back(k.offset);
}

std::uint32_t count_lines(std::string_view input, std::size_t begin, std::size_t end) noexcept {
    std::size_t n = 0, i = begin;
#if defined(__SSE2__)
    // Sixteen bytes at a time: each match subtracts -1 from a byte counter, summed up before
    // any counter can overflow.
    const __m128i newline = _mm_set1_epi8('\n');
    while (i + 16 <= end) {
        __m128i counts = _mm_setzero_si128();
        for (int k = 0; k < 255 && i + 16 <= end; ++k, i += 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(input.data() + i));
            counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, newline));
        }
        const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
        n += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
    }
#endif
    for (; i < end; ++i) n += input[i] == '\n';
    return static_cast<std::uint32_t>(n);
}

namespace {

/// True when a line starting at `at` opens an entry: "@word{" or "@word(".
bool starts_entry_line(std::string_view input, std::size_t at) {
    if (at >= input.size() || input[at] != '@') return false;
    std::size_t b = at + 1, e = b;
    while (e < input.size() && is_letter(input[e])) ++e;
    return e > b && e < input.size() && (input[e] == '{' || input[e] == '(');
}

/// The first line at or after `from` that opens an entry (its '@'); npos when none.
std::size_t next_entry_line(std::string_view input, std::size_t from) {
    if (from == 0 && starts_entry_line(input, 0)) return 0;
    for (std::size_t p = input.find("\n@", from == 0 ? 0 : from - 1); p != std::string_view::npos;
         p = input.find("\n@", p + 1))
        if (starts_entry_line(input, p + 1)) return p + 1;
    return std::string_view::npos;
}

/// Where the last "@string" (any case) starts; npos when there is none.
std::size_t last_string_definition(std::string_view input) {
    std::size_t last = std::string_view::npos;
    for (std::size_t at = input.find('@'); at != std::string_view::npos; at = input.find('@', at + 1)) {
        std::string_view t = input.substr(at + 1, 6);
        if (t.size() == 6 && text::equals_icase(t, "string")) last = at;
    }
    return last;
}


}  // namespace

ChunkPlan plan_chunks(std::string_view input, std::size_t target) {
    ChunkPlan plan;
    if (target == 0 || input.size() < 2 * target) return plan;
    // The head ends at the first entry line after the last @string (its items define every
    // macro the pieces use), and is at least one piece long.
    const std::size_t last_string = last_string_definition(input);
    std::size_t head_end = std::max(target, last_string == std::string_view::npos ? 0 : last_string + 1);
    head_end = next_entry_line(input, head_end);
    if (head_end == std::string_view::npos || head_end > input.size() / 2) return plan;
    plan.begins.push_back(0);
    plan.lines.push_back(1);
    for (std::size_t at = head_end; at != std::string_view::npos; at = next_entry_line(input, at + target)) {
        plan.lines.push_back(plan.lines.back() + count_lines(input, plan.begins.back(), at));
        plan.begins.push_back(at);
        if (at + target >= input.size()) break;
    }
    return plan;
}

namespace {

/// mentions_parents for the candidate positions [from, to) of `input` (what is checked around a
/// candidate may lie outside).
bool mentions_parents_in(std::string_view input, std::size_t from, std::size_t to) noexcept {
    // Candidates are found sixteen positions at a time: "ref" ending at a position (the end of
    // "crossref") or "xda" starting at one, letters in any case; each is then checked in full.
    const std::size_t n = input.size();
    // The word counts when a field of that name could start there: '=' follows (after white
    // space and comments), or '@' comes before (an @xdata entry).
    auto field_follows = [&](std::size_t p) {
        while (p < n) {
            const char c = input[p];
            if (c == '%') {
                while (p < n && input[p] != '\n') ++p;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                ++p;
            } else {
                return c == '=';
            }
        }
        return false;
    };
    auto check = [&](std::size_t i) {
        if (i >= 7 && text::equals_icase(input.substr(i - 7, 8), "crossref") && field_follows(i + 1)) return true;
        if (!text::equals_icase(input.substr(i, 5), "xdata")) return false;
        std::size_t b = i;
        while (b > 0 && (input[b - 1] == ' ' || input[b - 1] == '\t')) --b;
        return field_follows(i + 5) || (b > 0 && input[b - 1] == '@');
    };
    std::size_t i = from;
#if defined(__SSE2__)
    // The vector steps need two bytes before and two after their sixteen positions.
    for (; i < 2 && i < to; ++i) {
        const char c = static_cast<char>(input[i] | 0x20);
        if ((c == 'f' || c == 'x') && check(i)) return true;
    }
    const char* d = input.data();
    const __m128i lower = _mm_set1_epi8(0x20);
    auto at = [&](std::size_t p) {
        return _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + p)), lower);
    };
    auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    for (; i + 16 <= to && i + 18 <= n; i += 16) {
        const __m128i here = at(i);
        // Most steps have neither an 'f' nor an 'x' (in any case): done after two compares.
        if (!_mm_movemask_epi8(_mm_or_si128(eq(here, 'f'), eq(here, 'x')))) continue;
        const __m128i ref = _mm_and_si128(_mm_and_si128(eq(here, 'f'), eq(at(i - 1), 'e')), eq(at(i - 2), 'r'));
        const __m128i xda = _mm_and_si128(_mm_and_si128(eq(here, 'x'), eq(at(i + 1), 'd')), eq(at(i + 2), 'a'));
        if (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(ref, xda)))) {
            for (; mask; mask &= mask - 1)
                if (check(i + static_cast<std::size_t>(__builtin_ctz(mask)))) return true;
        }
    }
#endif
    for (; i < to; ++i) {   // what the vector steps left: one by one
        const char c = static_cast<char>(input[i] | 0x20);
        if ((c == 'f' || c == 'x') && check(i)) return true;
    }
    return false;
}

}  // namespace

bool mentions_parents(std::string_view input, unsigned threads) noexcept {
    // A large file is searched in two halves at once: the workers wait for the answer.
    constexpr std::size_t kSplitFrom = std::size_t(4) << 20;
    if (threads < 2 || input.size() < kSplitFrom) return mentions_parents_in(input, 0, input.size());
    const std::size_t mid = input.size() / 2;
    bool second = false;
    std::thread helper;
    try {
        helper = std::thread([&] { second = mentions_parents_in(input, mid, input.size()); });
    } catch (...) {   // no thread to be had: one pass
        return mentions_parents_in(input, 0, input.size());
    }
    const bool first = mentions_parents_in(input, 0, mid);
    helper.join();
    return first || second;
}

ParsedChunk parse_bibtex_chunk(std::string_view input, std::size_t begin, std::size_t end, std::uint32_t line,
                               const RawFile* macros_from, SharedLineIndex* lines) {
    ParsedChunk chunk;
    if (macros_from) chunk.file.macro_table = &macros_from->macro_map();
    else add_month_macros(chunk.file.macros);
    Parser parser(input, chunk.file, &chunk.diagnostics.items, lines);
    parser.run(begin, end, line, &chunk.diagnostics.offsets);
    chunk.stopped = parser.position_now();
    return chunk;
}

RawFile parse_bibtex(std::string_view input, Diagnostics& diagnostics, int threads) {
    PendingDiagnostics pending;
    RawFile file = parse_bibtex_syntax(input, pending, threads);
    add_duplicate_warnings(input, file, pending);
    for (auto& d : pending.items.items()) diagnostics.add(std::move(d));
    return file;
}


bool is_identifier(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_ident(c); });
}

std::string expand(const RawField& field, const RawFile& file) {
    std::string out;
    for (std::uint32_t i = 0; i < field.piece_count; ++i) {
        const Piece& p = file.pieces[field.first_piece + i];
        if (p.kind != Piece::Kind::macro) {
            out.append(p.text());
            continue;
        }
        auto it = file.macro_map().find(lower(p.text()));
        if (it != file.macro_map().end()) out += it->second;
        else out.append(p.text());
    }
    return out;
}

bool single_text(const RawField& field, const RawFile& file, std::string_view& out) noexcept {
    if (field.piece_count != 1) return false;
    const Piece& p = file.pieces[field.first_piece];
    if (p.kind == Piece::Kind::macro) return false;
    out = p.text();
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
        if (p.kind != Piece::Kind::macro) { result.append(p.text()); continue; }
        auto it = file.macro_map().find(lower(p.text()));
        result += it != file.macro_map().end() ? it->second : std::string(p.text());
    }
    out = std::move(result);
    return true;
}

}  // namespace bibport::plugins::bibtex
