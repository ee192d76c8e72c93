// SPDX-License-Identifier: MIT
// The LMDB environment wrapper: growth on a full map, read-only opening, scans.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "lib/store/env.h"

namespace fs = std::filesystem;
using rag::store::Env;
using rag::store::EnvOptions;
using rag::store::StoreError;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/rag-store-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};
}  // namespace

TEST_CASE("a full map grows by itself and nothing is lost", "[store]") {
    TempDir dir;
    EnvOptions small;
    small.initial_map = 1u << 20;   // 1 MiB: the writes below need several times that
    Env env = Env::open(dir.path / "db", small);
    std::string value(4000, 'x');
    for (int batch = 0; batch < 10; ++batch)
        env.write([&](rag::store::Txn& txn) {
            MDB_dbi db = *txn.db("kv");
            for (int i = 0; i < 200; ++i) txn.put(db, std::to_string(batch * 1000 + i), value);
        });
    CHECK(env.map_size() > (1u << 20));
    auto txn = env.read();
    MDB_dbi db = *txn.db("kv");
    int count = 0;
    txn.scan(db, "", [&](std::string_view, std::string_view v) { count += v == value; return true; });
    CHECK(count == 2000);
}

TEST_CASE("read-only opening of a missing environment fails with the path", "[store]") {
    TempDir dir;
    EnvOptions ro;
    ro.read_only = true;
    try {
        Env::open((dir.path / "missing").string(), ro);
        FAIL("opened a missing environment");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()).find("missing") != std::string::npos);
    }
}

TEST_CASE("a reader sees committed data; missing databases read as absent", "[store]") {
    TempDir dir;
    {
        Env env = Env::open(dir.path.string());
        env.write([](rag::store::Txn& txn) { txn.put(*txn.db("meta"), "generation", "7"); });
    }
    EnvOptions ro;
    ro.read_only = true;
    Env env = Env::open(dir.path.string(), ro);
    auto txn = env.read();
    CHECK(txn.get(*txn.db("meta"), "generation") == std::optional<std::string_view>("7"));
    CHECK_FALSE(txn.db("nothing").has_value());
}

TEST_CASE("prefix scans stop at the end of the prefix and deletes report absence", "[store]") {
    TempDir dir;
    Env env = Env::open(dir.path.string());
    env.write([](rag::store::Txn& txn) {
        MDB_dbi db = *txn.db("kv");
        for (auto k : {"a1", "b1", "b2", "c1"}) txn.put(db, k, k);
        CHECK(txn.del(db, "c1"));
        CHECK_FALSE(txn.del(db, "c1"));
    });
    auto txn = env.read();
    std::vector<std::string> keys;
    txn.scan(*txn.db("kv"), "b", [&](std::string_view k, std::string_view) { keys.emplace_back(k); return true; });
    CHECK(keys == std::vector<std::string>{"b1", "b2"});
}
