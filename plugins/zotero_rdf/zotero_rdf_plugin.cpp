// SPDX-License-Identifier: MIT
#include "zotero_rdf_plugin.hpp"

#include "zotero_rdf_reader.hpp"
#include "zotero_rdf_writer.hpp"

namespace bibport::plugins::zotero_rdf {

FormatList make_formats() {
    const std::string highlight_help =
        "the Zotero tag that marks a starred (highlighted) paper; default \"" + std::string(default_highlight_tag) + "\"";
    FormatInfo info{
        .id = "zotero-rdf",
        .display_name = "Zotero RDF",
        .aliases = {"zotero", "rdf"},
        .extensions = {"rdf"},
        .media_types = {"application/rdf+xml"},
        .read_options = {{"highlight-tag", std::string(default_highlight_tag), highlight_help}},
        .write_options = {{"highlight-tag", std::string(default_highlight_tag), highlight_help}},
        .description = "Zotero RDF/XML export, with collections, tags, notes and link attachments",
    };
    FormatList out;
    out.push_back(std::make_unique<SimpleFormat<ZoteroRdfReader, ZoteroRdfWriter>>(std::move(info)));
    return out;
}

}  // namespace bibport::plugins::zotero_rdf
