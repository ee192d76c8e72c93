// SPDX-License-Identifier: MIT
// The index's corpus id and generation, read through lib/store.
#include "lib/cache/corpus.h"

#include <sys/stat.h>
#include <charconv>

#include "lib/index/layout.h"

namespace rag::cache {

CorpusState IndexWatch::current() {
    struct stat st;
    if (stat((dir_ + "/data.mdb").c_str(), &st) != 0) {
        env_.reset();
        return {};
    }
    if (!env_ || st.st_dev != dev_ || st.st_ino != ino_) {
        env_.reset();
        env_.emplace(store::Env::open(dir_, {.read_only = true, .max_dbs = 32}));
        dev_ = st.st_dev;
        ino_ = st.st_ino;
    }
    CorpusState s;
    s.indexed = true;
    store::Txn txn = env_->read();
    auto meta = txn.db(index::kMetaDb);
    if (!meta) return s;  // an index being built: no corpus yet
    if (auto id = txn.get(*meta, index::meta_key::kCorpus)) s.corpus_id = *id;
    if (auto gen = txn.get(*meta, index::meta_key::kGeneration)) std::from_chars(gen->data(), gen->data() + gen->size(), s.generation);
    return s;
}

}  // namespace rag::cache
