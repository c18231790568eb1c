// SPDX-License-Identifier: MIT
// CSL-YAML reader: libyaml parses, each item becomes the same JSON tree the CSL-JSON reader
// uses. Plain scalars are resolved with the YAML 1.2 core schema (12 is a number, true a
// boolean, "12" and 2020-05-28 strings), so types survive a JSON -> YAML -> JSON trip.
//
// A long sequence of items at column 0 (what the writer writes, with or without 'references:')
// is cut before top-level '- ' lines into pieces that worker threads parse and draft, and that
// are finished here in order. A piece is taken only when its events show that it is exactly a
// run of items of that sequence; otherwise the document is parsed whole. Whatever libyaml might
// read otherwise than yaml-cpp (any syntax error, tags, flow collections over several lines,
// nesting or aliases near the limits, line breaks that only YAML 1.1 has: see Builder) is read
// by yaml-cpp (cslyaml_yamlcpp.cpp) as before: its diagnostics are the reader's, at the same
// positions, with the same records kept before an error. Both read the same documents alike.
#include "csl_formats.hpp"
#include "cslyaml_reader.hpp"

#include <bibport/ordered_batches.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace bibport::plugins::csl {
namespace json = boost::json;

namespace cslyaml {

namespace {

bool all_digits(std::string_view s, bool (*ok)(char)) {
    if (s.empty()) return false;
    for (char c : s)
        if (!ok(c)) return false;
    return true;
}
bool is_dec(char c) { return c >= '0' && c <= '9'; }
bool is_oct(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t int_digits = 0, frac_digits = 0;
    while (i < s.size() && is_dec(s[i])) ++i, ++int_digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_dec(s[i])) ++i, ++frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        std::size_t exp_digits = 0;
        while (i < s.size() && is_dec(s[i])) ++i, ++exp_digits;
        if (exp_digits == 0) return false;
    }
    return i == s.size();
}

}  // namespace

std::optional<json::value> resolve_plain(std::string_view v) {
    if (v.empty()) return json::value(nullptr);
    // Everything the core schema resolves starts with one of these.
    switch (v[0]) {
        case '~': case 'n': case 'N': case 't': case 'T': case 'f': case 'F': case '-': case '+': case '.':
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
            break;
        default:
            return std::nullopt;
    }
    if (v == "~" || v == "null" || v == "Null" || v == "NULL") return json::value(nullptr);
    if (v == "true" || v == "True" || v == "TRUE") return json::value(true);
    if (v == "false" || v == "False" || v == "FALSE") return json::value(false);
    const char* end = v.data() + v.size();
    std::string_view digits = v;
    bool negative = false;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    if (all_digits(digits, is_dec)) {
        std::int64_t i = 0;
        std::uint64_t u = 0;
        const char* first = v[0] == '+' ? v.data() + 1 : v.data();
        if (auto r = std::from_chars(first, end, i); r.ec == std::errc() && r.ptr == end) return json::value(i);
        if (!negative)
            if (auto r = std::from_chars(first, end, u); r.ec == std::errc() && r.ptr == end) return json::value(u);
        double d = 0;   // beyond 64 bits
        if (auto r = std::from_chars(first, end, d); r.ec == std::errc() && r.ptr == end && std::isfinite(d))
            return json::value(d);
        return std::nullopt;
    }
    if (v.size() > 2 && v[0] == '0' && (v[1] == 'o' || v[1] == 'x')) {
        bool hex = v[1] == 'x';
        std::string_view body = v.substr(2);
        std::uint64_t u = 0;
        if (all_digits(body, hex ? is_hex : is_oct)) {
            auto r = std::from_chars(body.data(), end, u, hex ? 16 : 8);
            if (r.ec == std::errc() && r.ptr == end) {
                if (u <= static_cast<std::uint64_t>(INT64_MAX)) return json::value(static_cast<std::int64_t>(u));
                return json::value(u);
            }
        }
        return std::nullopt;
    }
    if (is_core_float(v)) {
        double d = 0;
        const char* first = v[0] == '+' ? v.data() + 1 : v.data();
        if (auto r = std::from_chars(first, end, d); r.ec == std::errc() && r.ptr == end && std::isfinite(d))
            return json::value(d);
    }
    // .inf and .nan have no JSON form; they stay text like every other string.
    return std::nullopt;
}

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

/// Nesting and alias totals from which yaml-cpp reads the document: well below the limits that
/// yaml-cpp's reader enforces (kMaxNesting, kMaxAliasValues), so that it is the one to report them.
constexpr std::size_t kLibyamlDepth = kMaxNesting / 2;
constexpr std::size_t kLibyamlAliasValues = kMaxAliasValues / 2;

/// Text that libyaml reads differently from yaml-cpp: line breaks that only YAML 1.1 has (a CR
/// on its own, NEL, LS, PS), a byte order mark inside the text, and UTF-16 or UTF-32 (libyaml's marks count characters, which
/// this reader converts to bytes of UTF-8).
bool yaml11_only(std::string_view s) {
    if (s.starts_with("\xFE\xFF") || s.starts_with("\xFF\xFE") || s.starts_with(std::string_view("\0\0", 2)))
        return true;
    const char* p = s.data();
    const char* end = p + s.size();
    for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\r', end - q))); ++q)
        if (q + 1 == end || q[1] != '\n') return true;
    for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\xC2', end - q))); ++q)
        if (q + 1 < end && q[1] == '\x85') return true;
    for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\xE2', end - q))); ++q)
        if (q + 2 < end && q[1] == '\x80' && (q[2] == '\xA8' || q[2] == '\xA9')) return true;
    // A byte order mark after the start: libyaml skips it at the start of a line.
    for (const char* q = p + 1; q < end && (q = static_cast<const char*>(std::memchr(q, '\xEF', end - q))); ++q)
        if (q + 2 < end && q[1] == '\xBB' && q[2] == '\xBF') return true;
    return false;
}

struct Position {
    std::uint32_t line = 0, column = 0;   // 0-based, the column in bytes
};

/// yaml-cpp's positions (lines counted by '\n', columns in bytes) for libyaml's marks, whose
/// index counts characters from the start of the parsed text. Asked in increasing order.
class Locator {
public:
    /// The parsed text starts at byte `begin` of `doc`, at the start of line `line` (after a
    /// byte order mark, which neither parser counts).
    Locator(std::string_view doc, std::size_t begin, std::uint32_t line)
        : doc_(doc), begin_(begin), base_line_(line), line_start_(begin), byte_(begin), pos_(begin), line_(line) {}

    /// The byte offset in `doc` of the character with libyaml's index `index`.
    std::size_t offset(std::size_t index) {
        if (index < chars_) {   // not asked in order: count again from the start
            byte_ = begin_;
            chars_ = 0;
        }
        const char* p = doc_.data();
        const std::size_t end = doc_.size();
        std::size_t b = byte_, c = chars_;
        while (c < index && b < end) {
            if (index - c >= 8 && end - b >= 8) {
                std::uint64_t w;
                std::memcpy(&w, p + b, 8);
                if ((w & 0x8080808080808080ull) == 0) {
                    b += 8;
                    c += 8;
                    continue;
                }
            }
            auto u = static_cast<unsigned char>(p[b]);
            b += u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
            ++c;
        }
        byte_ = std::min(b, end);
        chars_ = c;
        return byte_;
    }

    /// The line and column of byte `offset` of `doc`.
    Position at(std::size_t offset) {
        if (offset < pos_) {
            pos_ = begin_;
            line_ = base_line_;
            line_start_ = begin_;
        }
        const char* p = doc_.data();
        for (const char* q = p + pos_; (q = static_cast<const char*>(std::memchr(q, '\n', offset - (q - p))));) {
            ++line_;
            line_start_ = static_cast<std::size_t>(q - p) + 1;
            ++q;
        }
        pos_ = offset;
        return {line_, static_cast<std::uint32_t>(offset - line_start_)};
    }

    Position mark(const yaml_mark_t& mark) { return at(offset(mark.index)); }

    /// Where yaml-cpp puts an empty entry of a block sequence: at the token after it (the next
    /// '-' or whatever ends the sequence), past blanks, line breaks and comments.
    Position next_token(const yaml_mark_t& mark) {
        std::size_t i = offset(mark.index);
        Position here = at(i);
        std::size_t line_start = i - here.column;
        while (i < doc_.size()) {
            char c = doc_[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                ++i;
            } else if (c == '\n') {
                ++here.line;
                line_start = ++i;
            } else if (c == '#') {
                while (i < doc_.size() && doc_[i] != '\n') ++i;
            } else {
                break;
            }
        }
        // At the end of the text yaml-cpp's mark is at the start of the last line.
        if (i == doc_.size()) return {here.line, 0};
        return {here.line, static_cast<std::uint32_t>(i - line_start)};
    }

private:
    std::string_view doc_;
    std::size_t begin_;
    std::uint32_t base_line_;
    std::size_t line_start_;
    std::size_t byte_, chars_ = 0;   // offset(): where the last answer was
    std::size_t pos_;                // at(): the last offset asked, on line line_
    std::uint32_t line_;
};

/// What a piece of the document is: the whole of it, or one of several pieces cut before
/// top-level '- ' lines (the first holds everything before the second).
enum class Role { whole, first, middle, last };

/// What libyaml made of a piece.
struct Piece {
    enum class Outcome {
        ok,
        whole,       ///< the piece is no run of items, or needs what came before it: parse the document whole
        reference,   ///< libyaml does not read this as yaml-cpp does: yaml-cpp reads the document
    };
    Outcome outcome = Outcome::ok;
    std::vector<ItemDraft> drafts;
    // The document's shape (whole or first piece).
    bool found_items = false;
    bool root_empty = true;
    Position root;
    std::size_t items_depth = 0;   ///< 1: the root sequence; 2: the one under 'references'
    // For the checks across pieces.
    std::size_t max_depth = 0;
    std::size_t alias_values = 0;
};

/// The end of an anchor or alias name as yaml-cpp and libyaml both see it (yaml-cpp takes
/// more characters into a name than libyaml).
bool ends_name(std::string_view doc, std::size_t i) {
    if (i >= doc.size()) return true;
    char c = doc[i];
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}';
}

/// After a quoted scalar in a flow collection: blanks, then what ends an entry or a key.
bool ends_flow_entry(std::string_view s, std::size_t i) {
    while (i < s.size() && s[i] == ' ') ++i;
    return i == s.size() || s[i] == ',' || s[i] == ']' || s[i] == '}' || s[i] == ':';
}

/// A flow collection that yaml-cpp and libyaml read alike: on one line, plain scalars of
/// ordinary characters, quoted scalars followed by what ends them, ': ' after keys. The
/// writer's date-parts ([[2020, 5, 28]]) and hand-written {family: Doe, given: Jane} are.
bool plain_flow(std::string_view s) {
    if (s.find('\n') != std::string_view::npos) return false;
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i)
                if (s[i] == '\\') ++i;
            if (i >= s.size() || !ends_flow_entry(s, ++i)) return false;
        } else if (c == '\'') {
            for (++i; i < s.size(); ++i)
                if (s[i] == '\'' && !(i + 1 < s.size() && s[i + 1] == '\'')) break;
                else if (s[i] == '\'') ++i;
            if (i >= s.size() || !ends_flow_entry(s, ++i)) return false;
        } else if (c == ':') {
            if (i + 1 >= s.size() || s[i + 1] != ' ') return false;
            i += 2;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
                   c == ' ' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '.' || c == '-' ||
                   c == '+' || c == '_' || c == '/' || c == '(' || c == ')') {
            ++i;
        } else {
            return false;   // line breaks, tabs, comments, properties, indicators
        }
    }
    return true;
}

/// Builds the JSON tree of each item from libyaml's events, as ItemCollector does from
/// yaml-cpp's (same items, keys, anchors, limits), and drafts each item when it is complete.
/// It stops (fail()) at whatever yaml-cpp might read otherwise: tags and directives, anchor
/// names that yaml-cpp reads longer, block scalar headers with a comment glued on, flow
/// collections over several lines or with unusual characters, anything after the first document.
class Builder {
public:
    Builder(std::string_view doc, std::size_t begin, std::size_t end, std::uint32_t line, Role role)
        : doc_(doc),
          text_(doc.substr(begin, end - begin)),
          role_(role),
          locator_(doc, begin + (begin == 0 && doc.starts_with(kBom) ? kBom.size() : 0), line) {}

    Piece run() {
        if (yaml11_only(text_)) return reference();
        yaml_parser_t parser;
        if (!yaml_parser_initialize(&parser)) throw std::bad_alloc();
        struct ParserGuard {
            yaml_parser_t* p;
            ~ParserGuard() { yaml_parser_delete(p); }
        } parser_guard{&parser};
        yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()), text_.size());
        for (;;) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) return fail();
            struct EventGuard {
                yaml_event_t* e;
                ~EventGuard() { yaml_event_delete(e); }
            } event_guard{&event};
            switch (event.type) {
                case YAML_STREAM_START_EVENT:
                    break;
                case YAML_DOCUMENT_START_EVENT:
                    if (event.data.document_start.version_directive ||
                        event.data.document_start.tag_directives.start != event.data.document_start.tag_directives.end)
                        return fail();
                    break;
                case YAML_DOCUMENT_END_EVENT: {
                    // yaml-cpp reads the first document only, and looks beyond it: take
                    // nothing after it. A piece that another continues ends with its items.
                    if ((role_ == Role::first || role_ == Role::middle) && !event.data.document_end.implicit)
                        return fail();
                    yaml_event_t next;
                    if (!yaml_parser_parse(&parser, &next)) return fail();
                    bool stream_end = next.type == YAML_STREAM_END_EVENT;
                    yaml_event_delete(&next);
                    if (!stream_end) return fail();
                    return finish();
                }
                case YAML_STREAM_END_EVENT:
                    return finish();
                case YAML_ALIAS_EVENT:
                    if (!alias(event)) return fail();
                    break;
                case YAML_SCALAR_EVENT:
                    if (!scalar(event)) return fail();
                    break;
                case YAML_SEQUENCE_START_EVENT:
                    if (!open(event, true)) return fail();
                    break;
                case YAML_MAPPING_START_EVENT:
                    if (!open(event, false)) return fail();
                    break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT:
                    if (!close(event)) return fail();
                    break;
                default:
                    break;
            }
        }
    }

private:
    struct Frame {
        json::value value;
        std::size_t anchor = 0;   // 0: none, else an index into anchors_ (+1)
        bool items = false;       // elements are drafted instead of stored
        bool has_key = false;     // a map frame: the key of the next value is `key`
        bool flow = false;        // the outermost flow collection
        std::size_t flow_start = 0;
        std::string key;
        std::size_t values = 1;   // this container and everything in it
    };
    struct Anchored {
        bool complete = false;    // an alias inside the anchored node itself is null (as yaml-cpp has it)
        json::value value;
        std::size_t values = 0;
    };

    Piece reference() {
        Piece p;
        p.outcome = Piece::Outcome::reference;
        return p;
    }

    /// Something libyaml (or this builder) does not take: a piece goes back to the whole
    /// document; the whole document to yaml-cpp.
    Piece fail() {
        Piece p;
        p.outcome = role_ == Role::whole ? Piece::Outcome::reference : Piece::Outcome::whole;
        return p;
    }

    Piece finish() {
        if (role_ != Role::whole) {
            // A piece is a run of items of one block sequence at column 0, and nothing else.
            if (items_sequences_ != 1 || !items_block_at_column_0_ || after_items_) return fail();
            if (role_ != Role::first && items_depth_ != 1) return fail();
        }
        piece_.items_depth = items_depth_;
        return std::move(piece_);
    }

    /// A node starts at depth stack_.size() + 1 (the root is 1, as yaml-cpp counts). Its
    /// properties are checked here; an item's position is taken here, in document order.
    bool node(const yaml_mark_t& mark, const yaml_char_t* anchor, const yaml_char_t* tag, bool empty_entry) {
        if (tag) return false;
        const std::size_t depth = stack_.size() + 1;
        piece_.max_depth = std::max(piece_.max_depth, depth);
        if (depth >= kLibyamlDepth) return false;
        if (in_flow_ && mark.line != flow_line_) return false;   // early: a flow collection over lines
        if (items_sequences_ && stack_.size() < items_depth_) after_items_ = true;
        if (anchor) {
            std::size_t at = locator_.offset(mark.index);
            std::size_t length = std::strlen(reinterpret_cast<const char*>(anchor));
            if (at >= doc_.size() || doc_[at] != '&' || !ends_name(doc_, at + 1 + length)) return false;
        }
        if (stack_.empty()) root_position_ = locator_.mark(mark);
        if (!stack_.empty() && stack_.back().items) {
            // Each item's tree in its own arena (a buffer here first): no allocation for a
            // usual item.
            arena_.emplace(buffer_, sizeof buffer_);
            storage_ = json::storage_ptr(&*arena_);
            item_position_ = empty_entry ? locator_.next_token(mark) : locator_.mark(mark);
        }
        return true;
    }

    std::size_t define(const yaml_char_t* anchor) {
        if (!anchor) return 0;
        anchors_.emplace_back();
        names_[reinterpret_cast<const char*>(anchor)] = anchors_.size();
        return anchors_.size();
    }

    void remember(std::size_t anchor, const json::value& v, std::size_t values) {
        if (!anchor) return;
        auto& a = anchors_[anchor - 1];
        a.value = json::value(v, json::storage_ptr());   // outlives the item's arena
        a.values = values;
        a.complete = true;
    }

    bool scalar(const yaml_event_t& e) {
        const auto& s = e.data.scalar;
        // An empty plain scalar with no properties is an empty entry, which yaml-cpp places
        // at the token after it.
        const bool empty_entry = s.length == 0 && s.style == YAML_PLAIN_SCALAR_STYLE && !s.tag && !s.anchor;
        if (!node(e.start_mark, s.anchor, s.tag, empty_entry)) return false;
        // yaml-cpp refuses an anchored scalar over several lines.
        if (s.anchor && e.end_mark.line != e.start_mark.line) return false;
        std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
        if (s.style == YAML_LITERAL_SCALAR_STYLE || s.style == YAML_FOLDED_SCALAR_STYLE) {
            if (s.anchor) return false;
            // The header: an indicator after something on its line ('key: |', '- >'), then a
            // blank before any comment.
            std::size_t i = locator_.offset(e.start_mark.index);
            std::size_t j = i;
            while (j > 0 && (doc_[j - 1] == ' ' || doc_[j - 1] == '\t')) --j;
            if (j == 0 || doc_[j - 1] == '\n') return false;
            ++i;
            // Keeping the final line breaks ('+'): yaml-cpp's folded scalars lose one.
            while (i < doc_.size() && (doc_[i] == '-' || (doc_[i] >= '0' && doc_[i] <= '9'))) ++i;
            if (i < doc_.size() && doc_[i] != ' ' && doc_[i] != '\n' && !(doc_[i] == '\r' && i + 1 < doc_.size()))
                return false;
            // yaml-cpp folds a last line of blanks with no line break after it into a space:
            // a block scalar that ends the text takes a line break at its end.
            if (!doc_.ends_with('\n') &&
                doc_.find_first_not_of(" \t\r\n", locator_.offset(e.end_mark.index)) == std::string_view::npos)
                return false;
        }
        // The scalar's text in the document, found once (the locator goes forward only).
        std::size_t from = std::string_view::npos, to = 0;
        auto span = [&] {
            if (from == std::string_view::npos) {
                from = locator_.offset(e.start_mark.index);
                to = locator_.offset(e.end_mark.index);
            }
            return doc_.substr(from, to - from);
        };
        if ((s.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE || s.style == YAML_SINGLE_QUOTED_SCALAR_STYLE) &&
            e.end_mark.line != e.start_mark.line) {
            // A quoted scalar over lines: yaml-cpp drops a line break before a closing quote
            // that starts its line after blank lines. Take no blank line and no such quote.
            std::string_view source = span();
            for (std::size_t nl = source.find('\n'); nl != std::string_view::npos; nl = source.find('\n', nl + 1)) {
                std::size_t next = source.find_first_not_of(" \t\r", nl + 1);
                if (next == std::string_view::npos || next + 1 >= source.size() || source[next] == '\n')
                    return false;
            }
        }
        if (s.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && text.find('\xC2') != std::string_view::npos &&
            (text.find("\xC2\x85") != std::string_view::npos || text.find("\xC2\xA0") != std::string_view::npos)) {
            // yaml-cpp turns the escapes \N and \_ into single bytes (0x85, 0xA0), not UTF-8.
            std::string_view source = span();
            for (std::size_t i = 0; i + 1 < source.size(); ++i)
                if (source[i] == '\\') {
                    if (source[i + 1] == 'N' || source[i + 1] == '_') return false;
                    ++i;
                }
        }
        const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
        const std::size_t anchor = define(s.anchor);
        // Most scalars are keys: their text, without a JSON value.
        if (!anchor && !stack_.empty() && !stack_.back().has_key && stack_.back().value.is_object()) {
            // No key ('? ' alone, ': value'): yaml-cpp reads some of these otherwise.
            if (empty_entry) return false;
            Frame& top = stack_.back();
            std::optional<json::value> v;
            if (plain) v = resolve_plain(text);
            if (!v) top.key.assign(text);
            else if (v->is_null()) top.key.clear();
            else top.key = json::serialize(*v);
            top.has_key = true;
            top.values += 1;
            return true;
        }
        std::optional<json::value> resolved;
        if (plain) resolved = resolve_plain(text);
        json::value v = resolved ? json::value(*resolved, storage_)
                                 : json::value(json::string_view(text.data(), text.size()), storage_);
        remember(anchor, v, 1);
        add(std::move(v), 1);
        return true;
    }

    bool alias(const yaml_event_t& e) {
        if (!node(e.start_mark, nullptr, nullptr, false)) return false;
        const char* name_text = reinterpret_cast<const char*>(e.data.alias.anchor);
        std::size_t at = locator_.offset(e.start_mark.index);
        if (at >= doc_.size() || doc_[at] != '*' || !ends_name(doc_, at + 1 + std::strlen(name_text))) return false;
        auto name = names_.find(name_text);
        if (name == names_.end()) return false;   // yaml-cpp: an undefined anchor
        const Anchored& a = anchors_[name->second - 1];
        if (!a.complete) {
            add(json::value(nullptr, storage_), 1);
            return true;
        }
        // Each use copies the anchored value: bound the total, or nested aliases
        // ("billion laughs") grow exponentially.
        alias_values_ += a.values;
        piece_.alias_values = alias_values_;
        if (alias_values_ > kLibyamlAliasValues) return false;
        add(json::value(a.value, storage_), a.values);
        return true;
    }

    bool open(const yaml_event_t& e, bool sequence) {
        const yaml_char_t* anchor_name = sequence ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
        const yaml_char_t* tag = sequence ? e.data.sequence_start.tag : e.data.mapping_start.tag;
        if (!node(e.start_mark, anchor_name, tag, false)) return false;
        const bool flow = sequence ? e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                                   : e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
        bool items = sequence && (stack_.empty() || (stack_.size() == 1 && stack_[0].value.is_object() &&
                                                     stack_[0].has_key && stack_[0].key == "references"));
        if (stack_.empty()) {
            piece_.root = root_position_;
            piece_.root_empty = false;
        }
        if (items) {
            piece_.found_items = true;
            ++items_sequences_;
            items_depth_ = stack_.size() + 1;
            items_block_at_column_0_ = !flow && e.start_mark.column == 0;
        }
        const std::size_t anchor = define(anchor_name);
        json::value container = sequence ? json::value(json::array(storage_)) : json::value(json::object(storage_));
        Frame frame{std::move(container), anchor, items, false, false, 0, {}, 1};
        if (flow && !in_flow_) {
            frame.flow = in_flow_ = true;
            flow_line_ = e.start_mark.line;
            frame.flow_start = locator_.offset(e.start_mark.index);
        }
        stack_.push_back(std::move(frame));
        return true;
    }

    bool close(const yaml_event_t& e) {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        if (frame.flow) {
            in_flow_ = false;
            std::size_t end = locator_.offset(e.end_mark.index);
            std::string_view text = doc_.substr(frame.flow_start, end - frame.flow_start);
            if (!plain_flow(text)) return false;
        }
        remember(frame.anchor, frame.value, frame.values);
        add(std::move(frame.value), frame.values);
        return true;
    }

    void add(json::value v, std::size_t values) {
        if (stack_.empty()) {
            if (!v.is_null() && piece_.root_empty) {
                piece_.root = root_position_;
                piece_.root_empty = false;
            }
            return;   // the root itself; items were drafted already
        }
        Frame& top = stack_.back();
        if (!top.items) top.values += values;
        if (auto* arr = top.value.if_array()) {
            if (top.items) item(std::move(v));
            else arr->push_back(std::move(v));
            return;
        }
        auto& obj = top.value.get_object();
        if (!top.has_key) {
            // A key: scalars as their text; a (rare) complex key as its JSON text.
            top.key = v.is_string() ? std::string(v.get_string()) : v.is_null() ? std::string() : json::serialize(v);
            top.has_key = true;
            return;
        }
        obj.insert_or_assign(top.key, std::move(v));
        top.has_key = false;
    }

    void item(json::value v) {
        piece_.drafts.push_back(ItemReader::draft(v, item_position_.line + 1, item_position_.column + 1));
        v = nullptr;
        storage_ = {};
        arena_.reset();
    }

    std::string_view doc_;
    std::string_view text_;
    Role role_;
    Locator locator_;
    unsigned char buffer_[16384];
    std::optional<json::monotonic_resource> arena_;   // the current item's tree
    json::storage_ptr storage_;         // where new values go: the heap, or the arena inside an item
    std::vector<Frame> stack_;
    std::vector<Anchored> anchors_;
    std::unordered_map<std::string, std::size_t> names_;   // the latest definition of each anchor name
    Position item_position_, root_position_;
    std::size_t alias_values_ = 0;
    std::size_t items_sequences_ = 0;
    std::size_t items_depth_ = 0;
    bool items_block_at_column_0_ = false;
    bool after_items_ = false;   // a node after the items sequence closed
    bool in_flow_ = false;
    std::size_t flow_line_ = 0;   // the line (libyaml's count) the outermost flow collection starts on
    Piece piece_;
};

void finish_items(std::vector<ItemDraft>& drafts, ItemReader& items, std::vector<Record>& records) {
    for (auto& d : drafts) {
        Record r;
        if (items.finish(d, r)) records.push_back(std::move(r));
    }
}

void report_root(const Piece& shape, ReadResult& out) {
    if (!shape.found_items && !shape.root_empty && !out.diagnostics.has_errors())
        out.diagnostics.error(shape.root.line + 1, shape.root.column + 1,
                              "expected a sequence of CSL items or a mapping with 'references'");
}

/// Where the pieces start: at the first top-level '- ' line after every `piece_bytes` bytes.
std::vector<std::size_t> piece_starts(std::string_view doc, std::size_t piece_bytes) {
    std::vector<std::size_t> starts{0};
    std::size_t from = piece_bytes;
    while (from < doc.size()) {
        std::size_t nl = doc.find("\n-", from - 1);
        if (nl == std::string_view::npos || nl + 2 >= doc.size()) break;
        std::size_t dash = nl + 1;
        char after = doc[dash + 1];
        if (after == ' ' || after == '\n' || after == '\r') {
            starts.push_back(dash);
            from = dash + piece_bytes;
        } else {
            from = dash + 1;
        }
    }
    return starts;
}

/// The pieces parsed on worker threads and finished in order. False when the document must be
/// parsed whole; `reference` is then set when yaml-cpp must read it.
bool read_in_pieces(std::string_view doc, const std::vector<std::size_t>& starts, unsigned workers,
                    ReadResult& out, bool& reference) {
    const std::size_t n = starts.size();
    std::vector<std::uint32_t> lines(n, 0);
    for (std::size_t k = 1; k < n; ++k)
        lines[k] = lines[k - 1] +
                   static_cast<std::uint32_t>(std::count(doc.data() + starts[k - 1], doc.data() + starts[k], '\n'));
    ReadResult result;
    ItemReader items(result.diagnostics);
    Piece shape;   // the first piece's: the document's
    std::size_t used = 0, alias_values = 0;
    bool ok = true;
    ordered_batches<Piece>(
        n, workers,
        [&](std::size_t k) {
            Role role = k == 0 ? Role::first : k + 1 == n ? Role::last : Role::middle;
            return Builder(doc, starts[k], k + 1 == n ? doc.size() : starts[k + 1], lines[k], role).run();
        },
        [&](Piece& piece) {
            if (piece.outcome != Piece::Outcome::ok) {
                reference = piece.outcome == Piece::Outcome::reference;
                return ok = false;
            }
            if (used++ == 0) {
                shape.found_items = piece.found_items;
                shape.root_empty = piece.root_empty;
                shape.root = piece.root;
                shape.items_depth = piece.items_depth;
            } else if (piece.max_depth + shape.items_depth - 1 >= kLibyamlDepth) {
                return ok = false;   // the items of later pieces are one level deeper under 'references'
            }
            alias_values += piece.alias_values;
            if (alias_values > kLibyamlAliasValues) return ok = false;
            finish_items(piece.drafts, items, result.bibliography.records);
            return true;
        });
    if (!ok) return false;
    report_root(shape, result);
    out = std::move(result);
    return true;
}

}  // namespace

Path read_document(std::string_view doc, ReadResult& out, const Options& options) {
    if (!options.use_libyaml) {
        read_with_yaml_cpp(doc, out);
        return Path::yaml_cpp;
    }
    if (doc.size() >= options.min_piece_bytes) {
        auto starts = piece_starts(doc, std::max<std::size_t>(options.piece_bytes, 1));
        if (starts.size() >= 2) {
            unsigned workers = options.workers >= 0 ? static_cast<unsigned>(options.workers)
                               : std::thread::hardware_concurrency() < 2 ? 0 : 2;
            bool reference = false;
            if (read_in_pieces(doc, starts, workers, out, reference)) return Path::libyaml_pieces;
            if (reference) {
                read_with_yaml_cpp(doc, out);
                return Path::yaml_cpp;
            }
        }
    }
    Piece whole = Builder(doc, 0, doc.size(), 0, Role::whole).run();
    if (whole.outcome != Piece::Outcome::ok) {
        read_with_yaml_cpp(doc, out);
        return Path::yaml_cpp;
    }
    ItemReader items(out.diagnostics);
    finish_items(whole.drafts, items, out.bibliography.records);
    report_root(whole, out);
    return Path::libyaml;
}

}  // namespace cslyaml

namespace {

std::size_t line_end(std::string_view s, std::size_t i) {
    auto nl = s.find('\n', i);
    return nl == std::string_view::npos ? s.size() : nl + 1;
}

std::string_view strip_eol(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line;
}

/// A Markdown file with a YAML front matter: only the part between the '---' lines is YAML.
std::string_view front_matter(std::string_view input) {
    if (strip_eol(input.substr(0, line_end(input, 0))) != "---") return input;
    for (std::size_t i = line_end(input, 0); i < input.size(); i = line_end(input, i)) {
        std::string_view line = strip_eol(input.substr(i, line_end(input, i) - i));
        if (line == "---" || line == "...") return input.substr(0, i);
    }
    return input;
}

}  // namespace

int CslYamlReader::probe(std::string_view head) const noexcept {
    auto has_line = [&](std::string_view start) {
        for (std::size_t i = 0; i < head.size(); i = line_end(head, i))
            if (head.substr(i).starts_with(start)) return true;
        return false;
    };
    bool items = has_line("- id:") || has_line("- type:") || has_line("  id:");
    bool refs = has_line("references:");
    if (head.starts_with("---")) return refs ? 80 : items ? 60 : 10;
    if (has_line("- id:") || has_line("- type:")) return 80;
    if (refs) return 70;
    return 0;
}

void CslYamlReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    cslyaml::read_document(front_matter(input), out);
    for (auto& d : out.diagnostics.items())
        if (d.file.empty()) d.file = ctx.source_name;
}

}  // namespace bibport::plugins::csl
