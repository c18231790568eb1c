// SPDX-License-Identifier: MIT
// Finds and loads format plugins with Boost.DLL.
#pragma once

#include "registry.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace bibport::core {

struct LoadReport {
    std::vector<std::filesystem::path> searched;   ///< folders looked at, in order
    std::vector<std::string> warnings;             ///< one line each, ready to print
};

/// Loads one library and registers its formats. Returns false (with a warning in `report`)
/// when the file is not a bibport plugin, was built for another ABI, or failed to load.
/// A format whose id is already registered is skipped with a warning naming both libraries.
bool load_plugin(Registry& registry, const std::filesystem::path& file, LoadReport& report);

/// Loads every bibport_*.<so> file of each folder, folders in order, files by name.
/// Folders that do not exist are skipped silently.
void load_plugins(Registry& registry, const std::vector<std::filesystem::path>& folders,
                  LoadReport& report);

/// The plugin search path: `cli_dirs` (--plugin-dir), then BIBPORT_PLUGIN_PATH
/// (':'-separated), then the install location next to the program, then the build tree
/// (only when the program itself runs from the build tree). Never the current directory.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& cli_dirs);

/// The formats/ data folder: BIBPORT_DATA_DIR, else the install location next to the
/// program, else the source tree (when running from the build tree). Empty if none exists.
std::filesystem::path data_dir();

}  // namespace bibport::core
