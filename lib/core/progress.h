// SPDX-License-Identifier: MIT
// Progress of a batch of runs on stderr, and the summary line at its end.
#pragma once

namespace rag {

/// How the runs of a batch ended so far.
struct BatchCounts {
    unsigned runs = 0;      ///< finished, however they ended
    unsigned answered = 0;  ///< ended in `done`
    unsigned cached = 0;    ///< answered from the cache
    unsigned rejected = 0;  ///< answered, but the grounding check did not accept the answer
    unsigned errors = 0;    ///< ended in `error` or `cancel`, or cut off by the end of input
};

/// Reports a batch on stderr: a line repainted in place on a terminal (at
/// most 10 times a second), else a line every 5 seconds; then one summary.
class BatchProgress {
public:
    enum class Mode { kOff, kTerminal, kLines };

    /// kTerminal when stderr is a terminal and stdout is not (answers on the
    /// same terminal would tangle with the line); with `forced` (--progress),
    /// kTerminal or kLines by stderr alone; else kOff.
    static Mode choose(bool forced);

    explicit BatchProgress(Mode mode);
    bool on() const { return mode_ != Mode::kOff; }

    /// Call after each finished run; prints when it is time to.
    void update(const BatchCounts& counts);
    /// "N runs, N answered, N cached, N rejected, N errors, S s"; once, at the end.
    void summary(const BatchCounts& counts);

private:
    Mode mode_;
    double started_ms_;
    double last_ms_;  // the last report; the first comes one period after the start
};

}  // namespace rag
