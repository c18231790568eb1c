// SPDX-License-Identifier: MIT
#include "csv_plugin.hpp"
#include <bibport/plugin.hpp>
BIBPORT_PLUGIN("csv", "1.0.0", bibport::plugins::csv::make_formats)
