// SPDX-License-Identifier: MIT
// The chat page served at GET /: its files, built in or read from --page-dir, with a strict CSP.
#include "lib/http/page.h"

#include <system_error>

#include "lib/core/error.h"
#include "lib/core/text_file.h"
#include "lib/http/page_files.h"
#include "lib/http/reply.h"

namespace rag::http {
namespace {

// Scripts and styles only from the page's own files: a document or an answer that smuggled markup into
// the page could still not run a script. connect-src 'self' is what the page's fetch calls need.
constexpr std::string_view kPageHeaders =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Cache-Control: no-cache\r\n";

std::string_view content_type(std::string_view name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    return "application/octet-stream";
}

const PageFile* builtin(std::string_view name) {
    for (const PageFile& f : builtin_page_files())
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace

void Page::add_routes(Routes& routes) const {
    for (const char* method : {"GET", "HEAD"}) {
        auto index = [this](const ExchangePtr& ex) { serve(ex, "index.html"); };
        routes.on(method, "/", index);
        for (const PageFile& f : builtin_page_files()) {
            std::string name(f.name);
            routes.on(method, "/" + name, [this, name](const ExchangePtr& ex) { serve(ex, name); });
        }
    }
}

void Page::serve(const ExchangePtr& ex, std::string_view name) const {
    const PageFile* file = builtin(name);
    if (!file) return ex->respond(404, "application/json", json_error("no such file"));
    if (dir_.empty()) return ex->respond(200, content_type(name), file->body, kPageHeaders);
    std::string body;
    try {
        body = read_file(dir_ + "/" + std::string(name), "page file");
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::no_such_file_or_directory)
            return ex->respond(200, content_type(name), file->body, kPageHeaders);
        warnf("{}", e.what());
        return ex->respond(500, "application/json", json_error("cannot read the page"));
    }
    ex->respond(200, content_type(name), body, kPageHeaders);
}

}  // namespace rag::http
