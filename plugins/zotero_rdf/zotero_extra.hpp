// SPDX-License-Identifier: MIT
// Zotero conventions outside the RDF structure: the "Extra" field's "Key: value" lines,
// date strings as Zotero stores them, the CSL vocabulary Extra may name, and text checks.
#pragma once

#include <bibport/record.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace bibport::plugins::zotero_rdf {

/// Whether `type` is a CSL 1.0.2 item type.
bool is_csl_type(std::string_view type) noexcept;

/// The CSL spelling of a variable named in an Extra line ("Original Date" -> "original-date",
/// "doi" -> "DOI"), or "" when it is no CSL variable. Name variables are not included.
std::string csl_variable(std::string_view extra_key);
bool is_csl_date_variable(std::string_view var) noexcept;

/// Applies Zotero's Extra text to a record: "arXiv: id", "Citation Key: key",
/// "tex.name: value" (-> extra "bibtex.name"), "<origin>.<name>: value" (-> extra), "type: <csl
/// type>", and "<csl variable>: value" for variables the record does not have yet. What is
/// left (free text, unknown keys) is returned, to be kept as the CSL "note".
std::string apply_extra(std::string_view text, Record& record);

/// "2020", "2020-06", "2020-06-13", "2019/2020"; the raw or literal text when there is one.
std::string format_date(const Date& d);
/// Reads a date as Zotero stores it: ISO forms ("2015-05-28", "2024-01-15 10:00:00") exactly,
/// anything else through dates::parse_date. Text that is not plain ISO is kept in `raw`.
Date parse_date_text(std::string_view name, std::string_view text);

/// The first character XML 1.0 cannot hold (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF)
/// or a description of invalid UTF-8; nullopt when the text is fine.
std::optional<std::string> invalid_xml_text(std::string_view s);

/// Percent-encodes what may not appear in a URI fragment ("Barlow Twins" -> "Barlow%20Twins").
std::string uri_escape(std::string_view s);
std::string uri_unescape(std::string_view s);

}  // namespace bibport::plugins::zotero_rdf
