// SPDX-License-Identifier: MIT
#pragma once
#include <bibport/format.hpp>
namespace bibport::plugins::markdown {
/// The "markdown" format: awesome-style paper lists.
FormatList make_formats();
/// Its description (id, aliases, extensions, options).
FormatInfo format_info();
}  // namespace bibport::plugins::markdown
