// SPDX-License-Identifier: MIT
#pragma once
#include <bibport/format.hpp>
namespace bibport::plugins::zotero_rdf {
/// zotero-rdf: Zotero's RDF/XML export format, read and written.
FormatList make_formats();
}  // namespace bibport::plugins::zotero_rdf
