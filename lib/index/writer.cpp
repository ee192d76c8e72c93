// SPDX-License-Identifier: MIT
// IndexWriter: in-memory accumulation, then one transaction that merges it in.
#include "lib/index/writer.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "lib/core/error.h"
#include "lib/index/info.h"

namespace rag::index {

namespace {

AnalyzerOptions stored_analyzer(store::Txn& txn, MDB_dbi meta, AnalyzerOptions fallback) {
    std::string lang = meta_text(txn, meta, meta_key::kLanguage);
    if (!lang.empty()) fallback.language = lang;
    if (auto sw = meta_number(txn, meta, meta_key::kStopWords)) fallback.stop_words = *sw != 0;
    return fallback;
}

void check_format(store::Txn& txn, MDB_dbi meta, const std::string& dir) {
    auto format = meta_number(txn, meta, meta_key::kFormat);
    if (format && *format != kFormatVersion)
        throw Fatal(kExitNoInput,
                    fmt::format("index '{}' has format {}, this rag-index writes {} (use 'rag-index build')", dir,
                                *format, kFormatVersion));
}

// Documents are analysed in batches this large: enough work to share out, little held twice.
constexpr size_t kBatchDocuments = 1024;
constexpr size_t kBatchBytes = 4u << 20;

unsigned analysing_threads(unsigned asked) {
    if (asked) return asked;
    return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<uint32_t> read_lengths(store::Txn& txn, MDB_dbi db) {
    std::vector<uint32_t> out;
    if (auto v = txn.get(db, kLengthsKey)) {
        out.resize(v->size() / 4);
        for (size_t i = 0; i < out.size(); ++i) {
            auto b = reinterpret_cast<const unsigned char*>(v->data() + 4 * i);
            out[i] = uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
        }
    }
    return out;
}

std::string encode_lengths(const std::vector<uint32_t>& lengths) {
    std::string out(lengths.size() * 4, '\0');
    for (size_t i = 0; i < lengths.size(); ++i)
        for (int k = 0; k < 4; ++k) out[4 * i + k] = static_cast<char>(lengths[i] >> (8 * k) & 0xff);
    return out;
}

// Every term whose list changes, once each and sorted as LMDB sorts keys (bytewise), with its
// new postings (null for a term that only loses some): a sort of views, no set of strings.
using ChangedTerm = std::pair<std::string_view, const std::vector<Posting>*>;

std::vector<ChangedTerm> changed_terms(const std::unordered_map<std::string, std::vector<Posting>>& added,
                                       const std::vector<std::string>& dropped) {
    std::vector<ChangedTerm> out;
    out.reserve(added.size() + dropped.size());
    for (const auto& [term, list] : added) out.emplace_back(term, &list);
    for (const std::string& term : dropped) out.emplace_back(term, nullptr);
    // Equal terms: the one with postings first, so that unique() keeps it.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second && !b.second;
    });
    out.erase(std::unique(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
              out.end());
    return out;
}

}  // namespace

IndexWriter::IndexWriter(const std::string& dir, WriterOptions options)
    : env_(store::Env::open(dir, {.initial_map = std::max<size_t>(64u << 20, options.expected_bytes * 6)})),
      options_(std::move(options)) {
    AnalyzerOptions analyzer = options_.analyzer;
    auto txn = env_.read();
    auto meta = txn.db(kMetaDb);
    bool exists = meta && txn.get(*meta, meta_key::kFormat);
    if (exists && !options_.rebuild) {
        check_format(txn, *meta, dir);
        analyzer = stored_analyzer(txn, *meta, analyzer);
        corpus_ = meta_text(txn, *meta, meta_key::kCorpus);
        vectors_ = read_vector_settings(txn, *meta);
        if (!options_.corpus.empty() && options_.corpus != corpus_)
            throw Fatal(kExitUsage,
                        fmt::format("index '{}' holds corpus '{}', not '{}' (use 'rag-index build' to replace it)", dir,
                                    corpus_, options_.corpus));
    } else {
        corpus_ = options_.corpus.empty() ? "default" : options_.corpus;
    }
    txn.abort();
    options_.analyzer = analyzer;
    for (unsigned t = analysing_threads(options_.threads); t > 0; --t) analyzers_.emplace_back(analyzer);
}

bool IndexWriter::add(Document doc) {
    if (!pending_ids_.insert(doc.id).second) return false;
    queued_bytes_ += doc.title.size() + doc.text.size();
    queued_.push_back(std::move(doc));
    if (queued_.size() >= kBatchDocuments || queued_bytes_ >= kBatchBytes) analyse_queued();
    return true;
}

void IndexWriter::analyse_queued() {
    if (queued_.empty()) return;
    std::vector<AnalysedDocument> analysed = analyse_documents(queued_, analyzers_, options_.chunk);
    queued_.clear();
    queued_bytes_ = 0;
    for (AnalysedDocument& doc : analysed) take(std::move(doc));
}

// Chunks take the next relative numbers, in the order the documents came.
void IndexWriter::take(AnalysedDocument&& doc) {
    Pending pending{std::move(doc.id), {}};
    for (AnalysedChunk& c : doc.chunks) {
        auto number = static_cast<uint32_t>(records_.size());
        for (TermCount& t : c.terms) postings_[std::move(t.term)].push_back({number, t.tf});
        records_.push_back(std::move(c.record));
        lengths_.push_back(c.length);
        pending.chunks.push_back(number);
    }
    docs_.push_back(std::move(pending));
}

size_t IndexWriter::remove(const std::string& id_or_prefix) {
    auto txn = env_.read();
    auto docs = txn.db(kDocsDb);
    if (!docs) return 0;
    if (txn.get(*docs, id_or_prefix)) {
        removals_.push_back(id_or_prefix);
        return 1;
    }
    std::string prefix = id_or_prefix;
    while (prefix.size() > 2 && prefix.compare(0, 2, "./") == 0) prefix.erase(0, 2);
    if (prefix.empty() || prefix.back() != '/') prefix += '/';
    size_t n = 0;
    txn.scan(*docs, prefix, [&](std::string_view key, std::string_view) {
        removals_.emplace_back(key);
        ++n;
        return true;
    });
    return n;
}

CommitSummary IndexWriter::commit() {
    analyse_queued();
    CommitSummary summary;
    if (docs_.empty() && removals_.empty()) return unchanged();  // nothing to bump the generation for
    if (!vectors_.model.empty()) hash_new_passages();
    env_.write([&](store::Txn& txn) {
        summary = {};
        apply(txn, summary);
    });
    return summary;
}

CommitSummary IndexWriter::unchanged() {
    auto txn = env_.read();
    auto meta = txn.db(kMetaDb);
    if (!meta) return {};
    IndexInfo info = read_info(txn, *meta);
    return {.generation = info.generation, .documents = info.documents, .chunks = info.chunks};
}

void IndexWriter::apply(store::Txn& txn, CommitSummary& summary) const {
    MDB_dbi meta = *txn.db(kMetaDb), terms = *txn.db(kTermsDb), chunks = *txn.db(kChunksDb), docs = *txn.db(kDocsDb),
            lengths_db = *txn.db(kLengthsDb);
    uint64_t generation =
        options_.rebuild ? options_.previous_generation : meta_number(txn, meta, meta_key::kGeneration).value_or(0);
    uint64_t documents = options_.rebuild ? 0 : meta_number(txn, meta, meta_key::kDocuments).value_or(0);
    uint64_t live = options_.rebuild ? 0 : meta_number(txn, meta, meta_key::kChunks).value_or(0);
    uint64_t total_len = options_.rebuild ? 0 : meta_number(txn, meta, meta_key::kTotalLen).value_or(0);
    std::vector<uint32_t> lengths = read_lengths(txn, lengths_db);
    auto base = static_cast<uint32_t>(lengths.size());

    // Removals, and documents that are added again: their chunks and terms.
    std::set<std::string> gone(removals_.begin(), removals_.end());
    for (const Pending& p : docs_) gone.insert(p.id);
    std::unordered_set<uint32_t> removed;
    std::vector<std::string> dropped;  // terms of removed chunks: their lists lose postings
    for (const std::string& id : gone) {
        auto list = txn.get(docs, id);
        if (!list) continue;
        for (uint32_t c : decode_chunk_list(*list)) {
            auto rec = txn.get(chunks, chunk_key(c));
            if (!rec) continue;
            ChunkRecord r = decode_chunk(*rec);
            uint32_t length = 0;
            for (TermCount& t : count_terms(analyzers_[0], r.title, r.text, length))
                dropped.push_back(std::move(t.term));
            removed.insert(c);
            total_len -= std::min<uint64_t>(total_len, c < lengths.size() ? lengths[c] : 0);
            if (c < lengths.size()) lengths[c] = 0;
            --live;
            txn.del(chunks, chunk_key(c));
        }
        txn.del(docs, id);
        --documents;
        if (std::find(removals_.begin(), removals_.end(), id) != removals_.end()) ++summary.documents_removed;
    }

    // New chunks take the numbers after every number ever used.
    lengths.insert(lengths.end(), lengths_.begin(), lengths_.end());
    for (uint32_t len : lengths_) total_len += len;
    for (size_t i = 0; i < records_.size(); ++i)
        txn.put(chunks, chunk_key(base + static_cast<uint32_t>(i)), records_[i], MDB_APPEND);
    for (const Pending& p : docs_) {
        std::vector<uint32_t> numbers;
        for (uint32_t c : p.chunks) numbers.push_back(base + c);
        txn.put(docs, p.id, encode_chunk_list(numbers));
    }
    documents += docs_.size();
    live += records_.size();

    auto length_of = [&](uint32_t c) { return c < lengths.size() ? lengths[c] : 0; };
    // A rebuild writes into an empty terms database: its lists go in key order, appended.
    unsigned put_flags = options_.rebuild ? MDB_APPEND : 0;
    for (const auto& [term, added] : changed_terms(postings_, dropped)) {
        std::vector<Posting> list;
        if (!options_.rebuild)
            if (auto old = txn.get(terms, term)) list = decode_postings(*old);
        if (!removed.empty()) std::erase_if(list, [&](const Posting& p) { return removed.count(p.chunk) != 0; });
        if (added)
            for (Posting p : *added) list.push_back({base + p.chunk, p.tf});
        if (list.empty()) txn.del(terms, term);
        else txn.put(terms, term, encode_postings(list, length_of), put_flags);
    }
    txn.put(lengths_db, kLengthsKey, encode_lengths(lengths));
    apply_vectors(txn, meta, base, lengths.size(), removed);

    txn.put(meta, meta_key::kCorpus, corpus_);
    put_meta(txn, meta, meta_key::kGeneration, generation + 1);
    put_meta(txn, meta, meta_key::kFormat, kFormatVersion);
    put_meta(txn, meta, meta_key::kDocuments, documents);
    put_meta(txn, meta, meta_key::kChunks, live);
    put_meta(txn, meta, meta_key::kTotalLen, total_len);
    txn.put(meta, meta_key::kLanguage, options_.analyzer.language);
    put_meta(txn, meta, meta_key::kStopWords, options_.analyzer.stop_words ? 1 : 0);
    summary.generation = generation + 1;
    summary.documents_added = docs_.size();
    summary.chunks_added = records_.size();
    summary.documents = documents;
    summary.chunks = live;
}

}  // namespace rag::index
