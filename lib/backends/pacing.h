// SPDX-License-Identifier: MIT
// Streaming a finished answer word by word: at once, or paced for demos (--pace).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rag {

/// The answer split for streaming: each word with the white space after it.
std::vector<std::string> split_words(std::string_view answer);

/// Keeps the first `max_words` words of `answer` (the tokens split_words
/// streams): a client's max_tokens applied to the extractive answerer. True
/// if it cut; `max_words` <= 0 keeps everything.
bool cut_to_words(std::string& answer, int max_words);

/// Hands out the words of many answers, one every `interval_ms` per answer.
class Pacer {
public:
    using WordFn = std::function<void(const std::string& run, std::string_view word)>;
    using DoneFn = std::function<void(const std::string& run)>;

    explicit Pacer(double interval_ms) : interval_ms_(interval_ms) {}

    /// Paces `answer` for `run`, its first word due at `start_ms`.
    void add(const std::string& run, std::string_view answer, double start_ms);
    /// Forgets `run` (cancelled, failed): none of its words follow.
    void drop(const std::string& run);
    /// Every word due by `now_ms`; `done` after an answer's last word, once it is forgotten.
    void tick(double now_ms, const WordFn& word, const DoneFn& done);
    /// Milliseconds until the next word is due, at most `cap_ms`.
    int timeout_ms(double now_ms, int cap_ms) const;

private:
    struct Paced {
        std::string run;
        std::vector<std::string> words;
        size_t next = 0;
        double due_ms = 0;
    };

    double interval_ms_;
    std::vector<Paced> paced_;
};

}  // namespace rag
