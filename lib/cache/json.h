// SPDX-License-Identifier: MIT
// Parsing JSON stored in the cache (records, sessions, sources).
#pragma once

#include <string_view>

#include <simdjson.h>

namespace rag::cache {

/// Parses `json` with this thread's parser. Stored values are not padded, so
/// simdjson copies them into its own buffer. The result is valid until the
/// next call on the same thread.
inline simdjson::simdjson_result<simdjson::dom::element> parse_stored(std::string_view json) {
    thread_local simdjson::dom::parser parser;
    return parser.parse(json.data(), json.size(), true);
}

}  // namespace rag::cache
