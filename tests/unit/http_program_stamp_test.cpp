// SPDX-License-Identifier: MIT
// Tests of what a pipeline command runs: the programs a worker watches for a rebuild.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "lib/http/program_stamp.h"

using rag::http::command_programs;
using rag::http::stamp_programs;
using Names = std::vector<std::string>;

TEST_CASE("the first word of each stage is its program", "[http][stamp]") {
    CHECK(command_programs("rag-cache get | rag-retrieve | rag-generate --pace 10 | rag-verify | rag-cache put") ==
          Names{"rag-cache", "rag-retrieve", "rag-generate", "rag-verify", "rag-cache"});
    CHECK(command_programs("RAG_MODEL=ollama:llama3 rag-generate|rag-verify") == Names{"rag-generate", "rag-verify"});
    CHECK(command_programs("a && b || c; (d | e)") == Names{"a", "b", "c", "d", "e"});
    CHECK(command_programs("/opt/rag/bin/rag-retrieve -k 5") == Names{"/opt/rag/bin/rag-retrieve"});
}

TEST_CASE("words the shell would expand are left out", "[http][stamp]") {
    CHECK(command_programs("$HOME/bin/x | \"quoted\" | `cmd` | ok") == Names{"ok"});
    CHECK(command_programs("").empty());
}

TEST_CASE("a program replaced on disk changes the stamp", "[http][stamp]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("stamp-test-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::path prog = dir / "stage";
    auto write = [&](const char* text) {
        fs::path tmp = dir / "stage.new";
        std::ofstream(tmp) << text;
        fs::permissions(tmp, fs::perms::owner_all);
        fs::rename(tmp, prog);  // a new inode, as an install gives
    };
    write("#!/bin/sh\ncat\n");
    std::string command = prog.string() + " | cat";
    auto first = stamp_programs(command);
    REQUIRE(first.programs.size() == 2);  // the stage and cat from PATH
    CHECK(first.programs[0].path == prog.string());
    CHECK(stamp_programs(command) == first);
    write("#!/bin/sh\ncat -u\n");
    CHECK_FALSE(stamp_programs(command) == first);
    fs::remove_all(dir);
}
