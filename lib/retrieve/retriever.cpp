// SPDX-License-Identifier: MIT
// rag-retrieve's engine: requests answered from a read-only index, BM25 fused with
// a dense ranking where the index has vectors; the query vectors of a TREC run.
#include "lib/retrieve/retriever.h"

#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/json_out.h"
#include "lib/core/request.h"
#include "lib/embed/query.h"
#include "lib/index/snippet.h"
#include "lib/store/env.h"
#include "lib/text/conversation_query.h"

namespace rag::retrieve {
namespace {

namespace ix = rag::index;

constexpr size_t kSources = 5;

// A run's ranking plan: the mode, and the query vector it needs.
struct DensePlan {
    ix::RetrievalMode mode = ix::RetrievalMode::kBm25;
    std::vector<float> query;
    std::string note;    // why a run fell back to BM25
    bool marks = false;  // the index has vectors: passages carry both rankers' marks
};

// Refusals name both sides, so a model change is never a silent fall-back to keywords.
std::string mismatch(const std::string& dir, const ix::VectorSettings& vs, const std::string& spec, size_t dim) {
    if (dim == 0)
        return fmt::format(
            "query embedder '{}' is not the model of index '{}' ('{}'; rebuild it with "
            "'rag-index build --embed {}')",
            spec, dir, vs.model, spec);
    return fmt::format("query embedder '{}' gives {} dimensions, index '{}' holds {} ('{}')", spec, dim, dir, vs.dim,
                       vs.model);
}

// The ranking --mode asks of an index, or in `err` why the index cannot serve it.
ix::RetrievalMode resolve_mode(const RetrieverOptions& opt, const ix::VectorSettings& vs, std::string& err) {
    if (opt.mode == "bm25" || (opt.mode == "auto" && vs.dim == 0)) return ix::RetrievalMode::kBm25;
    if (vs.dim == 0)
        err = fmt::format(
            "--mode {} needs vectors, and index '{}' has none (use 'rag-index build --embed "
            "ollama:MODEL')",
            opt.mode, opt.index);
    return opt.mode == "auto" ? ix::RetrievalMode::kHybrid : ix::parse_retrieval_mode(opt.mode);
}

// Each ranker's score and rank (null where it did not find the passage), and the fused score.
void write_marks(rag::JsonWriter& w, const rag::vector::FusedHit& m) {
    auto mark = [&](std::string_view name, size_t rank, double score) {
        w.key(fmt::format("{}_score", name));
        rank ? w.num(score) : w.null();
        w.key(fmt::format("{}_rank", name));
        rank ? w.num(uint64_t{rank}) : w.null();
    };
    mark("bm25", m.bm25_rank, m.bm25_score);
    mark("dense", m.dense_rank, m.dense_score);
    w.key("fused_score").num(m.fused);
}

}  // namespace

std::string open_failure(const std::string& dir, const std::exception& e) {
    std::string why = e.what();
    if (dynamic_cast<const rag::store::StoreError*>(&e))
        return fmt::format("cannot open index '{}': {} (run 'rag-index build')", dir, why);
    return why;
}

struct Retriever::Impl {
    explicit Impl(const RetrieverOptions& opt) : opt_(opt) {}

    void on_request(const rag::Event& ev, rag::Writer& out) {
        out.forward(ev);
        rag::Request r = rag::parse_request(ev);
        if (ev.data["top_k"].error()) r.top_k = opt_.top_k;  // absent: this tool's default
        try {
            retrieve(ev.run, r, out);
        } catch (const std::exception& e) {
            out.error(ev.run, "retrieve", e.what());
        }
    }

    rag::index::IndexReader& reader() {
        if (!reader_) {
            try {
                reader_.emplace(rag::index::IndexReader::open(opt_.index));
            } catch (const std::exception& e) {
                std::string msg = open_failure(opt_.index, e);
                if (!warned_) rag::warn(msg);
                warned_ = true;
                throw std::runtime_error(msg);
            }
        }
        return *reader_;
    }

    void retrieve(std::string_view run, const rag::Request& r, rag::Writer& out) {
        auto& index = reader();
        rag::index::SearchOptions so{
            .k = static_cast<size_t>(r.top_k), .bm25 = opt_.bm25, .exhaustive = opt_.exhaustive};
        std::string searched = rag::conversation_search_text(r, index.analyzer());
        DensePlan dense = plan(r, index);
        ix::HybridOptions ho = opt_.hybrid;
        ho.mode = dense.mode;
        ix::HybridResult res = ix::hybrid_search(index, searched, dense.query, so, ho);
        if (!r.corpus_id.empty() && r.corpus_id != res.info.corpus_id)
            return out.error(run, "retrieve",
                             fmt::format("corpus '{}' is not served by index '{}' (it holds '{}')", r.corpus_id,
                                         opt_.index, res.info.corpus_id));
        if (res.terms.empty()) return out.error(run, "retrieve", "the query has no indexable terms");
        size_t ctx_chars = 0;
        for (const auto& h : res.hits) ctx_chars += h.hit.chunk.text.size();
        out.emit("meta", run, [&](rag::JsonWriter& w) {
            w.key("run_id").str(run).key("corpus_id").str(res.info.corpus_id);
            w.key("retrieved").num(static_cast<uint64_t>(res.hits.size()));
            w.key("ctx_chars").num(static_cast<uint64_t>(ctx_chars));
            w.key("generation").num(res.info.generation);
            if (searched != r.query) w.key("searched").str(searched);  // the question weighted over its history
            if (dense.marks) {
                w.key("mode").str(ix::mode_name(dense.mode));
                if (dense.mode == ix::RetrievalMode::kHybrid) w.key("fusion").str(opt_.fusion);
                if (!dense.note.empty()) w.key("note").str(dense.note);
            }
        });
        out.emit("sources", run, [&](rag::JsonWriter& w) {
            w.key("sources").begin_array();
            for (size_t i = 0; i < res.hits.size() && i < kSources; ++i) {
                const auto& h = res.hits[i].hit;
                w.begin_object().key("doc").str(h.chunk.id).key("score").num(h.score);
                if (dense.marks) write_marks(w, res.hits[i].marks);
                w.key("snippet").str(
                    rag::index::best_snippet(index.analyzer(), h.chunk.text, res.terms, opt_.snippet_words));
                // The whole passage too: a client shows it when a source is opened, and a cache hit
                // (which replays sources but has no context) still can.
                w.key("title").str(h.chunk.title).key("text").str(h.chunk.text).end_object();
            }
            w.end_array();
        });
        out.emit("context", run, [&](rag::JsonWriter& w) {
            w.key("passages").begin_array();
            for (const auto& [h, marks] : res.hits) {
                w.begin_object().key("doc").str(h.chunk.id).key("title").str(h.chunk.title);
                w.key("text").str(h.chunk.text).key("score").num(h.score);
                if (dense.marks) write_marks(w, marks);
                w.end_object();
            }
            w.end_array();
        });
    }

    rag::embed::QueryEmbedder& embedder(const ix::VectorSettings& vs) {
        std::string name = opt_.embed.empty() ? vs.model : opt_.embed;
        if (!embedder_ || embedder_->spec().name() != name)
            embedder_.emplace(rag::embed::parse_embed_spec(name, opt_.embed_url));
        return *embedder_;
    }

    // Throws std::runtime_error (an error event) for a plan the index cannot serve.
    DensePlan plan(const rag::Request& r, ix::IndexReader& index) {
        DensePlan p;
        if (opt_.mode == "bm25") return p;
        ix::VectorSettings vs = index.vector_settings();
        p.marks = !vs.model.empty();
        std::string err;
        p.mode = resolve_mode(opt_, vs, err);
        if (!err.empty()) throw std::runtime_error(err);
        if (p.mode == ix::RetrievalMode::kBm25) return p;
        auto& e = embedder(vs);
        if (e.spec().name() != vs.model) throw std::runtime_error(mismatch(opt_.index, vs, e.spec().name(), 0));
        try {
            p.query = e.embed(rag::embed::query_embedding_text(r));
        } catch (const rag::embed::EmbedError& err) {
            p.note = fmt::format("dense ranking skipped: {}; BM25 only", err.what());
            if (!warned_down_) rag::warn(p.note);
            warned_down_ = true;
            p.mode = ix::RetrievalMode::kBm25;
            return p;
        }
        warned_down_ = false;
        if (p.query.size() != vs.dim)
            throw std::runtime_error(mismatch(opt_.index, vs, e.spec().name(), p.query.size()));
        return p;
    }

    const RetrieverOptions& opt_;
    std::optional<rag::index::IndexReader> reader_;
    std::optional<rag::embed::QueryEmbedder> embedder_;
    bool warned_ = false, warned_down_ = false;
};

Retriever::Retriever(const RetrieverOptions& options) : impl_(std::make_unique<Impl>(options)) {}
Retriever::~Retriever() = default;

void Retriever::on_request(const Event& ev, Writer& out) { impl_->on_request(ev, out); }

// The query vectors of a TREC run, embedded in batches; empty in bm25 mode,
// or when the server fails (the run is then BM25 alone, said on stderr).
std::vector<std::vector<float>> trec_query_vectors(const RetrieverOptions& opt, ix::IndexReader& index,
                                                   const std::vector<std::string>& texts, ix::RetrievalMode& mode) {
    ix::VectorSettings vs = index.vector_settings();
    std::string err;
    mode = resolve_mode(opt, vs, err);
    if (!err.empty()) throw rag::Fatal(rag::kExitUsage, err);
    if (mode == ix::RetrievalMode::kBm25) return {};
    rag::embed::QueryEmbedder embedder(
        rag::embed::parse_embed_spec(opt.embed.empty() ? vs.model : opt.embed, opt.embed_url));
    if (embedder.spec().name() != vs.model)
        throw rag::Fatal(rag::kExitUsage, mismatch(opt.index, vs, embedder.spec().name(), 0));
    try {
        auto vectors = embedder.embed_all(texts);
        if (!vectors.empty() && vectors[0].size() != vs.dim)
            throw rag::Fatal(rag::kExitUsage, mismatch(opt.index, vs, embedder.spec().name(), vectors[0].size()));
        return vectors;
    } catch (const rag::embed::EmbedError& e) {
        rag::warnf("dense ranking skipped: {}; BM25 only", e.what());
        mode = ix::RetrievalMode::kBm25;
        return {};
    }
}

}  // namespace rag::retrieve
