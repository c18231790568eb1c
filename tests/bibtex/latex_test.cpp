// SPDX-License-Identifier: MIT
#include <bibport/latex.hpp>
#include <gtest/gtest.h>
TEST(Latex, Placeholder) { EXPECT_EQ(bibport::latex::to_unicode("a"), "a"); }
