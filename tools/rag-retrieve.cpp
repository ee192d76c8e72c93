// SPDX-License-Identifier: MIT
// rag-retrieve: request -> meta, sources, context (BM25 over a read-only index,
// fused with a dense ranking where the index has vectors); also writes TREC
// runs from a queries file and evaluates them against qrels.
#include <fstream>
#include <iostream>
#include <set>

#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/request.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"
#include "lib/embed/query.h"
#include "lib/index/eval.h"
#include "lib/retrieve/retriever.h"
#include "lib/store/env.h"

namespace {

struct Options {
    Options() { r.index = rag::default_index_path(); }
    rag::retrieve::RetrieverOptions r;
    std::string format = "events";
    std::string queries = "-";
    size_t hits = 1000;
    std::string tag = "rag-retrieve";
    std::string evaluate, qrels;
};

namespace ix = rag::index;

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
int write_trec(const Options& opt, rag::Writer& out) {
    ix::IndexReader index = [&] {
        try {
            return ix::IndexReader::open(opt.r.index);
        } catch (const rag::store::StoreError& e) {
            throw rag::Fatal(rag::kExitNoInput, rag::retrieve::open_failure(opt.r.index, e));
        }
    }();
    ix::SearchOptions so{.k = opt.hits, .bm25 = opt.r.bm25, .exhaustive = opt.r.exhaustive, .fetch_text = false};
    auto queries = read_queries(opt.queries);
    ix::HybridOptions ho = opt.r.hybrid;
    std::vector<std::string> texts;
    for (const auto& q : queries) texts.push_back(q.second);
    auto vectors = rag::retrieve::trec_query_vectors(opt.r, index, texts, ho.mode);
    for (size_t q = 0; q < queries.size(); ++q) {
        auto res =
            ix::hybrid_search(index, queries[q].second, vectors.empty() ? std::vector<float>{} : vectors[q], so, ho);
        std::vector<std::pair<std::string, double>> docs;
        std::set<std::string> seen;
        for (const auto& [h, marks] : res.hits)  // hits come best first, so a document's first chunk is its best
            if (seen.insert(h.chunk.doc).second) docs.emplace_back(h.chunk.doc, h.score);
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
    app.add_option("-i,--index", opt.r.index, "index directory")->envname("RAG_INDEX");
    app.add_option("-k,--top-k", opt.r.top_k, "passages for a request that gives no top_k")
        ->check(CLI::Range(1, rag::kMaxTopK));
    app.add_option("--k1", opt.r.bm25.k1, "BM25 term-frequency saturation")->check(CLI::Range(0.0, 100.0));
    app.add_option("--b", opt.r.bm25.b, "BM25 length normalisation")->check(CLI::Range(0.0, 1.0));
    app.add_option("--format", opt.format, "output: events (a filter), or trec (a TREC run from --queries)")
        ->check(CLI::IsMember({"events", "trec"}));
    app.add_option("--queries", opt.queries, "queries for --format trec: BEIR JSONL or qid<TAB>text (- for stdin)");
    app.add_option("--hits", opt.hits, "documents per query in a TREC run")->check(CLI::Range(1, 100000));
    app.add_option("--tag", opt.tag, "run tag of a TREC run");
    app.add_option("--evaluate", opt.evaluate, "print nDCG@10, Recall@100 and MRR@10 of a TREC run file (- for stdin)");
    app.add_option("--qrels", opt.qrels, "relevance judgements for --evaluate (TREC or BEIR TSV)");
    app.add_flag("--exhaustive", opt.r.exhaustive, "score every posting instead of pruning (same ranking, slower)");
    app.add_option("--snippet-words", opt.r.snippet_words, "words in a source's snippet")->check(CLI::Range(5, 200));
    app.add_option("--mode", opt.r.mode, "ranking: bm25, dense, hybrid, or auto (hybrid when the index has vectors)")
        ->check(CLI::IsMember({"auto", "bm25", "dense", "hybrid"}))
        ->capture_default_str();
    app.add_option("--fusion", opt.r.fusion, "hybrid fusion: rrf (reciprocal rank) or linear (normalised scores)")
        ->check(CLI::IsMember({"rrf", "linear"}))
        ->capture_default_str();
    app.add_option("--rrf-k", opt.r.hybrid.fusion.rrf_k, "RRF constant: a ranker's rank r adds weight/(k+r)")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    app.add_option("--bm25-weight", opt.r.hybrid.fusion.bm25_weight, "RRF weight of the BM25 ranking")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    app.add_option("--dense-weight", opt.r.hybrid.fusion.dense_weight, "RRF weight of the dense ranking")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    app.add_option("--alpha", opt.r.hybrid.fusion.alpha, "linear fusion: weight of the dense score (BM25: 1 - alpha)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--depth", opt.r.hybrid.depth, "candidates each ranker gives the fusion")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--embed", opt.r.embed, "query embedder (ollama:MODEL or openai:MODEL); default the index's model");
    app.add_option("--embed-url", opt.r.embed_url,
                   "embedding server's base URL (default $OLLAMA_HOST or $OPENAI_BASE_URL)")
        ->envname("RAG_EMBED_URL");
    return tool.run(argc, argv, [&](rag::Writer& out) {
        opt.r.hybrid.fusion.method =
            opt.r.fusion == "linear" ? rag::vector::Fusion::kLinear : rag::vector::Fusion::kRrf;
        if (!opt.r.embed.empty()) {
            try {
                rag::embed::parse_embed_spec(opt.r.embed);
            } catch (const std::invalid_argument& e) {
                throw rag::Fatal(rag::kExitUsage, e.what());
            }
        }
        if (!opt.evaluate.empty()) return evaluate(opt, out);
        if (opt.format == "trec") return write_trec(opt, out);
        rag::retrieve::Retriever retriever(opt.r);
        auto table = rag::EventTable::bind(retriever, {{"request", &rag::retrieve::Retriever::on_request}});
        table.skip_cached();
        return rag::run_filter(table, out);
    });
}
