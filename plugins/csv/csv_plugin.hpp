// SPDX-License-Identifier: MIT
#pragma once
#include <bibport/format.hpp>
namespace bibport::plugins::csv {
/// csv (comma separated) and tsv (tab separated), both with column profiles.
FormatList make_formats();
}  // namespace bibport::plugins::csv
