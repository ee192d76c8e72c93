// SPDX-License-Identifier: MIT
// Shared by the backend stream fuzz targets: a chat stream decoded whole, byte
// by byte and in pieces must give the same text, error, end and token count.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "lib/backends/chat.h"

namespace fuzz {

struct Decoded {
    std::string text, error;
    bool ok = false, complete = false;
    int64_t tokens = -1;
    bool operator==(const Decoded&) const = default;
};

// Feeds `data` in pieces of `piece` bytes, then finishes the stream.
template <class Make>
Decoded decode(Make make, std::string_view data, size_t piece) {
    std::unique_ptr<rag::ChatStream> stream = make();
    Decoded d;
    auto text = [&](std::string_view t) {
        if (t.empty()) std::abort();  // an empty piece is never handed on
        d.text.append(t);
    };
    bool fed = true;
    for (size_t pos = 0; pos < data.size() && fed; pos += piece) fed = stream->feed(data.substr(pos, piece), text);
    d.ok = fed && stream->finish(text);
    d.error = stream->error();
    d.complete = stream->complete();
    d.tokens = stream->tokens();
    if (d.ok != d.error.empty()) std::abort();  // a fault always says why
    if (d.error.size() > rag::kMaxErrorMessage) std::abort();  // a backend's words are capped
    return d;
}

template <class Make>
void check_pieces(Make make, const uint8_t* bytes, size_t size) {
    std::string_view data(reinterpret_cast<const char*>(bytes), size);
    Decoded whole = decode(make, data, data.size() + 1);
    if (!(decode(make, data, 1) == whole)) std::abort();
    size_t piece = size ? static_cast<size_t>(bytes[0] % 29) + 2 : 2;
    if (!(decode(make, data, piece) == whole)) std::abort();
}

}  // namespace fuzz
