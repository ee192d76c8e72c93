// SPDX-License-Identifier: MIT
// rag-generate: request + context -> token events and done, from an extractive, Ollama or OpenAI backend.
#include <cstdlib>
#include <system_error>

#include "lib/backends/chat.h"
#include "lib/backends/generator.h"
#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/lines.h"
#include "lib/core/model.h"
#include "lib/core/request.h"
#include "lib/core/text_file.h"
#include "lib/core/tool.h"

namespace {

constexpr std::string_view kDefaultOllamaUrl = "http://127.0.0.1:11434";
constexpr std::string_view kDefaultOpenAIUrl = "https://api.openai.com/v1";

struct Options {
    std::string backend, model, url, api_key_file, system_file;
    rag::GeneratorOptions gen;
    size_t max_line = rag::kDefaultMaxLine;
};

// A file named by a flag; a missing or unreadable one is a missing input (66).
std::string read_input_file(const std::string& path, std::string_view what) {
    try {
        return rag::read_file(path, what);
    } catch (const std::system_error& e) {
        throw rag::Fatal(rag::kExitNoInput, e.what());
    }
}

std::string env_or(const char* name, std::string_view fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string(fallback);
}

// The default model from --backend and --model (a NAME alone takes --backend's
// backend, else $RAG_MODEL's); what they leave open, resolve_model settles.
rag::ModelSpec default_model(const Options& opt) {
    std::string flags = opt.model;
    if (opt.model.find(':') == std::string::npos) {
        std::string backend = !opt.backend.empty() ? opt.backend
                              : opt.model.empty()  ? std::string()
                                                   : std::string(rag::backend_name(rag::resolve_model("").kind));
        flags = backend == "extractive" || opt.model.empty() ? backend : backend + ":" + opt.model;
    }
    rag::ModelSpec m = rag::resolve_model(flags);
    if (m.error.empty() && m.kind == rag::BackendKind::kExtractive && !opt.model.empty() && opt.model != "extractive")
        throw rag::Fatal(rag::kExitUsage, fmt::format("--model {0}: the extractive backend has no models "
                                                      "(use --backend ollama or --model ollama:{0})",
                                                      opt.model));
    if (!m.error.empty()) throw rag::Fatal(rag::kExitUsage, "bad default model: " + m.error);
    return m;
}

rag::GeneratorSetup make_setup(const Options& opt) {
    rag::GeneratorSetup s;
    s.default_model = default_model(opt);
    s.ollama_url = env_or("OLLAMA_HOST", kDefaultOllamaUrl);
    s.openai_url = env_or("OPENAI_BASE_URL", kDefaultOpenAIUrl);
    // --url names the default backend's server; with extractive as the default, any server.
    if (!opt.url.empty() && s.default_model.kind != rag::BackendKind::kOpenAI) s.ollama_url = opt.url;
    if (!opt.url.empty() && s.default_model.kind != rag::BackendKind::kOllama) s.openai_url = opt.url;
    s.api_key = env_or("OPENAI_API_KEY", "");
    if (!opt.api_key_file.empty()) {
        s.api_key = std::string(rag::trim(read_input_file(opt.api_key_file, "API key file")));
    }
    // OpenAI's own API refuses every request without a key; a local
    // OpenAI-compatible server (--url) may need none, so it gets no warning.
    if (s.api_key.empty() && s.default_model.kind == rag::BackendKind::kOpenAI &&
        s.openai_url.find("://api.openai.com") != std::string::npos)
        rag::warn("OPENAI_API_KEY is not set (nor --api-key-file): api.openai.com will refuse every request");
    s.system = opt.system_file.empty() ? std::string(rag::kDefaultSystemPrompt)
                                       : read_input_file(opt.system_file, "system prompt");
    return s;
}

// Input lines and backend streams are served as they come, by the core's filter loop.
int serve(const Options& opt, rag::Writer& out) {
    rag::Generator gen(opt.gen, make_setup(opt), out);
    rag::EventTable table = gen.events();
    return rag::run_filter(table, out, {.max_line = opt.max_line, .poller = &gen});
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-generate", "Answer each run from its context: stream token events, then done."};
    Options opt;
    auto& app = tool.app;
    app.add_option("-b,--backend", opt.backend, "default backend: extractive, ollama or openai")
        ->check(CLI::IsMember({"extractive", "ollama", "openai"}))
        ->envname("RAG_BACKEND");
    app.add_option("-m,--model", opt.model, "default model: NAME for --backend, or BACKEND:NAME (else $RAG_MODEL)");
    app.add_option("-u,--url", opt.url, "base URL of the default backend's server")->envname("RAG_BACKEND_URL");
    app.add_option("--api-key-file", opt.api_key_file, "read the OpenAI API key from FILE (else $OPENAI_API_KEY)");
    app.add_option("--system", opt.system_file, "replace the built-in system prompt by FILE's text");
    app.add_option("--history-turns", opt.gen.history_turns, "earlier turns put in the prompt")
        ->check(CLI::Range(0, 1000));
    app.add_option("--temperature", opt.gen.temperature, "sampling temperature sent to the model")
        ->check(CLI::Range(0.0, 2.0));
    app.add_option("--max-tokens", opt.gen.max_tokens, "longest answer, in model tokens")
        ->check(CLI::Range(1, 1 << 20));
    app.add_option("-p,--parallel", opt.gen.parallel, "backend requests streaming at once")->check(CLI::Range(1, 1024));
    app.add_option("--idle-timeout", opt.gen.idle_timeout, "give up on a backend silent for SECONDS")
        ->check(CLI::Range(0.001, 86400.0));
    app.add_option("--connect-timeout", opt.gen.connect_timeout, "give up connecting after SECONDS")
        ->check(CLI::Range(0.001, 3600.0));
    app.add_option("--pace", opt.gen.pace_ms, "extractive backend: wait MS between words (demos)")
        ->check(CLI::Range(0.0, 60000.0));
    app.add_option("--max-line", opt.max_line, "longest input line accepted, in bytes")->envname("RAG_MAX_LINE");
    return tool.run(argc, argv, [&](rag::Writer& out) { return serve(opt, out); });
}
