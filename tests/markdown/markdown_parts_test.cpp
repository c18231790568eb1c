// SPDX-License-Identifier: MIT
#include "markdown_test_util.hpp"
