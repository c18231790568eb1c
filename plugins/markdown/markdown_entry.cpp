// SPDX-License-Identifier: MIT
#include "markdown_plugin.hpp"
#include <bibport/plugin.hpp>
BIBPORT_PLUGIN("markdown", "1.0.0", bibport::plugins::markdown::make_formats)
