// SPDX-License-Identifier: MIT
// read_index_info: the meta database of an index.
#include "lib/index/info.h"

#include "lib/core/error.h"
#include "lib/index/layout.h"
#include "lib/store/env.h"

namespace rag {

IndexInfo read_index_info(const std::string& dir) {
    auto env = store::Env::open(dir, {.read_only = true});
    auto txn = env.read();
    auto meta = txn.db(index::kMetaDb);
    if (!meta) throw Fatal(kExitNoInput, "'" + dir + "' is not an index (no meta database; run 'rag-index build')");
    auto format = index::meta_number(txn, *meta, "format");
    if (format != index::kFormatVersion)
        throw Fatal(kExitNoInput, fmt::format("index '{}' has format {}, this rag-index reads {} (rebuild it)",
                                              dir, format ? std::to_string(*format) : "unknown",
                                              index::kFormatVersion));
    IndexInfo info;
    info.corpus_id = index::meta_text(txn, *meta, "corpus");
    info.generation = index::meta_number(txn, *meta, "generation").value_or(0);
    info.documents = index::meta_number(txn, *meta, "documents").value_or(0);
    info.chunks = index::meta_number(txn, *meta, "chunks").value_or(0);
    return info;
}

}  // namespace rag
