// SPDX-License-Identifier: MIT
#include "venue_table.hpp"

#include <bibport/text.hpp>

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <stdexcept>

namespace bibport::plugins::markdown {
namespace {

Venue read_venue(const YAML::Node& node) {
    if (!node.IsMap()) throw std::runtime_error("expected each venue to be a mapping");
    Venue v;
    for (const auto& kv : node) {
        std::string key = kv.first.as<std::string>();
        if (key == "short") {
            v.short_name = kv.second.as<std::string>();
        } else if (key == "aliases") {
            if (!kv.second.IsSequence()) throw std::runtime_error("expected 'aliases' to be a list");
            for (const auto& a : kv.second) v.aliases.push_back(a.as<std::string>());
        } else if (key == "type") {
            v.type = kv.second.as<std::string>();
        } else if (key == "kind") {
            std::string kind = kv.second.as<std::string>();
            if (kind != "arxiv" && kind != "type")
                throw std::runtime_error("unknown kind '" + kind + "' (expected arxiv or type)");
            v.is_arxiv = kind == "arxiv";
            v.is_type_word = kind == "type";
        } else {
            v.fields.emplace_back(std::move(key), kv.second.as<std::string>());
        }
    }
    if (v.short_name.empty()) throw std::runtime_error("expected 'short' in every venue");
    return v;
}

constexpr std::string_view kYear = "{year}";

/// text::equals_icase(s, VenueTable::expand(value, year)), without making the expanded value;
/// `at` is where "{year}" is in `value` (npos: nowhere).
bool equals_expanded(std::string_view s, std::string_view value, std::size_t at, int year) {
    if (at == std::string_view::npos) return text::equals_icase(s, value);
    std::string_view head = value.substr(0, at), tail = value.substr(at + kYear.size());
    char digits[16];
    std::string_view middle;
    if (year > 0) {
        auto written = std::to_chars(digits, digits + sizeof digits, year);
        middle = std::string_view(digits, static_cast<std::size_t>(written.ptr - digits));
    } else {
        while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
    }
    if (s.size() != head.size() + middle.size() + tail.size()) return false;
    return text::equals_icase(s.substr(0, head.size()), head) &&
           text::equals_icase(s.substr(head.size(), middle.size()), middle) &&
           text::equals_icase(s.substr(head.size() + middle.size()), tail);
}

// Compares a record's container title with a table value, with and without the year.
bool same_title(std::string_view record_value, std::string_view table_value, std::size_t at, int year) {
    if (table_value.empty()) return false;
    return equals_expanded(record_value, table_value, at, year) || equals_expanded(record_value, table_value, at, 0);
}

}  // namespace

VenueTable VenueTable::load(const std::filesystem::path& file) {
    VenueTable table;
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        YAML::Node list = root["venues"];
        if (!list || !list.IsSequence()) throw std::runtime_error("expected a 'venues' list");
        for (const auto& node : list) table.venues_.push_back(read_venue(node));
        for (std::size_t i = 0; i < table.venues_.size(); ++i) {
            const Venue& v = table.venues_[i];
            table.by_name_.try_emplace(text::ascii_lower(text::trim(v.short_name)), i);
            for (const auto& a : v.aliases) table.by_name_.try_emplace(text::ascii_lower(text::trim(a)), i);
            for (std::size_t f = 0; f < v.fields.size(); ++f) {
                const auto& [key, value] = v.fields[f];
                if (key == "container-title" || key == "event-title")
                    table.titles_.push_back(TitleField{i, f, value.find(kYear)});
            }
        }
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": error: " + e.msg);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(file.string() + ": error: " + e.what());
    }
    return table;
}

const Venue* VenueTable::find(std::string_view name) const noexcept {
    name = text::trim(name);
    if (name.empty()) return nullptr;
    // Case-insensitive (ASCII) lookup; short keys are lower-cased on the stack.
    char buf[64];
    std::string long_key;
    std::string_view key;
    if (name.size() <= sizeof buf) {
        for (std::size_t i = 0; i < name.size(); ++i) {
            char c = name[i];
            buf[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        }
        key = std::string_view(buf, name.size());
    } else {
        long_key = text::ascii_lower(name);
        key = long_key;
    }
    auto it = by_name_.find(key);
    return it == by_name_.end() ? nullptr : &venues_[it->second];
}

const Venue* VenueTable::type_word(std::string_view type) const noexcept {
    for (const auto& v : venues_)
        if (v.is_type_word && v.type == type) return &v;
    return nullptr;
}

const Venue* VenueTable::match_record(const Record& rec) const {
    // A type word is never a record's venue: a container called "Book" is a container.
    auto venue = [&](std::string_view name) {
        const Venue* v = find(name);
        return v && !v->is_type_word ? v : nullptr;
    };
    if (auto s = rec.get("container-title-short"); !s.empty())
        if (const Venue* v = venue(s)) return v;
    std::string_view container = rec.get("container-title");
    if (!container.empty()) {
        if (const Venue* v = venue(container)) return v;
        int year = rec.year();
        for (const auto& t : titles_)
            if (same_title(container, venues_[t.venue].fields[t.field].second, t.year_at, year)) return &venues_[t.venue];
        return nullptr;
    }
    if (auto p = rec.get("publisher"); !p.empty())
        for (const auto& v : venues_)
            if (v.is_arxiv && (text::equals_icase(p, v.short_name))) return &v;
    return nullptr;
}

void VenueTable::apply(const Venue& v, int year, Record& rec) {
    if (!v.type.empty()) rec.type = v.type;
    for (const auto& [key, value] : v.fields) rec.set(key, expand(value, year));
    // Preprints and kinds of work have no container; every other venue keeps its short name.
    if (!v.is_arxiv && !v.is_type_word) rec.set("container-title-short", v.short_name);
}

std::string VenueTable::unknown_venue_type(std::string_view name) {
    std::string lower = text::ascii_lower(name);
    bool journal = lower.find("journal") != std::string::npos || lower.find("trans") != std::string::npos ||
                   lower.find("letters") != std::string::npos;
    return journal ? "article-journal" : "paper-conference";
}

std::string VenueTable::expand(std::string_view value, int year) {
    constexpr std::string_view kYear = "{year}";
    auto at = value.find(kYear);
    if (at == std::string_view::npos) return std::string(value);
    std::string out(value.substr(0, at));
    if (year > 0) {
        out += std::to_string(year);
    } else {
        while (!out.empty() && out.back() == ' ') out.pop_back();
    }
    out += value.substr(at + kYear.size());
    return out;
}

}  // namespace bibport::plugins::markdown
