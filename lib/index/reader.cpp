// SPDX-License-Identifier: MIT
// IndexReader: query analysis, posting lookup, evaluation, chunk fetching.
#include "lib/index/reader.h"

#include <map>

#include "lib/core/error.h"
#include "lib/index/search.h"
#include "lib/index/varint.h"

namespace rag::index {

namespace {

MDB_dbi need_db(store::Txn& txn, const char* name, const std::string& dir) {
    auto db = txn.db(name);
    if (!db) throw Fatal(kExitNoInput, fmt::format("'{}' is not an index (no {} database; run 'rag-index build')", dir, name));
    return *db;
}

IndexInfo read_info(store::Txn& txn, MDB_dbi meta) {
    IndexInfo info;
    info.corpus_id = meta_text(txn, meta, "corpus");
    info.generation = meta_number(txn, meta, "generation").value_or(0);
    info.documents = meta_number(txn, meta, "documents").value_or(0);
    info.chunks = meta_number(txn, meta, "chunks").value_or(0);
    return info;
}

// The record's chunk id and document id only (they come first).
ChunkRecord ids_only(std::string_view bytes) {
    std::string_view id, doc;
    if (!read_string(bytes, id) || !read_string(bytes, doc)) throw std::runtime_error("damaged chunk record");
    return {std::string(id), std::string(doc), {}, {}};
}

}  // namespace

IndexReader IndexReader::open(const std::string& dir) {
    auto env = store::Env::open(dir, {.read_only = true});
    AnalyzerOptions analyzer;
    {
        auto txn = env.read();
        MDB_dbi meta = need_db(txn, kMetaDb, dir);
        auto format = meta_number(txn, meta, "format");
        if (format != kFormatVersion)
            throw Fatal(kExitNoInput, fmt::format("index '{}' has format {}, this rag-retrieve reads {} (rebuild it with 'rag-index build')",
                                                  dir, format ? std::to_string(*format) : "unknown", kFormatVersion));
        std::string lang = meta_text(txn, meta, "language");
        if (!lang.empty()) analyzer.language = lang;
        analyzer.stop_words = meta_number(txn, meta, "stop_words").value_or(1) != 0;
    }
    return IndexReader(std::move(env), Analyzer(analyzer));
}

IndexInfo IndexReader::info() {
    auto txn = env_.read();
    return read_info(txn, need_db(txn, kMetaDb, path()));
}

SearchResult IndexReader::search(std::string_view query, const SearchOptions& options) {
    SearchResult result;
    auto txn = env_.read();
    MDB_dbi meta = need_db(txn, kMetaDb, path());
    result.info = read_info(txn, meta);
    MDB_dbi terms_db = need_db(txn, kTermsDb, path()), chunks_db = need_db(txn, kChunksDb, path());
    auto lengths_db = txn.db(kLengthsDb);
    auto lengths_blob = lengths_db ? txn.get(*lengths_db, kLengthsKey) : std::nullopt;
    LengthTable lengths(lengths_blob.value_or(std::string_view{}));
    Bm25 bm25(options.bm25, result.info.chunks, meta_number(txn, meta, "total_len").value_or(0));

    std::map<std::string, int> counts;   // a repeated query term weighs more (as Anserini's bag of words)
    for (std::string& t : analyzer_.terms(query)) ++counts[std::move(t)];
    std::vector<QueryTerm> terms;
    for (const auto& [term, count] : counts) {
        auto blob = txn.get(terms_db, term);
        PostingCursor cursor(blob.value_or(std::string_view{}));
        double weight = blob ? count * bm25.idf(cursor.df()) : 0.0;
        result.terms.emplace_back(term, weight);
        if (blob) terms.push_back({cursor, weight});
    }
    std::vector<Hit> hits = options.exhaustive ? search_exhaustive(std::move(terms), bm25, lengths, options.k)
                                               : search_maxscore(std::move(terms), bm25, lengths, options.k);
    for (const Hit& h : hits) {
        auto rec = txn.get(chunks_db, chunk_key(h.chunk));
        if (!rec) continue;
        result.hits.push_back({h.chunk, h.score, options.fetch_text ? decode_chunk(*rec) : ids_only(*rec)});
    }
    return result;
}

}  // namespace rag::index
