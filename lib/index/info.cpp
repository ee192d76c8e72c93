// SPDX-License-Identifier: MIT
// Opening an existing index and reading its meta database.
#include "lib/index/info.h"

#include <sys/stat.h>

#include "lib/core/error.h"
#include "lib/index/layout.h"

namespace rag {
namespace index {

store::Env open_existing_index(const std::string& dir) {
    struct stat st;
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Fatal(kExitNoInput,
                    fmt::format("cannot open index '{}': no such directory (run 'rag-index build')", dir));
    return store::Env::open(dir, {.read_only = true});
}

MDB_dbi checked_meta(store::Txn& txn, const std::string& dir) {
    auto meta = txn.db(kMetaDb);
    if (!meta)
        throw Fatal(kExitNoInput, fmt::format("'{}' is not an index (no meta database; run 'rag-index build')", dir));
    auto format = meta_number(txn, *meta, meta_key::kFormat);
    if (format != kFormatVersion)
        throw Fatal(kExitNoInput,
                    fmt::format("index '{}' has format {}, this {} reads {} (rebuild it with 'rag-index build')", dir,
                                format ? std::to_string(*format) : "unknown", program_name(), kFormatVersion));
    return *meta;
}

IndexInfo read_info(store::Txn& txn, MDB_dbi meta) {
    IndexInfo info;
    info.corpus_id = meta_text(txn, meta, meta_key::kCorpus);
    info.generation = meta_number(txn, meta, meta_key::kGeneration).value_or(0);
    info.documents = meta_number(txn, meta, meta_key::kDocuments).value_or(0);
    info.chunks = meta_number(txn, meta, meta_key::kChunks).value_or(0);
    return info;
}

}  // namespace index

IndexInfo read_index_info(const std::string& dir) {
    auto env = index::open_existing_index(dir);
    auto txn = env.read();
    return index::read_info(txn, index::checked_meta(txn, dir));
}

}  // namespace rag
