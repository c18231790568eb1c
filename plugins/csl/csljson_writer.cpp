// SPDX-License-Identifier: MIT
// CSL-JSON writer: each record is printed as csl_record's write_item makes it (no tree is built
// first), in the layout JsonPrinter gives a JSON tree: Boost.JSON only prints compactly.
#include "csl_formats.hpp"
#include "csl_record.hpp"

#include <bibport/text.hpp>

#include <boost/container/small_vector.hpp>


#include <charconv>
#include <cstdint>
#include <cstring>
#include <exception>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bibport::plugins::csl {
namespace json = boost::json;

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

/// Non-zero when one of the eight bytes of w is a control character, '"' or '\\' (bytes of
/// 0x80 and above never count: UTF-8 is written as it is).
std::uint64_t needs_escape8(std::uint64_t w) noexcept {
    const std::uint64_t ascii = ~w & kHighs;
    const std::uint64_t control = (w - kOnes * 0x20) & ascii;
    const std::uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
    const std::uint64_t quote = (q - kOnes) & ~q & kHighs;
    const std::uint64_t backslash = (b - kOnes) & ~b & kHighs;
    return control | quote | backslash;
}

bool needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

void append_escape(std::string& out, unsigned char c) {
    static const char hex[] = "0123456789abcdef";
    switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default: {
            const char u[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(u, sizeof u);
        }
    }
}

/// The text with JSON's escapes. Eight bytes are checked at a time, since most text has none;
/// the last few bytes of a long text are checked in one overlapping word too.
void append_escaped(std::string& out, std::string_view s) {
    const char* p = s.data();
    const char* const end = p + s.size();
    const char* run = p;
    while (p < end) {
#if defined(__SSE2__)
        // Sixteen bytes a step while they are clean (long values such as abstracts): a
        // control character is one whose unsigned maximum with 0x1F is 0x1F.
        while (end - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
            const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
            const int mask = _mm_movemask_epi8(_mm_or_si128(control, special));
            if (mask) {
                p += __builtin_ctz(static_cast<unsigned>(mask));
                break;
            }
            p += 16;
        }
        if (p >= end) break;
#endif
        if (end - p >= 8) {
            if (!needs_escape8(load8(p))) {
                p += 8;
                continue;
            }
        } else if (s.size() >= 8) {
            // The word ending at `end`: its first bytes were checked already and are clean, so
            // no borrow starts there and the rest of the word is judged correctly.
            const auto seen = static_cast<unsigned>(8 - (end - p));
            if ((needs_escape8(load8(end - 8)) >> (8 * seen)) == 0) break;
        }
        const auto c = static_cast<unsigned char>(*p);
        if (!needs_escape(c)) {
            ++p;
            continue;
        }
        out.append(run, static_cast<std::size_t>(p - run));
        append_escape(out, c);
        run = ++p;
    }
    out.append(run, static_cast<std::size_t>(end - run));
}

bool is_ascii(std::string_view s) noexcept {
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= s.size(); i += 16)
        if (_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)))) return false;
#endif
    for (; i + 8 <= s.size(); i += 8)
        if (load8(s.data() + i) & kHighs) return false;
    for (; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
    return true;
}

/// A JSON string, UTF-8 left unescaped; invalid UTF-8 becomes U+FFFD so the output stays JSON.
void append_string(std::string& out, std::string_view s) {
    out += '"';
    if (is_ascii(s) || text::is_valid_utf8(s)) append_escaped(out, s);
    else {
        std::string clean;
        for (std::size_t pos = 0; pos < s.size();) text::append_utf8(clean, text::next_code_point(s, pos));
        append_escaped(out, clean);
    }
    out += '"';
}

class JsonPrinter {
public:
    JsonPrinter(std::string& out, int indent) : out_(out), indent_(indent) {}

    void value(const json::value& v, int level) {
        switch (v.kind()) {
            case json::kind::null: out_ += "null"; break;
            case json::kind::bool_: out_ += v.get_bool() ? "true" : "false"; break;
            case json::kind::int64:
            case json::kind::uint64:
            case json::kind::double_: out_ += number_text(v); break;
            case json::kind::string: append_string(out_, v.get_string()); break;
            case json::kind::array: array(v.get_array(), level); break;
            case json::kind::object: object(v.get_object(), level); break;
        }
    }

private:
    void newline(int level) {
        if (indent_ <= 0) return;
        out_ += '\n';
        out_.append(static_cast<std::size_t>(level * indent_), ' ');
    }

    void array(const json::array& a, int level) {
        if (a.empty()) {
            out_ += "[]";
            return;
        }
        // Numbers stay on one line ("date-parts": [[2020, 5, 28]] reads better that way).
        bool numbers = true;
        for (const auto& e : a)
            if (!e.is_number()) { numbers = false; break; }
        out_ += '[';
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (i) out_ += (numbers && indent_ > 0) ? ", " : ",";
            if (!numbers) newline(level + 1);
            value(a[i], level + 1);
        }
        if (!numbers) newline(level);
        out_ += ']';
    }

    void object(const json::object& o, int level) {
        if (o.empty()) {
            out_ += "{}";
            return;
        }
        out_ += '{';
        bool first = true;
        for (const auto& m : o) {
            if (!first) out_ += ',';
            first = false;
            newline(level + 1);
            append_string(out_, m.key());
            out_ += indent_ > 0 ? ": " : ":";
            value(m.value(), level + 1);
        }
        newline(level);
        out_ += '}';
    }

    std::string& out_;
    int indent_;
};

int indent_option(const Context& ctx, Diagnostics& diagnostics) {
    std::string_view text = ctx.option("indent", "2");
    int n = 2;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 0 || n > 16) {
        diagnostics.warning(0, 0, "expected a number from 0 to 16 for option 'indent', got '" + std::string(text) +
                                      "'; using 2");
        return 2;
    }
    return n;
}

}  // namespace

namespace {

/// Prints an item as write_item makes it, in the layout JsonPrinter gives a tree: no tree is
/// built. A kept JSON value (an extra) is printed by JsonPrinter at its place.
class TextSink final : public ItemSink {
public:
    TextSink(std::string& out, int indent, int level) : out_(out), indent_(indent), level_(level) {}

    void begin_object(std::string_view key) override { open(key, false, true); }
    void begin_array(std::string_view key, bool numbers) override { open(key, numbers, false); }
    void end_object() override { close('}'); }
    void end_array() override { close(']'); }
    void string(std::string_view key, std::string_view text) override {
        member(key);
        append_string(out_, text);
    }
    void value(std::string_view key, const json::value& v) override {
        member(key);
        JsonPrinter(out_, indent_).value(v, level_ + static_cast<int>(open_.size()));
    }

private:
    struct Open {
        bool numbers;   // an array of numbers stays on one line
        bool object;    // members have keys
        bool any;       // something was written
    };

    void newline(int level) {
        if (indent_ <= 0) return;
        out_ += '\n';
        out_.append(static_cast<std::size_t>(level * indent_), ' ');
    }

    // What comes before a member or element: the separator, its line, its key. Put together
    // in a small buffer and appended at once (a key that needs escapes goes the long way).
    void member(std::string_view key) {
        if (open_.empty()) return;
        Open& o = open_.back();
        char buffer[160];
        std::size_t n = 0;
        if (o.any) {
            buffer[n++] = ',';
            if (o.numbers && indent_ > 0) buffer[n++] = ' ';
        }
        o.any = true;
        if (!o.numbers && indent_ > 0) {
            const auto spaces = static_cast<std::size_t>((level_ + static_cast<int>(open_.size())) * indent_);
            if (spaces > 48) {
                out_.append(buffer, n);
                newline(level_ + static_cast<int>(open_.size()));
                n = 0;
            } else {
                buffer[n++] = '\n';
                std::memset(buffer + n, ' ', spaces);
                n += spaces;
            }
        }
        if (!o.object) {
            out_.append(buffer, n);
            return;
        }
        if (key.size() <= 64 && plain_key(key)) {
            buffer[n++] = '"';
            std::memcpy(buffer + n, key.data(), key.size());
            n += key.size();
            buffer[n++] = '"';
            buffer[n++] = ':';
            if (indent_ > 0) buffer[n++] = ' ';
            out_.append(buffer, n);
            return;
        }
        out_.append(buffer, n);
        append_string(out_, key);
        out_ += indent_ > 0 ? ": " : ":";
    }

    // Printable ASCII without '"' or '\\': written as it is.
    static bool plain_key(std::string_view key) noexcept {
        for (char c : key)
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
        return true;
    }

    void open(std::string_view key, bool numbers, bool object) {
        member(key);
        out_ += object ? '{' : '[';
        open_.push_back({numbers, object, false});
    }

    void close(char bracket) {
        const Open o = open_.back();
        open_.pop_back();
        if (o.any && !o.numbers) newline(level_ + static_cast<int>(open_.size()));
        out_ += bracket;
    }

    std::string& out_;
    int indent_;
    int level_;                // of the item itself
    boost::container::small_vector<Open, 8> open_;   // items nest a few levels: no allocation
};

void print_item(const Record& r, std::size_t index, int indent, std::string& text, Diagnostics& diagnostics) {
    TextSink sink(text, indent, 1);
    write_item(r, index, diagnostics, sink);
}

// Items [begin, end) as they appear in the array: each after ",\n" (the first after "\n").
void write_items(const Bibliography& bib, std::size_t begin, std::size_t end, int indent, std::string& text,
                 Diagnostics& diagnostics) {
    for (std::size_t i = begin; i < end; ++i) {
        text += i ? ",\n" : "\n";
        // With indent 0 each item is one line: easy to grep and diff.
        if (indent > 0) text.append(static_cast<std::size_t>(indent), ' ');
        print_item(bib.records[i], i, indent, text, diagnostics);
    }
}

// Below this many items a second thread costs more than it saves.
constexpr std::size_t kItemsPerThread = 2000;

}  // namespace

void CslJsonWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    int indent = indent_option(ctx, out.diagnostics);
    report_document_losses(bib, out.diagnostics);
    const std::size_t n = bib.records.size();
    std::string& text = out.text;
    text.reserve(n * 1400);
    text += '[';

    // Items are independent: on a multi-core machine the second half is printed on another
    // thread into its own buffer and appended, with its diagnostics after the first half's.
    const bool split = n >= 2 * kItemsPerThread && std::thread::hardware_concurrency() > 1;
    const std::size_t half = split ? n / 2 : n;
    std::string second;
    Diagnostics second_diagnostics;
    std::exception_ptr second_error;
    std::thread helper;
    if (split) {
        helper = std::thread([&] {
            try {
                second.reserve((n - half) * 1400);
                write_items(bib, half, n, indent, second, second_diagnostics);
            } catch (...) {
                second_error = std::current_exception();
            }
        });
    }
    try {
        write_items(bib, 0, half, indent, text, out.diagnostics);
    } catch (...) {
        if (helper.joinable()) helper.join();
        throw;
    }
    if (helper.joinable()) helper.join();
    if (second_error) std::rethrow_exception(second_error);
    text += second;
    for (auto& d : second_diagnostics.items()) out.diagnostics.add(std::move(d));
    text += n == 0 ? "]\n" : "\n]\n";
}

// Streaming: the same text as do_write, a batch at a time on the host's writer thread (the
// reader's workers have the cores).
bool CslJsonWriter::do_begin(const Context& ctx, OutputSink& out, Diagnostics& diagnostics) {
    stream_indent_ = indent_option(ctx, diagnostics);
    return out.write("[");
}

bool CslJsonWriter::do_write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                                   Diagnostics& diagnostics) {
    std::string& text = stream_buffer_;
    text.clear();
    for (std::size_t k = 0; k < batch.size(); ++k) {
        const std::size_t i = first_index + k;
        text += i ? ",\n" : "\n";
        if (stream_indent_ > 0) text.append(static_cast<std::size_t>(stream_indent_), ' ');
        print_item(batch[k], i, stream_indent_, text, diagnostics);
    }
    streamed_ += batch.size();
    return out.write(text);
}

bool CslJsonWriter::do_end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) {
    report_document_losses(document, diagnostics);
    stream_buffer_ = std::string();
    return out.write(streamed_ == 0 ? "]\n" : "\n]\n");
}

}  // namespace bibport::plugins::csl
