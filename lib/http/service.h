// SPDX-License-Identifier: MIT
// rag-sse as a service: process setup, listen modes, child reaping, and the drain on SIGTERM.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lib/http/sessions_api.h"

namespace rag::http {

/// --workers auto: one worker per core, at least 2; none with --inetd.
constexpr int kAutoWorkers = -1;
int auto_workers(bool inetd);

/// The service's settings, in the units of rag-sse's flags (seconds).
struct ServiceOptions {
    std::vector<std::string> listen;  ///< HOST:PORT; none and no LISTEN_FDS: 127.0.0.1:8000
    bool inetd = false;               ///< one connection on stdin/stdout (or stdin the listener)
    std::string pipeline;             ///< run as /bin/sh -c PIPELINE
    int workers = kAutoWorkers;       ///< long-lived pipelines; 0: one per request
    unsigned worker_runs = 10000;     ///< runs a worker serves before a fresh one replaces it (0: no limit)
    int spares = -1;                  ///< -1: 1, or 0 with inetd (a spare would mostly go unused)
    bool forward_all = false;
    double heartbeat = 15, run_timeout = 120, header_timeout = 10, keepalive_timeout = 60, grace = 10;
    size_t max_body = 64 * 1024;
    size_t max_runs = 512;
    long retry_ms = 3000;
    std::string cors_origin;
    std::vector<std::string> allowed_hosts;  ///< Host names served besides the listen address ("*": any)
    std::string token;                       ///< bearer token; empty: none
    bool access_log = true;
    std::string page_dir;                       ///< the chat page's files; empty: the built-in page
    SessionTurns session_turns;                 ///< GET /api/sessions/ID
    double resume_window = 30;                  ///< seconds a stream whose client left is kept (0: cancelled at once)
    size_t resume_run_bytes = size_t{1} << 20;  ///< one stream's event log
    size_t resume_total_bytes = size_t{64} << 20;  ///< every stream's event log together
    std::vector<std::string> models;               ///< models requests may name besides the default and extractive
    size_t max_run_bytes = size_t{16} << 20;       ///< a run's output past this fails it (0: no cap)
};

/// Serves until SIGTERM or SIGINT, then stops accepting, lets runs finish
/// for `grace` seconds and ends the rest (a second signal ends at once). In
/// inetd mode it also ends when its one connection closes.
class Service {
public:
    explicit Service(ServiceOptions options) : options_(std::move(options)) {}
    /// Returns the exit status. Throws rag::Fatal when it cannot listen.
    int run();

private:
    ServiceOptions options_;
};

}  // namespace rag::http
