// SPDX-License-Identifier: MIT
#include "bibtex_values.hpp"

#include <bibport/latex.hpp>
#include <bibport/text.hpp>

namespace bibport::plugins::bibtex {

ValueKind kind_of(std::string_view v) noexcept {
    static constexpr std::string_view titles[] = {
        "title", "title-short", "container-title", "container-title-short", "collection-title",
        "event-title", "volume-title", "original-title", "reviewed-title", "part-title", "event"};
    for (auto t : titles)
        if (t == v) return ValueKind::title;
    if (v == "URL" || v == "DOI") return ValueKind::verbatim;
    if (v == "page") return ValueKind::pages;
    return ValueKind::text;
}

std::string clean_spaces(std::string_view raw) {
    // Most URLs and DOIs are one ASCII word: then there is nothing to clean.
    bool plain = !raw.empty() && raw.front() != ' ' && raw.back() != ' ';
    for (std::size_t i = 0; plain && i < raw.size(); ++i) {
        auto u = static_cast<unsigned char>(raw[i]);
        plain = u > 0x20 && u < 0x80;
        if (!plain && u == ' ') plain = raw[i - 1] != ' ';
    }
    return plain ? std::string(raw) : text::clean_whitespace(raw);
}

std::string decode_plain(std::string_view raw) {
    latex::DecodeOptions o;
    o.markup = false;
    return latex::to_unicode(raw, o);
}

std::string decode_value(std::string_view raw, ValueKind kind) {
    switch (kind) {
        case ValueKind::verbatim:
            return clean_spaces(raw);
        case ValueKind::pages:
            // "--" is an en dash and "-" a hyphen, as everywhere in LaTeX: a range keeps the
            // character it was written with, so the record says what the source said.
            return decode_plain(raw);
        case ValueKind::title: {
            latex::DecodeOptions o;
            o.nocase = true;
            return latex::to_unicode(raw, o);
        }
        case ValueKind::text:
            return latex::to_unicode(raw);
    }
    return std::string(raw);
}

std::string encode_value(std::string_view s, ValueKind kind, bool ascii) {
    switch (kind) {
        case ValueKind::verbatim:
            return balance_braces(s);
        case ValueKind::pages: {
            latex::EncodeOptions o;
            o.ascii = ascii;
            return latex::from_unicode(s, o);   // an en dash becomes "--", a hyphen stays
        }
        case ValueKind::title: {
            latex::EncodeOptions o;
            o.ascii = ascii;
            o.protect_case = true;
            return latex::from_unicode(s, o);
        }
        case ValueKind::text: {
            latex::EncodeOptions o;
            o.ascii = ascii;
            return latex::from_unicode(s, o);
        }
    }
    return std::string(s);
}

std::string balance_braces(std::string_view s) {
    int depth = 0;
    bool ok = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') { ++i; continue; }
        if (s[i] == '{') ++depth;
        else if (s[i] == '}' && --depth < 0) { ok = false; break; }
    }
    std::string out;
    if (ok && depth == 0) {
        out = s;
    } else {
        // Braces that are not escaped already get a backslash; escaped ones stay as they are
        // (found by fuzzing: "\}" became "\\}", an escaped backslash and a closing brace).
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) {
                out += s[i];
                out += s[++i];
                continue;
            }
            if (s[i] == '{' || s[i] == '}') out += '\\';
            out += s[i];
        }
    }
    // A lone backslash at the end would escape the closing brace: a space keeps it apart.
    std::size_t run = 0;
    while (run < out.size() && out[out.size() - 1 - run] == '\\') ++run;
    if (run % 2 == 1) out += ' ';
    return out;
}

bool is_csl_name_variable(std::string_view v) noexcept {
    static constexpr std::string_view names[] = {
        "author", "chair", "collection-editor", "compiler", "composer", "container-author",
        "contributor", "curator", "director", "editor", "editorial-director", "editor-translator",
        "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator", "organizer",
        "original-author", "performer", "producer", "recipient", "reviewed-author", "script-writer",
        "series-creator", "translator"};
    for (auto n : names)
        if (n == v) return true;
    return false;
}

bool is_csl_date_variable(std::string_view v) noexcept {
    return v == "accessed" || v == "available-date" || v == "event-date" || v == "issued" ||
           v == "original-date" || v == "submitted";
}

}  // namespace bibport::plugins::bibtex
