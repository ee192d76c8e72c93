// SPDX-License-Identifier: MIT
// One run's answer as it leaves rag-generate: `token` events, then `done` with its timings.
#include "lib/backends/answer_stream.h"

#include <utility>

#include "lib/core/error.h"
#include "lib/core/json_out.h"

namespace rag {

void AnswerStream::text(Writer& out, std::string_view run, std::string_view piece) {
    carry_.append(piece);
    size_t n = utf8_complete_prefix(carry_);
    if (n == 0) return;
    std::string t = valid_utf8(std::string_view(carry_).substr(0, n));
    carry_.erase(0, n);
    token(out, run, t);
}

void AnswerStream::token(Writer& out, std::string_view run, std::string_view t) {
    if (t.empty()) return;
    if (first_ms_ < 0) first_ms_ = monotonic_ms();
    answer_.append(t);
    ++pieces_;
    out.emit("token", run, [&](JsonWriter& w) { w.key("t").str(t); });
}

void AnswerStream::done(Writer& out, std::string_view run, const ModelSpec& model, int64_t tokens, bool truncated) {
    if (!carry_.empty()) token(out, run, valid_utf8(std::exchange(carry_, {})));
    double now = monotonic_ms();
    auto ms = [](double d) { return static_cast<int64_t>(d + 0.5); };
    out.emit("done", run, [&](JsonWriter& w) {
        w.key("answer").str(answer_).key("cached").boolean(false);
        w.key("duration_ms").num(ms(now - started_ms_));
        w.key("model").str(model.spec).key("backend").str(backend_name(model.kind));
        w.key("ttft_ms").num(ms((first_ms_ < 0 ? now : first_ms_) - started_ms_));
        w.key("tokens").num(tokens >= 0 ? tokens : pieces_);
        if (truncated) w.key("finish_reason").str("length");  // absent: the answer ended by itself
    });
}

}  // namespace rag
