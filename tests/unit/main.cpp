// SPDX-License-Identifier: MIT
// The one Catch2 main for every unit test in tests/unit/.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
