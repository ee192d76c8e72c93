// SPDX-License-Identifier: MIT
// A run's events as OpenAI's chat.completion (one JSON) or chat.completion.chunk frames (SSE).
#pragma once

#include <memory>
#include <string>

#include "lib/http/reply.h"

namespace rag::http {

struct OpenAiReplyOptions {
    std::string run;    ///< the completion's id
    std::string model;  ///< as the client named it
    bool include_usage = false;
};

/// Streams `chat.completion.chunk` frames as OpenAI sends them: a first chunk
/// with delta.role (and the run's sources in the extra field `rag`), content
/// deltas, a last chunk with finish_reason (and `rag.verify`), a usage chunk
/// when asked, then `data: [DONE]`. A failure is a frame with an `error`
/// object, then `[DONE]`.
std::unique_ptr<Reply> make_openai_stream(ExchangePtr ex, OpenAiReplyOptions options);

/// Gathers the run into one `chat.completion` (with `rag`: sources and verify).
std::unique_ptr<Reply> make_openai_completion(ExchangePtr ex, OpenAiReplyOptions options);

}  // namespace rag::http
