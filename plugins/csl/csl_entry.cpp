// SPDX-License-Identifier: MIT
#include "csl_formats.hpp"

#include <bibport/plugin.hpp>

BIBPORT_PLUGIN("csl", "1.0.0", bibport::plugins::csl::make_formats)
