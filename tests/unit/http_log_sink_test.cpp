// SPDX-License-Identifier: MIT
// rag-sse's log: bounded, never blocking, redacted, what it drops counted and reported.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "lib/core/error.h"
#include "lib/core/fd.h"
#include "lib/http/log_sink.h"

namespace {

// fd 2 is a pipe for the life of the object (nobody reads it unless the test does), then restored.
struct StderrPipe {
    rag::Fd saved{dup(2)}, read_end;
    StderrPipe() {
        int p[2];
        REQUIRE(pipe2(p, O_CLOEXEC) == 0);
        fcntl(p[0], F_SETFL, O_NONBLOCK);
        read_end.reset(p[0]);
        dup2(p[1], 2);
        close(p[1]);
    }
    ~StderrPipe() { dup2(saved.get(), 2); }
    std::string drain() {
        std::string out;
        char buf[65536];
        for (ssize_t n; (n = read(read_end.get(), buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
        return out;
    }
};

}  // namespace

TEST_CASE("A log whose stderr nobody reads drops lines instead of blocking, and says so later", "[log]") {
    StderrPipe err;
    rag::http::Loop loop;
    rag::http::LogSink sink(loop, 4096);
    const std::string line(99, 'x');
    for (int i = 0; i < 2000; ++i) rag::warn(line);  // 200 KB: more than a pipe (64 KiB) and the buffer hold
    CHECK(sink.dropped_lines() > 0);
    CHECK(sink.queued_bytes() <= 4096);
    CHECK(rag::http::log_lines_dropped() == sink.dropped_lines());
    std::string first = err.drain();
    loop.after(120, [&] { loop.stop(); });  // the retry timer writes the rest
    loop.run();
    std::string rest = err.drain();
    CHECK(rest.find("lines (") != std::string::npos);
    CHECK(rest.find("dropped: standard error was not read") != std::string::npos);
    CHECK(first.size() + rest.size() < 2000 * 110);
}

TEST_CASE("Every line the log takes has its credentials redacted", "[log]") {
    StderrPipe err;
    rag::http::Loop loop;
    {
        rag::http::LogSink sink(loop);
        rag::warn("127.0.0.1 \"GET /api/chat/stream?access_token=hunter22&q=1\" 200");
        rag::warn("stage: Authorization: Bearer sk-abcdef123456");
    }
    std::string out = err.drain();
    CHECK(out.find("hunter22") == std::string::npos);
    CHECK(out.find("sk-abcdef") == std::string::npos);
    CHECK(out.find("access_token=[redacted]&q=1") != std::string::npos);
    CHECK(out.find("Bearer [redacted]") != std::string::npos);
}
