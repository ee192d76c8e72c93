// SPDX-License-Identifier: MIT
// Cache keys: XXH3-128 over length-prefixed fields.
#include "lib/cache/key.h"

#include <xxhash.h>

#include "lib/core/text_file.h"

namespace rag::cache {
namespace {

void append_u64(std::string& out, uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

void append_field(std::string& out, std::string_view s) {
    append_u64(out, s.size());
    out.append(s);
}

std::string hash128(std::string_view bytes) {
    XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    std::string key;
    key.reserve(kKeyBytes);
    append_u64(key, h.high64);
    append_u64(key, h.low64);
    return key;
}

}  // namespace

std::string answer_key(const KeyParts& parts) {
    std::string input;
    input.reserve(parts.query.size() + parts.corpus_id.size() + parts.model.size() + 40);
    input.append("answer/1");  // a version, so a change of layout never reads old keys
    append_field(input, parts.query);
    append_field(input, parts.corpus_id);
    append_u64(input, parts.generation);
    append_field(input, parts.model);
    if (!parts.sampling.empty()) append_field(input, parts.sampling);
    return hash128(input);
}

std::string session_key(std::string_view session_id) {
    std::string input = "session/1";
    append_field(input, session_id);
    return hash128(input);
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
    if (hex.size() % 2) return std::nullopt;
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi << 4 | lo));
    }
    return out;
}

}  // namespace rag::cache
