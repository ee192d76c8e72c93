// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes as an OpenAI-compatible streamed answer (SSE), whole,
// byte by byte and in pieces: the same text, error, end and token count every way; and the
// SSE parser under it gives the same events every way.
#include <vector>

#include "lib/backends/stream_parse.h"
#include "tests/fuzz/stream_check.h"

namespace {

std::vector<std::string> sse_events(std::string_view data, size_t piece) {
    rag::SseParser parser;
    std::vector<std::string> events;
    auto keep = [&](const rag::SseEvent& ev) {
        events.push_back(std::string(ev.type) + '\0' + std::string(ev.data));
    };
    for (size_t pos = 0; pos < data.size(); pos += piece)
        if (!parser.feed(data.substr(pos, piece), keep)) std::abort();  // no line reaches 16 MiB here
    parser.finish(keep);
    return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    fuzz::check_pieces(rag::make_openai_stream, bytes, size);
    std::string_view data(reinterpret_cast<const char*>(bytes), size);
    auto whole = sse_events(data, size + 1);
    if (sse_events(data, 1) != whole) std::abort();
    if (sse_events(data, size ? bytes[size - 1] % 13 + 2 : 2) != whole) std::abort();
    return 0;
}
