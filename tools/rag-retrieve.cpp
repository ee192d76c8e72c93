// SPDX-License-Identifier: MIT
// rag-retrieve: request -> meta, sources, context (BM25 over a read-only index);
// also writes TREC runs from a queries file and evaluates them against qrels.
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/request.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"
#include "lib/index/eval.h"
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
};

std::string open_failure(const std::string& dir, const std::exception& e) {
    std::string why = e.what();
    if (dynamic_cast<const rag::store::StoreError*>(&e))
        return fmt::format("cannot open index '{}': {} (run 'rag-index build')", dir, why);
    return why;
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
        rag::index::SearchResult res = index.search(searched, so);
        if (!r.corpus_id.empty() && r.corpus_id != res.info.corpus_id)
            return out.error(run, "retrieve",
                             fmt::format("corpus '{}' is not served by index '{}' (it holds '{}')", r.corpus_id,
                                         opt_.index, res.info.corpus_id));
        if (res.terms.empty()) return out.error(run, "retrieve", "the query has no indexable terms");
        size_t ctx_chars = 0;
        for (const auto& h : res.hits) ctx_chars += h.chunk.text.size();
        out.emit("meta", run, [&](rag::JsonWriter& w) {
            w.key("run_id").str(run).key("corpus_id").str(res.info.corpus_id);
            w.key("retrieved").num(static_cast<uint64_t>(res.hits.size()));
            w.key("ctx_chars").num(static_cast<uint64_t>(ctx_chars));
            w.key("generation").num(res.info.generation);
            if (searched != r.query) w.key("searched").str(searched);  // the question weighted over its history
        });
        out.emit("sources", run, [&](rag::JsonWriter& w) {
            w.key("sources").begin_array();
            for (size_t i = 0; i < res.hits.size() && i < kSources; ++i) {
                const auto& h = res.hits[i];
                w.begin_object().key("doc").str(h.chunk.id).key("score").num(h.score);
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
            for (const auto& h : res.hits) {
                w.begin_object().key("doc").str(h.chunk.id).key("title").str(h.chunk.title);
                w.key("text").str(h.chunk.text).key("score").num(h.score).end_object();
            }
            w.end_array();
        });
    }

    const Options& opt_;
    std::optional<rag::index::IndexReader> reader_;
    bool warned_ = false;
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
int write_trec(const Options& opt, rag::Writer& out) {
    rag::index::IndexReader index = [&] {
        try {
            return rag::index::IndexReader::open(opt.index);
        } catch (const rag::store::StoreError& e) {
            throw rag::Fatal(rag::kExitNoInput, open_failure(opt.index, e));
        }
    }();
    rag::index::SearchOptions so{.k = opt.hits, .bm25 = opt.bm25, .exhaustive = opt.exhaustive, .fetch_text = false};
    for (const auto& [qid, text] : read_queries(opt.queries)) {
        auto res = index.search(text, so);
        std::vector<std::pair<std::string, double>> docs;
        std::map<std::string, bool> seen;
        for (const auto& h : res.hits)  // hits come best first, so a document's first chunk is its best
            if (seen.emplace(h.chunk.doc, true).second) docs.emplace_back(h.chunk.doc, h.score);
        for (size_t i = 0; i < docs.size(); ++i)
            out.append(fmt::format("{} Q0 {} {} {:.6f} {}\n", qid, docs[i].first, i + 1, docs[i].second, opt.tag));
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
    return tool.run(argc, argv, [&](rag::Writer& out) {
        if (!opt.evaluate.empty()) return evaluate(opt, out);
        if (opt.format == "trec") return write_trec(opt, out);
        Retriever retriever(opt);
        auto table = rag::EventTable::bind(retriever, {{"request", &Retriever::on_request}});
        table.skip_cached();
        return rag::run_filter(table, out);
    });
}
