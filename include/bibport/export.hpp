// SPDX-License-Identifier: MIT
// Visibility macros. Everything is built with hidden visibility; interfaces that cross the
// plugin boundary are marked visible so that their type_info and vtables match.
#pragma once

#include <boost/config.hpp>

#define BIBPORT_VISIBLE BOOST_SYMBOL_VISIBLE
#define BIBPORT_EXPORT BOOST_SYMBOL_EXPORT
