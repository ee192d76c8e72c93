// SPDX-License-Identifier: MIT
// RAII over an LMDB environment, shared by the index and the answer cache:
// a map that grows by itself, many reader slots, stale slots cleared on open.
#pragma once

#include <lmdb.h>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/core/error.h"
#include "lib/store/integrity.h"

namespace rag::store {

/// An LMDB failure. what() names the action, the path and mdb_strerror's
/// text: "opening '/x': No such file or directory". As a Fatal it carries the
/// exit status a tool ends with when it escapes (see exit_status_for).
struct StoreError : Fatal {
    StoreError(int mdb_code, const std::string& what) : Fatal(exit_status_for(mdb_code), what), mdb_code(mdb_code) {}
    int mdb_code;  ///< LMDB's code, or errno
};

struct EnvOptions {
    bool read_only = false;          ///< MDB_RDONLY; the directory must exist
    size_t initial_map = 64u << 20;  ///< map size for a new environment (grows on demand)
    unsigned max_dbs = 16;
    unsigned max_readers = 1024;  ///< LMDB's default of 126 is too few for a server
    bool create = true;           ///< create the directory when missing (ignored read-only)
    /// false: commits are not flushed to disk (MDB_NOSYNC). They are visible to
    /// every reader at once and survive the process; sync() makes them survive
    /// a system crash, which until then may lose or damage them.
    bool sync_commits = true;
};

inline std::string_view view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }
inline MDB_val val(std::string_view s) { return {s.size(), const_cast<char*>(s.data())}; }

class Txn;

/// One LMDB environment (a directory holding data.mdb and lock.mdb).
/// Movable, not copyable; closes the environment on destruction.
class Env {
public:
    /// Opens (and creates, unless read-only) the environment at `dir`.
    /// Clears reader slots left by dead processes. Throws StoreError, with
    /// a code for which is_damage() holds when data.mdb is damaged.
    static Env open(const std::string& dir, const EnvOptions& options = {});

    Env(Env&& other) noexcept;
    Env& operator=(Env&& other) noexcept;
    ~Env();

    MDB_env* get() const { return env_; }
    const std::string& path() const { return path_; }
    bool read_only() const { return read_only_; }

    /// Runs `fn` in a write transaction and commits it. When the map is
    /// full, the work is aborted, the map doubled, and `fn` run again, so
    /// `fn` must be safe to repeat. Throws StoreError (or what fn throws,
    /// after aborting).
    void write(const std::function<void(Txn&)>& fn);

    /// A read-only transaction (never blocks writers, never blocked by them).
    Txn read();

    /// Flushes committed transactions to disk (for sync_commits = false).
    /// Throws StoreError.
    void sync();

    /// The size of the map and of the data actually used, in bytes.
    size_t map_size() const;
    size_t used_bytes() const;

private:
    Env() = default;
    const char* map();
    MDB_env* env_ = nullptr;
    const char* map_ = nullptr;  // found once something is committed
    size_t mapped_bytes_ = 0;    // the map's size when map_ was found: a resize moves it
    std::string path_;
    bool read_only_ = false;
};

/// A transaction; aborted on destruction unless committed.
class Txn {
public:
    /// `map`: where LMDB mapped the file (find_map), for the bounds of what it returns.
    Txn(MDB_env* env, bool read_only, const std::string& path, const char* map = nullptr);
    Txn(Txn&& other) noexcept;
    Txn& operator=(Txn&&) = delete;
    ~Txn();

    /// Opens (creating in a write transaction) the named database.
    /// `flags` as mdb_dbi_open (MDB_INTEGERKEY, MDB_DUPSORT, ...).
    /// Returns nullopt when it does not exist in a read-only transaction.
    std::optional<MDB_dbi> db(const char* name, unsigned flags = 0);

    /// The value under `key`, pointing into the map: valid until the txn ends.
    /// Keys and values that would reach past the file throw StoreError
    /// (MDB_CORRUPTED), here and in scan().
    std::optional<std::string_view> get(MDB_dbi db, std::string_view key);
    void put(MDB_dbi db, std::string_view key, std::string_view value, unsigned flags = 0);
    /// Deletes `key`; returns false when it was absent.
    bool del(MDB_dbi db, std::string_view key);
    /// Calls fn(key, value) for each entry whose key starts with `prefix`, in
    /// key order, until fn returns false. A scan of the whole database
    /// (empty prefix) first checks its pages (lib/store/pages.h).
    void scan(MDB_dbi db, std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& fn);

    void commit();
    void abort();
    MDB_txn* get() const { return txn_; }
    bool read_only() const { return read_only_; }

private:
    [[noreturn]] void fail(int rc, std::string_view action) const;
    void check(const MDB_val& v) const;
    void check_tree(MDB_dbi db) const;
    MDB_txn* txn_ = nullptr;
    MapBounds bounds_;
    std::vector<std::pair<MDB_dbi, std::string>> names_;  // for the messages of check_tree
    bool wrote_ = false;
    const char* map_;
    const std::string* path_;
    bool read_only_;
};

}  // namespace rag::store
