// SPDX-License-Identifier: MIT
// CSL-YAML reader: yaml-cpp parses, each item becomes the same JSON tree the CSL-JSON reader
// uses. Plain scalars are resolved with the YAML 1.2 core schema (12 is a number, true a
// boolean, "12" and 2020-05-28 strings), so types survive a JSON -> YAML -> JSON trip.
#include "csl_formats.hpp"
#include "csl_record.hpp"

#include <bibport/text.hpp>

#include <boost/json/serialize.hpp>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace bibport::plugins::csl {
namespace json = boost::json;

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

/// A plain (unquoted) scalar as the YAML 1.2 core schema resolves it.
json::value resolve_plain(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    std::string_view v = s;
    const char* end = s.data() + s.size();
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
        if (auto r = std::from_chars(first, end, i); r.ec == std::errc() && r.ptr == end) return i;
        if (!negative)
            if (auto r = std::from_chars(first, end, u); r.ec == std::errc() && r.ptr == end) return u;
        double d = 0;   // beyond 64 bits
        if (auto r = std::from_chars(first, end, d); r.ec == std::errc() && r.ptr == end && std::isfinite(d)) return d;
        return json::string(s);
    }
    if (v.size() > 2 && v[0] == '0' && (v[1] == 'o' || v[1] == 'x')) {
        bool hex = v[1] == 'x';
        std::string_view body = v.substr(2);
        std::uint64_t u = 0;
        if (all_digits(body, hex ? is_hex : is_oct)) {
            auto r = std::from_chars(body.data(), end, u, hex ? 16 : 8);
            if (r.ec == std::errc() && r.ptr == end) {
                if (u <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(u);
                return u;
            }
        }
        return json::string(s);
    }
    if (is_core_float(v)) {
        double d = 0;
        const char* first = v[0] == '+' ? v.data() + 1 : v.data();
        if (auto r = std::from_chars(first, end, d); r.ec == std::errc() && r.ptr == end && std::isfinite(d)) return d;
    }
    // .inf and .nan have no JSON form; they stay text like every other string.
    return json::string(s);
}

/// Builds JSON trees from yaml-cpp's parse events (much faster than its Node graph) and hands
/// over each top-level item as soon as it is complete, with the position it started at.
/// Items are the elements of the root sequence, or of the sequence under the root's
/// 'references' key (pandoc). Items completed before a syntax error are therefore kept.
class ItemCollector final : public YAML::EventHandler {
public:
    using Sink = std::function<void(json::value&&, const YAML::Mark&)>;
    explicit ItemCollector(Sink sink) : sink_(std::move(sink)) {}

    bool found_items() const noexcept { return found_items_; }
    /// Where the root started and whether it held items, for the "wrong root" message.
    bool root_is_empty() const noexcept { return root_empty_; }
    const YAML::Mark& root_mark() const noexcept { return root_mark_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(nullptr, mark, anchor, 1); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end()) return add(nullptr, mark, 0, 1);
        // Each use copies the anchored value: bound the total, or nested aliases
        // ("billion laughs") grow exponentially.
        alias_values_ += it->second.values;
        if (alias_values_ > kMaxAliasValues)
            throw YAML::ParserException(mark, "aliases repeat more than " + std::to_string(kMaxAliasValues) +
                                                  " values in total (the reader's limit)");
        add(it->second.value, mark, 0, it->second.values);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        add(scalar(tag, value), mark, anchor, 1);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        bool items = stack_.empty() ||
                     (stack_.size() == 1 && stack_[0].value.is_object() && stack_[0].has_key &&
                      stack_[0].key == "references");
        if (items) found_items_ = true;
        open(json::array(), mark, anchor, items);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(json::object(), mark, anchor, false);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        json::value value;
        YAML::Mark mark;
        YAML::anchor_t anchor = 0;
        bool items = false;     // elements are handed to the sink instead of stored
        bool has_key = false;   // a map frame: the key of the next value is `key`
        std::string key;
        std::size_t values = 1;  // this container and everything in it
    };
    struct Anchored {
        json::value value;
        std::size_t values = 0;
    };

    static json::value scalar(const std::string& tag, const std::string& text) {
        if (tag == "?") return resolve_plain(text);
        if (tag == "!" || tag == "tag:yaml.org,2002:str") return json::string(text);
        if (tag.starts_with("tag:yaml.org,2002:")) return resolve_plain(text);
        return json::string(text);
    }

    void open(json::value container, const YAML::Mark& mark, YAML::anchor_t anchor, bool items) {
        if (stack_.empty()) {
            root_mark_ = mark;
            root_empty_ = false;
        }
        stack_.push_back(Frame{std::move(container), mark, anchor, items, false, {}, 1});
    }

    void close() {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        add(std::move(frame.value), frame.mark, frame.anchor, frame.values);
    }

    void add(json::value v, const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t values) {
        if (anchor) anchors_[anchor] = Anchored{v, values};
        if (stack_.empty()) {
            if (!v.is_null() && root_empty_) {
                root_mark_ = mark;
                root_empty_ = false;
            }
            return;   // the root itself; items were handed over already
        }
        Frame& top = stack_.back();
        if (!top.items) top.values += values;
        if (auto* arr = top.value.if_array()) {
            if (top.items) sink_(std::move(v), mark);
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
        obj[top.key] = std::move(v);
        top.has_key = false;
    }

    Sink sink_;
    std::vector<Frame> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    std::size_t alias_values_ = 0;
    bool found_items_ = false;
    bool root_empty_ = true;
    YAML::Mark root_mark_;
};

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
    std::string_view doc = front_matter(input);
    auto& diagnostics = out.diagnostics;
    auto& records = out.bibliography.records;
    ItemReader items(diagnostics);
    ItemCollector collector([&](json::value&& v, const YAML::Mark& mark) {
        Record rec;
        if (items.read(v, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1), rec))
            records.push_back(std::move(rec));
    });
    try {
        std::istringstream stream{std::string(doc)};
        YAML::Parser parser(stream);
        parser.HandleNextDocument(collector);
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp's own message for this is "bad file".
        diagnostics.error(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                          "invalid YAML: nested deeper than " + std::to_string(kMaxNesting) +
                              " levels (the reader's limit)", {}, "syntax");
    } catch (const YAML::Exception& e) {
        diagnostics.error(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                          "invalid YAML: " + e.msg, {}, "syntax");
    }
    if (!collector.found_items() && !collector.root_is_empty() && !diagnostics.has_errors()) {
        const auto& mark = collector.root_mark();
        diagnostics.error(static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1),
                          "expected a sequence of CSL items or a mapping with 'references'");
    }
    for (auto& d : diagnostics.items())
        if (d.file.empty()) d.file = ctx.source_name;
}

}  // namespace bibport::plugins::csl
