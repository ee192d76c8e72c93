// SPDX-License-Identifier: MIT
// Server-Sent Events framing that no byte of a value can break.
#include "lib/http/sse.h"

#include <fmt/format.h>

namespace rag::http {
namespace {

void append_field(std::string& out, std::string_view name, std::string_view value, char line_break_to, bool nul_too) {
    out.append(name);
    out.append(": ");
    size_t start = out.size();
    out.append(value);
    for (size_t i = start; i < out.size(); ++i) {
        char c = out[i];
        if (c == '\r' || c == '\n' || (nul_too && c == '\0')) out[i] = line_break_to;
    }
    out.push_back('\n');
}

}  // namespace

void append_sse_frame(std::string& out, std::string_view type, std::string_view id, std::string_view data) {
    append_field(out, "event", type, '_', false);
    if (!id.empty()) append_field(out, "id", id, '_', true);
    append_field(out, "data", data, ' ', false);
    out.push_back('\n');
}

void append_sse_comment(std::string& out, std::string_view text) {
    append_field(out, "", text, ' ', false);  // ": TEXT\n": an empty field name is a comment
    out.push_back('\n');
}

void append_sse_retry(std::string& out, long retry_ms) {
    fmt::format_to(std::back_inserter(out), "retry: {}\n\n", retry_ms);
}

}  // namespace rag::http
