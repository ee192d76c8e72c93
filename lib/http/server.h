// SPDX-License-Identifier: MIT
// The HTTP/1.1 server of rag-sse: accepts connections and hands requests to one handler.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "lib/http/exchange.h"
#include "lib/http/guard.h"
#include "lib/http/loop.h"
#include "lib/http/request.h"

namespace rag::http {

class Connection;

struct ServerOptions {
    Limits limits;
    double header_timeout_ms = 10000;     ///< from first byte (or accept) to a whole request
    double keepalive_timeout_ms = 60000;  ///< idle time between requests
    size_t max_output = 4u << 20;         ///< unsent bytes before a slow client is dropped
    std::string common_headers;           ///< appended to every response (e.g. CORS)
    GuardOptions guard;                   ///< Host, Origin and content type, checked before any route
};

/// Accepts connections and parses requests; the handler answers them.
class Server {
public:
    using Handler = std::function<void(const ExchangePtr&)>;
    using Finished = std::function<void(const Exchange&)>;

    Server(Loop& loop, ServerOptions options, Handler handler);
    ~Server();

    /// Serves connections accepted on a listening socket (made non-blocking).
    void listen_fd(int fd);
    /// Serves one connection given as two fds (inetd: 0 and 1); they may be
    /// the same socket, or pipes.
    void serve_fds(int in_fd, int out_fd, std::string peer);
    /// Closes the listening sockets (SIGTERM), and idle connections.
    void stop_accepting();
    /// Closes every connection, aborting their exchanges.
    void close_all();

    /// Called once per exchange, when it ends or is aborted (access log).
    void on_finished(Finished f) { finished_ = std::move(f); }
    /// Called when the last connection closes (inetd mode exits then).
    void on_empty(std::function<void()> f) { on_empty_ = std::move(f); }

    size_t connections() const { return conns_.size(); }

private:
    friend class Connection;
    void watch_listener(int fd);
    void accept_ready(int fd);
    void add_connection(int in_fd, int out_fd, std::string peer, bool owns_fds);
    Connection* find(uint64_t id);
    void release(uint64_t id);

    Loop& loop_;
    ServerOptions options_;
    Handler handler_;
    Finished finished_;
    std::function<void()> on_empty_;
    std::vector<int> listeners_;
    uint64_t next_id_ = 1;
    std::unordered_map<uint64_t, std::unique_ptr<Connection>> conns_;
    bool accepting_ = true;
};

}  // namespace rag::http
