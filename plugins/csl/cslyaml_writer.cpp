// SPDX-License-Identifier: MIT
// CSL-YAML writer: the same JSON tree as CSL-JSON, printed as block YAML into one string.
// A string is quoted whenever a YAML 1.1 or 1.2 reader could take it for anything else
// (number, boolean, null, date, indicator), so types come back as they were.
#include "csl_formats.hpp"
#include "csl_record.hpp"

#include <bibport/text.hpp>

namespace bibport::plugins::csl {
namespace json = boost::json;

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool reserved_word(std::string_view s) {
    static constexpr std::string_view words[] = {"~",   "null", "true", "false", "yes", "no",  "on",
                                                 "off", "y",    "n",    "<<",    "=",   ".inf", ".nan"};
    for (auto w : words)
        if (text::equals_icase(s, w)) return true;
    return false;
}

bool needs_quotes(std::string_view s) {
    if (s.empty()) return true;
    constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@` \t.+";
    if (indicators.find(s.front()) != std::string_view::npos) return true;
    char last = s.back();
    if (last == ' ' || last == '\t' || last == ':') return true;
    if (reserved_word(s)) return true;
    // Anything starting with a digit and holding no space may be a number, date or time in
    // some YAML reader; "2001-12-14 21:59:43" (a 1.1 timestamp) has a space but starts "dddd-".
    if (is_digit(s.front())) {
        if (s.find(' ') == std::string_view::npos) return true;
        if (s.size() >= 5 && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-') return true;
    }
    bool ascii = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) return true;
        if (c >= 0x80) ascii = false;
        if (c == ':' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) return true;
        if (c == '#' && (s[i - 1] == ' ' || s[i - 1] == '\t')) return true;   // i > 0: '#' first is quoted above
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return true;   // NEL
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) return true;   // U+2028, U+2029
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
            static_cast<unsigned char>(s[i + 2]) == 0xBF) return true;   // BOM
    }
    return !ascii && !text::is_valid_utf8(s);   // quoting replaces bad bytes with U+FFFD
}

void append_double_quoted(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    out += '"';
    std::size_t pos = 0;
    while (pos < s.size()) {
        auto c = static_cast<unsigned char>(s[pos]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F && c < 0x80) {
            out += static_cast<char>(c);
            ++pos;
            continue;
        }
        if (c >= 0x80) {
            std::size_t begin = pos;
            char32_t cp = text::next_code_point(s, pos);
            if (cp == 0x85) out += "\\u0085";   // yaml-cpp 0.7 decodes \N to a lone byte
            else if (cp == 0x2028) out += "\\L";
            else if (cp == 0x2029) out += "\\P";
            else if (cp == 0xFEFF) out += "\\uFEFF";
            else if (cp == 0xFFFD && s.substr(begin, pos - begin) != "\xEF\xBF\xBD") text::append_utf8(out, cp);
            else out.append(s.data() + begin, pos - begin);
            continue;
        }
        ++pos;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case 0: out += "\\0"; break;
            default:
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 15];
        }
    }
    out += '"';
}

void append_string(std::string& out, std::string_view s) {
    if (needs_quotes(s)) append_double_quoted(out, s);
    else out.append(s);
}

bool is_number_array(const json::value& v) {
    const auto* a = v.if_array();
    if (!a) return false;
    for (const auto& e : *a)
        if (!e.is_number()) return false;
    return true;
}

/// Scalars, empty containers, and [2020, 5] or [[2020, 5, 28], [2020, 6]] are written inline.
bool is_flow(const json::value& v) {
    if (const auto* a = v.if_array()) {
        if (a->empty() || is_number_array(v)) return true;
        for (const auto& e : *a)
            if (!is_number_array(e)) return false;
        return true;
    }
    if (const auto* o = v.if_object()) return o->empty();
    return true;
}

class YamlPrinter {
public:
    explicit YamlPrinter(std::string& out) : out_(out) {}

    void sequence(const json::array& a, std::size_t indent) {
        for (const auto& e : a) {
            out_.append(indent, ' ');
            if (is_flow(e)) {
                out_ += "- ";
                flow(e);
                out_ += '\n';
            } else if (const auto* o = e.if_object()) {
                out_ += "- ";
                mapping(*o, indent + 2, true);
            } else {
                out_ += "-\n";
                sequence(e.get_array(), indent + 2);
            }
        }
    }

    void mapping(const json::object& o, std::size_t indent, bool first_inline) {
        bool first = true;
        for (const auto& m : o) {
            if (!first || !first_inline) out_.append(indent, ' ');
            first = false;
            append_string(out_, m.key());
            out_ += ':';
            const json::value& v = m.value();
            if (is_flow(v)) {
                out_ += ' ';
                flow(v);
                out_ += '\n';
            } else if (const auto* child = v.if_object()) {
                out_ += '\n';
                mapping(*child, indent + 2, false);
            } else {
                out_ += '\n';
                sequence(v.get_array(), indent);   // "- " under the key, as pandoc writes it
            }
        }
    }

    void flow(const json::value& v) {
        switch (v.kind()) {
            case json::kind::null: out_ += "null"; break;
            case json::kind::bool_: out_ += v.get_bool() ? "true" : "false"; break;
            case json::kind::int64:
            case json::kind::uint64:
            case json::kind::double_: out_ += number_text(v); break;
            case json::kind::string: append_string(out_, v.get_string()); break;
            case json::kind::array: {
                out_ += '[';
                bool first = true;
                for (const auto& e : v.get_array()) {
                    if (!first) out_ += ", ";
                    first = false;
                    flow(e);
                }
                out_ += ']';
                break;
            }
            case json::kind::object: out_ += "{}"; break;   // only empty objects are flowed
        }
    }

private:
    std::string& out_;
};

}  // namespace

namespace {

// The parts of the text, shared by both ways of writing it: the head, the items (a sequence
// entry each), and what ends the document (an empty sequence when there was no item).
constexpr std::string_view kWrapHead = "---\nreferences:";

void print_items(const std::vector<Record>& records, std::size_t first_index, std::string& text,
                 Diagnostics& diagnostics) {
    YamlPrinter printer(text);
    json::array one(1);
    for (std::size_t k = 0; k < records.size(); ++k) {
        one[0] = item_to_json(records[k], first_index + k, diagnostics);
        printer.sequence(one, 0);
    }
}

std::string_view tail(bool wrap, bool any_item) {
    if (!any_item) return wrap ? " []\n...\n" : "[]\n";
    return wrap ? "...\n" : "";
}

}  // namespace

void CslYamlWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    bool wrap = ctx.flag("references", false);
    report_document_losses(bib, out.diagnostics);
    std::string& text = out.text;
    text.reserve(bib.records.size() * 1024);
    if (wrap) text += kWrapHead;
    if (wrap && !bib.records.empty()) text += '\n';
    print_items(bib.records, 0, text, out.diagnostics);
    text += tail(wrap, !bib.records.empty());
}

// Streaming: the same text, a batch at a time.
bool CslYamlWriter::do_begin(const Context& ctx, OutputSink& out, Diagnostics&) {
    stream_wrap_ = ctx.flag("references", false);
    return !stream_wrap_ || out.write(kWrapHead);
}

bool CslYamlWriter::do_write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                                   Diagnostics& diagnostics) {
    std::string& text = stream_buffer_;
    text.clear();
    if (stream_wrap_ && streamed_ == 0 && !batch.empty()) text += '\n';
    print_items(batch, first_index, text, diagnostics);
    streamed_ += batch.size();
    return out.write(text);
}

bool CslYamlWriter::do_end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) {
    report_document_losses(document, diagnostics);
    stream_buffer_ = std::string();
    const std::string_view rest = tail(stream_wrap_, streamed_ > 0);
    return rest.empty() || out.write(rest);
}

}  // namespace bibport::plugins::csl
