// SPDX-License-Identifier: MIT
// The two embedding APIs on the wire: Ollama's /api/embed and OpenAI's /v1/embeddings.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lib/embed/spec.h"

namespace rag::embed {

/// A response that is not what the API documents (bad JSON, wrong count).
struct ProtocolError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The JSON body asking `spec.model` for the vectors of `texts`, in order.
std::string embed_request_body(const EmbedSpec& spec, const std::vector<std::string_view>& texts);

/// The vectors of a 2xx response body, in the order of the inputs (OpenAI's
/// `data` is put back in `index` order). Throws ProtocolError unless there are
/// exactly `expected` vectors, all of one non-zero dimension.
std::vector<std::vector<float>> parse_embed_response(Api api, std::string_view body, size_t expected);

}  // namespace rag::embed
