// SPDX-License-Identifier: MIT
// The one Catch2 main for every unit test in tests/unit/.
// GCC 12 at -O1 with ASan warns falsely (-Wmaybe-uninitialized) inside the
// std::regex that Catch2's main instantiates; the warning is not ours.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
