// SPDX-License-Identifier: MIT
// Server-Sent Events framing that no byte of a value can break.
#pragma once

#include <string>
#include <string_view>

namespace rag::http {

/// Appends one frame: "event: TYPE\nid: ID\ndata: DATA\n\n" (the id line is
/// left out when `id` is empty). No value can end a line early: CR and LF in
/// `type` and `id` (and NUL in `id`, which browsers reject) become '_'; CR and
/// LF in `data` become spaces, which keeps JSON valid because JSON strings
/// cannot hold them raw (they are whitespace between tokens).
void append_sse_frame(std::string& out, std::string_view type, std::string_view id, std::string_view data);

/// Appends a comment frame ": TEXT\n\n" (heartbeats), sanitised the same way.
void append_sse_comment(std::string& out, std::string_view text);

/// Appends "retry: MS\n\n", the reconnection delay hint for EventSource.
void append_sse_retry(std::string& out, long retry_ms);

}  // namespace rag::http
