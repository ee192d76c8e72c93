// SPDX-License-Identifier: MIT
// JSON text output: string escaping and a small streaming object/array writer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rag {

/// Appends `s` to `out` as a quoted JSON string. Escapes `"`, `\` and every
/// control character (as \n, \t, ... or \u00XX); replaces each byte of
/// invalid UTF-8 with U+FFFD, so the result is always valid UTF-8 JSON.
void append_json_string(std::string& out, std::string_view s);

/// Returns `s` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

/// Length of the longest prefix of `s` that does not end inside a UTF-8
/// sequence (used to split streamed text without cutting a character).
size_t utf8_complete_prefix(std::string_view s);

/// Writes JSON into a caller-owned string, inserting commas itself.
/// Nesting depth is limited to 64. The caller pairs begin_/end_ calls.
///
///   JsonWriter w(out);
///   w.begin_object().key("t").str("hi").key("n").num(3).end_object();
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& str(std::string_view s);
    JsonWriter& num(int64_t n);
    JsonWriter& num(uint64_t n);
    JsonWriter& num(int n) { return num(int64_t{n}); }
    JsonWriter& num(double d);  ///< non-finite values are written as null
    JsonWriter& boolean(bool b);
    JsonWriter& null();
    /// Appends already-serialised JSON verbatim (e.g. a field copied from input).
    JsonWriter& raw(std::string_view json);

    std::string& out() { return out_; }

private:
    void separate();  // comma before a value or key, unless first in its container

    std::string& out_;
    uint64_t first_ = 1;  // bit d: the container at depth d has no element yet
    int depth_ = 0;
    bool after_key_ = false;
};

}  // namespace rag
