// SPDX-License-Identifier: MIT
// The answer cache as one process uses it: opened on first use, switched off
// with one clear warning when it cannot be used (read-only directory, full
// disk, damaged file), so that runs still answer without it.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "lib/store/env.h"

namespace rag::cache {

/// Unix time in milliseconds.
int64_t now_ms();

/// Parses a duration: a number and a unit s, m, h, d or w ("90s", "15m",
/// "2h", "7d"); nullopt when malformed or without a unit.
std::optional<int64_t> parse_duration_ms(std::string_view text);

class Cache {
public:
    enum class Mode {
        read,   ///< never creates the cache; absent means "every lookup misses"
        write,  ///< creates the directory and environment on first use;
                ///< commits are visible at once and flushed to disk by sync()
    };

    Cache(std::string dir, Mode mode) : dir_(std::move(dir)), mode_(mode) {}
    ~Cache();
    Cache(const Cache&) = delete;
    Cache& operator=(const Cache&) = delete;

    /// The environment, opened on first use; nullptr while caching is off
    /// (disabled, or Mode::read and no cache exists yet: tried again next call).
    store::Env* env();

    /// Flushes the commits of Mode::write to disk (a failure switches caching off).
    void sync();

    /// Reports `why` once on stderr and switches caching off for this process.
    void disable(std::string_view why);
    bool disabled() const { return disabled_; }

    /// Counts a lookup in the cache's shared hit/miss counters (best effort).
    void count(bool hit);

    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    Mode mode_;
    std::optional<store::Env> env_;
    bool disabled_ = false;
    uint64_t* counters_ = nullptr;  // mmap of dir/counters: hits, misses
    bool counters_tried_ = false;
};

/// The shared hit and miss counters of a cache directory (0, 0 when none).
struct HitCounts {
    uint64_t hits = 0, misses = 0;
};
HitCounts read_counts(const std::string& dir);
/// Sets both counters to zero.
void reset_counts(const std::string& dir);

}  // namespace rag::cache
