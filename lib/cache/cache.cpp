// SPDX-License-Identifier: MIT
// The answer cache of one process: lazy open, degrade to "no caching" on failure.
#include "lib/cache/cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>

#include "lib/core/error.h"

namespace rag::cache {
namespace {

constexpr size_t kCounterBytes = 4096;

// Maps dir/counters (created when `create`); nullptr when it cannot.
uint64_t* map_counters(const std::string& dir, bool create) {
    std::string path = dir + "/counters";
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
    if (fd < 0) return nullptr;
    struct stat st;
    bool ok =
        fstat(fd, &st) == 0 && (st.st_size >= static_cast<off_t>(kCounterBytes) || ftruncate(fd, kCounterBytes) == 0);
    void* p = ok ? mmap(nullptr, kCounterBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    ::close(fd);
    return p == MAP_FAILED ? nullptr : static_cast<uint64_t*>(p);
}

}  // namespace

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<int64_t> parse_duration_ms(std::string_view text) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || n < 0) return std::nullopt;
    std::string_view unit(end, text.data() + text.size() - end);
    // A bare number is refused: "5" could mean seconds or minutes to a reader.
    int64_t scale = unit == "s"   ? 1000
                    : unit == "m" ? 60'000
                    : unit == "h" ? 3'600'000
                    : unit == "d" ? 86'400'000
                    : unit == "w" ? 604'800'000
                                  : 0;
    if (scale == 0 || n > INT64_MAX / scale) return std::nullopt;
    return n * scale;
}

Cache::~Cache() {
    if (counters_) munmap(counters_, kCounterBytes);
}

store::Env* Cache::env() {
    if (disabled_) return nullptr;
    if (env_) return &*env_;
    if (mode_ == Mode::read && access((dir_ + "/data.mdb").c_str(), F_OK) != 0) return nullptr;
    try {
        // A writer commits without flushing and syncs after the reader has its
        // answer: the fsync is off the critical path (see Recorder::on_done).
        env_.emplace(store::Env::open(dir_, {.read_only = mode_ == Mode::read, .sync_commits = mode_ == Mode::read}));
    } catch (const store::StoreError& e) {
        disable(e.what());
    } catch (const Fatal& e) {  // make_dirs could not create the directory
        disable(e.what());
    }
    return env_ ? &*env_ : nullptr;
}

void Cache::sync() {
    if (!env_) return;
    try {
        env_->sync();
    } catch (const store::StoreError& e) {
        disable(e.what());
    }
}

void Cache::disable(std::string_view why) {
    if (!disabled_) warnf("answer cache off: {} (runs go on without caching)", why);
    disabled_ = true;
    env_.reset();
}

void Cache::count(bool hit) {
    if (!counters_tried_ && env_) {
        counters_tried_ = true;
        counters_ = map_counters(dir_, true);
    }
    if (counters_) std::atomic_ref<uint64_t>(counters_[hit ? 0 : 1]).fetch_add(1, std::memory_order_relaxed);
}

HitCounts read_counts(const std::string& dir) {
    HitCounts c;
    if (uint64_t* p = map_counters(dir, false)) {
        c.hits = std::atomic_ref<uint64_t>(p[0]).load();
        c.misses = std::atomic_ref<uint64_t>(p[1]).load();
        munmap(p, kCounterBytes);
    }
    return c;
}

void reset_counts(const std::string& dir) {
    if (uint64_t* p = map_counters(dir, false)) {
        std::atomic_ref<uint64_t>(p[0]).store(0);
        std::atomic_ref<uint64_t>(p[1]).store(0);
        munmap(p, kCounterBytes);
    }
}

}  // namespace rag::cache
