// SPDX-License-Identifier: MIT
// Response framing: the status table and the head of a response.
#include "lib/http/response.h"

#include <ctime>
#include <iterator>

#include <fmt/format.h>

namespace rag::http {
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

std::string response_head(const Request& req, int status, std::string_view content_type, const HeadFields& fields) {
    std::string head = fmt::format("HTTP/1.1 {} {}\r\n", status, status_text(status));
    if (!content_type.empty()) fmt::format_to(std::back_inserter(head), "Content-Type: {}\r\n", content_type);
    head += fields.framing;
    head += date_header();
    if (!fields.keep_alive) head += "Connection: close\r\n";
    else if (req.minor_version == 0) head += "Connection: keep-alive\r\n";
    head += fields.common;
    head += fields.extra;
    head += "\r\n";
    return head;
}

}  // namespace rag::http
