// SPDX-License-Identifier: MIT
// Damaged files: LMDB trusts its file, so a truncated data.mdb or a page of
// garbage would reach the process as SIGBUS or SIGSEGV. These checks turn
// the damage they can see into a StoreError naming the path.
#pragma once

#include <lmdb.h>

#include <cstddef>
#include <string>

namespace rag::store {

/// LMDB codes (and errno values) that mean the file is damaged, not absent
/// or busy: MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID, MDB_VERSION_MISMATCH.
bool is_damage(int code);

/// The exit status of a tool that cannot go on after this LMDB code:
/// 65 (data error) for damage, 66 for a missing or unreadable store, 74 otherwise.
int exit_status_for(int mdb_code);

/// Bytes from the start of data.mdb to the end of the last page in use.
size_t file_bytes_in_use(MDB_env* env);

/// Throws StoreError(MDB_CORRUPTED) when data.mdb ends before the last page
/// its newest meta page names: mapping it would fault on the first read past
/// the end. Call after mdb_env_open, before any transaction.
void check_file_size(MDB_env* env, const std::string& dir);

/// Where LMDB mapped the environment in this process: the mapping (from
/// /proc/self/maps) that holds a record of its main database. nullptr while
/// the main database is empty (nothing committed can be damaged then).
/// LMDB has no call for it: mdb_env_info's me_mapaddr is only a fixed map's.
const char* find_map(MDB_env* env);

/// Where an environment's committed pages lie in this process's memory.
/// Taken when a transaction begins.
class MapBounds {
public:
    static MapBounds of(MDB_env* env, const char* map);

    /// A key or value LMDB returned lies within the file's pages. Values
    /// outside the map (a write transaction's dirty pages) are not LMDB's
    /// file and pass; a value that starts in the map must end by the file's
    /// last page, or a damaged length would make the caller read past it.
    bool holds(const MDB_val& v) const;

private:
    const char* map_ = nullptr;
    size_t map_bytes_ = 0;   // the reserved address range
    size_t file_bytes_ = 0;  // up to the end of the last page in use
};

}  // namespace rag::store
