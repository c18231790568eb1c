// SPDX-License-Identifier: MIT
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::zotero_rdf {

/// The star of a paper list travels as this Zotero tag unless the option says otherwise.
inline constexpr std::string_view default_highlight_tag = "\u2605 highlight";

/// Reads Zotero RDF (what Zotero's "Zotero RDF" export writes, and what ZoteroRdfWriter
/// writes) into canonical records. Items become records, z:Collection nesting becomes
/// `sections`, tags keywords (the highlight tag the star), link attachments typed links,
/// child notes notes, Extra lines fields; anything else is kept in extra "zotero.*".
class ZoteroRdfReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

}  // namespace bibport::plugins::zotero_rdf
