// SPDX-License-Identifier: MIT
// One client connection: reads and parses requests one at a time, writes responses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/http/exchange.h"
#include "lib/http/guard.h"
#include "lib/http/request.h"

namespace rag::http {

class Server;

/// Owned by its Server. Requests are parsed one at a time (a pipelined one
/// waits for the response before it); the response leaves from an output
/// buffer flushed once per loop batch.
class Connection {
public:
    /// `owns_fds`: an accepted socket (closed on close); otherwise inetd's
    /// fds, which are shut down first so the peer sees the end.
    Connection(Server& server, uint64_t id, int in_fd, int out_fd, std::string peer, bool owns_fds);

    void start();
    /// Queues bytes; a client that lets too much pile up is dropped.
    void append(std::string_view bytes);
    /// Writes what is queued; watches for writability when the socket is full.
    void flush();
    /// The current exchange ended: keep the connection alive or close it.
    void exchange_ended();
    /// Closes now, aborting an exchange under way.
    void close();
    void close_when_flushed();

    bool idle() const { return !exchange_; }
    uint64_t id() const { return id_; }
    bool closes_after_response() const { return close_after_response_; }
    const std::string& common_headers() const;

private:
    void on_io(uint32_t events);
    void watch_output(bool on);
    void arm_timer(double ms);
    void timed_out();
    void read_input();
    void on_eof();
    void parse_buffered();
    void consume();
    void maybe_continue();
    void dispatch();
    void reject();
    void refuse(Refusal refusal);
    void linger();
    void drain_input();
    void start_exchange(Request req);
    void schedule_flush();
    template <typename F>
    void later(F method);

    Server& server_;
    uint64_t id_;
    int in_fd_, out_fd_;
    std::string peer_;
    bool owns_fds_;
    bool socket_;           // a socket's hang-up means the peer is gone; a pipe's is its end of input
    std::string local_ip_;  // the address the client reached, for the Host check; "" for pipes
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
    bool linger_ = false;  // close lingering: the client may still be sending a refused request
    bool lingering_ = false;
    size_t linger_left_ = 0;  // bytes still read and dropped before closing anyway
};

}  // namespace rag::http
