// SPDX-License-Identifier: MIT
// Embedder: a queue of batches driven over HttpStreams, with retries and backoff.
#include "lib/embed/embedder.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "lib/backends/http_stream.h"
#include "lib/core/error.h"
#include "lib/embed/protocol.h"

namespace rag::embed {

namespace {

struct Batch {
    size_t first = 0, count = 0;
    int attempts = 0;
    double not_before = 0;
    std::string response;
};

bool worth_retrying(const HttpResult& r) { return r.status == 0 || r.status == 408 || r.status == 429 || r.status >= 500; }

double backoff(const EmbedderOptions& o, int attempts) {
    double ms = o.backoff_ms;
    for (int i = 1; i < attempts && ms < 8000; ++i) ms *= 2;
    return std::min(ms, 8000.0);
}

}  // namespace

Embedder::Embedder(EmbedSpec spec, EmbedderOptions options) : spec_(std::move(spec)), options_(options) {
    options_.batch = std::max<size_t>(1, options_.batch);
    options_.in_flight = std::max<size_t>(1, options_.in_flight);
    options_.attempts = std::max(1, options_.attempts);
}

std::vector<std::vector<float>> Embedder::embed(const std::vector<std::string_view>& texts, const ProgressFn& progress) {
    std::vector<std::vector<float>> out(texts.size());
    std::vector<Batch> batches;
    for (size_t i = 0; i < texts.size(); i += options_.batch)
        batches.push_back({.first = i, .count = std::min(options_.batch, texts.size() - i), .response = {}});
    std::deque<size_t> waiting;
    for (size_t b = 0; b < batches.size(); ++b) waiting.push_back(b);
    std::unordered_map<uint64_t, size_t> running;  // transfer id -> batch
    HttpStreams http;
    size_t embedded = 0, finished = 0;
    std::string endpoint = spec_.endpoint();
    std::vector<std::string> headers;
    if (!spec_.api_key.empty()) headers.push_back("Authorization: Bearer " + spec_.api_key);

    auto start = [&](size_t b) {
        Batch& batch = batches[b];
        batch.response.clear();
        ++batch.attempts;
        ++requests_;
        std::vector<std::string_view> part(texts.begin() + batch.first, texts.begin() + batch.first + batch.count);
        HttpRequest req{endpoint, embed_request_body(spec_, part), headers, options_.connect_timeout_ms,
                        options_.idle_timeout_ms};
        running[http.start(req, [&batch](std::string_view bytes) {
            batch.response.append(bytes);
            return true;
        })] = b;
    };
    auto finish = [&](Batch& batch) {
        std::vector<std::vector<float>> vecs;
        try {
            vecs = parse_embed_response(spec_.api, batch.response, batch.count);
        } catch (const ProtocolError& e) {
            throw EmbedError(fmt::format("embedding server {} (model '{}'): {}", endpoint, spec_.model, e.what()));
        }
        for (size_t i = 0; i < batch.count; ++i) out[batch.first + i] = std::move(vecs[i]);
        embedded += batch.count;
        ++finished;
        if (progress) progress(embedded, texts.size());
    };

    while (finished < batches.size()) {
        double now = monotonic_ms();
        // Start what is due, in order, up to the limit; a batch backing off keeps its place.
        for (auto it = waiting.begin(); it != waiting.end() && running.size() < options_.in_flight;) {
            if (batches[*it].not_before > now) { ++it; continue; }
            start(*it);
            it = waiting.erase(it);
        }
        for (const HttpResult& r : http.perform()) {
            Batch& batch = batches[running.at(r.id)];
            size_t b = running.at(r.id);
            running.erase(r.id);
            if (r.message.empty()) { finish(batch); continue; }
            if (!worth_retrying(r) || batch.attempts >= options_.attempts)
                throw EmbedError(fmt::format("embedding server {} (model '{}') failed{}: {}", endpoint, spec_.model,
                                             batch.attempts > 1 ? fmt::format(" {} times", batch.attempts) : "",
                                             r.message));
            batch.not_before = monotonic_ms() + backoff(options_, batch.attempts);
            waiting.push_front(b);
        }
        if (finished == batches.size()) break;
        // Sleep until a socket is ready or the next backoff ends, whichever comes first.
        int timeout = 1000;
        if (running.size() < options_.in_flight)
            for (size_t b : waiting)
                timeout = std::min(timeout, std::max(0, int(batches[b].not_before - monotonic_ms())));
        if (timeout > 0) http.wait(-1, timeout);
    }
    return out;
}

}  // namespace rag::embed
