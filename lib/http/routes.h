// SPDX-License-Identifier: MIT
// The route table: method and path to handler, with 404, 405 and OPTIONS answered for all.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "lib/http/exchange.h"

namespace rag::http {

class Routes {
public:
    using Handler = std::function<void(const ExchangePtr&)>;

    /// `handler` answers `method` on `path` (an exact path, decoded).
    Routes& on(std::string method, std::string path, Handler handler);
    /// `handler` answers `method` on every path that starts with `prefix` and
    /// goes on past it (/api/sessions/ID); the handler reads the rest from
    /// the request's path. Exact routes given before it win.
    Routes& on_prefix(std::string method, std::string prefix, Handler handler);
    /// Calls the matching handler. OPTIONS on any path answers the CORS
    /// preflight; a known path with another method is a 405 naming the
    /// methods it has; an unknown path is a 404.
    void dispatch(const ExchangePtr& ex) const;
    /// The route `path` goes to (a prefix route's prefix), or "other": a
    /// metrics label no client can multiply.
    std::string endpoint(const std::string& path) const;

private:
    struct Route {
        std::string method, path;
        Handler handler;
        bool prefix = false;
        bool matches(const std::string& p) const {
            return prefix ? p.size() > path.size() && p.starts_with(path) : p == path;
        }
    };
    std::string allowed(const std::string& path) const;

    std::vector<Route> routes_;  // in the order given, which the Allow header keeps
};

}  // namespace rag::http
