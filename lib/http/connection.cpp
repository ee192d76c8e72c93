// SPDX-License-Identifier: MIT
// One client connection: reads and parses requests one at a time, writes responses.
#include "lib/http/connection.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/http/openai_error.h"
#include "lib/http/reply.h"
#include "lib/http/server.h"
#include "lib/http/sockets.h"

namespace rag::http {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Lingering close (nginx's lingering_time and a byte bound): how long and how much
// of a refused request's input is read and dropped so the client sees the answer.
constexpr double kLingerMs = 2000;
constexpr size_t kLingerBytes = size_t{4} << 20;

}  // namespace

Connection::Connection(Server& server, uint64_t id, int in_fd, int out_fd, std::string peer, bool owns_fds)
    : server_(server), id_(id), in_fd_(in_fd), out_fd_(out_fd), peer_(std::move(peer)), owns_fds_(owns_fds),
      socket_(is_socket(in_fd)), local_ip_(local_ip(in_fd)), parser_(server.options_.limits) {}

const std::string& Connection::common_headers() const { return server_.options_.common_headers; }

// Calls `method` on this connection after the current batch, if it still exists then.
template <typename F>
void Connection::later(F method) {
    uint64_t id = id_;
    Server& server = server_;
    server_.loop_.defer([&server, id, method] {
        if (Connection* c = server.find(id)) (c->*method)();
    });
}

void Connection::start() {
    Loop& loop = server_.loop_;
    loop.add(in_fd_, EPOLLIN | EPOLLRDHUP, [this](uint32_t ev) { on_io(ev); });
    if (out_fd_ != in_fd_) {
        try {
            loop.add(out_fd_, 0, [this](uint32_t ev) { on_io(ev); });
        } catch (const Fatal&) {
            out_blocking_ = true;  // a regular file: writes never wait, epoll refuses it
            fcntl(out_fd_, F_SETFL, fcntl(out_fd_, F_GETFL) & ~O_NONBLOCK);
        }
    }
    arm_timer(server_.options_.header_timeout_ms);
}

void Connection::on_io(uint32_t ev) {
    if (closed_) return;
    if (ev & EPOLLOUT) flush();
    if (closed_) return;
    // A socket hung up or failed: nothing more can reach the peer (a half-close is only EPOLLRDHUP).
    if ((ev & EPOLLERR) || ((ev & EPOLLHUP) && socket_)) return close();
    if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_input();
}

void Connection::append(std::string_view bytes) {
    out_.append(bytes);
    if (exchange_) exchange_->bytes_out += bytes.size();
    if (out_.size() - out_off_ > server_.options_.max_output) {
        rag::warnf("{}: dropping a client that does not read ({} bytes queued)", peer_, out_.size() - out_off_);
        close();
        return;
    }
    schedule_flush();
}

void Connection::schedule_flush() {
    if (flush_scheduled_) return;
    flush_scheduled_ = true;
    later(&Connection::flush);
}

void Connection::flush() {
    flush_scheduled_ = false;
    while (out_off_ < out_.size()) {
        ssize_t n = ::write(out_fd_, out_.data() + out_off_, out_.size() - out_off_);
        if (n > 0) {
            out_off_ += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) {
            watch_output(true);
            return;
        }
        close();  // EPIPE, ECONNRESET: the client is gone
        return;
    }
    out_.clear();
    out_off_ = 0;
    watch_output(false);
    if (close_after_flush_) linger_ ? linger() : close();
}

void Connection::exchange_ended() {
    Exchange& ex = *exchange_;
    if (server_.finished_) server_.finished_(ex);
    bool keep = ex.request().keep_alive && !close_after_response_ && ex.reusable_after_stream();
    exchange_.reset();
    if (!keep) return close_when_flushed();
    parser_.reset();
    arm_timer(server_.options_.keepalive_timeout_ms);
    keepalive_wait_ = true;
    later(&Connection::parse_buffered);  // a pipelined request may already be buffered
}

void Connection::close() {
    if (closed_) return;
    closed_ = true;
    Loop& loop = server_.loop_;
    loop.cancel(timer_);
    loop.remove(in_fd_);
    if (out_fd_ != in_fd_ && !out_blocking_) loop.remove(out_fd_);
    // inetd: shut the socket so the peer sees the end, then close our fds.
    if (!owns_fds_ && is_socket(out_fd_)) shutdown(out_fd_, SHUT_RDWR);
    ::close(in_fd_);
    if (out_fd_ != in_fd_) ::close(out_fd_);
    if (exchange_) {
        ExchangePtr ex = std::move(exchange_);
        ex->aborted = !ex->ended_;
        ex->detach();
        if (server_.finished_) server_.finished_(*ex);
    }
    server_.release(id_);
}

void Connection::parse_buffered() {
    if (closed_ || exchange_) return;
    if (in_off_ < in_.size()) consume();
    if (in_eof_ && !exchange_ && !closed_) close_when_flushed();  // input over, nothing pending
}

void Connection::close_when_flushed() {
    close_after_flush_ = true;
    schedule_flush();
}

void Connection::watch_output(bool on) {
    if (on == watching_out_ || out_blocking_) return;
    watching_out_ = on;
    uint32_t out_ev = on ? uint32_t{EPOLLOUT} : 0u;
    uint32_t in_ev = in_eof_ ? 0u : uint32_t{EPOLLIN | EPOLLRDHUP};
    if (out_fd_ == in_fd_) server_.loop_.modify(in_fd_, in_ev | out_ev);
    else server_.loop_.modify(out_fd_, out_ev);
}

void Connection::arm_timer(double ms) {
    Loop& loop = server_.loop_;
    loop.cancel(timer_);
    uint64_t id = id_;
    Server& server = server_;
    timer_ = loop.after(ms, [&server, id] {
        if (Connection* c = server.find(id)) c->timed_out();
    });
}

void Connection::timed_out() {
    timer_ = 0;
    if (exchange_) return;  // a response is under way; its own clocks govern it
    close();                // idle, or headers too slow (slowloris)
}

// nginx's lingering close: closing with unread input makes the kernel send a
// reset, which can destroy the response before the client reads it. So stop
// writing, read and drop input for a bounded time and size, then close.
void Connection::linger() {
    if (lingering_) return;
    if (!socket_ || in_eof_) return close();
    lingering_ = true;
    shutdown(out_fd_, SHUT_WR);
    arm_timer(kLingerMs);
    drain_input();
}

// Input after a refused request is dropped as it comes, before and while lingering.
void Connection::drain_input() {
    char buf[kReadChunk];
    for (;;) {
        ssize_t n = ::read(in_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        if (n < 0 || static_cast<size_t>(n) >= linger_left_) return close();
        if (n == 0) {
            if (lingering_) return close();
            in_eof_ = true;  // the answer is still to be flushed; then it closes
            server_.loop_.modify(in_fd_, (out_fd_ == in_fd_ && watching_out_) ? uint32_t{EPOLLOUT} : 0u);
            return;
        }
        linger_left_ -= static_cast<size_t>(n);
    }
}

// Parses as input arrives, so that a refused request's body is dropped, not buffered.
void Connection::read_input() {
    const Limits& limits = server_.options_.limits;
    char buf[kReadChunk];
    for (;;) {
        if (linger_) return drain_input();
        if (in_.size() - in_off_ > 2 * (limits.max_header_bytes + limits.max_body)) {
            close();  // far more pipelined input than one request may hold
            return;
        }
        ssize_t n = ::read(in_fd_, buf, sizeof buf);
        if (n > 0) {
            if (in_off_ == in_.size()) {
                in_.clear();
                in_off_ = 0;
            }
            in_.append(buf, static_cast<size_t>(n));
            if (!exchange_) consume();
            if (closed_) return;
            if (static_cast<size_t>(n) < sizeof buf) break;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n == 0) {
            on_eof();
            return;
        }
        close();  // ECONNRESET: the client is gone
        return;
    }
}

void Connection::on_eof() {
    in_eof_ = true;
    server_.loop_.modify(in_fd_, (out_fd_ == in_fd_ && watching_out_) ? uint32_t{EPOLLOUT} : 0u);
    // A half-close after the request (nc -N, some proxies) still gets its
    // response; a client that closed entirely shows up as a failed write.
    if (exchange_) return exchange_->input_ended();
    consume();
    if (!exchange_ && !closed_) close_when_flushed();
}

// Parses buffered input; hands a whole request to the handler.
void Connection::consume() {
    while (!closed_ && !exchange_ && in_off_ < in_.size()) {
        bool was_started = parser_.started();
        in_off_ += parser_.feed(std::string_view(in_).substr(in_off_));
        if (!was_started && parser_.started() && keepalive_wait_) {
            keepalive_wait_ = false;
            arm_timer(server_.options_.header_timeout_ms);
        }
        auto state = parser_.state();
        if (state == RequestParser::State::kError) return reject();
        if (state == RequestParser::State::kNeedMore) return maybe_continue();
        dispatch();
    }
}

void Connection::maybe_continue() {
    if (!parser_.head_done() || sent_continue_) return;
    std::string expect(parser_.request().header("Expect"));
    if (strcasecmp(expect.c_str(), "100-continue") != 0) return;
    sent_continue_ = true;
    append("HTTP/1.1 100 Continue\r\n\r\n");
}

void Connection::start_exchange(Request req) {
    exchange_ = std::make_shared<Exchange>(this, std::move(req), peer_);
    exchange_->started_ms = now_ms();
}

void Connection::dispatch() {
    server_.loop_.cancel(timer_);
    timer_ = 0;
    sent_continue_ = false;
    if (in_off_ == in_.size()) {
        in_.clear();
        in_off_ = 0;
    }
    start_exchange(std::move(parser_.request()));
    Refusal refusal = guard_request(exchange_->request(), local_ip_, server_.options_.guard);
    if (refusal.status) return refuse(std::move(refusal));
    ExchangePtr ex = exchange_;
    server_.handler_(ex);
}

void Connection::refuse(Refusal refusal) {
    exchange_->add_note(fmt::format("refused: {}", refusal.message));
    respond_error(exchange_, refusal.status, refusal.message);
}

void Connection::reject() {
    Request req;
    req.method = parser_.head_done() ? parser_.request().method : "-";
    req.target = parser_.head_done() ? parser_.request().target : "-";
    req.keep_alive = false;
    close_after_response_ = true;
    linger_ = true;
    linger_left_ = kLingerBytes;
    start_exchange(std::move(req));
    respond_error(exchange_, parser_.status(), parser_.error());
}

}  // namespace rag::http
