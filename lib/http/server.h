// SPDX-License-Identifier: MIT
// The HTTP/1.1 connection layer of rag-sse: listeners, connections, exchanges.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lib/http/loop.h"
#include "lib/http/request.h"

namespace rag::http {

class Connection;

/// One request and its response. The handler receives it as a shared_ptr
/// and may answer at once (respond) or later, in pieces (begin_stream, send,
/// end). If the client goes away first, the abort callback runs once and
/// every later call is a no-op.
class Exchange {
public:
    Exchange(Connection* conn, Request req, std::string peer);

    const Request& request() const { return req_; }
    const std::string& peer() const { return peer_; }

    /// A whole response with Content-Length. `extra_headers` are complete
    /// "Name: value\r\n" lines.
    void respond(int status, std::string_view content_type, std::string_view body,
                 std::string_view extra_headers = {});
    /// Starts a streamed response (chunked on HTTP/1.1, close-delimited on 1.0).
    void begin_stream(int status, std::string_view content_type, std::string_view extra_headers = {});
    /// Queues bytes of a streamed response; they leave before the loop blocks.
    void send(std::string_view bytes);
    /// Ends a streamed response.
    void end();

    /// Runs once if the client disconnects (or the connection fails) before end().
    void on_abort(std::function<void()> f) { on_abort_ = std::move(f); }
    /// True until the response ended or the client went away.
    bool live() const { return conn_ != nullptr && !ended_; }

    // For the access log and metrics.
    int status = 0;
    size_t bytes_out = 0;
    double started_ms = 0;
    double first_token_ms = -1;   ///< set by the application
    std::string run_id;           ///< set by the application
    bool aborted = false;

private:
    friend class Connection;
    void detach();   // the connection closed

    Connection* conn_;
    Request req_;
    std::string peer_;
    bool streaming_ = false;
    bool chunked_ = false;
    bool ended_ = false;
    std::function<void()> on_abort_;
};

using ExchangePtr = std::shared_ptr<Exchange>;

struct ServerOptions {
    Limits limits;
    double header_timeout_ms = 10000;     ///< from first byte (or accept) to a whole request
    double keepalive_timeout_ms = 60000;  ///< idle time between requests
    size_t max_output = 4u << 20;         ///< unsent bytes before a slow client is dropped
    std::string common_headers;           ///< appended to every response (e.g. CORS)
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
    friend class Exchange;
    void accept_ready(int fd);
    void add_connection(int in_fd, int out_fd, std::string peer, bool owns_fds);
    void schedule_flush(Connection* c);
    void release(Connection* c);

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

/// Opens a listening TCP socket on "HOST:PORT", "[V6]:PORT" or ":PORT".
/// Throws rag::Fatal (kExitUnavailable) when it cannot.
int listen_tcp(std::string_view address, int backlog = 4096);

/// The listening sockets passed by systemd ($LISTEN_FDS for this pid), or
/// none. Unsets the variables so children do not see them.
std::vector<int> systemd_listen_fds();

/// The reason phrase of a status code ("Not Found").
std::string_view status_text(int status);

}  // namespace rag::http
