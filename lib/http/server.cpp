// SPDX-License-Identifier: MIT
// The HTTP/1.1 server of rag-sse: accepts connections and hands requests to one handler.
#include "lib/http/server.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "lib/core/error.h"
#include "lib/http/connection.h"
#include "lib/http/sockets.h"

namespace rag::http {

constexpr int kAcceptsPerWakeup = 64;
constexpr double kAcceptPauseMs = 100;

Server::Server(Loop& loop, ServerOptions options, Handler handler)
    : loop_(loop), options_(std::move(options)), handler_(std::move(handler)) {}

Server::~Server() {
    for (int fd : listeners_) {
        loop_.remove(fd);
        ::close(fd);
    }
}

void Server::listen_fd(int fd) {
    set_nonblocking(fd);
    listeners_.push_back(fd);
    watch_listener(fd);
}

void Server::watch_listener(int fd) {
    loop_.add(fd, EPOLLIN, [this, fd](uint32_t) { accept_ready(fd); });
}

void Server::accept_ready(int lfd) {
    for (int i = 0; i < kAcceptsPerWakeup && accepting_; ++i) {
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        int fd = accept4(lfd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of fds: the listener stays readable, so pause it instead of spinning.
                rag::warnf("accept failed: {} (pausing 100 ms)", strerror(errno));
                loop_.remove(lfd);
                loop_.after(kAcceptPauseMs, [this, lfd] {
                    if (accepting_) watch_listener(lfd);
                });
            }
            return;  // EAGAIN: wait for the next readiness
        }
        set_nodelay(fd);
        add_connection(fd, fd, peer_name(ss), true);
    }
}

void Server::serve_fds(int in_fd, int out_fd, std::string peer) {
    set_nonblocking(in_fd);
    if (out_fd != in_fd) set_nonblocking(out_fd);
    set_nodelay(out_fd);  // harmless on pipes
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

Connection* Server::find(uint64_t id) {
    auto it = conns_.find(id);
    return it == conns_.end() ? nullptr : it->second.get();
}

void Server::release(uint64_t id) {
    // The connection may be running one of its own methods: free it after the batch.
    loop_.defer([this, id] {
        conns_.erase(id);
        if (conns_.empty() && on_empty_) on_empty_();
    });
}

void Server::stop_accepting() {
    accepting_ = false;
    for (int fd : listeners_) {
        loop_.remove(fd);
        ::close(fd);
    }
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

}  // namespace rag::http
