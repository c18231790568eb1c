// SPDX-License-Identifier: MIT
// How the value of each CSL variable is decoded from and encoded to LaTeX: shared by the
// reader and the writer so that what one writes the other reads back identically.
#pragma once

#include <string>
#include <string_view>

namespace bibport::plugins::bibtex {

enum class ValueKind {
    title,      ///< rich text with case protection (title, container-title, ...)
    text,       ///< rich text (note, abstract, publisher, ...)
    verbatim,   ///< kept as written (URL, DOI): no LaTeX at all
    pages,      ///< plain text: "--" is an en dash, "-" a hyphen (no markup)
};

ValueKind kind_of(std::string_view csl_variable) noexcept;

/// A field's raw value (macros expanded) -> the Record's text.
std::string decode_value(std::string_view raw, ValueKind kind);

/// The Record's text -> a field value (without the outer braces).
std::string encode_value(std::string_view text, ValueKind kind, bool ascii);

/// `raw` with white space runs made one space and the ends trimmed (URLs, DOIs, links).
std::string clean_spaces(std::string_view raw);

/// Plain text without markup (keywords, sections, names of months).
std::string decode_plain(std::string_view raw);

/// `s` with braces escaped when they do not balance, so it can go inside {...}.
std::string balance_braces(std::string_view s);

/// The CSL name variables and date variables (for x-<variable> fields).
bool is_csl_name_variable(std::string_view v) noexcept;
bool is_csl_date_variable(std::string_view v) noexcept;

}  // namespace bibport::plugins::bibtex
