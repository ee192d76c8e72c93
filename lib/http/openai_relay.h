// SPDX-License-Identifier: MIT
// A run's events as an OpenAI chat completion: chunk frames on a stream, or one chat.completion.
#pragma once

#include <memory>

#include "lib/http/openai_chunks.h"
#include "lib/http/reply.h"

namespace rag::http {

/// Streams the run as chat.completion.chunk frames: the role chunk with
/// rag.sources, content deltas, the finish chunk with rag.verify, the usage
/// chunk when asked, then [DONE]; a failure is an error frame, then [DONE].
std::unique_ptr<Reply> make_openai_relay(Loop& loop, ExchangePtr ex, ChunkHead head, int64_t prompt_tokens,
                                         SseOptions options);

/// Gathers the run into one chat.completion (errors as OpenAI's error object).
std::unique_ptr<Reply> make_openai_collector(ExchangePtr ex, ChunkHead head, int64_t prompt_tokens);

}  // namespace rag::http
