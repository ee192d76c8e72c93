// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "lib/core/terminal.h"

TEST_CASE("escape_controls writes C0, DEL and C1 controls in caret notation", "[terminal]") {
    CHECK(rag::escape_controls("a\x1b[2Jb") == "a^[[2Jb");
    CHECK(rag::escape_controls(std::string("\0\x07\x7f", 3)) == "^@^G^?");
    CHECK(rag::escape_controls("\xc2\x9b"
                               "31m") == "M-^[31m");  // U+009B, CSI
    CHECK(rag::escape_controls("\xc2\x85") == "M-^E");
}

TEST_CASE("escape_controls keeps newline, tab and every printable character", "[terminal]") {
    CHECK(rag::escape_controls("line\n\tindented") == "line\n\tindented");
    CHECK(rag::escape_controls("caf\xc3\xa9 \xc2\xa0 \xe2\x82\xac \xf0\x9f\x98\x80") ==
          "caf\xc3\xa9 \xc2\xa0 \xe2\x82\xac \xf0\x9f\x98\x80");  // é, NBSP (U+00A0), €, an emoji
}

TEST_CASE("complete_utf8_prefix holds back a sequence cut short", "[terminal]") {
    CHECK(rag::complete_utf8_prefix("abc") == 3);
    CHECK(rag::complete_utf8_prefix("ab\xc2") == 2);
    CHECK(rag::complete_utf8_prefix("ab\xc2\x9b") == 4);
    CHECK(rag::complete_utf8_prefix("a\xe2\x82") == 1);
    CHECK(rag::complete_utf8_prefix("a\xe2\x82\xac") == 4);
    CHECK(rag::complete_utf8_prefix("a\xf0\x9f\x98") == 1);
    CHECK(rag::complete_utf8_prefix("") == 0);
}
