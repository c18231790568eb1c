// SPDX-License-Identifier: MIT
#include "bibtex_schema.hpp"

#include <bibport/crosswalk.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace bibport::plugins::bibtex {
namespace {

Crosswalk load(const Context& ctx, std::string_view name) {
    return Crosswalk::load(data_file(ctx, "bibtex/" + std::string(name)));
}

// Adds pairs that are not there yet, so earlier tables take precedence.
void merge(Table& into, const std::vector<std::pair<std::string, std::string>>& pairs, bool lower_keys) {
    for (const auto& [k, v] : pairs) into.emplace(lower_keys ? text::ascii_lower(k) : k, v);
}

std::unique_ptr<Schema> build(const Context& ctx, Dialect dialect) {
    auto s = std::make_unique<Schema>();
    Crosswalk own = load(ctx, dialect == Dialect::bibtex ? "types-bibtex.yaml" : "types-biblatex.yaml");
    Crosswalk other = load(ctx, dialect == Dialect::bibtex ? "types-biblatex.yaml" : "types-bibtex.yaml");
    merge(s->type_read, own.read_table(), true);
    merge(s->type_read, other.read_table(), true);
    merge(s->type_write, own.write_table(), false);
    if (auto d = own.read("\x01no such type\x01")) s->type_read_default = *d;
    if (auto d = own.write("\x01no such type\x01")) s->type_write_default = *d;

    Crosswalk fields = load(ctx, "fields-bibtex.yaml");
    merge(s->field_read, fields.read_table(), true);
    if (dialect == Dialect::biblatex) merge(s->field_write, load(ctx, "fields-biblatex.yaml").write_table(), false);
    merge(s->field_write, fields.write_table(), false);

    Crosswalk names = load(ctx, "names.yaml");
    merge(s->name_read, names.read_table(), true);
    merge(s->name_write, names.write_table(), false);
    Crosswalk dates = load(ctx, "dates.yaml");
    merge(s->date_read, dates.read_table(), true);
    merge(s->date_write, dates.write_table(), false);
    Crosswalk links = load(ctx, "links.yaml");
    merge(s->link_read, links.read_table(), true);
    merge(s->link_write, links.write_table(), false);
    return s;
}

}  // namespace

std::string_view lookup(const Table& t, std::string_view key) {
    auto it = t.find(key);
    return it == t.end() ? std::string_view() : std::string_view(it->second);
}

namespace {

/// "name/type" if the table has it, else "name": the per-type entry wins over the general one.
std::string_view lookup_for_type(const Table& t, std::string_view name, std::string_view type) {
    char buffer[128];
    std::string long_key;
    std::string_view key;
    const std::size_t size = name.size() + 1 + type.size();
    if (size <= sizeof buffer) {
        std::copy(name.begin(), name.end(), buffer);
        buffer[name.size()] = '/';
        std::copy(type.begin(), type.end(), buffer + name.size() + 1);
        key = std::string_view(buffer, size);
    } else {
        long_key.append(name).append("/").append(type);
        key = long_key;
    }
    if (auto it = t.find(key); it != t.end()) return it->second;
    if (auto it = t.find(name); it != t.end()) return it->second;
    return {};
}

}  // namespace

std::string Schema::entry_type_for(std::string_view csl_type) const {
    std::string_view t = lookup(type_write, csl_type);
    return t.empty() ? type_write_default : std::string(t);
}

std::string Schema::csl_type_for(std::string_view entry_type_lower) const {
    std::string_view t = lookup(type_read, entry_type_lower);
    return t.empty() ? type_read_default : std::string(t);
}

std::string_view Schema::variable_for(std::string_view field, std::string_view entry_type) const {
    return lookup_for_type(field_read, field, entry_type);
}

std::string_view Schema::field_for(std::string_view variable, std::string_view csl_type) const {
    return lookup_for_type(field_write, variable, csl_type);
}

const Schema& schema_for(const Context& ctx, Dialect dialect) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, int>, std::unique_ptr<Schema>> cache;
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = cache[{ctx.data_dir, static_cast<int>(dialect)}];
    if (!slot) slot = build(ctx, dialect);
    return *slot;
}

}  // namespace bibport::plugins::bibtex
