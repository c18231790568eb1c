// SPDX-License-Identifier: MIT
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::zotero_rdf {

/// Writes records as Zotero RDF that Zotero imports with types, creators, containers,
/// identifiers, Extra lines, tags, notes, link attachments and collections (one per
/// section, nested as the headings nest).
class ZoteroRdfWriter final : public WriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
};

}  // namespace bibport::plugins::zotero_rdf
