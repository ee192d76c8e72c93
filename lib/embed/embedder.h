// SPDX-License-Identifier: MIT
// Texts to vectors through an embedding server: batched, several batches in
// flight, retried with backoff while the server is busy or away.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "lib/embed/spec.h"

namespace rag::embed {

struct EmbedderOptions {
    size_t batch = 32;     ///< texts per request
    size_t in_flight = 4;  ///< requests at once
    int attempts = 5;      ///< tries per batch, the first included
    int backoff_ms = 250;  ///< wait before the second try; doubled for each later one (at most 8 s)
    long connect_timeout_ms = 5000;
    long idle_timeout_ms = 120000;  ///< a model loading for the first time can take a while
};

/// The server refused (an error status that retrying cannot mend, or a
/// malformed answer), or stayed away through every attempt. what() names the
/// endpoint, the model and the last failure.
struct EmbedError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Called after each batch: texts embedded so far, of all.
using ProgressFn = std::function<void(size_t done, size_t total)>;

class Embedder {
public:
    explicit Embedder(EmbedSpec spec, EmbedderOptions options = {});

    /// One vector per text, in order, as the server gives them (not normalised).
    /// Retries a batch on a connection failure, a timeout, 408, 429 and 5xx.
    /// Throws EmbedError.
    std::vector<std::vector<float>> embed(const std::vector<std::string_view>& texts,
                                          const ProgressFn& progress = {});

    const EmbedSpec& spec() const { return spec_; }
    /// Requests sent so far, retries included.
    size_t requests() const { return requests_; }

private:
    EmbedSpec spec_;
    EmbedderOptions options_;
    size_t requests_ = 0;
};

}  // namespace rag::embed
