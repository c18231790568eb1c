// SPDX-License-Identifier: MIT
// CSL-JSON reader: Boost.JSON parses the document; a small locator (not a parser) finds where
// each top-level item starts, for positions in diagnostics and for keeping the items before a
// syntax error.
#include "csl_formats.hpp"
#include "csl_record.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace bibport::plugins::csl {
namespace json = boost::json;

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view s, std::size_t i) noexcept {
    while (i < s.size() && is_space(s[i])) ++i;
    return i;
}

/// Where the top-level items of a (valid up to `limit`) JSON text are, and what is still open.
struct Layout {
    struct Span {
        std::size_t begin, end;
    };
    struct Open {
        char bracket;
        std::size_t offset;
    };
    std::vector<Span> items;     ///< complete elements of the top-level array
    std::vector<Open> open;      ///< brackets not closed before `limit`
    bool in_string = false;      ///< `limit` fell inside a string ...
    std::size_t string_start = 0;  ///< ... which started here
};

/// Tracks brackets and strings only; it relies on Boost.JSON having checked the text
/// (or on `limit` being where Boost.JSON found the first error).
Layout locate(std::string_view s, std::size_t limit) {
    Layout out;
    bool in_item = false;
    std::size_t begin = 0, last = 0;
    auto start_item = [&](std::size_t i) {
        if (out.open.size() == 1 && out.open[0].bracket == '[' && !in_item) {
            in_item = true;
            begin = i;
        }
    };
    auto end_item = [&] {
        if (out.open.size() == 1 && in_item) {
            out.items.push_back({begin, last + 1});
            in_item = false;
        }
    };
    for (std::size_t i = 0; i < limit && i < s.size(); ++i) {
        char c = s[i];
        if (out.in_string) {
            // Jump to the next quote; it closes the string unless an odd run of backslashes
            // precedes it.
            const void* q = std::memchr(s.data() + i, '"', std::min(limit, s.size()) - i);
            if (!q) break;
            i = static_cast<std::size_t>(static_cast<const char*>(q) - s.data());
            std::size_t slashes = 0;
            while (i - slashes > out.string_start + 1 && s[i - slashes - 1] == '\\') ++slashes;
            if (slashes % 2 == 0) {
                out.in_string = false;
                last = i;
            }
            continue;
        }
        switch (c) {
            case ' ': case '\t': case '\n': case '\r': continue;
            case '"':
                start_item(i);
                out.in_string = true;
                out.string_start = i;
                break;
            case '[': case '{':
                start_item(i);
                out.open.push_back({c, i});
                break;
            case ']': case '}':
                end_item();
                if (!out.open.empty()) out.open.pop_back();
                break;
            case ',':
                end_item();
                break;
            default:
                start_item(i);
                break;
        }
        last = i;
    }
    return out;
}

std::string position(const LineIndex& lines, std::size_t offset) {
    return std::to_string(lines.line(offset)) + ":" + std::to_string(lines.column(offset));
}

std::string describe_error(std::string_view input, std::size_t offset, json::error_code ec,
                           const LineIndex& lines) {
    if (ec == json::error::incomplete) {
        Layout layout = locate(input, input.size());
        if (layout.in_string)
            return "unexpected end of input in the string that starts at " + position(lines, layout.string_start);
        if (!layout.open.empty()) {
            const auto& o = layout.open.back();
            bool array = o.bracket == '[';
            return std::string("unexpected end of input; expected '") + (array ? "]" : "}") + "' to close the " +
                   (array ? "array" : "object") + " opened at " + position(lines, o.offset);
        }
        return "unexpected end of input; expected a JSON value";
    }
    if (ec == json::error::extra_data) return "unexpected text after the end of the JSON data";
    if (ec == json::error::too_deep)
        return "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels (the reader's limit)";
    std::string what;
    if (offset < input.size()) {
        auto c = static_cast<unsigned char>(input[offset]);
        if (c == '"') what = "unexpected '\"' (a missing ',' or ':'?) or invalid text in this string";
        else if (c >= 0x21 && c < 0x7F) what = std::string("unexpected '") + static_cast<char>(c) + "'";
        else {
            static const char hex[] = "0123456789abcdef";
            what = std::string("unexpected byte 0x") + hex[c >> 4] + hex[c & 15];
        }
    } else {
        what = ec.message();
    }
    Layout layout = locate(input, offset);
    if (!layout.open.empty()) {
        const auto& o = layout.open.back();
        what += std::string(" in the ") + (o.bracket == '[' ? "array" : "object") + " opened at " +
                position(lines, o.offset);
    }
    return "invalid JSON: " + what;
}

json::parse_options parse_options() {
    json::parse_options options;
    options.max_depth = kMaxNesting;
    return options;
}

}  // namespace

int CslJsonReader::probe(std::string_view head) const noexcept {
    if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
    std::size_t i = skip_space(head, 0);
    if (i >= head.size()) return 0;
    bool keyed = head.find("\"id\"") != std::string_view::npos || head.find("\"type\"") != std::string_view::npos;
    if (head[i] == '{') return keyed ? 30 : 0;   // a single item, which the reader also accepts
    if (head[i] != '[') return 0;
    i = skip_space(head, i + 1);
    if (i >= head.size()) return 10;
    if (head[i] == ']') return 20;
    if (head[i] != '{') return 0;
    return keyed ? 90 : 40;
}

void CslJsonReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    // The BOM is skipped for the parser; every offset below is an offset into `input`.
    std::size_t start = input.starts_with(kBom) ? kBom.size() : 0;
    std::string_view body = input.substr(start);
    LineIndex lines(input);
    auto& diagnostics = out.diagnostics;
    auto& records = out.bibliography.records;
    ItemReader items(diagnostics);

    auto read_item = [&](const json::value& v, std::size_t offset) {
        Record rec;
        if (items.read(v, lines.line(offset), lines.column(offset), rec)) records.push_back(std::move(rec));
    };

    json::parser parser(json::make_shared_resource<json::monotonic_resource>(), parse_options());
    json::error_code ec;
    std::size_t consumed = parser.write(body.data(), body.size(), ec);
    const bool is_array = skip_space(body, 0) < body.size() && body[skip_space(body, 0)] == '[';
    if (ec == json::error::too_deep && is_array) {
        // The text may be valid, only too deep in one item: read the items one by one and
        // skip the deep ones, so that the items after them are kept too.
        Layout layout = locate(input, input.size());
        for (const auto& span : layout.items) {
            json::parser item_parser(json::make_shared_resource<json::monotonic_resource>(), parse_options());
            json::error_code item_ec;
            std::string_view text = input.substr(span.begin, span.end - span.begin);
            std::size_t used = item_parser.write(text.data(), text.size(), item_ec);
            if (!item_ec) {
                read_item(item_parser.release(), span.begin);
                continue;
            }
            std::size_t offset = span.begin + used;
            if (item_ec != json::error::too_deep) {
                diagnostics.error(lines.line(offset), lines.column(offset),
                                  describe_error(input, offset, item_ec, lines), {}, "syntax");
                break;   // a real syntax error: what follows cannot be trusted
            }
            diagnostics.skip(lines.line(offset), lines.column(offset),
                             describe_error(input, offset, item_ec, lines) + "; item skipped");
        }
        if (layout.in_string || layout.open.size() > 0) {
            std::size_t offset = input.size();
            diagnostics.error(lines.line(offset), lines.column(offset),
                              describe_error(input, offset, json::error::incomplete, lines), {}, "syntax");
        }
    } else if (ec) {
        std::size_t offset = start + consumed;
        diagnostics.error(lines.line(offset), lines.column(offset), describe_error(input, offset, ec, lines), {},
                          "syntax");
        // The items before the error are whole and valid: keep them.
        Layout layout = locate(input, offset);
        for (const auto& span : layout.items) {
            json::error_code item_ec;
            json::value v = json::parse(input.substr(span.begin, span.end - span.begin), item_ec, {}, parse_options());
            if (!item_ec) read_item(v, span.begin);
        }
    } else {
        json::value root = parser.release();
        std::size_t root_offset = start + skip_space(body, 0);
        if (auto* arr = root.if_array()) {
            Layout layout = locate(input, input.size());
            records.reserve(arr->size());
            for (std::size_t i = 0; i < arr->size(); ++i)
                read_item((*arr)[i], i < layout.items.size() ? layout.items[i].begin : root_offset);
        } else if (root.is_object()) {
            diagnostics.warning(lines.line(root_offset), lines.column(root_offset),
                                "expected an array of CSL items, got a single object; read as one item");
            read_item(root, root_offset);
        } else {
            diagnostics.error(lines.line(root_offset), lines.column(root_offset),
                              "expected an array of CSL items, got " + std::string(kind_name(root)));
        }
    }
    for (auto& d : diagnostics.items())
        if (d.file.empty()) d.file = ctx.source_name;
}

}  // namespace bibport::plugins::csl
