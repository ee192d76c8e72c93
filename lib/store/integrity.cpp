// SPDX-License-Identifier: MIT
// Damaged files: size against the last page, values against the map.
#include "lib/store/integrity.h"

#include <sys/stat.h>
#include <cerrno>
#include <cinttypes>
#include <cstdio>

#include <fmt/format.h>

#include "lib/store/env.h"

namespace rag::store {
int exit_status_for(int mdb_code) {
    if (is_damage(mdb_code)) return kExitDataErr;
    if (mdb_code == ENOENT || mdb_code == ENOTDIR || mdb_code == EACCES) return kExitNoInput;
    return kExitIoErr;
}

size_t file_bytes_in_use(MDB_env* env) {
    MDB_envinfo info;
    MDB_stat st;
    mdb_env_info(env, &info);  // the newest meta page's last page
    mdb_env_stat(env, &st);
    return (info.me_last_pgno + 1) * size_t{st.ms_psize};
}

bool is_damage(int code) {
    return code == MDB_CORRUPTED || code == MDB_PAGE_NOTFOUND || code == MDB_INVALID || code == MDB_VERSION_MISMATCH;
}

void check_file_size(MDB_env* env, const std::string& dir) {
    // The meta page first, then the size: a writer writes a commit's pages
    // before its meta page, so a commit landing in between cannot look short.
    size_t need = file_bytes_in_use(env);
    mdb_filehandle_t fd;
    struct stat st;
    if (mdb_env_get_fd(env, &fd) != 0 || fstat(fd, &st) != 0) return;  // nothing to compare
    if (static_cast<size_t>(st.st_size) >= need) return;
    throw StoreError(MDB_CORRUPTED, fmt::format("opening '{}': data.mdb is damaged: {} bytes long, its pages end at {} "
                                                "(truncated; restore it from a copy, or remove it)",
                                                dir, st.st_size, need));
}

namespace {

// The start of the mapping of this process that holds `p`; nullptr when none.
const char* mapping_start(const void* p) {
    FILE* maps = std::fopen("/proc/self/maps", "re");
    if (!maps) return nullptr;
    auto at = reinterpret_cast<uintptr_t>(p);
    uintptr_t start = 0, end = 0;
    const char* found = nullptr;
    char line[4096];
    while (!found && std::fgets(line, sizeof line, maps))
        if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &start, &end) == 2 && start <= at && at < end)
            found = reinterpret_cast<const char*>(start);
    std::fclose(maps);
    return found;
}

}  // namespace

const char* find_map(MDB_env* env) {
    MDB_txn* txn;
    if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0) return nullptr;
    MDB_dbi main;
    MDB_cursor* cursor;
    MDB_val key, value;
    const char* map = nullptr;
    if (mdb_dbi_open(txn, nullptr, 0, &main) == 0 && mdb_cursor_open(txn, main, &cursor) == 0) {
        if (mdb_cursor_get(cursor, &key, &value, MDB_FIRST) == 0) map = mapping_start(key.mv_data);
        mdb_cursor_close(cursor);
    }
    mdb_txn_abort(txn);
    return map;
}

MapBounds MapBounds::of(MDB_env* env, const char* map) {
    MDB_envinfo info;
    mdb_env_info(env, &info);
    MapBounds b;
    b.map_ = map;
    b.map_bytes_ = info.me_mapsize;
    b.file_bytes_ = file_bytes_in_use(env);
    return b;
}

bool MapBounds::holds(const MDB_val& v) const {
    auto p = static_cast<const char*>(v.mv_data);
    if (!map_ || p < map_ || p >= map_ + map_bytes_) return true;
    return v.mv_size <= file_bytes_ && static_cast<size_t>(p - map_) <= file_bytes_ - v.mv_size;
}

}  // namespace rag::store
