// SPDX-License-Identifier: MIT
// The fd line reader: line ends, the length cap, padding, and reading in pieces.
#include "lib/core/lines.h"

#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>
#include <catch2/catch.hpp>

namespace {

// An fd holding `bytes`, read from the start (a memfd: no file left behind).
struct InputFd {
    int fd;
    explicit InputFd(std::string_view bytes) : fd(memfd_create("lines-test", 0)) {
        REQUIRE(fd >= 0);
        REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
        REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
    }
    ~InputFd() { close(fd); }
};

struct Got {
    std::string text;
    size_t number;
    bool too_long;
};

// Reads every line as a blocking filter does.
std::vector<Got> read_all(std::string_view bytes, size_t max_line = rag::kDefaultMaxLine) {
    InputFd in(bytes);
    rag::LineReader reader(in.fd, max_line);
    std::vector<Got> got;
    rag::Line line;
    do {
        while (reader.next(line)) {
            if (!line.too_long) {  // the padding after the text must be readable (ASan checks it)
                volatile char pad = line.text.data()[line.text.size() + rag::kJsonPadding - 1];
                (void)pad;
            }
            got.push_back({std::string(line.text), line.number, line.too_long});
        }
    } while (reader.fill());
    while (reader.next(line)) got.push_back({std::string(line.text), line.number, line.too_long});
    return got;
}

std::vector<std::string> texts(const std::vector<Got>& got) {
    std::vector<std::string> out;
    for (const Got& g : got) out.push_back(g.text);
    return out;
}

}  // namespace

TEST_CASE("lines are split on newline and numbered from 1", "[lines]") {
    auto got = read_all("a\nbb\nccc\n");
    REQUIRE(texts(got) == std::vector<std::string>{"a", "bb", "ccc"});
    CHECK(got[2].number == 3);
}

TEST_CASE("a last line without a newline still counts", "[lines]") {
    CHECK(texts(read_all("a\nlast")) == std::vector<std::string>{"a", "last"});
    CHECK(texts(read_all("only")) == std::vector<std::string>{"only"});
    CHECK(read_all("").empty());
}

TEST_CASE("CRLF line ends lose their carriage return", "[lines]") {
    CHECK(texts(read_all("a\r\nb\r\nc\r")) == std::vector<std::string>{"a", "b", "c"});
    CHECK(texts(read_all("in\rside\r\n")) == std::vector<std::string>{"in\rside"});
}

TEST_CASE("an empty line is returned as an empty line", "[lines]") {
    auto got = read_all("a\n\n\r\nb\n");
    CHECK(texts(got) == std::vector<std::string>{"a", "", "", "b"});
    CHECK(got[3].number == 4);
}

TEST_CASE("an embedded NUL is part of the line", "[lines]") {
    auto got = read_all(std::string_view("a\0b\nc\n", 6));
    REQUIRE(got.size() == 2);
    CHECK(got[0].text == std::string("a\0b", 3));
}

TEST_CASE("a 20 MiB line over the 16 MiB cap is reported and skipped; the next line is read", "[lines][big]") {
    std::string big(20u << 20, 'x');
    auto got = read_all("first\n" + big + "\nafter\n" + big + "\r\nlast");
    REQUIRE(got.size() == 5);
    CHECK(got[0].text == "first");
    CHECK(got[1].too_long);
    CHECK(got[1].text.empty());
    CHECK(got[1].number == 2);
    CHECK(got[2].text == "after");
    CHECK(!got[2].too_long);
    CHECK(got[2].number == 3);
    CHECK(got[3].too_long);
    CHECK(got[4].text == "last");
    CHECK(got[4].number == 5);
}

TEST_CASE("an over-long last line without a newline is reported once", "[lines][big]") {
    auto got = read_all("a\n" + std::string(100, 'y'), 10);
    REQUIRE(got.size() == 2);
    CHECK(got[1].too_long);
}

TEST_CASE("a raised cap accepts a 20 MiB line", "[lines][big]") {
    std::string big(20u << 20, 'x');
    auto got = read_all(big + "\nafter\n", 32u << 20);
    REQUIRE(got.size() == 2);
    CHECK(!got[0].too_long);
    CHECK(got[0].text.size() == big.size());
    CHECK(got[1].text == "after");
}

TEST_CASE("a line of exactly the cap is accepted, one byte more is not", "[lines]") {
    const size_t cap = 100 * 1024;  // beyond the first buffer, so it must grow
    std::string exact(cap, 'e'), over(cap + 1, 'o');
    auto got = read_all(exact + "\r\n" + over + "\n" + exact, cap);
    REQUIRE(got.size() == 3);
    CHECK(got[0].text.size() == cap);
    CHECK(got[1].too_long);
    CHECK(got[2].text.size() == cap);
}

TEST_CASE("a line arriving in pieces through a pipe is returned whole", "[lines]") {
    int p[2];
    REQUIRE(pipe(p) == 0);
    rag::LineReader reader(p[0]);
    rag::Line line;
    REQUIRE(write(p[1], "hel", 3) == 3);
    REQUIRE(reader.fill());
    CHECK(!reader.has_line());
    CHECK(!reader.next(line));
    REQUIRE(write(p[1], "lo\nwor", 6) == 6);
    REQUIRE(reader.fill());
    CHECK(reader.has_line());
    REQUIRE(reader.next(line));
    CHECK(line.text == "hello");
    CHECK(!reader.next(line));
    close(p[1]);
    CHECK(reader.fill() == true);  // end of input, "wor" still to come
    CHECK(reader.eof());
    REQUIRE(reader.next(line));
    CHECK(line.text == "wor");
    CHECK(!reader.fill());
    close(p[0]);
}

TEST_CASE("many short lines across buffer refills keep their order", "[lines]") {
    std::string in;
    for (int i = 0; i < 50000; ++i) in += std::to_string(i) + "\n";
    auto got = read_all(in);
    REQUIRE(got.size() == 50000);
    for (int i = 0; i < 50000; i += 997) CHECK(got[i].text == std::to_string(i));
    CHECK(got.back().text == "49999");
}
