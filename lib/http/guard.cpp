// SPDX-License-Identifier: MIT
// Checks every request passes before any route sees it: Host (DNS rebinding), Origin and
// content type (cross-site requests a browser sends without asking).
#include "lib/http/guard.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace rag::http {
namespace {

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// The host of a Host value, without port or IPv6 brackets, lowercased.
std::string host_name(std::string_view authority) {
    if (authority.starts_with('[')) return lowercase(authority.substr(1, authority.find(']') - 1));
    return lowercase(authority.substr(0, authority.rfind(':')));
}

bool loopback(std::string_view ip) { return ip == "::1" || ip.starts_with("127.") || ip == "::ffff:127.0.0.1"; }

// A name rebound by DNS to our address still arrives with the attacker's name
// as Host: only our address itself, localhost on loopback, and names the
// operator chose are served. The port is not compared: it plays no part in rebinding.
bool host_allowed(std::string_view host, std::string_view local_ip, const GuardOptions& o) {
    if (local_ip.empty() || host == lowercase(local_ip)) return true;
    if (loopback(local_ip) && (host == "localhost" || host.ends_with(".localhost"))) return true;
    return std::any_of(o.allowed_hosts.begin(), o.allowed_hosts.end(),
                       [&](const std::string& a) { return a == "*" || lowercase(a) == host; });
}

// The authority of an Origin ("https://a.example:8443" -> "a.example:8443").
std::string_view origin_authority(std::string_view origin) {
    size_t sep = origin.find("://");
    return sep == std::string_view::npos ? std::string_view{} : origin.substr(sep + 3);
}

bool origin_allowed(std::string_view origin, std::string_view host, const GuardOptions& o) {
    if (origin.empty() || o.cors_origin == "*" || origin == o.cors_origin) return true;
    std::string_view authority = origin_authority(origin);
    return !authority.empty() && lowercase(authority) == lowercase(host);
}

// The body types a cross-site form or fetch may send without a CORS preflight (Fetch's
// CORS-safelisted request headers); no route of rag-sse takes them.
bool simple_body_type(std::string_view content_type) {
    std::string type = lowercase(content_type.substr(0, content_type.find(';')));
    type.erase(type.find_last_not_of(" \t") + 1);
    return type == "text/plain" || type == "application/x-www-form-urlencoded" || type == "multipart/form-data";
}

}  // namespace

Refusal guard_request(const Request& req, std::string_view local_ip, const GuardOptions& options) {
    std::string_view host = req.header("Host");
    if (!host.empty() && !host_allowed(host_name(host), local_ip, options))
        return {421, fmt::format("this server does not answer for Host '{}' (rag-sse --allowed-host {} to allow it)",
                                 host, host_name(host))};
    std::string_view origin = req.header("Origin");
    if (!origin_allowed(origin, host, options))
        return {403, fmt::format("cross-origin request from '{}' refused (rag-sse --cors-origin to allow one origin)",
                                 origin)};
    // A browser sends Origin with every POST; a body type it may send cross-site without a preflight
    // is refused from one. curl and scripts send no Origin, so `curl -d '{...}'` keeps working.
    if (!origin.empty() && simple_body_type(req.header("Content-Type")))
        return {415, "send the body as Content-Type: application/json"};
    return {};
}

}  // namespace rag::http
