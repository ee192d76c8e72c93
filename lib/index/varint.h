// SPDX-License-Identifier: MIT
// LEB128 variable-length integers: the encoding of postings and records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rag::index {

inline void put_varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

/// Bounds-checked decoding from a view; returns false when the view ends early.
inline bool read_varint(std::string_view& s, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && !s.empty(); shift += 7) {
        auto byte = static_cast<uint8_t>(s.front());
        s.remove_prefix(1);
        v |= uint64_t{static_cast<uint8_t>(byte & 0x7f)} << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

/// A varint length, then the bytes.
inline void put_string(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

inline bool read_string(std::string_view& s, std::string_view& v) {
    uint64_t n;
    if (!read_varint(s, n) || n > s.size()) return false;
    v = s.substr(0, n);
    s.remove_prefix(n);
    return true;
}

}  // namespace rag::index
