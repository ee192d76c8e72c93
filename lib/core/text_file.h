// SPDX-License-Identifier: MIT
// Whole files and small strings: the helpers every tool would otherwise repeat.
#pragma once

#include <string>
#include <string_view>

namespace rag {

/// The whole content of `path` ("-" is standard input). Throws
/// std::system_error naming `what` and the path: "cannot read token file 'x'".
std::string read_file(const std::string& path, std::string_view what = "file");

/// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
std::string_view trim(std::string_view s);

/// `s` without leading and trailing spaces and tabs only (HTTP's OWS).
std::string_view trim_blanks(std::string_view s);

/// The value of a hexadecimal digit (either case), or -1 for any other character.
constexpr int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace rag
