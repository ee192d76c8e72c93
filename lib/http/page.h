// SPDX-License-Identifier: MIT
// The chat page served at GET /: its files, built in or read from --page-dir, with a strict CSP.
#pragma once

#include <string>
#include <string_view>

#include "lib/http/exchange.h"
#include "lib/http/routes.h"

namespace rag::http {

/// The chat page: index.html, app.js and style.css (lib/http/page/).
class Page {
public:
    /// `dir` empty: the built-in files. Otherwise each file is read from
    /// `dir` on every request (edit and reload), and a file that `dir` lacks
    /// is served from the built-in page.
    explicit Page(std::string dir = {}) : dir_(std::move(dir)) {}

    /// GET and HEAD of /, /index.html and each file of the page. Only those
    /// names are ever read from the directory: no request path reaches it.
    void add_routes(Routes& routes) const;

    /// Answers with file `name` of the page, with its content type, a
    /// Content-Security-Policy that allows no inline script or style, and
    /// nosniff; 500 when the directory's file cannot be read.
    void serve(const ExchangePtr& ex, std::string_view name) const;

private:
    std::string dir_;
};

}  // namespace rag::http
