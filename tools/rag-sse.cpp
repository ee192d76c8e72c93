// SPDX-License-Identifier: MIT
// rag-sse: serves the chat pipeline over HTTP as Server-Sent Events.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>

#include "lib/cache/session_reader.h"
#include "lib/core/text_file.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"
#include "lib/http/service.h"

namespace {

constexpr const char* kDefaultPipeline = "rag-cache get | rag-retrieve | rag-generate | rag-verify | rag-cache put";

// inetd and systemd may hand us odd fds: make sure 0, 1 and 2 exist (curl's main_checkfds).
void check_fds() {
    for (int fd = 0; fd <= 2; ++fd)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) _exit(rag::kExitIoErr);
}

std::string read_or_fail(const std::string& path, const char* what) {
    try {
        return rag::read_file(path, what);
    } catch (const std::system_error& e) {
        throw rag::Fatal(rag::kExitNoInput, e.what());
    }
}

// A plan file holds the pipeline, possibly over several lines; '#' starts a comment.
std::string read_plan(const std::string& path) {
    std::istringstream in(read_or_fail(path, "plan file"));
    std::string line, plan;
    while (std::getline(in, line)) {
        std::string_view code = rag::trim(std::string_view(line).substr(0, line.find('#')));
        if (code.empty()) continue;
        if (!plan.empty()) plan += ' ';
        plan += code;
    }
    if (plan.empty()) throw rag::Fatal(rag::kExitConfig, fmt::format("plan file '{}' holds no pipeline", path));
    return plan;
}

std::string read_token(const std::string& path) {
    std::string token(rag::trim(read_or_fail(path, "token file")));
    if (token.empty()) throw rag::Fatal(rag::kExitConfig, fmt::format("token file '{}' is empty", path));
    return token;
}

// --workers: "auto", or a count of worker pipelines.
std::optional<int> parse_workers(const std::string& value) {
    if (value == "auto") return rag::http::kAutoWorkers;
    int n = -1;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 0 || n > 256) return std::nullopt;
    return n;
}

// A value that goes into a response header must not end it early (header injection).
const CLI::Validator kOneLine(
    [](const std::string& value) {
        bool control = std::any_of(value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
        return control ? std::string("must not hold CR, LF or other control characters") : std::string();
    },
    "");

}  // namespace

int main(int argc, char** argv) {
    check_fds();
    rag::Tool tool{"rag-sse", "serve the chat pipeline over HTTP as Server-Sent Events"};
    rag::http::ServiceOptions opt;
    opt.pipeline = kDefaultPipeline;
    std::string workers = "auto";
    std::string plan_file, token_file, cache_dir = rag::default_cache_path();
    bool no_access_log = false;
    auto& app = tool.app;
    app.add_option("-l,--listen", opt.listen, "listen on HOST:PORT or [V6]:PORT (repeatable; default 127.0.0.1:8000)")
        ->envname("RAG_SSE_LISTEN");
    app.add_flag("--inetd", opt.inetd, "serve one connection on stdin/stdout (inetd, systemd Accept=yes)");
    app.add_option("-p,--pipeline", opt.pipeline, "the pipeline to run per request (/bin/sh -c)")
        ->envname("RAG_SSE_PIPELINE")
        ->capture_default_str();
    app.add_option("--plan", plan_file, "read the pipeline from a plan file")->check(CLI::ExistingFile);
    app.add_option("-w,--workers", workers,
                   "long-lived pipelines fed many runs: auto (one per core, at least 2; none with --inetd), "
                   "or a count (0: a pipeline per request)")
        ->check(CLI::Validator(
            [](std::string& v) { return parse_workers(v) ? std::string() : "auto or a count from 0 to 256"; },
            "auto|0-256"))
        ->capture_default_str();
    app.add_option("--worker-runs", opt.worker_runs,
                   "runs a worker serves before a fresh pipeline replaces it (0: no limit)")
        ->check(CLI::Range(0u, 100000000u))
        ->capture_default_str();
    app.add_option("--spares", opt.spares,
                   "one pipeline per request: how many to start ahead (default 1; 0 with --inetd)")
        ->check(CLI::Range(0, 64));
    app.add_flag("--forward-all", opt.forward_all, "relay internal events (request, context) too");
    app.add_option("--heartbeat", opt.heartbeat, "seconds of silence before a ': ping' comment")
        ->check(CLI::Range(0.01, 3600.0))
        ->capture_default_str();
    app.add_option("--run-timeout", opt.run_timeout, "seconds a run may take")
        ->check(CLI::Range(0.01, 86400.0))
        ->capture_default_str();
    app.add_option("--header-timeout", opt.header_timeout, "seconds to receive a whole request")
        ->check(CLI::Range(0.01, 3600.0))
        ->capture_default_str();
    app.add_option("--keepalive-timeout", opt.keepalive_timeout, "seconds an idle connection stays open")
        ->check(CLI::Range(0.01, 86400.0))
        ->capture_default_str();
    app.add_option("--max-body", opt.max_body, "largest request body in bytes (413 above)")
        ->check(CLI::Range(size_t{1}, size_t{1} << 30))
        ->capture_default_str();
    app.add_option("--max-run-bytes", opt.max_run_bytes,
                   "bytes of events one run may write; past them it gets an error and is cancelled (0: no cap)")
        ->check(CLI::Range(size_t{0}, size_t{1} << 40))
        ->capture_default_str();
    app.add_option("--max-runs", opt.max_runs, "runs at once (503 above)")
        ->check(CLI::Range(size_t{1}, size_t{1} << 20))
        ->capture_default_str();
    app.add_option("--grace", opt.grace, "seconds runs may finish after SIGTERM")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--retry", opt.retry_ms, "the SSE retry: hint in milliseconds")
        ->check(CLI::Range(0L, 3600000L))
        ->capture_default_str();
    app.add_option("--resume-window", opt.resume_window,
                   "seconds a stream whose client went away goes on and is kept for a Last-Event-ID resume "
                   "(0: cancel it at once)")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    app.add_option("--resume-run-bytes", opt.resume_run_bytes, "bytes of events kept per stream for resuming")
        ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
        ->capture_default_str();
    app.add_option("--resume-total-bytes", opt.resume_total_bytes,
                   "bytes of events kept over all streams (oldest detached runs dropped first)")
        ->check(CLI::Range(size_t{4096}, size_t{1} << 40))
        ->capture_default_str();
    app.add_option("--models", opt.models,
                   "models a request may name besides the default and extractive (comma-separated specs, "
                   "e.g. ollama:llama3); GET /v1/models lists them")
        ->delimiter(',')
        ->envname("RAG_SSE_MODELS");
    app.add_option("--cors-origin", opt.cors_origin, "allow this origin ('*' for any) with CORS headers")
        ->check(kOneLine);
    app.add_option("--allowed-host", opt.allowed_hosts,
                   "answer requests for this Host name too, besides the listen address (repeatable; '*': any)")
        ->check(kOneLine);
    app.add_option("--token-file", token_file, "require 'Authorization: Bearer TOKEN' with the token in this file")
        ->envname("RAG_SSE_TOKEN_FILE");
    app.add_flag("--no-access-log", no_access_log, "do not log a line per request on stderr");
    app.add_option("--page-dir", opt.page_dir, "serve the chat page's files from this directory (edit and reload)")
        ->check(CLI::ExistingDirectory);
    app.add_option("--cache", cache_dir, "cache directory whose sessions GET /api/sessions/ID reads (read-only)")
        ->envname("RAG_CACHE");
    return tool.run(argc, argv, [&](rag::Writer&) {
        if (!plan_file.empty()) opt.pipeline = read_plan(plan_file);
        if (!token_file.empty()) opt.token = read_token(token_file);
        opt.access_log = !no_access_log;
        opt.workers = *parse_workers(workers);
        auto sessions = std::make_shared<rag::cache::SessionReader>(cache_dir);
        opt.session_turns = [sessions](std::string_view id) { return sessions->turns_json(id); };
        return rag::http::Service(std::move(opt)).run();
    });
}
