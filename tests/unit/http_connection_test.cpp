// SPDX-License-Identifier: MIT
// Tests of the HTTP connection: bytes fed through a socketpair to a real Server on a real Loop.
#include <catch2/catch.hpp>

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>

#include "lib/http/server.h"
#include "lib/http/sockets.h"

namespace {

using rag::http::ExchangePtr;

// A server with one connection; the test holds the client's end.
struct Client {
    rag::http::Loop loop;
    rag::http::Server server;
    int fd = -1;
    std::string received;
    bool closed = false;

    explicit Client(rag::http::ServerOptions options = {})
        : server(loop, std::move(options), [](const ExchangePtr& ex) {
              ex->respond(200, "text/plain", ex->request().path + ":" + ex->request().body);
          }) {
        int sv[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
        server.serve_fds(sv[0], sv[0], "test");
        fd = sv[1];
        rag::http::set_nonblocking(fd);
        loop.add(fd, EPOLLIN | EPOLLRDHUP, [this](uint32_t) { read_some(); });
    }
    ~Client() {
        loop.remove(fd);
        ::close(fd);
    }

    void read_some() {
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) received.append(buf, static_cast<size_t>(n));
        if (n == 0) {
            closed = true;
            loop.remove(fd);
        }
    }

    void send(std::string_view bytes) { REQUIRE(::write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size())); }

    // Runs the loop for `ms` milliseconds.
    void pump(double ms = 30) {
        loop.after(ms, [this] { loop.stop(); });
        loop.run();
    }

    size_t responses() const {
        size_t n = 0;
        for (size_t at = received.find("HTTP/1.1 "); at != std::string::npos; at = received.find("HTTP/1.1 ", at + 1))
            ++n;
        return n;
    }
};

const std::string kGet = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string kPost = "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";

}  // namespace

TEST_CASE("a keep-alive connection answers one request after another", "[http][connection]") {
    Client c;
    c.send(kGet);
    c.pump();
    CHECK(c.responses() == 1);
    CHECK(c.received.find("Content-Length: 3\r\n") != std::string::npos);
    CHECK(c.received.ends_with("\r\n\r\n/a:"));
    c.send(kPost);
    c.pump();
    CHECK(c.responses() == 2);
    CHECK(c.received.ends_with("/b:hello"));
    CHECK_FALSE(c.closed);
    CHECK(c.server.connections() == 1);
}

TEST_CASE("pipelined requests are answered in order", "[http][connection]") {
    Client c;
    c.send(kPost + kGet + kPost);
    c.pump();
    REQUIRE(c.responses() == 3);
    size_t first = c.received.find("/b:hello"), second = c.received.find("/a:"), third = c.received.rfind("/b:hello");
    CHECK(first < second);
    CHECK(second < third);
}

TEST_CASE("a request split byte by byte gets the same answer as a whole one", "[http][connection]") {
    Client whole;
    whole.send(kPost);
    whole.pump();
    Client split;
    for (size_t i = 0; i < kPost.size(); ++i) {
        split.send(std::string_view(kPost).substr(i, 1));
        split.pump(1);
        if (i + 1 < kPost.size()) CHECK(split.responses() == 0);
    }
    split.pump();
    REQUIRE(split.responses() == 1);
    // Equal but for the Date header, which may have ticked.
    auto body = [](const std::string& s) { return s.substr(s.find("\r\n\r\n")); };
    CHECK(body(split.received) == body(whole.received));
}

TEST_CASE("HTTP/1.0 closes after the response unless asked to keep alive", "[http][connection]") {
    Client c;
    c.send("GET /old HTTP/1.0\r\n\r\n");
    c.pump();
    CHECK(c.responses() == 1);
    CHECK(c.received.find("Connection: close\r\n") != std::string::npos);
    CHECK(c.closed);
}

TEST_CASE("limits are answered with their 4xx and a close", "[http][connection]") {
    rag::http::ServerOptions options;
    options.limits.max_body = 4;
    options.limits.max_header_bytes = 256;
    SECTION("a body over the limit is 413") {
        Client c(options);
        c.send(kPost);
        c.pump();
        CHECK(c.received.starts_with("HTTP/1.1 413 "));
        CHECK(c.closed);
    }
    SECTION("headers over the limit are 431") {
        Client c(options);
        c.send("GET / HTTP/1.1\r\nX-Big: " + std::string(400, 'a') + "\r\n\r\n");
        c.pump();
        CHECK(c.received.starts_with("HTTP/1.1 431 "));
        CHECK(c.closed);
    }
    SECTION("a malformed request line is 400, and what follows it is not served") {
        Client c(options);
        c.send("NONSENSE\r\n\r\n" + kGet);
        c.pump();
        CHECK(c.received.starts_with("HTTP/1.1 400 "));
        CHECK(c.responses() == 1);
        CHECK(c.closed);
    }
}

TEST_CASE("a client that goes away mid-response aborts its exchange once", "[http][connection]") {
    rag::http::Loop loop;
    int aborts = 0;
    ExchangePtr held;
    rag::http::Server server(loop, {}, [&](const ExchangePtr& ex) {
        held = ex;
        ex->begin_stream(200, "text/event-stream");
        ex->on_abort([&] { ++aborts; });
    });
    int sv[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    server.serve_fds(sv[0], sv[0], "test");
    REQUIRE(::write(sv[1], kGet.data(), kGet.size()) == ssize_t(kGet.size()));
    loop.after(30, [&] { ::close(sv[1]); });
    loop.after(60, [&] { loop.stop(); });
    loop.run();
    CHECK(aborts == 1);
    REQUIRE(held);
    CHECK_FALSE(held->live());
    CHECK(held->aborted);
}

TEST_CASE("a refused body still arriving is read and dropped, so the client reads the answer", "[http][connection]") {
    rag::http::ServerOptions options;
    options.limits.max_body = 4;
    Client c(options);
    c.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    c.pump();
    std::string more(2000000, 'x');  // more than a socket buffer: it only fits if the server reads it
    size_t sent = 0;
    for (int i = 0; i < 1000 && sent < more.size(); ++i) {
        ssize_t n = ::send(c.fd, more.data() + sent, more.size() - sent, MSG_NOSIGNAL);
        if (n > 0) sent += static_cast<size_t>(n);
        c.pump(1);
    }
    CHECK(sent == more.size());
    CHECK(c.received.starts_with("HTTP/1.1 413 "));
    CHECK(c.closed);                     // the server shut its side: an orderly end, no reset
    CHECK(c.server.connections() == 1);  // still lingering, reading
    shutdown(c.fd, SHUT_WR);
    c.pump();
    CHECK(c.server.connections() == 0);
}

TEST_CASE("a client that half-closes after its request gets the whole response", "[http][connection]") {
    rag::http::Loop loop;
    bool aborted = false;
    ExchangePtr held;
    rag::http::Server server(loop, {}, [&](const ExchangePtr& ex) {
        held = ex;
        ex->begin_stream(200, "text/event-stream");
        ex->on_abort([&] { aborted = true; });
    });
    int sv[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    server.serve_fds(sv[0], sv[0], "test");
    REQUIRE(::write(sv[1], kGet.data(), kGet.size()) == ssize_t(kGet.size()));
    shutdown(sv[1], SHUT_WR);
    loop.after(30, [&] {
        REQUIRE(held);
        held->send("data: late\n\n");
        held->end();
    });
    loop.after(60, [&] { loop.stop(); });
    loop.run();
    CHECK_FALSE(aborted);
    char buf[4096];
    ssize_t n = ::read(sv[1], buf, sizeof buf);
    REQUIRE(n > 0);
    std::string got(buf, static_cast<size_t>(n));
    CHECK(got.find("data: late") != std::string::npos);
    CHECK(got.ends_with("0\r\n\r\n"));
    ::close(sv[1]);
}
