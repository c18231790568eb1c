// SPDX-License-Identifier: MIT
#include "zotero_rdf_plugin.hpp"
#include <bibport/plugin.hpp>
BIBPORT_PLUGIN("zotero-rdf", "1.0.0", bibport::plugins::zotero_rdf::make_formats)
