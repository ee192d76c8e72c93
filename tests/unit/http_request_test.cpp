// SPDX-License-Identifier: MIT
// Tests of the incremental HTTP/1.1 request parser.
#include <catch2/catch.hpp>

#include "lib/http/request.h"

using rag::http::RequestParser;
using State = RequestParser::State;

namespace {

// Feeds `text` in pieces of `step` bytes; returns the bytes consumed.
size_t feed_in_steps(RequestParser& p, std::string_view text, size_t step) {
    size_t used = 0;
    while (used < text.size() && p.state() == State::kNeedMore)
        used += p.feed(text.substr(used, std::min(step, text.size() - used)));
    return used;
}

}  // namespace

TEST_CASE("a POST with a Content-Length body parses whole, in any pieces", "[http]") {
    std::string req =
        "POST /api/chat/stream?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        "Content-Length: 13\r\n\r\n{\"query\":\"q\"}";
    for (size_t step : {size_t{1}, size_t{2}, size_t{7}, req.size()}) {
        RequestParser p;
        REQUIRE(feed_in_steps(p, req, step) == req.size());
        REQUIRE(p.state() == State::kComplete);
        CHECK(p.request().method == "POST");
        CHECK(p.request().path == "/api/chat/stream");
        CHECK(p.request().query == "x=1");
        CHECK(p.request().header("content-type") == "application/json");
        CHECK(p.request().body == "{\"query\":\"q\"}");
        CHECK(p.request().keep_alive);
    }
}

TEST_CASE("pipelined requests are split at the end of the first", "[http]") {
    std::string two = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    RequestParser p;
    size_t used = p.feed(two);
    REQUIRE(p.state() == State::kComplete);
    CHECK(p.request().path == "/a");
    p.reset();
    p.feed(std::string_view(two).substr(used));
    REQUIRE(p.state() == State::kComplete);
    CHECK(p.request().path == "/b");
    CHECK_FALSE(p.request().keep_alive);
}

TEST_CASE("HTTP/1.0 closes unless it asks for keep-alive", "[http]") {
    RequestParser p;
    p.feed("GET / HTTP/1.0\r\n\r\n");
    CHECK_FALSE(p.request().keep_alive);
    RequestParser q;
    q.feed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
    CHECK(q.request().keep_alive);
}

TEST_CASE("a body over the limit is refused with 413 before it is read", "[http]") {
    RequestParser p({16 * 1024, 100, 10});
    p.feed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n");
    REQUIRE(p.state() == State::kError);
    CHECK(p.status() == 413);
}

TEST_CASE("headers over the limit are refused with 431", "[http]") {
    RequestParser p({64, 100, 10});
    feed_in_steps(p, "GET / HTTP/1.1\r\nX-Long: " + std::string(100, 'a') + "\r\n\r\n", 5);
    REQUIRE(p.state() == State::kError);
    CHECK(p.status() == 431);
}

TEST_CASE("malformed requests are refused with 400, 501 or 505 (Host: RFC 9112 3.2)", "[http]") {
    struct Case {
        const char* text;
        int status;
    };
    for (Case c :
         {Case{"GET /\r\n\r\n", 400}, Case{"GET  / HTTP/1.1\r\n\r\n", 400}, Case{"GET / HTTP/2.0\r\n\r\n", 505},
          Case{"G(T / HTTP/1.1\r\n\r\n", 400}, Case{"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
          Case{"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400}, Case{"GET / HTTP/1.1\r\n folded\r\n\r\n", 400},
          Case{"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400},
          Case{"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
          Case{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
          Case{"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400}, Case{"GET / HTTP/1.1\r\n\r\n", 400},
          Case{"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400},
          Case{"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400}}) {
        RequestParser p;
        p.feed(c.text);
        INFO(c.text);
        REQUIRE(p.state() == State::kError);
        CHECK(p.status() == c.status);
    }
}

TEST_CASE("bare LF line ends and leading blank lines are tolerated", "[http]") {
    RequestParser p;
    p.feed("\r\nGET /x HTTP/1.1\nHost: h\n\n");
    REQUIRE(p.state() == State::kComplete);
    CHECK(p.request().header("HOST") == "h");
}

TEST_CASE("query parameters are percent-decoded, '+' as a space", "[http]") {
    RequestParser p;
    p.feed("GET /api/chat/stream?query=What+is%20BM25%3F&session_id=s1&empty= HTTP/1.1\r\nHost: h\r\n\r\n");
    REQUIRE(p.state() == State::kComplete);
    CHECK(p.request().param("query") == "What is BM25?");
    CHECK(p.request().param("session_id") == "s1");
    CHECK(p.request().param("empty").empty());
    CHECK(p.request().param("missing").empty());
    CHECK(rag::http::percent_decode("%zz%4", false) == "%zz%4");
}

TEST_CASE("a chunked body is decoded whole, byte by byte and in pieces alike", "[http]") {
    std::string req =
        "POST /api/chat HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;ext=\"x\"\r\n{\"que\r\nA\r\nry\":\"q\"}  \r\n0\r\nX-Trailer: t\r\n\r\nGET /next";
    for (size_t step : {size_t{1}, size_t{3}, size_t{10}, req.size()}) {
        RequestParser p;
        size_t used = feed_in_steps(p, req, step);
        INFO(step);
        REQUIRE(p.state() == State::kComplete);
        CHECK(p.request().body == "{\"query\":\"q\"}  ");
        CHECK(p.request().keep_alive);
        CHECK(req.substr(used) == "GET /next");
        CHECK(p.request().header("X-Trailer").empty());  // trailers are dropped, never merged
    }
}

TEST_CASE("with Content-Length and Transfer-Encoding, chunked wins and the connection closes", "[http]") {
    RequestParser p;
    p.feed(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
        "2\r\nok\r\n0\r\n\r\n");
    REQUIRE(p.state() == State::kComplete);
    CHECK(p.request().body == "ok");
    CHECK_FALSE(p.request().keep_alive);
}

TEST_CASE("malformed chunk framing is a 400; a chunked body over the limit a 413 as it arrives", "[http]") {
    struct Case {
        std::string body;
        int status;
    };
    for (const Case& c : {Case{"zz\r\n", 400}, Case{"\r\n", 400}, Case{"2\r\nabc\r\n", 400}, Case{"2 x\r\nab\r\n", 400},
                          Case{"0\r\nno colon\r\n\r\n", 400}, Case{"ffffffffffffffffffffffff\r\n", 413},
                          Case{"8\r\n12345678\r\n3\r\n", 413}, Case{std::string(2000, '0'), 400}}) {
        RequestParser p({1024, 100, 10, 1024});
        p.feed("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + c.body);
        INFO(c.body);
        REQUIRE(p.state() == State::kError);
        CHECK(p.status() == c.status);
    }
}

TEST_CASE("a request line over its own limit is a 414, whole or in pieces", "[http]") {
    std::string req = "GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n";
    for (size_t step : {size_t{1}, size_t{64}, req.size()}) {
        RequestParser p({16 * 1024, 100, 10, 100});
        feed_in_steps(p, req, step);
        REQUIRE(p.state() == State::kError);
        CHECK(p.status() == 414);
    }
    RequestParser fits({16 * 1024, 100, 10, 300});
    fits.feed(req);
    CHECK(fits.state() == State::kComplete);
}
