// SPDX-License-Identifier: MIT
// rag-retrieve: request -> meta, sources, context (BM25 over a read-only index,
// fused with a dense ranking where the index has vectors); also writes TREC
// runs from a queries file and evaluates them against qrels.
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/request.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"
#include "lib/embed/query.h"
#include "lib/index/eval.h"
#include "lib/index/hybrid.h"
#include "lib/index/reader.h"
#include "lib/index/snippet.h"
#include "lib/text/conversation_query.h"

namespace {

constexpr size_t kSources = 5;

struct Options {
    std::string index = rag::default_index_path();
    int top_k = rag::kDefaultTopK;
    rag::index::Bm25Params bm25;
    std::string format = "events";
    std::string queries = "-";
    size_t hits = 1000;
    std::string tag = "rag-retrieve";
    std::string evaluate, qrels;
    bool exhaustive = false;
    size_t snippet_words = 30;
    std::string mode = "auto";  // bm25, dense, hybrid; auto: hybrid when the index has vectors
    std::string fusion = "rrf";
    rag::index::HybridOptions hybrid;
    std::string embed, embed_url;  // the query embedder; default the index's model
};

namespace ix = rag::index;

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
        return fmt::format("query embedder '{}' is not the model of index '{}' ('{}'; rebuild it with "
                           "'rag-index build --embed {}')",
                           spec, dir, vs.model, spec);
    return fmt::format("query embedder '{}' gives {} dimensions, index '{}' holds {} ('{}')", spec, dim, dir, vs.dim,
                       vs.model);
}

std::string open_failure(const std::string& dir, const std::exception& e) {
    std::string why = e.what();
    if (dynamic_cast<const rag::store::StoreError*>(&e))
        return fmt::format("cannot open index '{}': {} (run 'rag-index build')", dir, why);
    return why;
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

// Serves requests from an index opened on first use (and reopened after a
// failure, so that a long-lived pipeline picks up an index built later).
class Retriever {
public:
    explicit Retriever(const Options& opt) : opt_(opt) {}

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

private:
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
        if (vs.dim == 0) {
            if (opt_.mode == "auto") return p;
            throw std::runtime_error(fmt::format("--mode {} needs vectors, and index '{}' has none (use 'rag-index "
                                                 "build --embed ollama:MODEL')", opt_.mode, opt_.index));
        }
        p.mode = opt_.mode == "auto" ? ix::RetrievalMode::kHybrid : ix::parse_retrieval_mode(opt_.mode);
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

    const Options& opt_;
    std::optional<rag::index::IndexReader> reader_;
    std::optional<rag::embed::QueryEmbedder> embedder_;
    bool warned_ = false, warned_down_ = false;
};

// Queries from BEIR JSONL ({"_id","text"}) or TSV ("qid<TAB>text").
std::vector<std::pair<std::string, std::string>> read_queries(const std::string& path) {
    std::ifstream file;
    if (path != "-") {
        file.open(path);
        if (!file) throw rag::Fatal(rag::kExitNoInput, "cannot open queries '" + path + "'");
    }
    std::istream& in = path == "-" ? std::cin : file;
    std::vector<std::pair<std::string, std::string>> out;
    simdjson::dom::parser parser;
    size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line[line.find_first_not_of(" \t")] == '{') {
            simdjson::dom::object obj;
            std::string_view id, text;
            if (parser.parse(line).get_object().get(obj) || obj["_id"].get_string().get(id) ||
                obj["text"].get_string().get(text)) {
                rag::warnf("{}:{}: not a query object with \"_id\" and \"text\"", path, n);
                continue;
            }
            out.emplace_back(id, text);
        } else if (size_t tab = line.find('\t'); tab != std::string::npos) {
            out.emplace_back(line.substr(0, tab), line.substr(tab + 1));
        } else {
            rag::warnf("{}:{}: not a query (\"qid<TAB>text\" or JSON)", path, n);
        }
    }
    return out;
}

// One TREC run line per document (its best chunk), ranked.
// The query vectors of a TREC run, embedded in batches; empty in bm25 mode,
// or when the server fails (the run is then BM25 alone, said on stderr).
std::vector<std::vector<float>> trec_query_vectors(const Options& opt, ix::IndexReader& index,
                                                   const std::vector<std::pair<std::string, std::string>>& queries,
                                                   ix::RetrievalMode& mode) {
    ix::VectorSettings vs = index.vector_settings();
    mode = opt.mode == "auto" ? (vs.dim ? ix::RetrievalMode::kHybrid : ix::RetrievalMode::kBm25)
                              : ix::parse_retrieval_mode(opt.mode);
    if (mode == ix::RetrievalMode::kBm25) return {};
    if (vs.dim == 0) throw rag::Fatal(rag::kExitUsage, fmt::format("--mode {} needs vectors, and index '{}' has none", opt.mode, opt.index));
    rag::embed::QueryEmbedder embedder(rag::embed::parse_embed_spec(opt.embed.empty() ? vs.model : opt.embed, opt.embed_url));
    if (embedder.spec().name() != vs.model) throw rag::Fatal(rag::kExitUsage, mismatch(opt.index, vs, embedder.spec().name(), 0));
    std::vector<std::string> texts;
    for (const auto& q : queries) texts.push_back(q.second);
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

// One TREC run line per document (its best chunk), ranked.
int write_trec(const Options& opt, rag::Writer& out) {
    ix::IndexReader index = [&] {
        try {
            return ix::IndexReader::open(opt.index);
        } catch (const rag::store::StoreError& e) {
            throw rag::Fatal(rag::kExitNoInput, open_failure(opt.index, e));
        }
    }();
    ix::SearchOptions so{.k = opt.hits, .bm25 = opt.bm25, .exhaustive = opt.exhaustive, .fetch_text = false};
    auto queries = read_queries(opt.queries);
    ix::HybridOptions ho = opt.hybrid;
    auto vectors = trec_query_vectors(opt, index, queries, ho.mode);
    for (size_t q = 0; q < queries.size(); ++q) {
        auto res = ix::hybrid_search(index, queries[q].second, vectors.empty() ? std::vector<float>{} : vectors[q], so, ho);
        std::vector<std::pair<std::string, double>> docs;
        std::map<std::string, bool> seen;
        for (const auto& [h, marks] : res.hits)  // hits come best first, so a document's first chunk is its best
            if (seen.emplace(h.chunk.doc, true).second) docs.emplace_back(h.chunk.doc, h.score);
        for (size_t i = 0; i < docs.size(); ++i)
            out.append(fmt::format("{} Q0 {} {} {:.6f} {}\n", queries[q].first, docs[i].first, i + 1, docs[i].second,
                                   opt.tag));
        out.flush();
    }
    out.flush();
    return rag::kExitOk;
}

int evaluate(const Options& opt, rag::Writer& out) {
    if (opt.qrels.empty()) throw rag::Fatal(rag::kExitUsage, "--evaluate needs --qrels FILE");
    rag::index::Metrics m;
    try {
        m = rag::index::evaluate(rag::index::read_run(opt.evaluate), rag::index::read_qrels(opt.qrels));
    } catch (const std::runtime_error& e) {
        throw rag::Fatal(rag::kExitNoInput, e.what());
    }
    out.append(
        fmt::format("ndcg_cut_10\tall\t{:.4f}\nrecall_100\tall\t{:.4f}\nmrr_10\t\tall\t{:.4f}\nnum_q\t\tall\t{}\n",
                    m.ndcg10, m.recall100, m.mrr10, m.queries));
    out.flush();
    return rag::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-retrieve",
                   "Retrieve passages for each request (BM25 over a rag-index index): "
                   "request -> meta, sources, context; everything else passes through."};
    Options opt;
    auto& app = tool.app;
    app.add_option("-i,--index", opt.index, "index directory")->envname("RAG_INDEX");
    app.add_option("-k,--top-k", opt.top_k, "passages for a request that gives no top_k")
        ->check(CLI::Range(1, rag::kMaxTopK));
    app.add_option("--k1", opt.bm25.k1, "BM25 term-frequency saturation")->check(CLI::Range(0.0, 100.0));
    app.add_option("--b", opt.bm25.b, "BM25 length normalisation")->check(CLI::Range(0.0, 1.0));
    app.add_option("--format", opt.format, "output: events (a filter), or trec (a TREC run from --queries)")
        ->check(CLI::IsMember({"events", "trec"}));
    app.add_option("--queries", opt.queries, "queries for --format trec: BEIR JSONL or qid<TAB>text (- for stdin)");
    app.add_option("--hits", opt.hits, "documents per query in a TREC run")->check(CLI::Range(1, 100000));
    app.add_option("--tag", opt.tag, "run tag of a TREC run");
    app.add_option("--evaluate", opt.evaluate, "print nDCG@10, Recall@100 and MRR@10 of a TREC run file (- for stdin)");
    app.add_option("--qrels", opt.qrels, "relevance judgements for --evaluate (TREC or BEIR TSV)");
    app.add_flag("--exhaustive", opt.exhaustive, "score every posting instead of pruning (same ranking, slower)");
    app.add_option("--snippet-words", opt.snippet_words, "words in a source's snippet")->check(CLI::Range(5, 200));
    app.add_option("--mode", opt.mode, "ranking: bm25, dense, hybrid, or auto (hybrid when the index has vectors)")
        ->check(CLI::IsMember({"auto", "bm25", "dense", "hybrid"}))
        ->capture_default_str();
    app.add_option("--fusion", opt.fusion, "hybrid fusion: rrf (reciprocal rank) or linear (normalised scores)")
        ->check(CLI::IsMember({"rrf", "linear"}))
        ->capture_default_str();
    app.add_option("--rrf-k", opt.hybrid.fusion.rrf_k, "RRF constant: a ranker's rank r adds weight/(k+r)")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    app.add_option("--bm25-weight", opt.hybrid.fusion.bm25_weight, "RRF weight of the BM25 ranking")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    app.add_option("--dense-weight", opt.hybrid.fusion.dense_weight, "RRF weight of the dense ranking")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    app.add_option("--alpha", opt.hybrid.fusion.alpha, "linear fusion: weight of the dense score (BM25: 1 - alpha)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--depth", opt.hybrid.depth, "candidates each ranker gives the fusion")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--embed", opt.embed, "query embedder (ollama:MODEL or openai:MODEL); default the index's model");
    app.add_option("--embed-url", opt.embed_url, "embedding server's base URL (default $OLLAMA_HOST or $OPENAI_BASE_URL)")
        ->envname("RAG_EMBED_URL");
    return tool.run(argc, argv, [&](rag::Writer& out) {
        opt.hybrid.fusion.method = opt.fusion == "linear" ? rag::vector::Fusion::kLinear : rag::vector::Fusion::kRrf;
        if (!opt.embed.empty()) {
            try {
                rag::embed::parse_embed_spec(opt.embed);
            } catch (const std::invalid_argument& e) {
                throw rag::Fatal(rag::kExitUsage, e.what());
            }
        }
        if (!opt.evaluate.empty()) return evaluate(opt, out);
        if (opt.format == "trec") return write_trec(opt, out);
        Retriever retriever(opt);
        auto table = rag::EventTable::bind(retriever, {{"request", &Retriever::on_request}});
        table.skip_cached();
        return rag::run_filter(table, out);
    });
}
