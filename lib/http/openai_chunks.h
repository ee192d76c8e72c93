// SPDX-License-Identifier: MIT
// OpenAI's chat.completion.chunk frames and chat.completion object, with rag's sources and verify.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rag::http {

/// What every chunk of one completion repeats.
struct ChunkHead {
    std::string id;              ///< the run id, so DELETE /api/runs/ID cancels it
    std::string model;           ///< as the client named it
    int64_t created = 0;         ///< Unix seconds
    bool include_usage = false;  ///< then every chunk has "usage": null, and a last one the counts
};

struct Usage {
    int64_t prompt_tokens = 0;  ///< an estimate: rag-sse does not see the model's prompt
    int64_t completion_tokens = 0;
};

/// "data: [DONE]\n\n", the end of every stream.
inline constexpr std::string_view kDoneFrame = "data: [DONE]\n\n";

/// The first chunk: delta {role: assistant, content: ""}; `rag_json` (an
/// object, e.g. {"sources": [...]}) as its "rag" field when not empty.
std::string role_chunk(const ChunkHead& head, std::string_view rag_json);
/// A chunk with delta {content: TEXT}.
std::string content_chunk(const ChunkHead& head, std::string_view text);
/// The last chunk of the choice: an empty delta, `reason`, and "rag".
std::string finish_chunk(const ChunkHead& head, std::string_view reason, std::string_view rag_json);
/// The chunk after the finish chunk when usage was asked for: no choices.
std::string usage_chunk(const ChunkHead& head, const Usage& usage);
/// A mid-stream failure: data {"error": {...}} (then kDoneFrame).
std::string error_frame(int status, std::string_view message, std::string_view code);
/// The non-streaming answer, a chat.completion object.
std::string completion_json(const ChunkHead& head, std::string_view answer, std::string_view reason,
                            std::string_view rag_json, const Usage& usage);

/// A rough token count for text nobody tokenised: a token per 4 bytes, as OpenAI's rule of thumb.
int64_t estimate_tokens(std::string_view text);

}  // namespace rag::http
