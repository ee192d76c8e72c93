// SPDX-License-Identifier: MIT
// A single-threaded epoll event loop with one-shot timers and deferred work.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

namespace rag::http {

/// Milliseconds on the monotonic clock.
double now_ms();

/// One thread, many fds. Callbacks run on the loop's thread; a callback may
/// add or remove any fd or timer, including its own. Events for an fd removed
/// earlier in the same batch are dropped (fds carry a generation number).
class Loop {
public:
    using IoCallback = std::function<void(uint32_t events)>;
    using Task = std::function<void()>;

    Loop();
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    /// Watches `fd` for `events` (EPOLLIN, EPOLLOUT, ...). Throws rag::Fatal
    /// if epoll refuses the fd (e.g. a regular file).
    void add(int fd, uint32_t events, IoCallback cb);
    /// Changes the events watched on `fd`.
    void modify(int fd, uint32_t events);
    /// Stops watching `fd` (does not close it). Unknown fds are ignored.
    void remove(int fd);

    /// Runs `task` once, `delay_ms` from now. Returns an id for cancel().
    uint64_t after(double delay_ms, Task task);
    /// Cancels a pending timer; unknown or fired ids are ignored.
    void cancel(uint64_t timer_id);

    /// Runs `task` after the current batch of events, before the loop blocks
    /// again (used to flush output once per batch rather than per event).
    void defer(Task task) { deferred_.push_back(std::move(task)); }

    /// Dispatches events until stop() is called.
    void run();
    void stop() { running_ = false; }

private:
    struct Watch {
        uint32_t generation;
        IoCallback cb;
    };
    int wait_timeout_ms() const;
    void fire_timers();
    void run_deferred();

    int epfd_;
    bool running_ = false;
    uint32_t generation_ = 0;
    std::unordered_map<int, Watch> watches_;
    uint64_t next_timer_ = 1;
    std::set<std::pair<double, uint64_t>> timers_;
    std::unordered_map<uint64_t, std::pair<double, Task>> timer_tasks_;
    std::vector<Task> deferred_;
};

}  // namespace rag::http
