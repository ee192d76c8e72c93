// SPDX-License-Identifier: MIT
// The route table: method and path to handler, with 404, 405 and OPTIONS answered for all.
#include "lib/http/routes.h"

#include <fmt/format.h>

#include "lib/http/openai_error.h"
#include "lib/http/reply.h"

namespace rag::http {
namespace {

constexpr std::string_view kPreflight =
    "Allow: GET, POST, DELETE, OPTIONS\r\n"
    "Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS\r\n"
    // The openai SDKs send x-stainless-* (their version and platform) on every request.
    "Access-Control-Allow-Headers: Content-Type, Authorization, Last-Event-ID, OpenAI-Organization, OpenAI-Project, "
    "X-Stainless-Arch, X-Stainless-Lang, X-Stainless-OS, X-Stainless-Package-Version, X-Stainless-Retry-Count, "
    "X-Stainless-Runtime, X-Stainless-Runtime-Version, X-Stainless-Timeout, X-Stainless-Helper-Method\r\n"
    "Access-Control-Max-Age: 600\r\n";

}  // namespace

Routes& Routes::on(std::string method, std::string path, Handler handler) {
    routes_.push_back({std::move(method), std::move(path), std::move(handler)});
    return *this;
}

Routes& Routes::on_prefix(std::string method, std::string prefix, Handler handler) {
    routes_.push_back({std::move(method), std::move(prefix), std::move(handler), true});
    return *this;
}

// "GET, HEAD" for a path with those routes, or "" for an unknown path.
std::string Routes::allowed(const std::string& path) const {
    std::string methods;
    for (const Route& r : routes_)
        if (r.matches(path)) methods += (methods.empty() ? "" : ", ") + r.method;
    return methods;
}

std::string Routes::endpoint(const std::string& path) const {
    for (const Route& r : routes_)
        if (r.matches(path)) return r.path;
    return "other";
}

void Routes::dispatch(const ExchangePtr& ex) const {
    const Request& req = ex->request();
    if (req.method == "OPTIONS") return ex->respond(204, {}, {}, kPreflight);
    for (const Route& r : routes_)
        if (r.method == req.method && r.matches(req.path)) return r.handler(ex);
    std::string methods = allowed(req.path);
    if (methods.empty()) return respond_error(ex, 404, "no such endpoint");
    respond_error(ex, 405, "method not allowed", fmt::format("Allow: {}, OPTIONS\r\n", methods));
}

}  // namespace rag::http
