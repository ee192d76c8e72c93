// SPDX-License-Identifier: MIT
// rag-sse as a service: process setup, listen modes, child reaping, and the drain on SIGTERM.
#include "lib/http/service.h"

#include <malloc.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <csignal>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lib/core/error.h"
#include "lib/core/fd.h"
#include "lib/http/chat.h"
#include "lib/http/log_sink.h"
#include "lib/http/sockets.h"

namespace rag::http {
namespace {

constexpr double kDrainPollMs = 20;
constexpr double kTrimEveryMs = 5000;
constexpr const char* kDefaultListen = "127.0.0.1:8000";

double ms(double seconds) { return seconds * 1000; }

// What a server of thousands of streams and killable pipelines needs of its process.
void prepare_process() {
    signal(SIGPIPE, SIG_IGN);  // EPIPE on a client socket cancels that run instead
    rlimit nofile{};
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;  // thousands of streams need thousands of fds
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);  // reap the stages of killed pipelines too
}

Fd signal_fd() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGCHLD, SIGHUP}) sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    return Fd(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
}

PipelineOptions pipeline_options(const ServiceOptions& o) {
    PipelineOptions p;
    p.command = o.pipeline;
    p.worker_runs = o.worker_runs;
    p.kill_after_ms = ms(o.run_timeout + o.grace + 5);
    p.spares = o.spares >= 0 ? o.spares : o.inetd ? 0 : 1;
    return p;
}

ServerOptions server_options(const ServiceOptions& o) {
    ServerOptions s;
    s.limits.max_body = o.max_body;
    s.header_timeout_ms = ms(o.header_timeout);
    s.keepalive_timeout_ms = ms(o.keepalive_timeout);
    s.guard = {o.allowed_hosts, o.cors_origin};
    if (!o.cors_origin.empty())
        s.common_headers = fmt::format("Access-Control-Allow-Origin: {}\r\nVary: Origin\r\n", o.cors_origin);
    return s;
}

ChatOptions chat_options(const ServiceOptions& o) {
    ChatOptions c;
    c.sse = {o.forward_all, ms(o.heartbeat), o.retry_ms};
    c.run_timeout_ms = ms(o.run_timeout);
    c.max_runs = o.max_runs;
    c.token = o.token;
    c.access_log = o.access_log;
    c.page_dir = o.page_dir;
    c.session_turns = o.session_turns;
    // One inetd connection: once it is gone the process ends, so nobody can come back.
    bool one_connection = o.inetd && !is_listening_socket(0);
    c.resume.window_ms = one_connection ? 0 : ms(o.resume_window);
    c.resume.run_bytes = o.resume_run_bytes;
    c.resume.total_bytes = o.resume_total_bytes;
    c.models = o.models;
    c.max_run_bytes = o.max_run_bytes;
    return c;
}

// One serving session: the loop and everything on it, from listen to drained.
class Serving {
public:
    explicit Serving(const ServiceOptions& o)
        : options_(o), runner_(o.workers > 0 ? make_worker_runner(loop_, pipeline_options(o), o.workers)
                                             : make_spawn_runner(loop_, pipeline_options(o))),
          server_(loop_, server_options(o), [this](const ExchangePtr& ex) { chat_.handle(ex); }),
          chat_(loop_, server_, *runner_, chat_options(o)), signals_(signal_fd()) {
        server_.on_finished([this](const Exchange& ex) { chat_.finished(ex); });
        loop_.add(signals_.get(), EPOLLIN, [this](uint32_t) { read_signals(); });
        trim_memory_later();
    }

    int run() {
        listen();
        loop_.run();
        server_.close_all();
        runner_->shutdown();
        return kExitOk;
    }

private:
    void listen() {
        if (options_.inetd && is_listening_socket(0)) return server_.listen_fd(0);  // inetd "wait" mode
        if (options_.inetd) {
            server_.serve_fds(0, 1, {});
            server_.on_empty([this] {
                if (!stopping_) begin_drain();
            });
            return;
        }
        std::vector<int> fds = systemd_listen_fds();
        for (int fd : fds) server_.listen_fd(fd);
        std::vector<std::string> addrs = options_.listen;
        if (fds.empty() && addrs.empty()) addrs.push_back(kDefaultListen);
        std::vector<std::string> bound;  // as bound: port 0 becomes the port the kernel chose
        for (const std::string& a : addrs) {
            int fd = listen_tcp(a);
            bound.push_back(local_address(fd));
            server_.listen_fd(fd);
        }
        rag::warnf("listening on {}{}", fds.empty() ? "" : fmt::format("{} systemd socket(s) ", fds.size()),
                   fmt::join(bound, ", "));
    }

    // A burst of streams leaves its buffers (64 KiB per pipe reader, connections, held runs) freed
    // in the middle of the heap, where glibc keeps them resident: RSS would only ever grow. Giving
    // the free pages back costs well under a millisecond every few seconds.
    void trim_memory_later() {
        loop_.after(kTrimEveryMs, [this] {
            malloc_trim(0);
            trim_memory_later();
        });
    }

    void read_signals() {
        signalfd_siginfo si;
        while (read(signals_.get(), &si, sizeof si) == sizeof si) {
            if (si.ssi_signo == SIGCHLD) reap();
            else if (si.ssi_signo != SIGHUP) shutdown();
        }
    }

    void reap() {
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) runner_->reaped(pid, status);
    }

    void shutdown() {
        if (stopping_) return loop_.stop();  // a second signal: at once
        server_.stop_accepting();
        begin_drain();
    }

    // No new runs: spares end now, runs get the grace period to finish.
    void begin_drain() {
        stopping_ = true;
        runner_->stop_spares();
        drain(now_ms() + ms(options_.grace));
    }

    // Ends the loop once no run is left, or when the grace period is over.
    void drain(double deadline) {
        bool past = now_ms() >= deadline;
        bool processes_done = runner_->processes() == 0 || options_.workers > 0 || past;
        if (chat_.active_runs() == 0 && processes_done) return loop_.stop();
        if (past) chat_.cancel_all("server shutting down");
        loop_.after(kDrainPollMs, [this, deadline] { drain(deadline); });
    }

    const ServiceOptions& options_;
    Loop loop_;
    LogSink log_{loop_};  // before anything that logs: no line of theirs may block the loop
    std::unique_ptr<Runner> runner_;
    Server server_;
    ChatService chat_;
    Fd signals_;
    bool stopping_ = false;
};

}  // namespace

int auto_workers(bool inetd) {
    if (inetd) return 0;  // one connection: a pipeline of its own
    return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

int Service::run() {
    if (options_.workers == kAutoWorkers) options_.workers = auto_workers(options_.inetd);
    prepare_process();
    Serving serving(options_);
    return serving.run();
}

}  // namespace rag::http
