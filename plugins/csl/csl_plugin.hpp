// SPDX-License-Identifier: MIT
#pragma once
#include <bibport/format.hpp>
namespace bibport::plugins::csl {
/// csljson and cslyaml.
FormatList make_formats();
}
