// SPDX-License-Identifier: MIT
// The data tables of the Zotero RDF plugin, read from formats/zotero/*.yaml at run time.
#pragma once

#include <bibport/crosswalk.hpp>
#include <bibport/format.hpp>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bibport::plugins::zotero_rdf {

struct ZoteroTables {
    Crosswalk types;      ///< Zotero itemType <-> CSL type          (types.yaml)
    Crosswalk creators;   ///< Zotero creatorType <-> CSL name role   (creators.yaml)
    Crosswalk z_fields;   ///< Zotero catch-all field <-> CSL variable (fields.yaml)
    /// itemType -> {item class, container class} as "prefix:Local" ("" = none).
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> classes;
    std::map<std::string, std::string, std::less<>> primary_creator;
    std::map<std::string, std::vector<std::string>, std::less<>> field_types;

    /// Loads the three files from ctx.data_dir; throws std::runtime_error naming the file.
    static ZoteroTables load(const Context& ctx);

    /// Whether a Zotero item type has a (base) field; fields not restricted in fields.yaml
    /// are taken to exist on every type.
    bool has_field(std::string_view item_type, std::string_view field) const;
    std::string_view item_class(std::string_view item_type) const;
    std::string_view container_class(std::string_view item_type) const;
    /// Whether `item_type` is a Zotero item type the tables know.
    bool known_item_type(std::string_view item_type) const;
};

}  // namespace bibport::plugins::zotero_rdf
