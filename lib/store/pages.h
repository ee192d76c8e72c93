// SPDX-License-Identifier: MIT
// A check of a database's B-tree pages before a full scan. LMDB walks its
// pages on trust: a damaged node flag sends a cursor through a null pointer
// (SIGSEGV in mdb_xcursor_init1) and a zeroed page trips an assert (abort).
#pragma once

#include <lmdb.h>

#include <string>

namespace rag::store {

/// Checks every page reachable from the root of the named database `name`
/// as `txn` sees it (a transaction that has not written to it): page numbers
/// within the file, page types, node offsets and sizes within their page,
/// overflow runs within the file. The databases of this project hold plain
/// keys, so a node that claims duplicates or a sub-database is damage too.
/// Returns "" when sound, else what is wrong ("page 7: node 3 ends past the page").
/// `map` is where LMDB mapped the file (find_map); nullptr skips the check.
std::string check_tree(MDB_txn* txn, const char* name, const char* map);

}  // namespace rag::store
