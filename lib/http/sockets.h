// SPDX-License-Identifier: MIT
// Sockets and listening: TCP listeners, systemd's LISTEN_FDS, inetd's stdin, peer names.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>
#include <vector>

namespace rag::http {

/// Opens a listening TCP socket on "HOST:PORT", "[V6]:PORT" or ":PORT".
/// Throws rag::Fatal (kExitUsage for a malformed address or a port outside
/// 0 to 65535, kExitUnavailable
/// when it cannot listen).
int listen_tcp(std::string_view address, int backlog = 4096);

/// The listening sockets passed by systemd ($LISTEN_FDS for this pid), or
/// none. Unsets the variables so children do not see them.
std::vector<int> systemd_listen_fds();

/// True if `fd` is a socket in the listening state (inetd "wait" mode hands
/// over the listener itself).
bool is_listening_socket(int fd);

/// True if `fd` is a socket (not a pipe or a file).
bool is_socket(int fd);

void set_nonblocking(int fd);

/// Sets TCP_NODELAY: a small SSE frame otherwise waits on Nagle and delayed ACK.
void set_nodelay(int fd);

/// The numeric address of a peer ("local" for a Unix socket).
std::string peer_name(const sockaddr_storage& address);

/// The address a socket is bound to, "127.0.0.1:8000" or "[::1]:8000" (the
/// port the kernel chose for port 0).
std::string local_address(int fd);

/// The numeric IP a TCP connection reached ("127.0.0.1", "::1"; an IPv4-mapped
/// address as IPv4), or "" for a socket of another family or no socket.
std::string local_ip(int fd);

/// The numeric address of the peer of a connected socket, or "-".
std::string peer_of(int fd);

}  // namespace rag::http
