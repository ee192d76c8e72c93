// SPDX-License-Identifier: MIT
// RAII over an LMDB environment: a map that grows by itself, many reader slots.
#include "lib/store/env.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "lib/core/xdg.h"
#include "lib/store/pages.h"

namespace rag::store {
namespace {

[[noreturn]] void fail(int rc, std::string_view action, const std::string& path) {
    std::string_view hint = is_damage(rc) ? " (the file is damaged: restore it from a copy, or remove it)" : "";
    throw StoreError(rc, fmt::format("{} '{}': {}{}", action, path, mdb_strerror(rc), hint));
}

constexpr size_t kMaxMap = size_t{1} << 40;  // 1 TiB of address space, never of disk

}  // namespace

Env Env::open(const std::string& dir, const EnvOptions& options) {
    Env env;
    env.path_ = dir;
    env.read_only_ = options.read_only;
    struct stat st;
    if (stat(dir.c_str(), &st) != 0) {
        if (options.read_only || !options.create) fail(errno, "opening", dir);
        make_dirs(dir);
    } else if (!S_ISDIR(st.st_mode)) {
        fail(ENOTDIR, "opening", dir);
    }
    int rc = mdb_env_create(&env.env_);
    if (rc) fail(rc, "creating environment for", dir);
    mdb_env_set_maxdbs(env.env_, options.max_dbs);
    mdb_env_set_maxreaders(env.env_, options.max_readers);
    mdb_env_set_mapsize(env.env_, options.initial_map);  // an existing larger map wins
    // NOTLS: read transactions are not tied to threads (servers hand them around).
    unsigned flags = MDB_NOTLS | (options.read_only ? MDB_RDONLY : 0) | (options.sync_commits ? 0 : MDB_NOSYNC);
    rc = mdb_env_open(env.env_, dir.c_str(), flags, 0644);
    if (rc == EACCES && options.read_only) {
        // A read-only copy (e.g. installed by a package): no lock file can be written,
        // and no writer can exist, so reading without locks is safe.
        mdb_env_close(env.env_);
        env.env_ = nullptr;
        if ((rc = mdb_env_create(&env.env_))) fail(rc, "creating environment for", dir);
        mdb_env_set_maxdbs(env.env_, options.max_dbs);
        rc = mdb_env_open(env.env_, dir.c_str(), flags | MDB_NOLOCK, 0644);
    }
    if (rc) fail(rc, "opening", dir);
    check_file_size(env.env_, dir);
    int dead = 0;
    mdb_reader_check(env.env_, &dead);  // free slots of readers killed mid-transaction
    return env;
}

Env::Env(Env&& other) noexcept
    : env_(std::exchange(other.env_, nullptr)), map_(other.map_), mapped_bytes_(other.mapped_bytes_),
      path_(std::move(other.path_)), read_only_(other.read_only_) {}

Env& Env::operator=(Env&& other) noexcept {
    if (this != &other) {
        if (env_) mdb_env_close(env_);
        env_ = std::exchange(other.env_, nullptr);
        map_ = other.map_;
        mapped_bytes_ = other.mapped_bytes_;
        path_ = std::move(other.path_);
        read_only_ = other.read_only_;
    }
    return *this;
}

Env::~Env() {
    if (env_) mdb_env_close(env_);
}

void Env::write(const std::function<void(Txn&)>& fn) {
    for (;;) {
        Txn txn(env_, false, path_, map());
        try {
            fn(txn);
            txn.commit();
            return;
        } catch (const StoreError& e) {
            if (e.mdb_code != MDB_MAP_FULL) throw;
        }
        txn.abort();
        MDB_envinfo info;
        mdb_env_info(env_, &info);
        size_t grown = info.me_mapsize * 2;
        if (grown > kMaxMap) fail(MDB_MAP_FULL, "growing the map of", path_);
        if (int rc = mdb_env_set_mapsize(env_, grown)) fail(rc, "growing the map of", path_);
    }
}

Txn Env::read() { return Txn(env_, true, path_, map()); }

const char* Env::map() {
    size_t now = map_size();
    if (!map_ || now != mapped_bytes_) {
        map_ = find_map(env_);
        mapped_bytes_ = now;
    }
    return map_;
}

size_t Env::map_size() const {
    MDB_envinfo info;
    mdb_env_info(env_, &info);
    return info.me_mapsize;
}

size_t Env::used_bytes() const { return file_bytes_in_use(env_); }

void Env::sync() {
    if (int rc = mdb_env_sync(env_, 1)) fail(rc, "flushing", path_);
}

// ---- Txn

Txn::Txn(MDB_env* env, bool read_only, const std::string& path, const char* map)
    : map_(map), path_(&path), read_only_(read_only) {
    for (int attempt = 0;; ++attempt) {
        int rc = mdb_txn_begin(env, nullptr, read_only ? MDB_RDONLY : 0, &txn_);
        if (rc == MDB_MAP_RESIZED && attempt == 0) {  // another process grew the map
            mdb_env_set_mapsize(env, 0);
            map_ = find_map(env);  // remapped, perhaps elsewhere
            continue;
        }
        if (rc) fail(rc, read_only ? "reading" : "writing");
        bounds_ = MapBounds::of(env, map);
        return;
    }
}

Txn::Txn(Txn&& other) noexcept
    : txn_(std::exchange(other.txn_, nullptr)), bounds_(other.bounds_), names_(std::move(other.names_)),
      wrote_(other.wrote_), map_(other.map_), path_(other.path_), read_only_(other.read_only_) {}

Txn::~Txn() { abort(); }

void Txn::fail(int rc, std::string_view action) const { store::fail(rc, action, *path_); }

void Txn::check(const MDB_val& v) const {
    if (!bounds_.holds(v)) fail(MDB_CORRUPTED, "reading");
}

void Txn::check_tree(MDB_dbi db) const {
    if (wrote_) return;  // its newest pages are in memory, not in the file
    for (const auto& [dbi, name] : names_) {
        if (dbi != db) continue;
        std::string why = store::check_tree(txn_, name.c_str(), map_);
        if (!why.empty()) fail(MDB_CORRUPTED, fmt::format("checking database '{}' ({}) in", name, why));
        return;
    }
}

std::optional<MDB_dbi> Txn::db(const char* name, unsigned flags) {
    MDB_dbi dbi;
    int rc = mdb_dbi_open(txn_, name, flags | (read_only_ ? 0 : MDB_CREATE), &dbi);
    if (rc == MDB_NOTFOUND) return std::nullopt;
    if (rc) fail(rc, fmt::format("opening database '{}' in", name));
    names_.emplace_back(dbi, name);
    return dbi;
}

std::optional<std::string_view> Txn::get(MDB_dbi db, std::string_view key) {
    MDB_val k = val(key), v;
    int rc = mdb_get(txn_, db, &k, &v);
    if (rc == MDB_NOTFOUND) return std::nullopt;
    if (rc) fail(rc, "reading");
    check(v);
    return view(v);
}

void Txn::put(MDB_dbi db, std::string_view key, std::string_view value, unsigned flags) {
    MDB_val k = val(key), v = val(value);
    wrote_ = true;
    if (int rc = mdb_put(txn_, db, &k, &v, flags)) fail(rc, "writing");
}

bool Txn::del(MDB_dbi db, std::string_view key) {
    MDB_val k = val(key);
    wrote_ = true;
    int rc = mdb_del(txn_, db, &k, nullptr);
    if (rc == MDB_NOTFOUND) return false;
    if (rc) fail(rc, "deleting from");
    return true;
}

void Txn::scan(MDB_dbi db, std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& fn) {
    if (prefix.empty()) check_tree(db);
    MDB_cursor* cursor;
    if (int rc = mdb_cursor_open(txn_, db, &cursor)) fail(rc, "reading");
    struct Close {
        MDB_cursor* c;
        ~Close() { mdb_cursor_close(c); }
    } close{cursor};
    MDB_val k = val(prefix), v;
    int rc = prefix.empty() ? mdb_cursor_get(cursor, &k, &v, MDB_FIRST) : mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
    for (; rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
        check(k);
        check(v);
        std::string_view key = view(k);
        if (key.substr(0, prefix.size()) != prefix) return;
        if (!fn(key, view(v))) return;
    }
    if (rc != MDB_NOTFOUND) fail(rc, "reading");
}

void Txn::commit() {
    if (!txn_) return;
    int rc = mdb_txn_commit(std::exchange(txn_, nullptr));
    if (rc) fail(rc, "committing to");
}

void Txn::abort() {
    if (txn_) mdb_txn_abort(std::exchange(txn_, nullptr));
}

}  // namespace rag::store
