// SPDX-License-Identifier: MIT
// CSL-JSON reader: Boost.JSON parses the document; a small locator (not a parser) finds where
// each top-level item starts, for positions in diagnostics and for keeping the items before a
// syntax error.
#include "csl_formats.hpp"
#include "csl_record.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>

#include <bibport/ordered_batches.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <thread>
#include <cstring>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
        std::uint32_t line = 0, column = 0;   ///< of `begin`
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
/// The first quote or backslash in [from, end), or `end`: sixteen bytes a step.
std::size_t next_quote_or_backslash(std::string_view s, std::size_t from, std::size_t end) noexcept {
    std::size_t j = from;
#if defined(__SSE2__)
    for (; j + 16 <= end; j += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + j));
        const int mask = _mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
        if (mask) return j + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    while (j < end && s[j] != '"' && s[j] != '\\') ++j;
    return j;
}

/// The scan behind locate(), resumable: run() may go on where it stopped.
/// Lines are counted outside strings only: a line break inside a string is not JSON, and the
/// items after it are never read (the parser stops at the first error).
struct Locator {
    Layout out;
    bool in_item = false;
    std::size_t begin = 0, last = 0;
    std::uint32_t line = 1, begin_line = 1, begin_column = 1;
    // The column is counted on from the last item's start on the same line: linear even when
    // the whole file is one line.
    std::size_t counted_to = 0;
    std::uint32_t column = 1;   // at counted_to

    void run(std::string_view s, std::size_t from, std::size_t end) {
        auto start_item = [&](std::size_t i) {
            if (out.open.size() == 1 && out.open[0].bracket == '[' && !in_item) {
                in_item = true;
                begin = i;
                begin_line = line;
                for (; counted_to < i; ++counted_to)
                    if ((static_cast<unsigned char>(s[counted_to]) & 0xC0) != 0x80) ++column;
                begin_column = column;
            }
        };
        auto end_item = [&] {
            if (out.open.size() == 1 && in_item) {
                out.items.push_back({begin, last + 1, begin_line, begin_column});
                in_item = false;
            }
        };
        for (std::size_t i = from; i < end; ++i) {
            char c = s[i];
            if (out.in_string) {
                // On to the next quote or backslash; a backslash escapes the byte after it.
                const std::size_t j = next_quote_or_backslash(s, i, end);
                if (j >= end) break;
                if (s[j] == '\\') {
                    i = j + 1;   // and the loop steps over the escaped byte
                    continue;
                }
                out.in_string = false;
                last = i = j;
                continue;
            }
            switch (c) {
                case '\n':
                    ++line;
                    counted_to = i + 1;
                    column = 1;
                    continue;
                case ' ':
                    while (i + 1 < end && s[i + 1] == ' ') ++i;   // indentation
                    continue;
                case '\t': case '\r': continue;
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
    }
};

Layout locate(std::string_view s, std::size_t limit) {
    Locator locator;
    locator.run(s, 0, std::min(limit, s.size()));
    return std::move(locator.out);
}

/// locate(s, s.size()) of a large array of items, its two halves scanned at once. The second
/// half starts at a line that starts an item the way the first item does (a line break is never
/// inside a JSON string); it is scanned as if the array were all that is open there, which the
/// first half's scan then confirms. When it does not, the first half's scan simply goes on.
Layout locate_in_halves(std::string_view s, std::size_t split_from = std::size_t(8) << 20) {
    if (s.size() < split_from || std::thread::hardware_concurrency() < 2) return locate(s, s.size());
    // The first item's line: its indentation, after the array's '['.
    const std::size_t bracket = s.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (bracket == std::string_view::npos || s[bracket] != '[') return locate(s, s.size());
    const std::size_t first = s.find_first_not_of(" \t\r\n", bracket + 1);
    if (first == std::string_view::npos || s[first] != '{') return locate(s, s.size());
    const std::size_t line_start = s.rfind('\n', first);
    if (line_start == std::string_view::npos || line_start < bracket) return locate(s, s.size());
    const std::string indent(s.substr(line_start + 1, first - line_start - 1));
    if (indent.find_first_not_of(' ') != std::string::npos) return locate(s, s.size());
    const std::string cut_mark = ",\n" + indent + "{";
    const std::size_t mark = s.find(cut_mark, s.size() / 2);
    if (mark == std::string_view::npos) return locate(s, s.size());
    const std::size_t cut = mark + 2;   // the start of the item's line
    Locator second;
    second.out.open.push_back({'[', bracket});
    second.counted_to = cut;
    std::thread helper;
    try {
        helper = std::thread([&] { second.run(s, cut, s.size()); });
    } catch (...) {
        return locate(s, s.size());
    }
    Locator whole;
    whole.run(s, 0, cut);
    helper.join();
    const bool confirmed = !whole.out.in_string && !whole.in_item && whole.out.open.size() == 1 &&
                           whole.out.open[0].bracket == '[' && whole.out.open[0].offset == bracket &&
                           whole.counted_to == cut && whole.column == 1;
    if (!confirmed) {
        whole.run(s, cut, s.size());
        return std::move(whole.out);
    }
    const std::uint32_t lines_before = whole.line - 1;
    whole.out.items.reserve(whole.out.items.size() + second.out.items.size());
    for (Layout::Span span : second.out.items) {
        span.line += lines_before;
        whole.out.items.push_back(span);
    }
    whole.out.open = std::move(second.out.open);
    whole.out.in_string = second.out.in_string;
    if (second.out.string_start != 0) whole.out.string_start = second.out.string_start;   // a string began there
    return std::move(whole.out);
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

namespace {

/// The whole document at once: used for what the item-by-item path does not take (a single
/// object, an empty array, text around the array that is not JSON, unclosed brackets).
void read_whole(std::string_view input, const Context& ctx, ReadResult& out) {
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

}  // namespace

namespace {

/// Items per batch of the item-by-item path.
constexpr std::size_t kItemsPerBatch = 256;

/// The item spans of a top-level array whose text between items is only the brackets,
/// commas and white space that JSON allows there (checked here; the items themselves are
/// checked by the parser, one by one). Empty when the text is anything else.
std::vector<Layout::Span> array_items(std::string_view input, std::size_t start) {
    Layout layout = locate_in_halves(input);
    if (layout.in_string || !layout.open.empty() || layout.items.empty()) return {};
    auto only = [&](std::size_t from, std::size_t to, char expected) {
        bool seen = false;
        for (std::size_t i = from; i < to; ++i) {
            if (is_space(input[i])) continue;
            if (input[i] != expected || seen) return false;
            seen = true;
        }
        return seen;
    };
    const auto& items = layout.items;
    if (!only(start, items.front().begin, '[') || !only(items.back().end, input.size(), ']')) return {};
    for (std::size_t k = 1; k < items.size(); ++k)
        if (!only(items[k - 1].end, items[k].begin, ',')) return {};
    return std::move(layout.items);
}

/// What a batch of items gives: drafts in order; `stop` is where a syntax error (not a
/// too-deep item) ends the items that can be trusted.
struct ItemBatch {
    std::vector<ItemDraft> drafts;
    std::vector<std::size_t> too_deep;   ///< offsets of items nested too deep, as drafts with skipped set
    std::optional<std::size_t> syntax_error_at;
};

ItemBatch draft_batch(std::string_view input, const std::vector<Layout::Span>& spans, std::size_t begin,
                      std::size_t end, SharedLineIndex& shared_lines) {
    ItemBatch batch;
    batch.drafts.reserve(end - begin);
    for (std::size_t k = begin; k < end; ++k) {
        const auto& span = spans[k];
        // Each item is parsed into its own arena (a stack buffer first): no allocation for
        // the JSON tree of a usual item.
        unsigned char buffer[16384];
        json::monotonic_resource resource(buffer, sizeof buffer);
        json::parser parser(json::storage_ptr(&resource), parse_options());
        parser.reset(json::storage_ptr(&resource));   // the tree too, not only the parser's stack
        json::error_code ec;
        std::string_view text = input.substr(span.begin, span.end - span.begin);
        std::size_t used = parser.write(text.data(), text.size(), ec);
        if (ec == json::error::too_deep) {
            const LineIndex& lines = shared_lines.get();
            std::size_t offset = span.begin + used;
            ItemDraft d;
            d.skipped = d.unreadable = true;
            d.line = lines.line(offset);
            d.column = lines.column(offset);
            d.skip_message = describe_error(input, offset, ec, lines) + "; item skipped";
            batch.drafts.push_back(std::move(d));
            continue;
        }
        if (ec) {
            batch.syntax_error_at = k;
            break;
        }
        batch.drafts.push_back(ItemReader::draft(parser.release(), span.line, span.column));
    }
    return batch;
}

}  // namespace

template <class Deliver>
void CslJsonReader::read_items(std::string_view input, const Context& ctx, ReadResult& out, bool streaming,
                               Deliver deliver) {
    // The BOM is skipped for the parser; every offset below is an offset into `input`.
    const std::size_t start = input.starts_with(kBom) ? kBom.size() : 0;
    std::vector<Layout::Span> spans = array_items(input, start);
    if (spans.empty()) {
        read_whole(input, ctx, out);
        auto& records = out.bibliography.records;
        if (!records.empty()) deliver(records);
        return;
    }
    // An array of items: parsed and read a batch at a time on worker threads, finished (ids,
    // once-per-input warnings) here in order. The result is what read_whole gives.
    // Items know their own line and column (see locate); the index of every line is built
    // only for an error's position.
    SharedLineIndex lines(input);
    ItemReader items(out.diagnostics);
    const std::size_t n = spans.size();
    const std::size_t batches = (n + kItemsPerBatch - 1) / kItemsPerBatch;
    const bool one_thread = std::thread::hardware_concurrency() < 2 || batches < 2;
    const unsigned workers = one_thread ? 0 : streaming ? 1 : 2;
    std::optional<std::size_t> error_item;
    ordered_batches<ItemBatch>(
        batches, workers,
        [&](std::size_t b) {
            return draft_batch(input, spans, b * kItemsPerBatch, std::min(n, (b + 1) * kItemsPerBatch), lines);
        },
        [&](ItemBatch& batch) {
            std::vector<Record> records;
            records.reserve(batch.drafts.size());
            for (auto& d : batch.drafts) {
                Record r;
                if (items.finish(d, r)) records.push_back(std::move(r));
            }
            bool go_on = records.empty() || deliver(records);
            if (batch.syntax_error_at) {
                error_item = batch.syntax_error_at;
                return false;
            }
            return go_on;
        });
    if (error_item) {
        // Where the document stops being JSON, as read_whole reports it: the parser run over
        // the text up to the end of that item finds the same first error.
        // (One level deeper allowed: the array itself is a level, and items as deep as the
        // limit were read. The character after the item is included so that a truncated
        // literal is reported where the whole-document parser reports it.)
        const auto& span = spans[*error_item];
        json::parse_options options = parse_options();
        options.max_depth = kMaxNesting + 1;
        json::parser parser(json::make_shared_resource<json::monotonic_resource>(), options);
        json::error_code ec;
        std::string_view body = input.substr(start, std::min(input.size(), span.end + 1) - start);
        std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
        std::size_t offset = start + consumed;
        const LineIndex& index = lines.get();
        out.diagnostics.error(index.line(offset), index.column(offset), describe_error(input, offset, ec, index), {},
                              "syntax");
    }
    for (auto& d : out.diagnostics.items())
        if (d.file.empty()) d.file = ctx.source_name;
}

void CslJsonReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    std::vector<Record> all;
    read_items(input, ctx, out, false, [&](std::vector<Record>& batch) {
        if (&batch == &out.bibliography.records) return true;   // read_whole filled them in place
        if (all.empty()) all.reserve(batch.size() * 8);
        std::move(batch.begin(), batch.end(), std::back_inserter(all));
        return true;
    });
    if (!all.empty()) out.bibliography.records = std::move(all);
}

void CslJsonReader::do_read_stream(std::string_view input, const Context& ctx, RecordSink& sink, ReadResult& out) {
    read_items(input, ctx, out, true, [&](std::vector<Record>& batch) {
        bool ok = sink.take(batch);
        batch.clear();
        return ok;
    });
}

}  // namespace bibport::plugins::csl
