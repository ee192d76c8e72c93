// SPDX-License-Identifier: MIT
// One run's answer as it leaves rag-generate: `token` events, then `done` with its timings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lib/core/event.h"
#include "lib/core/model.h"

namespace rag {

/// Accumulates what a run streams, so that `done.answer` is the concatenation
/// of its tokens and every token holds whole UTF-8 characters.
class AnswerStream {
public:
    /// The clock starts: duration_ms and ttft_ms count from here.
    void start(double now_ms) { started_ms_ = now_ms; }

    /// A piece from a backend: whole characters go out, a cut one waits for the next piece.
    void text(Writer& out, std::string_view run, std::string_view piece);
    /// A token that is whole already (an extractive word).
    void token(Writer& out, std::string_view run, std::string_view t);
    /// Flushes a cut character and writes `done`; `tokens` < 0: count the tokens sent.
    /// `truncated`: a token budget ended the answer (`"finish_reason": "length"`).
    void done(Writer& out, std::string_view run, const ModelSpec& model, int64_t tokens, bool truncated = false);

private:
    double started_ms_ = 0, first_ms_ = -1;
    std::string answer_, carry_;  // carry_: the start of a character cut by a chunk boundary
    int64_t pieces_ = 0;
};

}  // namespace rag
