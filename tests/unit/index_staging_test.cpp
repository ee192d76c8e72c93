// SPDX-License-Identifier: MIT
// StagedIndex: a build lands whole or not at all, and never over a user's files.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "lib/core/error.h"
#include "lib/index/staging.h"

namespace fs = std::filesystem;
using rag::index::StagedIndex;

namespace {
struct TempDir {
    TempDir() {
        char tmpl[] = "/tmp/rag-staging-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path path;
};

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST_CASE("a published staging replaces the old index files whole", "[staging]") {
    TempDir tmp;
    fs::path idx = tmp.path / "idx";
    fs::create_directory(idx);
    write(idx / "data.mdb", "old");
    {
        StagedIndex staged(idx.string());
        CHECK(fs::path(staged.path()).parent_path() == tmp.path);
        write(fs::path(staged.path()) / "data.mdb", "new");
        CHECK(read(idx / "data.mdb") == "old");  // nothing visible before publish
        staged.publish();
    }
    CHECK(read(idx / "data.mdb") == "new");
    CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator()) == 1);  // old one removed
}

TEST_CASE("an unpublished staging is removed and the old index kept", "[staging]") {
    TempDir tmp;
    fs::path idx = tmp.path / "idx";
    fs::create_directory(idx);
    write(idx / "data.mdb", "old");
    {
        StagedIndex staged(idx.string());
        write(fs::path(staged.path()) / "data.mdb", "half");
    }
    CHECK(read(idx / "data.mdb") == "old");
    CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator()) == 1);
}

TEST_CASE("a new index is moved into place when there was none", "[staging]") {
    TempDir tmp;
    fs::path idx = tmp.path / "sub" / "idx";
    StagedIndex staged(idx.string());
    write(fs::path(staged.path()) / "data.mdb", "new");
    staged.publish();
    CHECK(read(idx / "data.mdb") == "new");
}

TEST_CASE("a directory holding other files is never replaced", "[staging]") {
    TempDir tmp;
    write(tmp.path / "notes.txt", "mine");
    CHECK_THROWS_AS(StagedIndex(tmp.path.string()), rag::Fatal);
    CHECK(read(tmp.path / "notes.txt") == "mine");
}
