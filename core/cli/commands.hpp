// SPDX-License-Identifier: MIT
// The subcommands of the bibport program.
#pragma once

#include "pipeline.hpp"

#include <string>
#include <vector>

namespace bibport::cli {

struct Settings {
    core::ConvertRequest request;
    std::vector<std::string> args;          ///< positional arguments after the command
    std::vector<std::string> plugin_dirs;   ///< --plugin-dir
    std::string report;                     ///< --report: "" = off, "-" = stderr, else a JSON file
    bool quiet = false;
    bool verbose = false;
};

int run_version();
/// Dispatches "convert", "formats" and "check"; an unknown command is a usage error (2).
int run_command(const std::string& command, Settings settings);

}  // namespace bibport::cli
