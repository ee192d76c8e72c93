// SPDX-License-Identifier: MIT
// Tests of the runners with real small pipelines: one that answers each request
// with a done event, and ones that crash or write garbage.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <functional>
#include <string>
#include <vector>

#include "lib/http/pipeline.h"

namespace {

using rag::http::Loop;

// Turns each request line into a done event of the same run.
constexpr const char* kAnswerer =
    R"sh(sed -u 's/.*"run":"\([^"]*\)".*/{"type":"token","run":"\1","data":{"t":"ok"}}\n{"type":"done","run":"\1","data":{"answer":"ok"}}/')sh";

struct Sink : rag::http::RunSink {
    std::vector<std::string> events;  // "type data"
    std::string failure;
    bool ended = false;
    void on_event(std::string_view type, std::string_view data) override {
        events.push_back(std::string(type) + " " + std::string(data));
        ended = ended || type == "done" || type == "error";
    }
    void on_failure(std::string_view message) override {
        failure = message;
        ended = true;
    }
};

std::string request(const std::string& run) {
    return R"({"type":"request","run":")" + run + R"(","data":{"query":"q"}})";
}

// Runs the loop, reaping children as rag-sse does, until `done` holds (or 5 s).
void run_until(Loop& loop, rag::http::Runner& runner, const std::function<bool()>& done) {
    double deadline = rag::http::now_ms() + 5000;
    std::function<void()> poll = [&] {
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) runner.reaped(pid, status);
        if (done() || rag::http::now_ms() > deadline) return loop.stop();
        loop.after(5, poll);
    };
    loop.after(5, poll);
    loop.run();
}

void run_until_ended(Loop& loop, rag::http::Runner& runner, const std::vector<Sink*>& sinks) {
    run_until(loop, runner, [&] {
        for (Sink* s : sinks)
            if (!s->ended) return false;
        return true;
    });
}

// Lets the runner's children end and be reaped after a test.
void settle(Loop& loop, rag::http::Runner& runner) {
    runner.shutdown();
    run_until(loop, runner, [&] { return runner.processes() == 0; });
}

rag::http::PipelineOptions options(const char* command, int spares = 0) {
    rag::http::PipelineOptions o;
    o.command = command;
    o.spares = spares;
    return o;
}

}  // namespace

TEST_CASE("spawn mode routes a pipeline's events to the run's sink", "[http][runner]") {
    Loop loop;
    for (int spares : {0, 1}) {
        auto runner = rag::http::make_spawn_runner(loop, options(kAnswerer, spares));
        Sink sink;
        runner->start("r1", request("r1"), &sink);
        run_until_ended(loop, *runner, {&sink});
        CHECK(sink.failure.empty());
        REQUIRE(sink.events.size() == 2);
        CHECK(sink.events[0] == R"(token {"t":"ok"})");
        CHECK(sink.events[1] == R"(done {"answer":"ok"})");
        settle(loop, *runner);
    }
}

TEST_CASE("spawn mode fails a run whose pipeline crashes or writes garbage", "[http][runner]") {
    Loop loop;
    auto [command, message] = GENERATE(table<const char*, const char*>({
        {"read line; exit 3", "pipeline ended without a done event"},
        {"read line; echo 'not json'; sleep 5", "pipeline wrote a malformed line"},
    }));
    auto runner = rag::http::make_spawn_runner(loop, options(command));
    Sink sink;
    runner->start("r1", request("r1"), &sink);
    run_until_ended(loop, *runner, {&sink});
    CHECK(sink.events.empty());
    CHECK(sink.failure.starts_with(message));
    settle(loop, *runner);
    CHECK(runner->processes() == 0);
}

TEST_CASE("a cancelled spawn run hears nothing more and its group is killed", "[http][runner]") {
    Loop loop;
    auto runner = rag::http::make_spawn_runner(loop, options("read line; sleep 30"));
    Sink sink;
    runner->start("r1", request("r1"), &sink);
    runner->cancel("r1");
    settle(loop, *runner);
    CHECK(runner->processes() == 0);
    CHECK(sink.events.empty());
    CHECK(sink.failure.empty());
}

TEST_CASE("a worker pipeline serves many runs, each to its own sink", "[http][runner]") {
    Loop loop;
    auto runner = rag::http::make_worker_runner(loop, options(kAnswerer), 1);
    Sink a, b, c;
    runner->start("ra", request("ra"), &a);
    runner->start("rb", request("rb"), &b);
    runner->start("rc", request("rc"), &c);
    run_until_ended(loop, *runner, {&a, &b, &c});
    for (Sink* s : {&a, &b, &c}) {
        CHECK(s->failure.empty());
        REQUIRE(s->events.size() == 2);
        CHECK(s->events[1] == R"(done {"answer":"ok"})");
    }
    CHECK(runner->processes() == 1);
    settle(loop, *runner);
}

TEST_CASE("a worker that dies fails its runs and is restarted", "[http][runner]") {
    Loop loop;
    // Answers nothing: exits at the first request, as a crashing stage would.
    auto runner = rag::http::make_worker_runner(loop, options("read line; exit 1"), 1);
    Sink first;
    runner->start("r1", request("r1"), &first);
    run_until_ended(loop, *runner, {&first});
    CHECK(first.failure == "pipeline worker exited");
    run_until(loop, *runner, [&] { return runner->processes() == 1; });  // restarted after 500 ms
    CHECK(runner->processes() == 1);
    Sink second;
    runner->start("r2", request("r2"), &second);
    run_until_ended(loop, *runner, {&second});
    CHECK(second.failure == "pipeline worker exited");
    settle(loop, *runner);
}
