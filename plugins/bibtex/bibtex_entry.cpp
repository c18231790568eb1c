// SPDX-License-Identifier: MIT
#include "bibtex_plugin.hpp"
#include <bibport/plugin.hpp>
BIBPORT_PLUGIN("bibtex", "1.0.0", bibport::plugins::bibtex::make_formats)
