// SPDX-License-Identifier: MIT
// The RDF vocabularies Zotero RDF uses, with the prefixes Zotero writes.
#pragma once

#include <array>
#include <string_view>

namespace bibport::plugins::zotero_rdf {

namespace ns {
inline constexpr std::string_view rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view z = "http://www.zotero.org/namespaces/export#";
inline constexpr std::string_view dc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view dcterms = "http://purl.org/dc/terms/";
inline constexpr std::string_view bib = "http://purl.org/net/biblio#";
inline constexpr std::string_view foaf = "http://xmlns.com/foaf/0.1/";
inline constexpr std::string_view link = "http://purl.org/rss/1.0/modules/link/";
inline constexpr std::string_view prism = "http://prismstandard.org/namespaces/1.2/basic/";
inline constexpr std::string_view vcard = "http://nwalsh.com/rdf/vCard#";
inline constexpr std::string_view xml = "http://www.w3.org/XML/1998/namespace";
}  // namespace ns

struct Prefix {
    std::string_view prefix;
    std::string_view uri;
};

/// In the order the writer declares them (the order Zotero's exporter adds them).
inline constexpr std::array<Prefix, 9> known_prefixes{{
    {"rdf", ns::rdf},     {"z", ns::z},         {"dcterms", ns::dcterms},
    {"bib", ns::bib},     {"foaf", ns::foaf},   {"dc", ns::dc},
    {"link", ns::link},   {"prism", ns::prism}, {"vcard", ns::vcard},
}};

/// "dc" for the Dublin Core URI, "" for an unknown namespace.
inline std::string_view prefix_of(std::string_view uri) noexcept {
    for (const auto& p : known_prefixes)
        if (p.uri == uri) return p.prefix;
    return {};
}

/// The URI of a known prefix, "" otherwise.
inline std::string_view uri_of(std::string_view prefix) noexcept {
    for (const auto& p : known_prefixes)
        if (p.prefix == prefix) return p.uri;
    return {};
}

}  // namespace bibport::plugins::zotero_rdf
