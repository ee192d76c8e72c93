// SPDX-License-Identifier: MIT
// rag-sse: serves the chat pipeline over HTTP as Server-Sent Events.
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/core/tool.h"
#include "lib/http/chat.h"
#include "lib/http/loop.h"
#include "lib/http/pipeline.h"
#include "lib/http/server.h"

namespace {

constexpr const char* kDefaultPipeline = "rag-cache get | rag-retrieve | rag-generate | rag-verify | rag-cache put";

struct Options {
    std::vector<std::string> listen;
    bool inetd = false;
    std::string pipeline = kDefaultPipeline;
    std::string pipeline_file;
    int workers = 0;
    int spares = -1;   // -1: 1, or 0 with --inetd (one connection: a spare would mostly go unused)
    bool forward_all = false;
    double heartbeat = 15, run_timeout = 120, header_timeout = 10, keepalive_timeout = 60, grace = 10;
    size_t max_body = 64 * 1024;
    size_t max_runs = 512;
    long retry_ms = 3000;
    std::string cors_origin, token_file;
    bool no_access_log = false;
};

// inetd and systemd may hand us odd fds: make sure 0, 1 and 2 exist (curl's main_checkfds).
void check_fds() {
    for (int fd = 0; fd <= 2; ++fd)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) _exit(rag::kExitIoErr);
}

std::string read_file(const std::string& path, const char* what) {
    std::ifstream f(path);
    if (!f) throw rag::Fatal(rag::kExitNoInput, fmt::format("cannot open {} '{}': {}", what, path, strerror(errno)));
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// A plan file holds the pipeline, possibly over several lines; '#' starts a comment.
std::string read_plan(const std::string& path) {
    std::istringstream in(read_file(path, "plan file"));
    std::string line, plan;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (!plan.empty()) plan += ' ';
        plan += line;
    }
    if (plan.empty()) throw rag::Fatal(rag::kExitConfig, fmt::format("plan file '{}' holds no pipeline", path));
    return plan;
}

std::string read_token(const std::string& path) {
    std::string token = read_file(path, "token file");
    while (!token.empty() && isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    if (token.empty()) throw rag::Fatal(rag::kExitConfig, fmt::format("token file '{}' is empty", path));
    return token;
}

int signal_fd() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGCHLD, SIGHUP}) sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int serve(const Options& opt) {
    signal(SIGPIPE, SIG_IGN);   // EPIPE on a client socket cancels that run instead
    rlimit nofile{};
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;   // thousands of streams need thousands of fds
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);   // reap the stages of killed pipelines too
    rag::http::Loop loop;
    rag::http::PipelineOptions popt;
    popt.command = opt.pipeline_file.empty() ? opt.pipeline : read_plan(opt.pipeline_file);
    popt.kill_after_ms = (opt.run_timeout + opt.grace + 5) * 1000;
    popt.spares = opt.spares >= 0 ? opt.spares : opt.inetd ? 0 : 1;
    auto runner = opt.workers > 0 ? rag::http::make_worker_runner(loop, popt, opt.workers)
                                  : rag::http::make_spawn_runner(loop, popt);

    rag::http::ServerOptions sopt;
    sopt.limits.max_body = opt.max_body;
    sopt.header_timeout_ms = opt.header_timeout * 1000;
    sopt.keepalive_timeout_ms = opt.keepalive_timeout * 1000;
    if (!opt.cors_origin.empty())
        sopt.common_headers = fmt::format("Access-Control-Allow-Origin: {}\r\nVary: Origin\r\n", opt.cors_origin);
    rag::http::ChatOptions copt;
    copt.forward_all = opt.forward_all;
    copt.heartbeat_ms = opt.heartbeat * 1000;
    copt.run_timeout_ms = opt.run_timeout * 1000;
    copt.max_runs = opt.max_runs;
    copt.retry_ms = opt.retry_ms;
    copt.access_log = !opt.no_access_log;
    if (!opt.token_file.empty()) copt.token = read_token(opt.token_file);

    std::unique_ptr<rag::http::ChatService> chat;
    rag::http::Server server(loop, sopt, [&](const rag::http::ExchangePtr& ex) { chat->handle(ex); });
    chat = std::make_unique<rag::http::ChatService>(loop, server, *runner, copt);
    server.on_finished([&](const rag::http::Exchange& ex) { chat->finished(ex); });

    bool stopping = false;
    // Ends the loop once no run is left, or when the grace period is over.
    std::function<void(double)> drain = [&](double deadline) {
        if (chat->active_runs() == 0 && (runner->processes() == 0 || opt.workers > 0 || rag::http::now_ms() >= deadline)) {
            loop.stop();
            return;
        }
        if (rag::http::now_ms() >= deadline) chat->cancel_all("server shutting down");
        loop.after(20, [&, deadline] { drain(deadline); });
    };
    // No new runs: spares end now, runs get --grace to finish.
    auto begin_drain = [&] {
        stopping = true;
        runner->stop_spares();
        drain(rag::http::now_ms() + opt.grace * 1000);
    };
    auto shutdown = [&] {
        if (stopping) { loop.stop(); return; }   // a second signal: at once
        server.stop_accepting();
        begin_drain();
    };

    int sfd = signal_fd();
    loop.add(sfd, EPOLLIN, [&](uint32_t) {
        signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) == sizeof si) {
            if (si.ssi_signo == SIGCHLD) {
                int status;
                pid_t pid;
                while ((pid = waitpid(-1, &status, WNOHANG)) > 0) runner->reaped(pid, status);
            } else if (si.ssi_signo != SIGHUP) {
                shutdown();
            }
        }
    });

    int listening = 0;
    socklen_t len = sizeof listening;
    if (opt.inetd && getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening) {
        server.listen_fd(0);   // inetd "wait" mode: stdin is the listening socket itself
    } else if (opt.inetd) {
        server.serve_fds(0, 1, {});
        server.on_empty([&] { if (!stopping) begin_drain(); });
    } else {
        std::vector<int> fds = rag::http::systemd_listen_fds();
        for (int fd : fds) server.listen_fd(fd);
        std::vector<std::string> addrs = opt.listen;
        if (fds.empty() && addrs.empty()) addrs.push_back("127.0.0.1:8000");
        for (const std::string& a : addrs) server.listen_fd(rag::http::listen_tcp(a));
        rag::warnf("listening on {}{}", fds.empty() ? "" : fmt::format("{} systemd socket(s) ", fds.size()),
                   fmt::join(addrs, ", "));
    }
    loop.run();
    server.close_all();
    runner->shutdown();
    return rag::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    check_fds();
    rag::Tool tool{"rag-sse", "serve the chat pipeline over HTTP as Server-Sent Events"};
    Options opt;
    auto& app = tool.app;
    app.add_option("-l,--listen", opt.listen, "listen on HOST:PORT or [V6]:PORT (repeatable; default 127.0.0.1:8000)")
        ->envname("RAG_SSE_LISTEN");
    app.add_flag("--inetd", opt.inetd, "serve one connection on stdin/stdout (inetd, systemd Accept=yes)");
    app.add_option("-p,--pipeline", opt.pipeline, "the pipeline to run per request (/bin/sh -c)")
        ->envname("RAG_SSE_PIPELINE")->capture_default_str();
    app.add_option("--plan", opt.pipeline_file, "read the pipeline from a plan file")->check(CLI::ExistingFile);
    app.add_option("-w,--workers", opt.workers, "long-lived pipelines fed many runs (0: one per request)")
        ->check(CLI::Range(0, 256))->capture_default_str();
    app.add_option("--spares", opt.spares, "one pipeline per request: how many to start ahead (default 1; 0 with --inetd)")
        ->check(CLI::Range(0, 64));
    app.add_flag("--forward-all", opt.forward_all, "relay internal events (request, context) too");
    app.add_option("--heartbeat", opt.heartbeat, "seconds of silence before a ': ping' comment")
        ->check(CLI::Range(0.01, 3600.0))->capture_default_str();
    app.add_option("--run-timeout", opt.run_timeout, "seconds a run may take")->check(CLI::Range(0.01, 86400.0))->capture_default_str();
    app.add_option("--header-timeout", opt.header_timeout, "seconds to receive a whole request")
        ->check(CLI::Range(0.01, 3600.0))->capture_default_str();
    app.add_option("--keepalive-timeout", opt.keepalive_timeout, "seconds an idle connection stays open")
        ->check(CLI::Range(0.01, 86400.0))->capture_default_str();
    app.add_option("--max-body", opt.max_body, "largest request body in bytes (413 above)")
        ->check(CLI::Range(size_t{1}, size_t{1} << 30))->capture_default_str();
    app.add_option("--max-runs", opt.max_runs, "runs at once (503 above)")->check(CLI::Range(size_t{1}, size_t{1} << 20))->capture_default_str();
    app.add_option("--grace", opt.grace, "seconds runs may finish after SIGTERM")->check(CLI::Range(0.0, 3600.0))->capture_default_str();
    app.add_option("--retry", opt.retry_ms, "the SSE retry: hint in milliseconds")->check(CLI::Range(0L, 3600000L))->capture_default_str();
    app.add_option("--cors-origin", opt.cors_origin, "allow this origin ('*' for any) with CORS headers");
    app.add_option("--token-file", opt.token_file, "require 'Authorization: Bearer TOKEN' with the token in this file")
        ->envname("RAG_SSE_TOKEN_FILE");
    app.add_flag("--no-access-log", opt.no_access_log, "do not log a line per request on stderr");
    return tool.run(argc, argv, [&](rag::Writer&) { return serve(opt); });
}
