// SPDX-License-Identifier: MIT
// Response framing: the status table and the head of a response.
#pragma once

#include <string>
#include <string_view>

#include "lib/http/request.h"

namespace rag::http {

/// The reason phrase of a status code ("Not Found").
std::string_view status_text(int status);

/// What goes into a response head besides status and content type.
struct HeadFields {
    bool keep_alive = true;
    std::string_view framing;  ///< "Content-Length: N\r\n", "Transfer-Encoding: chunked\r\n" or ""
    std::string_view common;   ///< lines on every response (CORS)
    std::string_view extra;    ///< lines of this response
};

/// The status line and headers, up to and including the blank line. Adds
/// Date, and Connection as the request's HTTP version needs it.
std::string response_head(const Request& req, int status, std::string_view content_type, const HeadFields& fields);

/// True for statuses that never carry a body (204, 304).
inline bool bodiless(int status) { return status == 204 || status == 304; }

}  // namespace rag::http
