// SPDX-License-Identifier: MIT
// CSL-YAML reader: yaml-cpp parses, each item becomes the same JSON tree the CSL-JSON reader
// uses. Plain scalars are resolved with the YAML 1.2 core schema (12 is a number, true a
// boolean, "12" and 2020-05-28 strings), so types survive a JSON -> YAML -> JSON trip.
#include "csl_formats.hpp"
#include "csl_record.hpp"

#include <bibport/text.hpp>

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace bibport::plugins::csl {
namespace json = boost::json;

namespace {

struct BadNode {
    std::string message;
};

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

json::value to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return nullptr;
        case YAML::NodeType::Scalar: {
            const std::string& tag = node.Tag();
            if (tag == "?") return resolve_plain(node.Scalar());
            if (tag == "!" || tag == "tag:yaml.org,2002:str") return json::string(node.Scalar());
            if (tag.starts_with("tag:yaml.org,2002:")) return resolve_plain(node.Scalar());
            return json::string(node.Scalar());
        }
        case YAML::NodeType::Sequence: {
            json::array a;
            a.reserve(node.size());
            for (const auto& e : node) a.push_back(to_json(e));
            return a;
        }
        case YAML::NodeType::Map: {
            json::object o;
            o.reserve(node.size());
            for (const auto& kv : node) {
                if (!kv.first.IsScalar())
                    throw BadNode{"expected a plain key at " + std::to_string(kv.first.Mark().line + 1) + ":" +
                                  std::to_string(kv.first.Mark().column + 1)};
                o[kv.first.Scalar()] = to_json(kv.second);
            }
            return o;
        }
    }
    return nullptr;
}

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

/// Offsets of the lines that start a top-level item ("- " at the items' indentation), used to
/// keep the items before a syntax error.
std::vector<std::size_t> item_starts(std::string_view doc) {
    std::vector<std::size_t> starts;
    std::size_t column = std::string_view::npos;
    for (std::size_t i = 0; i < doc.size(); i = line_end(doc, i)) {
        std::string_view line = strip_eol(doc.substr(i, line_end(doc, i) - i));
        std::size_t indent = line.find_first_not_of(' ');
        if (indent == std::string_view::npos || line[indent] == '#') continue;
        std::string_view rest = line.substr(indent);
        bool dash = rest == "-" || rest.starts_with("- ");
        if (column == std::string_view::npos) {
            if (dash) column = indent;
            else continue;
        }
        if (dash && indent == column) starts.push_back(i);
    }
    return starts;
}

YAML::Node items_of(const YAML::Node& root, Diagnostics& diagnostics) {
    if (root.IsSequence()) return root;
    if (root.IsMap()) {
        const YAML::Node& map = root;   // const lookup: a missing key must not be added
        if (YAML::Node refs = map["references"]; refs && refs.IsSequence()) return refs;
    }
    if (!root.IsNull() && root.IsDefined()) {
        auto mark = root.Mark();
        diagnostics.error(static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1),
                          "expected a sequence of CSL items or a mapping with 'references'");
    }
    return YAML::Node(YAML::NodeType::Sequence);
}

void read_items(const YAML::Node& seq, ItemReader& items, std::vector<Record>& records) {
    for (const auto& node : seq) {
        auto mark = node.Mark();
        auto line = static_cast<std::uint32_t>(mark.line + 1), column = static_cast<std::uint32_t>(mark.column + 1);
        json::value v;
        try {
            v = to_json(node);
        } catch (const BadNode& bad) {
            v = json::string(bad.message);   // read() reports it as a wrong shape
        }
        Record rec;
        if (items.read(v, line, column, rec)) records.push_back(std::move(rec));
    }
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
    ItemReader items(diagnostics);
    try {
        YAML::Node root = YAML::Load(std::string(doc));
        read_items(items_of(root, diagnostics), items, out.bibliography.records);
    } catch (const YAML::Exception& e) {
        diagnostics.error(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                          "invalid YAML: " + e.msg, {}, "syntax");
        // Keep the items before the error: parse the text up to the start of the item the
        // error is in (or an earlier one when that prefix still does not parse).
        auto starts = item_starts(doc);
        std::size_t error_offset = e.mark.pos >= 0 ? static_cast<std::size_t>(e.mark.pos) : doc.size();
        int tries = 0;
        for (auto it = starts.rbegin(); it != starts.rend() && tries < 4; ++it) {
            if (*it >= error_offset) continue;
            ++tries;
            try {
                YAML::Node root = YAML::Load(std::string(doc.substr(0, *it)));
                Diagnostics quiet;
                read_items(items_of(root, quiet), items, out.bibliography.records);
                break;
            } catch (const YAML::Exception&) {
            }
        }
    }
    for (auto& d : diagnostics.items())
        if (d.file.empty()) d.file = ctx.source_name;
}

}  // namespace bibport::plugins::csl
