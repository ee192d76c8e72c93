// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>

#include "lib/core/process.h"

namespace {

// Runs `spec` with stdout on a pipe; its output and wait status.
std::pair<std::string, int> run_captured(rag::SpawnSpec spec) {
    rag::Pipe out = rag::make_pipe();
    spec.out = out.write.get();
    int error = 0;
    pid_t pid = rag::spawn_process(spec, error);
    REQUIRE(pid > 0);
    out.write.reset();
    std::string text = rag::read_to_end(out.read);
    return {text, rag::wait_for(pid)};
}

}  // namespace

TEST_CASE("spawn_process searches PATH and hands over stdout and the exit status") {
    auto [text, status] = run_captured({"sh", {"sh", "-c", "printf 'a\\nb'; exit 3"}});
    CHECK(text == "a\nb");
    CHECK(rag::describe_status(status) == "exit status 3");
}

TEST_CASE("spawn_process starts a group of its own only when asked") {
    auto [alone, s1] = run_captured({"/bin/sh", {"sh", "-c", "ps -o pgid= -p $$"}, -1, -1, -1, true});
    auto [shared, s2] = run_captured({"/bin/sh", {"sh", "-c", "ps -o pgid= -p $$"}});
    CHECK(std::stol(shared) == getpgrp());
    CHECK(std::stol(alone) != getpgrp());
}

TEST_CASE("spawn_process gives the child default signal handling") {
    struct sigaction ignore {
    }, old{};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGTERM, &ignore, &old);
    auto [text, status] = run_captured({"sh", {"sh", "-c", "kill -TERM $$; echo survived"}});
    sigaction(SIGTERM, &old, nullptr);
    CHECK(text.empty());
    CHECK(rag::describe_status(status) == "signal 15");
}

TEST_CASE("spawn_process reports a program that does not exist") {
    int error = 0;
    CHECK(rag::spawn_process({"rag-no-such-program", {"rag-no-such-program"}}, error) == -1);
    CHECK(error == ENOENT);
}
