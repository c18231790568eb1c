// SPDX-License-Identifier: MIT
// The one file of the library that declares it a bibport plugin.
#include "ris_format.hpp"

#include <bibport/plugin.hpp>

BIBPORT_PLUGIN("ris", "1.0.0", bibport::plugins::ris::make_formats)
