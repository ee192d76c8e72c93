// SPDX-License-Identifier: MIT
// IndexReader: query analysis, posting lookup, evaluation, chunk fetching.
#include "lib/index/reader.h"

#include <sys/stat.h>

#include <map>
#include <tuple>

#include "lib/core/error.h"
#include "lib/index/search.h"
#include "lib/index/varint.h"

namespace rag::index {

namespace {

MDB_dbi need_db(store::Txn& txn, const char* name, const std::string& dir) {
    auto db = txn.db(name);
    if (!db)
        throw Fatal(kExitNoInput,
                    fmt::format("'{}' is not an index (no {} database; run 'rag-index build')", dir, name));
    return *db;
}

// The record's chunk id and document id only (they come first).
ChunkRecord ids_only(std::string_view bytes) {
    std::string_view id, doc;
    if (!read_string(bytes, id) || !read_string(bytes, doc)) throw std::runtime_error("damaged chunk record");
    return {std::string(id), std::string(doc), {}, {}};
}

// The identity of the data file of the index at `dir`; {0, 0} when absent.
std::pair<dev_t, ino_t> data_file_id(const std::string& dir) {
    struct stat st;
    if (stat((dir + "/data.mdb").c_str(), &st) != 0) return {0, 0};
    return {st.st_dev, st.st_ino};
}

}  // namespace

IndexReader::IndexReader(std::string dir, store::Env env, Analyzer analyzer)
    : dir_(std::move(dir)), env_(std::move(env)), analyzer_(std::move(analyzer)) {
    std::tie(dev_, ino_) = data_file_id(dir_);
}

IndexReader IndexReader::open(const std::string& dir) {
    auto env = open_existing_index(dir);
    AnalyzerOptions analyzer;
    {
        auto txn = env.read();
        MDB_dbi meta = checked_meta(txn, dir);
        std::string lang = meta_text(txn, meta, meta_key::kLanguage);
        if (!lang.empty()) analyzer.language = lang;
        analyzer.stop_words = meta_number(txn, meta, meta_key::kStopWords).value_or(1) != 0;
    }
    return IndexReader(dir, std::move(env), Analyzer(analyzer));
}

void IndexReader::follow_rebuild() {
    auto id = data_file_id(dir_);
    if (id.second == 0 || id == std::pair{dev_, ino_}) return;
    try {
        *this = open(dir_);
    } catch (const std::exception&) {
        // Keep serving the index already open.
    }
}

VectorSettings IndexReader::vector_settings() {
    follow_rebuild();
    auto txn = env_.read();
    return read_vector_settings(txn, need_db(txn, kMetaDb, path()));
}

std::vector<vector::Scored> IndexReader::dense_search(const std::vector<float>& query, size_t k, size_t ef) {
    follow_rebuild();
    auto txn = env_.read();
    MDB_dbi meta = need_db(txn, kMetaDb, path());
    uint64_t generation = read_info(txn, meta).generation;
    if ((!vectors_ && !graph_) || vectors_generation_ != generation) {
        size_t dim = read_vector_settings(txn, meta).dim;
        vectors_.reset(), graph_.reset();
        if (std::string_view blob = stored_graph(txn); !blob.empty()) graph_ = vector::HnswGraph::load(blob, dim);
        else vectors_ = load_vectors(txn, dim);
        vectors_generation_ = generation;
    }
    if (graph_) return query.size() == graph_->dim() ? graph_->search(query.data(), k, ef) : std::vector<vector::Scored>{};
    if (query.size() != vectors_->dim) return {};
    return vector::exact_top_k(*vectors_, query.data(), k);
}

std::vector<SearchHit> IndexReader::fetch(const std::vector<uint32_t>& numbers, bool text) {
    auto txn = env_.read();
    MDB_dbi chunks_db = need_db(txn, kChunksDb, path());
    std::vector<SearchHit> out;
    for (uint32_t n : numbers)
        if (auto rec = txn.get(chunks_db, chunk_key(n))) out.push_back({n, 0, text ? decode_chunk(*rec) : ids_only(*rec)});
    return out;
}

IndexInfo IndexReader::info() {
    follow_rebuild();
    auto txn = env_.read();
    return read_info(txn, need_db(txn, kMetaDb, path()));
}

SearchResult IndexReader::search(std::string_view query, const SearchOptions& options) {
    follow_rebuild();
    SearchResult result;
    auto txn = env_.read();
    MDB_dbi meta = need_db(txn, kMetaDb, path());
    result.info = read_info(txn, meta);
    MDB_dbi terms_db = need_db(txn, kTermsDb, path()), chunks_db = need_db(txn, kChunksDb, path());
    auto lengths_db = txn.db(kLengthsDb);
    auto lengths_blob = lengths_db ? txn.get(*lengths_db, kLengthsKey) : std::nullopt;
    LengthTable lengths(lengths_blob.value_or(std::string_view{}));
    Bm25 bm25(options.bm25, result.info.chunks, meta_number(txn, meta, meta_key::kTotalLen).value_or(0));

    std::map<std::string, int> counts;  // a repeated query term weighs more (as Anserini's bag of words)
    for (std::string& t : analyzer_.terms(query)) ++counts[std::move(t)];
    std::vector<QueryTerm> terms;
    for (const auto& [term, count] : counts) {
        if (term.size() > kMaxTermBytes) continue;  // never indexed
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
