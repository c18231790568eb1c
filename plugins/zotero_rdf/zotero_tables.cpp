// SPDX-License-Identifier: MIT
#include "zotero_tables.hpp"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace bibport::plugins::zotero_rdf {
namespace {

YAML::Node load_yaml(const std::filesystem::path& file) {
    try {
        return YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": error: " + e.msg);
    }
}

}  // namespace

ZoteroTables ZoteroTables::load(const Context& ctx) {
    ZoteroTables t;
    auto types_file = data_file(ctx, "zotero/types.yaml");
    auto fields_file = data_file(ctx, "zotero/fields.yaml");
    t.types = Crosswalk::load(types_file);
    t.creators = Crosswalk::load(data_file(ctx, "zotero/creators.yaml"));
    t.z_fields = Crosswalk::load(fields_file);
    try {
        YAML::Node types = load_yaml(types_file);
        for (const auto& kv : types["classes"]) {
            const YAML::Node& pair = kv.second;
            if (!pair.IsSequence() || pair.size() != 2)
                throw std::runtime_error("classes." + kv.first.as<std::string>() +
                                         ": expected [item class, container class]");
            t.classes[kv.first.as<std::string>()] = {pair[0].as<std::string>(), pair[1].as<std::string>()};
        }
        for (const auto& kv : types["primary_creator"])
            t.primary_creator[kv.first.as<std::string>()] = kv.second.as<std::string>();
        YAML::Node fields = load_yaml(fields_file);
        for (const auto& kv : fields["field_types"])
            t.field_types[kv.first.as<std::string>()] = kv.second.as<std::vector<std::string>>();
    } catch (const YAML::Exception& e) {
        throw std::runtime_error("formats/zotero: error: " + std::string(e.what()));
    }
    return t;
}

bool ZoteroTables::has_field(std::string_view item_type, std::string_view field) const {
    auto it = field_types.find(field);
    if (it == field_types.end()) return true;
    for (const auto& t : it->second)
        if (t == item_type) return true;
    return false;
}

std::string_view ZoteroTables::item_class(std::string_view item_type) const {
    auto it = classes.find(item_type);
    return it == classes.end() ? std::string_view() : std::string_view(it->second.first);
}

std::string_view ZoteroTables::container_class(std::string_view item_type) const {
    auto it = classes.find(item_type);
    return it == classes.end() ? std::string_view() : std::string_view(it->second.second);
}

bool ZoteroTables::known_item_type(std::string_view item_type) const {
    for (const auto& [k, v] : types.read_table())
        if (k == item_type) return true;
    return false;
}

}  // namespace bibport::plugins::zotero_rdf
