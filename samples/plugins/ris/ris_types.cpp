// SPDX-License-Identifier: MIT
#include "ris_types.hpp"

#include <bibport/text.hpp>

#include <boost/dll/runtime_symbol_info.hpp>

#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace bibport::plugins::ris {
namespace {

constexpr std::string_view kTypesFile = "ris/types.yaml";

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return out;
}

// <folder of the plugin library>/<RIS_DATA_FROM_PLUGIN>: the data folder of the same prefix
// (or of the build tree, which mirrors the install layout).
fs::path data_beside_plugin() {
#ifdef RIS_DATA_FROM_PLUGIN
    std::error_code ec;
    fs::path self = boost::dll::this_line_location(ec);
    if (ec || self.empty()) return {};
    return self.parent_path() / RIS_DATA_FROM_PLUGIN;
#else
    return {};
#endif
}

}  // namespace

TitleLayout title_layout(std::string_view t) noexcept {
    if (t == "CONF" || t == "CPAPER") return TitleLayout::conference;
    if (t == "BOOK" || t == "EBOOK" || t == "EDBOOK") return TitleLayout::book;
    return TitleLayout::container;
}

fs::path find_types_file(const Context& ctx) {
    std::error_code ec;
    if (!ctx.data_dir.empty()) {
        fs::path p = fs::path(ctx.data_dir) / kTypesFile;
        if (fs::exists(p, ec)) return p;
    }
    if (fs::path beside = data_beside_plugin(); !beside.empty()) {
        fs::path p = beside / kTypesFile;
        if (fs::exists(p, ec)) return p.lexically_normal();
    }
    return {};
}

TypeTable TypeTable::load(const Context& ctx) {
    fs::path file = find_types_file(ctx);
    if (file.empty()) {
        std::string tried = ctx.data_dir.empty() ? std::string("no data folder")
                                                 : (fs::path(ctx.data_dir) / kTypesFile).string();
        if (fs::path beside = data_beside_plugin(); !beside.empty()) tried += ", " + (beside / kTypesFile).string();
        throw std::runtime_error("cannot find the RIS type table " + std::string(kTypesFile) + " (looked at " +
                                 tried + "); install the plugin with its data or set BIBPORT_DATA_DIR");
    }
    return from_crosswalk(Crosswalk::load(file));
}

TypeTable TypeTable::from_crosswalk(const Crosswalk& cw) {
    TypeTable t;
    for (const auto& [ris, csl] : cw.read_table()) t.read_.emplace(upper(ris), csl);
    for (const auto& [csl, ris] : cw.write_table()) t.write_.emplace(csl, ris);
    // The defaults are whatever the table says for names it does not list.
    if (auto d = cw.read("\x01no such type"); d) t.default_read_ = *d;
    if (auto d = cw.write("\x01no such type"); d) t.default_write_ = *d;
    return t;
}

std::optional<std::string> TypeTable::to_csl(std::string_view ris_type) const {
    auto it = read_.find(upper(ris_type));
    if (it == read_.end()) return std::nullopt;
    return it->second;
}

std::string TypeTable::to_ris(std::string_view csl_type) const {
    auto it = write_.find(std::string(csl_type));
    return it == write_.end() ? default_write_ : it->second;
}

}  // namespace bibport::plugins::ris
