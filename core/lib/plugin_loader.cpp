// SPDX-License-Identifier: MIT
#include "plugin_loader.hpp"

#include <bibport/plugin.hpp>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace fs = std::filesystem;
namespace dll = boost::dll;

namespace bibport::core {
namespace {

std::string describe(const fs::path& file) { return file.string(); }

bool has_abi(const PluginManifest& m, std::string& why) {
    if (m.abi_version != kAbiVersion) {
        why = "built for plugin ABI " + std::to_string(m.abi_version) + ", this bibport uses ABI " +
              std::to_string(kAbiVersion);
        return false;
    }
    if (!m.abi_tag || std::strcmp(m.abi_tag, kAbiTag) != 0) {
        why = std::string("built with C++ runtime '") + (m.abi_tag ? m.abi_tag : "?") +
              "', this bibport uses '" + kAbiTag + "'";
        return false;
    }
    return true;
}

fs::path program_dir() {
    std::error_code ec;
    fs::path exe = dll::program_location(ec);
    return ec ? fs::path() : exe.parent_path();
}

bool runs_from_build_tree() {
    fs::path dir = program_dir();
    std::error_code ec;
    fs::path build = fs::weakly_canonical(BIBPORT_BUILD_DIR, ec);
    fs::path here = fs::weakly_canonical(dir, ec);
    auto b = build.string(), h = here.string();
    return !b.empty() && h.compare(0, b.size(), b) == 0;
}

// <prefix>/bin/bibport -> <prefix>
fs::path install_prefix() {
    fs::path dir = program_dir();
    fs::path rel = BIBPORT_REL_BIN_DIR;
    for (auto it = rel.begin(); it != rel.end(); ++it) dir = dir.parent_path();
    return dir;
}

}  // namespace

bool load_plugin(Registry& registry, const fs::path& file, LoadReport& report) {
    auto lib = std::make_shared<dll::shared_library>();
    std::error_code ec;
    lib->load(file, dll::load_mode::rtld_local | dll::load_mode::rtld_now, ec);
    if (ec) {
        report.warnings.push_back(describe(file) + ": warning: skipped: cannot load library: " +
                                  ec.message());
        return false;
    }
    if (!lib->has("bibport_manifest") || !lib->has("bibport_make_formats")) {
        report.warnings.push_back(describe(file) +
                                  ": warning: skipped: not a bibport plugin (no bibport_manifest)");
        return false;
    }
    const auto& manifest = lib->get<const PluginManifest>("bibport_manifest");
    std::string why;
    if (!has_abi(manifest, why)) {
        report.warnings.push_back(describe(file) + ": warning: skipped: " + why);
        return false;
    }
    std::string plugin_id = manifest.plugin_id ? manifest.plugin_id : "";
    std::string plugin_version = manifest.plugin_version ? manifest.plugin_version : "";

    FormatList formats;
    try {
        auto& make = lib->get_alias<MakeFormatsFn>("bibport_make_formats");
        formats = make();
    } catch (const std::exception& e) {
        report.warnings.push_back(describe(file) + ": warning: skipped: plugin factory failed: " + e.what());
        return false;
    }
    if (formats.empty()) {
        report.warnings.push_back(describe(file) + ": warning: skipped: plugin declares no format");
        return false;
    }
    for (auto& f : formats) {
        if (!f) continue;
        RegisteredFormat entry;
        entry.library = lib;
        entry.format = std::shared_ptr<const Format>(f.release(), [lib](const Format* p) { delete p; });
        entry.origin = file.string();
        entry.plugin_id = plugin_id;
        entry.plugin_version = plugin_version;
        std::string id = entry.info().id;
        std::string taken_by;
        if (!registry.add(std::move(entry), &taken_by)) {
            report.warnings.push_back(describe(file) + ": warning: format '" + id +
                                      "' ignored: already provided by " + taken_by);
        }
    }
    return true;
}

void load_plugins(Registry& registry, const std::vector<fs::path>& folders, LoadReport& report) {
    const std::string suffix = dll::shared_library::suffix().string();
    for (const auto& folder : folders) {
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) continue;
        report.searched.push_back(folder);
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind("bibport_", 0) == 0 && entry.path().extension() == suffix &&
                entry.is_regular_file(ec))
                files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) load_plugin(registry, f, report);
    }
}

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& cli_dirs) {
    std::vector<fs::path> out;
    for (const auto& d : cli_dirs) out.emplace_back(d);
    if (const char* env = std::getenv("BIBPORT_PLUGIN_PATH")) {
        std::string_view s = env;
        while (!s.empty()) {
            auto colon = s.find(':');
            auto part = s.substr(0, colon);
            if (!part.empty()) out.emplace_back(std::string(part));
            if (colon == std::string_view::npos) break;
            s.remove_prefix(colon + 1);
        }
    }
    out.push_back(install_prefix() / BIBPORT_REL_PLUGIN_DIR);
    if (runs_from_build_tree()) out.emplace_back(BIBPORT_BUILD_PLUGIN_DIR);
    // The same folder twice would load each plugin twice and warn about duplicates.
    std::vector<fs::path> unique;
    for (auto& p : out) {
        std::error_code ec;
        fs::path c = fs::weakly_canonical(p, ec);
        if (ec) c = p;
        if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
    }
    return unique;
}

fs::path data_dir() {
    std::error_code ec;
    if (const char* env = std::getenv("BIBPORT_DATA_DIR"); env && *env) return fs::path(env);
    fs::path installed = install_prefix() / BIBPORT_REL_DATA_DIR;
    if (fs::is_directory(installed, ec)) return installed;
    if (runs_from_build_tree() && fs::is_directory(BIBPORT_SOURCE_DATA_DIR, ec))
        return fs::path(BIBPORT_SOURCE_DATA_DIR);
    return {};
}

}  // namespace bibport::core
