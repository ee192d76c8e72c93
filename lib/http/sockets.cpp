// SPDX-License-Identifier: MIT
// Sockets and listening: TCP listeners, systemd's LISTEN_FDS, inetd's stdin, peer names.
#include "lib/http/sockets.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <charconv>

#include <fmt/format.h>

#include "lib/core/error.h"

namespace rag::http {
namespace {

struct HostPort {
    std::string host, port;
};

HostPort split_address(std::string_view address) {
    if (!address.empty() && address.front() == '[') {
        size_t close = address.find(']');
        if (close == std::string_view::npos || close + 1 >= address.size() || address[close + 1] != ':')
            throw Fatal(kExitUsage, fmt::format("bad listen address '{}' (want [V6]:PORT)", address));
        return {std::string(address.substr(1, close - 1)), std::string(address.substr(close + 2))};
    }
    size_t colon = address.rfind(':');
    if (colon == std::string_view::npos)
        throw Fatal(kExitUsage, fmt::format("bad listen address '{}' (want HOST:PORT)", address));
    return {std::string(address.substr(0, colon)), std::string(address.substr(colon + 1))};
}

// getaddrinfo takes 99999 and 65536 modulo 2^16; a port is 0 (any free one) to 65535.
void check_port(std::string_view port, std::string_view address) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
        throw Fatal(kExitUsage, fmt::format("bad port '{}' in listen address '{}' (want 0 to 65535)", port, address));
}

// A bound, listening socket on `ai`, or -1 with `why` set.
int try_listen(const addrinfo& ai, int backlog, std::string& why) {
    int fd = socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
    if (fd < 0) {
        why = strerror(errno);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ai.ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, ai.ai_addr, ai.ai_addrlen) == 0 && ::listen(fd, backlog) == 0) return fd;
    why = strerror(errno);
    ::close(fd);
    return -1;
}

}  // namespace

int listen_tcp(std::string_view address, int backlog) {
    HostPort hp = split_address(address);
    check_port(hp.port, address);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    int rc = getaddrinfo(hp.host.empty() ? nullptr : hp.host.c_str(), hp.port.c_str(), &hints, &res);
    if (rc != 0) throw Fatal(kExitUnavailable, fmt::format("cannot resolve '{}': {}", address, gai_strerror(rc)));
    std::string why = "no address";
    int fd = -1;
    for (addrinfo* ai = res; ai && fd < 0; ai = ai->ai_next) fd = try_listen(*ai, backlog, why);
    freeaddrinfo(res);
    if (fd < 0) throw Fatal(kExitUnavailable, fmt::format("cannot listen on '{}': {}", address, why));
    return fd;
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

bool is_listening_socket(int fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening;
}

bool is_socket(int fd) {
    int type = 0;
    socklen_t len = sizeof type;
    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0;
}

void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

void set_nodelay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::string peer_name(const sockaddr_storage& ss) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, host, sizeof host);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, host, sizeof host);
    else return "local";
    return host;
}

std::string local_address(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "?";
    if (ss.ss_family == AF_INET)
        return fmt::format("{}:{}", peer_name(ss), ntohs(reinterpret_cast<sockaddr_in&>(ss).sin_port));
    if (ss.ss_family == AF_INET6)
        return fmt::format("[{}]:{}", peer_name(ss), ntohs(reinterpret_cast<sockaddr_in6&>(ss).sin6_port));
    return peer_name(ss);
}

std::string local_ip(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) return {};
    std::string ip = peer_name(ss);
    constexpr std::string_view kMapped = "::ffff:";  // an IPv4 client of a [::] listener
    if (ip.starts_with(kMapped) && ip.find('.') != std::string::npos) ip.erase(0, kMapped.size());
    return ip;
}

std::string peer_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "-";
    return peer_name(ss);
}

}  // namespace rag::http
