// SPDX-License-Identifier: MIT
// The chat page's files as compiled into rag-sse (generated from lib/http/page/ at build time).
#pragma once

#include <span>
#include <string_view>

namespace rag::http {

struct PageFile {
    std::string_view name;  ///< "index.html", "app.js", "style.css"
    std::string_view body;
};

/// Every file of lib/http/page/ that the page is made of, as it was at build time
/// (the definition is written by lib/http/page/embed.sh into the build folder).
std::span<const PageFile> builtin_page_files();

}  // namespace rag::http
