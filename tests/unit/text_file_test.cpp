// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <system_error>

#include "lib/core/text_file.h"

TEST_CASE("read_file returns the whole file, binary bytes included") {
    char path[] = "/tmp/rag-text-file-XXXXXX";
    ::close(::mkstemp(path));
    std::string content(200000, 'x');
    content[7] = '\0';
    std::ofstream(path, std::ios::binary) << content;
    CHECK(rag::read_file(path) == content);
    std::remove(path);
}

TEST_CASE("read_file names what it could not read") {
    try {
        rag::read_file("/nonexistent/x", "token file");
        FAIL("no exception");
    } catch (const std::system_error& e) {
        CHECK(std::string(e.what()).rfind("cannot read token file '/nonexistent/x'", 0) == 0);
        CHECK(e.code().value() == ENOENT);
    }
}

TEST_CASE("trim and trim_blanks") {
    CHECK(rag::trim(" \t\r\n a b \n") == "a b");
    CHECK(rag::trim("") == "");
    CHECK(rag::trim_blanks(" a\r ") == "a\r");
}
