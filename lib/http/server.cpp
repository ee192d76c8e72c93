// SPDX-License-Identifier: MIT
// The HTTP/1.1 connection layer of rag-sse: listeners, connections, exchanges.
#include "lib/http/server.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include "lib/core/error.h"

namespace rag::http {
namespace {

constexpr size_t kReadChunk = 16 * 1024;

void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

bool is_socket(int fd) {
    int type = 0;
    socklen_t len = sizeof type;
    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0;
}

std::string peer_name(const sockaddr_storage& ss) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, host, sizeof host);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, host, sizeof host);
    else
        return "local";
    return host;
}

std::string peer_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "-";
    return peer_name(ss);
}

}  // namespace

std::string_view status_text(int status) {
    switch (status) {
        case 100: return "Continue";
        case 200: return "OK";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 413: return "Content Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Content";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 505: return "HTTP Version Not Supported";
        default: return "Unknown";
    }
}

// One client connection: reads and parses requests one at a time, runs the
// handler, writes the response from an output buffer flushed once per loop batch.
class Connection {
public:
    Connection(Server& server, uint64_t id, int in_fd, int out_fd, std::string peer, bool owns_fds)
        : server_(server), id_(id), in_fd_(in_fd), out_fd_(out_fd), peer_(std::move(peer)),
          owns_fds_(owns_fds), eof_aborts_(is_socket(in_fd)), parser_(server.options_.limits) {}

    void start() {
        Loop& loop = server_.loop_;
        loop.add(in_fd_, EPOLLIN | EPOLLRDHUP, [this](uint32_t ev) { on_io(ev); });
        if (out_fd_ != in_fd_) {
            try {
                loop.add(out_fd_, 0, [this](uint32_t ev) { on_io(ev); });
            } catch (const Fatal&) {
                out_blocking_ = true;   // a regular file: writes never wait, epoll refuses it
                fcntl(out_fd_, F_SETFL, fcntl(out_fd_, F_GETFL) & ~O_NONBLOCK);
            }
        }
        arm_timer(server_.options_.header_timeout_ms);
    }

    void on_io(uint32_t ev) {
        if (closed_) return;
        if (ev & EPOLLOUT) flush();
        if (closed_) return;
        if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_input(ev);
    }

    void append(std::string_view bytes) {
        out_.append(bytes);
        if (exchange_) exchange_->bytes_out += bytes.size();
        if (out_.size() - out_off_ > server_.options_.max_output) {
            rag::warnf("{}: dropping a client that does not read ({} bytes queued)", peer_, out_.size() - out_off_);
            close();
            return;
        }
        if (!flush_scheduled_) {
            flush_scheduled_ = true;
            server_.schedule_flush(this);
        }
    }

    // Writes what is queued; watches for writability when the socket is full.
    void flush() {
        flush_scheduled_ = false;
        while (out_off_ < out_.size()) {
            ssize_t n = ::write(out_fd_, out_.data() + out_off_, out_.size() - out_off_);
            if (n > 0) { out_off_ += static_cast<size_t>(n); continue; }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) { watch_output(true); return; }
            close();   // EPIPE, ECONNRESET: the client is gone
            return;
        }
        out_.clear();
        out_off_ = 0;
        watch_output(false);
        if (close_after_flush_) close();
    }

    void exchange_ended() {
        Exchange& ex = *exchange_;
        if (server_.finished_) server_.finished_(ex);
        bool keep = ex.request().keep_alive && !close_after_response_ && (!ex.streaming_ || ex.chunked_);
        exchange_.reset();
        if (!keep) return close_when_flushed();
        parser_.reset();
        arm_timer(server_.options_.keepalive_timeout_ms);
        keepalive_wait_ = true;
        // A pipelined request may already be buffered; handle it after this batch.
        uint64_t id = id_;
        Server& server = server_;
        server_.loop_.defer([&server, id] {
            auto it = server.conns_.find(id);
            if (it != server.conns_.end()) it->second->parse_buffered();
        });
    }

    void close() {
        if (closed_) return;
        closed_ = true;
        Loop& loop = server_.loop_;
        loop.cancel(timer_);
        loop.remove(in_fd_);
        if (out_fd_ != in_fd_ && !out_blocking_) loop.remove(out_fd_);
        if (owns_fds_) {
            ::close(in_fd_);
            if (out_fd_ != in_fd_) ::close(out_fd_);
        } else {
            // inetd: shut the socket so the peer sees the end, then close our fds.
            if (is_socket(out_fd_)) shutdown(out_fd_, SHUT_RDWR);
            ::close(in_fd_);
            if (out_fd_ != in_fd_) ::close(out_fd_);
        }
        if (exchange_) {
            ExchangePtr ex = std::move(exchange_);
            ex->aborted = !ex->ended_;
            ex->detach();
            if (server_.finished_) server_.finished_(*ex);
        }
        server_.release(this);
    }

    void parse_buffered() {
        if (closed_ || exchange_) return;
        if (in_off_ < in_.size()) consume();
        if (in_eof_ && !exchange_ && !closed_) close_when_flushed();   // input over, nothing pending
    }

    void close_when_flushed() {
        close_after_flush_ = true;
        if (!flush_scheduled_) { flush_scheduled_ = true; server_.schedule_flush(this); }
    }

    bool idle() const { return !exchange_; }
    uint64_t id() const { return id_; }

private:
    friend class Exchange;

    void watch_output(bool on) {
        if (on == watching_out_ || out_blocking_) return;
        watching_out_ = on;
        uint32_t out_ev = on ? uint32_t{EPOLLOUT} : 0u;
        uint32_t in_ev = in_eof_ ? 0u : uint32_t{EPOLLIN | EPOLLRDHUP};
        if (out_fd_ == in_fd_) server_.loop_.modify(in_fd_, in_ev | out_ev);
        else server_.loop_.modify(out_fd_, out_ev);
    }

    void arm_timer(double ms) {
        Loop& loop = server_.loop_;
        loop.cancel(timer_);
        uint64_t id = id_;
        Server& server = server_;
        timer_ = loop.after(ms, [&server, id] {
            auto it = server.conns_.find(id);
            if (it != server.conns_.end()) it->second->timed_out();
        });
    }

    void timed_out() {
        timer_ = 0;
        if (exchange_) return;   // a response is under way; its own clocks govern it
        close();                 // idle, or headers too slow (slowloris)
    }

    void read_input(uint32_t ev) {
        char buf[kReadChunk];
        for (;;) {
            if (in_.size() - in_off_ > 2 * (server_.options_.limits.max_header_bytes + server_.options_.limits.max_body)) {
                close();   // far more pipelined input than one request may hold
                return;
            }
            ssize_t n = ::read(in_fd_, buf, sizeof buf);
            if (n > 0) {
                if (in_off_ == in_.size()) { in_.clear(); in_off_ = 0; }
                in_.append(buf, static_cast<size_t>(n));
                if (static_cast<size_t>(n) < sizeof buf) break;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) break;
            if (n == 0 || errno == ECONNRESET || errno == EPIPE) { on_eof(); return; }
            close();
            return;
        }
        (void)ev;
        if (!exchange_) consume();
    }

    void on_eof() {
        in_eof_ = true;
        server_.loop_.modify(in_fd_, (out_fd_ == in_fd_ && watching_out_) ? uint32_t{EPOLLOUT} : 0u);
        // A socket whose peer closed is gone, response or not; a pipe's end of
        // input still lets the response (inetd) finish.
        if (exchange_ && eof_aborts_) { close(); return; }
        if (!exchange_) consume();
        if (!exchange_ && !closed_) close_when_flushed();
    }

    // Parses buffered input; hands a whole request to the handler.
    void consume() {
        while (!closed_ && !exchange_ && in_off_ < in_.size()) {
            bool was_started = parser_.started();
            size_t used = parser_.feed(std::string_view(in_).substr(in_off_));
            in_off_ += used;
            if (!was_started && parser_.started() && keepalive_wait_) {
                keepalive_wait_ = false;
                arm_timer(server_.options_.header_timeout_ms);
            }
            auto state = parser_.state();
            if (state == RequestParser::State::kError) { reject(); return; }
            if (state == RequestParser::State::kNeedMore) {
                maybe_continue();
                return;
            }
            dispatch();
        }
    }

    void maybe_continue() {
        if (!parser_.head_done() || sent_continue_) return;
        std::string_view expect = parser_.request().header("Expect");
        if (strcasecmp(std::string(expect).c_str(), "100-continue") != 0) return;
        sent_continue_ = true;
        append("HTTP/1.1 100 Continue\r\n\r\n");
    }

    void dispatch() {
        server_.loop_.cancel(timer_);
        timer_ = 0;
        sent_continue_ = false;
        if (in_off_ == in_.size()) { in_.clear(); in_off_ = 0; }
        exchange_ = std::make_shared<Exchange>(this, std::move(parser_.request()), peer_);
        exchange_->started_ms = now_ms();
        ExchangePtr ex = exchange_;
        server_.handler_(ex);
    }

    void reject() {
        int status = parser_.status();
        Request req;
        req.method = "-";
        req.target = "-";
        req.keep_alive = false;
        if (parser_.head_done()) {
            req.method = parser_.request().method;
            req.target = parser_.request().target;
        }
        close_after_response_ = true;
        exchange_ = std::make_shared<Exchange>(this, std::move(req), peer_);
        exchange_->started_ms = now_ms();
        std::string body = "{\"error\":\"" + parser_.error() + "\"}";
        exchange_->respond(status, "application/json", body);
    }

    Server& server_;
    uint64_t id_;
    int in_fd_, out_fd_;
    std::string peer_;
    bool owns_fds_;
    bool eof_aborts_;
    RequestParser parser_;
    std::string in_;
    size_t in_off_ = 0;
    std::string out_;
    size_t out_off_ = 0;
    ExchangePtr exchange_;
    uint64_t timer_ = 0;
    bool closed_ = false;
    bool in_eof_ = false;
    bool flush_scheduled_ = false;
    bool watching_out_ = false;
    bool out_blocking_ = false;
    bool close_after_flush_ = false;
    bool close_after_response_ = false;
    bool keepalive_wait_ = false;
    bool sent_continue_ = false;
};

// ---- Exchange ----

Exchange::Exchange(Connection* conn, Request req, std::string peer)
    : conn_(conn), req_(std::move(req)), peer_(std::move(peer)) {}

void Exchange::detach() {
    conn_ = nullptr;
    if (!ended_ && on_abort_) {
        auto f = std::move(on_abort_);
        on_abort_ = nullptr;
        f();
    }
}

namespace {
// "Date: ..." (RFC 9110 requires it of servers with a clock); formatted once a second.
const std::string& date_header() {
    static time_t cached_at = 0;
    static std::string line;
    time_t now = time(nullptr);
    if (now != cached_at) {
        cached_at = now;
        char buf[64];
        tm t;
        gmtime_r(&now, &t);
        strftime(buf, sizeof buf, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &t);
        line = buf;
    }
    return line;
}

std::string response_head(const Request& req, int status, std::string_view content_type, bool keep_alive,
                          std::string_view framing, std::string_view common, std::string_view extra) {
    std::string head = fmt::format("HTTP/1.1 {} {}\r\n", status, status_text(status));
    if (!content_type.empty()) fmt::format_to(std::back_inserter(head), "Content-Type: {}\r\n", content_type);
    head += framing;
    head += date_header();
    if (!keep_alive) head += "Connection: close\r\n";
    else if (req.minor_version == 0) head += "Connection: keep-alive\r\n";
    head += common;
    head += extra;
    head += "\r\n";
    return head;
}
}  // namespace

void Exchange::respond(int st, std::string_view content_type, std::string_view body, std::string_view extra) {
    if (!live() || streaming_) return;
    status = st;
    bool keep = req_.keep_alive && !conn_->close_after_response_;
    std::string framing = (st == 204 || st == 304) ? std::string{} : fmt::format("Content-Length: {}\r\n", body.size());
    std::string head = response_head(req_, st, content_type, keep, framing, conn_->server_.options_.common_headers, extra);
    conn_->append(head);
    if (!live()) return;
    if (req_.method != "HEAD" && st != 204 && st != 304) conn_->append(body);
    if (!live()) return;
    ended_ = true;
    conn_->exchange_ended();
}

void Exchange::begin_stream(int st, std::string_view content_type, std::string_view extra) {
    if (!live() || streaming_) return;
    status = st;
    streaming_ = true;
    chunked_ = req_.minor_version >= 1;
    bool keep = chunked_ && req_.keep_alive && !conn_->close_after_response_;
    std::string head = response_head(req_, st, content_type, keep,
                                     chunked_ ? "Transfer-Encoding: chunked\r\n" : "",
                                     conn_->server_.options_.common_headers, extra);
    conn_->append(head);
}

void Exchange::send(std::string_view bytes) {
    if (!live() || !streaming_ || bytes.empty()) return;
    if (chunked_) conn_->append(fmt::format("{:x}\r\n", bytes.size()));
    if (!live()) return;
    conn_->append(bytes);
    if (chunked_ && live()) conn_->append("\r\n");
}

void Exchange::end() {
    if (!live() || !streaming_) return;
    if (chunked_) conn_->append("0\r\n\r\n");
    if (!live()) return;
    ended_ = true;
    conn_->exchange_ended();
}

// ---- Server ----

Server::Server(Loop& loop, ServerOptions options, Handler handler)
    : loop_(loop), options_(std::move(options)), handler_(std::move(handler)) {}

Server::~Server() {
    for (int fd : listeners_) { loop_.remove(fd); ::close(fd); }
}

void Server::listen_fd(int fd) {
    set_nonblocking(fd);
    listeners_.push_back(fd);
    loop_.add(fd, EPOLLIN, [this, fd](uint32_t) { accept_ready(fd); });
}

void Server::accept_ready(int lfd) {
    for (int i = 0; i < 64 && accepting_; ++i) {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        int fd = accept4(lfd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of fds: the listener stays readable, so pause it instead of spinning.
                rag::warnf("accept failed: {} (pausing 100 ms)", strerror(errno));
                loop_.remove(lfd);
                loop_.after(100, [this, lfd] {
                    if (accepting_) loop_.add(lfd, EPOLLIN, [this, lfd](uint32_t) { accept_ready(lfd); });
                });
            }
            return;   // EAGAIN: wait for the next readiness
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        add_connection(fd, fd, peer_name(ss), true);
    }
}

void Server::serve_fds(int in_fd, int out_fd, std::string peer) {
    set_nonblocking(in_fd);
    if (out_fd != in_fd) set_nonblocking(out_fd);
    int one = 1;
    setsockopt(out_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   // harmless on pipes
    if (peer.empty()) peer = peer_of(in_fd);
    add_connection(in_fd, out_fd, std::move(peer), false);
}

void Server::add_connection(int in_fd, int out_fd, std::string peer, bool owns_fds) {
    uint64_t id = next_id_++;
    auto conn = std::make_unique<Connection>(*this, id, in_fd, out_fd, std::move(peer), owns_fds);
    Connection* c = conn.get();
    conns_.emplace(id, std::move(conn));
    c->start();
}

void Server::schedule_flush(Connection* c) {
    uint64_t id = c->id();
    loop_.defer([this, id] {
        auto it = conns_.find(id);
        if (it != conns_.end()) it->second->flush();
    });
}

void Server::release(Connection* c) {
    uint64_t id = c->id();
    // The connection may be running one of its own methods: free it after the batch.
    loop_.defer([this, id] {
        conns_.erase(id);
        if (conns_.empty() && on_empty_) on_empty_();
    });
}

void Server::stop_accepting() {
    accepting_ = false;
    for (int fd : listeners_) { loop_.remove(fd); ::close(fd); }
    listeners_.clear();
    std::vector<Connection*> idle;
    for (auto& [id, c] : conns_)
        if (c->idle()) idle.push_back(c.get());
    for (Connection* c : idle) c->close();
}

void Server::close_all() {
    std::vector<Connection*> all;
    for (auto& [id, c] : conns_) all.push_back(c.get());
    for (Connection* c : all) c->close();
}

// ---- sockets ----

int listen_tcp(std::string_view address, int backlog) {
    std::string host, port;
    if (!address.empty() && address.front() == '[') {
        size_t close = address.find(']');
        if (close == std::string_view::npos || close + 1 >= address.size() || address[close + 1] != ':')
            throw Fatal(kExitUsage, fmt::format("bad listen address '{}' (want [V6]:PORT)", address));
        host = address.substr(1, close - 1);
        port = address.substr(close + 2);
    } else {
        size_t colon = address.rfind(':');
        if (colon == std::string_view::npos)
            throw Fatal(kExitUsage, fmt::format("bad listen address '{}' (want HOST:PORT)", address));
        host = address.substr(0, colon);
        port = address.substr(colon + 1);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &res);
    if (rc != 0) throw Fatal(kExitUnavailable, fmt::format("cannot resolve '{}': {}", address, gai_strerror(rc)));
    std::string why = "no address";
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) { why = strerror(errno); continue; }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ai->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, backlog) == 0) {
            freeaddrinfo(res);
            return fd;
        }
        why = strerror(errno);
        ::close(fd);
    }
    freeaddrinfo(res);
    throw Fatal(kExitUnavailable, fmt::format("cannot listen on '{}': {}", address, why));
}

std::vector<int> systemd_listen_fds() {
    std::vector<int> fds;
    const char* pid = std::getenv("LISTEN_PID");
    const char* n = std::getenv("LISTEN_FDS");
    if (!pid || !n || std::atol(pid) != static_cast<long>(getpid())) return fds;
    int count = std::atoi(n);
    for (int i = 0; i < count; ++i) {
        fcntl(3 + i, F_SETFD, FD_CLOEXEC);
        fds.push_back(3 + i);
    }
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    return fds;
}

}  // namespace rag::http
