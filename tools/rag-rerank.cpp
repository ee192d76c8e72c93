// SPDX-License-Identifier: MIT
// rag-rerank: context -> context and sources in the order a rerank server gives, cut to top_k.
#include <cstdlib>
#include <system_error>

#include "lib/core/filter.h"
#include "lib/core/lines.h"
#include "lib/core/request.h"
#include "lib/core/text_file.h"
#include "lib/core/tool.h"
#include "lib/rerank/stage.h"

namespace {

constexpr std::string_view kDefaultUrl = "http://127.0.0.1:8080";

struct Options {
    std::string url{kDefaultUrl};
    std::string api = "jina";
    std::string api_key_file;
    rag::rerank::StageOptions stage;
    size_t max_line = rag::kDefaultMaxLine;
};

// The key from --api-key-file, else $RAG_RERANK_API_KEY; it goes only into the
// Authorization header (the client blanks it out of every message).
std::string api_key(const Options& opt) {
    if (opt.api_key_file.empty()) {
        const char* v = std::getenv("RAG_RERANK_API_KEY");
        return v ? std::string(v) : std::string();
    }
    try {
        return std::string(rag::trim(rag::read_file(opt.api_key_file, "API key file")));
    } catch (const std::system_error& e) {
        throw rag::Fatal(rag::kExitNoInput, e.what());
    }
}

int serve(Options& opt, rag::Writer& out) {
    rag::rerank::ClientOptions& c = opt.stage.client;
    rag::rerank::parse_api_shape(opt.api, c.api);  // checked by the flag
    c.endpoint = rag::rerank::rerank_endpoint(c.api, opt.url);
    c.api_key = api_key(opt);
    rag::rerank::Stage stage(opt.stage, out);
    rag::EventTable table = stage.events();
    return rag::run_filter(table, out, {.max_line = opt.max_line, .poller = &stage});
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-rerank",
                   "Rerank each run's context through a rerank server: context and sources in the new order, "
                   "cut to top_k; everything else passes through."};
    Options opt;
    rag::rerank::ClientOptions& c = opt.stage.client;
    auto& app = tool.app;
    app.add_option("-u,--url", opt.url, "base URL of the rerank server")->envname("RAG_RERANK_URL");
    app.add_option("-m,--model", c.model, "model name sent to the server (jina shape)")->envname("RAG_RERANK_MODEL");
    app.add_option("--api", opt.api, "request shape: jina (/v1/rerank: Jina, Cohere, llama.cpp) or tei (/rerank)")
        ->check(CLI::IsMember({"jina", "tei"}))
        ->envname("RAG_RERANK_API");
    app.add_option("-k,--top-k", opt.stage.top_k, "passages kept per run (default: the request's top_k)")
        ->check(CLI::Range(1, rag::kMaxTopK));
    app.add_option("--batch", c.batch, "passages per rerank request")->check(CLI::Range(size_t{1}, size_t{10000}));
    app.add_option("-p,--parallel", c.parallel, "rerank requests in flight at once")->check(CLI::Range(1, 1024));
    app.add_option("--timeout", c.timeout, "give up on a run's rerank after SECONDS (its retrieval order passes)")
        ->check(CLI::Range(0.001, 3600.0));
    app.add_option("--retries", c.retries, "further tries of a request met by 429, 5xx or no connection")
        ->check(CLI::Range(0, 20));
    app.add_option("--api-key-file", opt.api_key_file, "read the API key from FILE (else $RAG_RERANK_API_KEY)");
    app.add_option("--max-line", opt.max_line, "longest input line accepted, in bytes")->envname("RAG_MAX_LINE");
    return tool.run(argc, argv, [&](rag::Writer& out) { return serve(opt, out); });
}
