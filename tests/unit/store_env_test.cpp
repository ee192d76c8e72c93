// SPDX-License-Identifier: MIT
// The LMDB environment wrapper: growth on a full map, read-only opening, scans,
// damaged files (StoreErrors naming the path, never a fault), unsynced commits.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "lib/store/env.h"

namespace fs = std::filesystem;
using rag::store::Env;
using rag::store::EnvOptions;
using rag::store::MapBounds;
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

void fill(const fs::path& dir) {
    Env env = Env::open(dir.string());
    env.write([](rag::store::Txn& txn) {
        MDB_dbi db = *txn.db("kv");
        for (int i = 0; i < 500; ++i) txn.put(db, std::to_string(i), std::string(300, 'v'));
    });
}

}  // namespace

TEST_CASE("a full map grows by itself and nothing is lost", "[store]") {
    TempDir dir;
    EnvOptions small;
    small.initial_map = 1u << 20;  // 1 MiB: the writes below need several times that
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
    txn.scan(db, "", [&](std::string_view, std::string_view v) {
        count += v == value;
        return true;
    });
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
    txn.scan(*txn.db("kv"), "b", [&](std::string_view k, std::string_view) {
        keys.emplace_back(k);
        return true;
    });
    CHECK(keys == std::vector<std::string>{"b1", "b2"});
}

TEST_CASE("a truncated data.mdb is refused as damaged, naming the path", "[store]") {
    TempDir dir;
    fill(dir.path);
    fs::path data = dir.path / "data.mdb";
    fs::resize_file(data, fs::file_size(data) / 2);
    for (bool read_only : {true, false}) {
        EnvOptions options;
        options.read_only = read_only;
        try {
            Env::open(dir.path.string(), options);
            FAIL("opened a truncated environment");
        } catch (const StoreError& e) {
            CHECK(rag::store::is_damage(e.mdb_code));
            CHECK(e.code == 65);  // the exit status, when it reaches a tool's main
            CHECK(std::string(e.what()).find(dir.path.string()) != std::string::npos);
            CHECK(std::string(e.what()).find("damaged") != std::string::npos);
        }
    }
}

TEST_CASE("a value that would reach past the file's last page is out of bounds", "[store]") {
    TempDir dir;
    fill(dir.path);
    Env env = Env::open(dir.path.string());
    char* map = const_cast<char*>(rag::store::find_map(env.get()));
    REQUIRE(map);
    MapBounds bounds = MapBounds::of(env.get(), map);
    size_t used = env.used_bytes();
    CHECK(bounds.holds({16, map + used - 16}));
    CHECK_FALSE(bounds.holds({17, map + used - 16}));
    CHECK_FALSE(bounds.holds({size_t{1} << 40, map}));
    std::string heap(8, 'x');  // a write transaction's dirty page is not in the map
    CHECK(bounds.holds({heap.size(), heap.data()}));
}

TEST_CASE("commits without sync are read at once and synced on demand", "[store]") {
    TempDir dir;
    EnvOptions options;
    options.sync_commits = false;
    Env env = Env::open(dir.path.string(), options);
    env.write([](rag::store::Txn& txn) { txn.put(*txn.db("kv"), "k", "v"); });
    {
        auto txn = env.read();
        CHECK(txn.get(*txn.db("kv"), "k") == std::optional<std::string_view>("v"));
    }
    CHECK_NOTHROW(env.sync());
}

TEST_CASE("a scan of a database with a zeroed page is refused before LMDB walks it", "[store]") {
    TempDir dir;
    fill(dir.path);
    fs::path data = dir.path / "data.mdb";
    {
        FILE* f = fopen(data.c_str(), "r+b");
        REQUIRE(f);
        std::string zeros(4096, '\0');
        fseek(f, static_cast<long>(fs::file_size(data) / 4096 / 2 * 4096), SEEK_SET);
        fwrite(zeros.data(), 1, zeros.size(), f);
        fclose(f);
    }
    EnvOptions ro;
    ro.read_only = true;
    Env env = Env::open(dir.path.string(), ro);
    auto txn = env.read();
    MDB_dbi db = *txn.db("kv");
    try {
        txn.scan(db, "", [](std::string_view, std::string_view) { return true; });
        FAIL("scanned a damaged database");
    } catch (const StoreError& e) {
        CHECK(rag::store::is_damage(e.mdb_code));
        CHECK(std::string(e.what()).find("database 'kv'") != std::string::npos);
    }
}
