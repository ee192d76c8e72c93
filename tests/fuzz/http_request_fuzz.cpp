// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes through the HTTP request parser, whole, byte by byte and in
// pieces; every way of cutting the input must give the same requests, errors and byte counts.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lib/http/request.h"

namespace {

using rag::http::Limits;
using rag::http::RequestParser;

// Small limits, so that inputs of a few KiB reach every limit.
constexpr Limits kLimits{512, 16, 1024, 128};

// Everything the parser decided, in order: one line per request or error.
std::string outcomes(std::string_view data, size_t piece) {
    RequestParser parser(kLimits);
    std::string log;
    size_t pos = 0;
    while (pos < data.size()) {
        size_t end = std::min(data.size(), pos + piece);
        pos += parser.feed(data.substr(pos, end - pos));
        if (parser.state() == RequestParser::State::kNeedMore) {
            if (pos < end) std::abort();  // it must take all it is given until a request ends
            continue;
        }
        if (parser.state() == RequestParser::State::kError) {
            log += "error " + std::to_string(parser.status()) + " " + parser.error() + "\n";
            return log;
        }
        const auto& req = parser.request();
        log += req.method + " " + req.target + " " + req.path + " " + std::to_string(req.keep_alive) + " [" + req.body +
               "] at " + std::to_string(pos) + "\n";
        for (const auto& [name, value] : req.headers) log += name + ": " + value + "\n";
        if (req.body.size() > kLimits.max_body) std::abort();
        parser.reset();
    }
    log += parser.started() ? "incomplete\n" : "end\n";
    return log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    std::string_view data(reinterpret_cast<const char*>(bytes), size);
    std::string whole = outcomes(data, data.size() + 1);
    if (outcomes(data, 1) != whole) std::abort();
    size_t piece = size ? static_cast<size_t>(bytes[0] % 23) + 2 : 2;
    if (outcomes(data, piece) != whole) std::abort();
    return 0;
}
