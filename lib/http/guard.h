// SPDX-License-Identifier: MIT
// Checks every request passes before any route sees it: Host (DNS rebinding), Origin and
// content type (cross-site requests a browser sends without asking).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/http/request.h"

namespace rag::http {

struct GuardOptions {
    std::vector<std::string> allowed_hosts;  ///< Host names served besides the listen address; "*": any
    std::string cors_origin;                 ///< an Origin allowed besides the server's own; "*": any
};

/// Why a request is refused, or status 0.
struct Refusal {
    int status = 0;
    std::string message;
};

/// `local_ip` is the address the client reached ("127.0.0.1", "::1"), or ""
/// when the connection is not over TCP (inetd pipes, Unix sockets): then no
/// Host can have been rebound and only Origin and content type are checked.
Refusal guard_request(const Request& req, std::string_view local_ip, const GuardOptions& options);

}  // namespace rag::http
