// SPDX-License-Identifier: MIT
// Tests of SSE framing: no value can start a new field or event.
#include <catch2/catch.hpp>

#include "lib/http/sse.h"

TEST_CASE("an SSE frame carries event, id and data lines and a blank line", "[sse]") {
    std::string out;
    rag::http::append_sse_frame(out, "token", "r1:3", R"({"t":"hi"})");
    CHECK(out == "event: token\nid: r1:3\ndata: {\"t\":\"hi\"}\n\n");
}

TEST_CASE("CR and LF inside any value never end a line early", "[sse]") {
    std::string out;
    rag::http::append_sse_frame(out, "tok\r\nen", std::string("r\n1\0", 4), "{\"a\":1,\r\n\"b\":2}");
    CHECK(out == "event: tok__en\nid: r_1_\ndata: {\"a\":1,  \"b\":2}\n\n");
    size_t lines = 0;
    for (char c : out) lines += c == '\n';
    CHECK(lines == 4);
    CHECK(out.find('\r') == std::string::npos);
}

TEST_CASE("comments and retry hints are framed", "[sse]") {
    std::string out;
    rag::http::append_sse_comment(out, "ping");
    rag::http::append_sse_retry(out, 3000);
    CHECK(out == ": ping\n\nretry: 3000\n\n");
}
