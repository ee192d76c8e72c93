// SPDX-License-Identifier: MIT
// A single-threaded epoll event loop with one-shot timers and deferred work.
#include "lib/http/loop.h"

#include <sys/epoll.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>

#include "lib/core/error.h"

namespace rag::http {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

Loop::Loop() : epfd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epfd_ < 0) throw Fatal(kExitUnavailable, std::string("epoll_create1 failed: ") + strerror(errno));
}

Loop::~Loop() { close(epfd_); }

void Loop::add(int fd, uint32_t events, IoCallback cb) {
    uint32_t gen = ++generation_;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = (uint64_t{gen} << 32) | static_cast<uint32_t>(fd);
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0)
        throw Fatal(kExitIoErr, "cannot watch fd " + std::to_string(fd) + ": " + strerror(errno));
    watches_[fd] = Watch{gen, std::move(cb)};
}

void Loop::modify(int fd, uint32_t events) {
    auto it = watches_.find(fd);
    if (it == watches_.end()) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = (uint64_t{it->second.generation} << 32) | static_cast<uint32_t>(fd);
    epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev);
}

void Loop::remove(int fd) {
    if (watches_.erase(fd)) epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
}

uint64_t Loop::after(double delay_ms, Task task) {
    uint64_t id = next_timer_++;
    double when = now_ms() + delay_ms;
    timers_.insert({when, id});
    timer_tasks_.emplace(id, std::make_pair(when, std::move(task)));
    return id;
}

void Loop::cancel(uint64_t timer_id) {
    auto it = timer_tasks_.find(timer_id);
    if (it == timer_tasks_.end()) return;
    timers_.erase({it->second.first, timer_id});
    timer_tasks_.erase(it);
}

int Loop::wait_timeout_ms() const {
    if (!deferred_.empty()) return 0;
    if (timers_.empty()) return -1;
    double wait = timers_.begin()->first - now_ms();
    if (wait <= 0) return 0;
    return static_cast<int>(std::min(std::ceil(wait), 60000.0));
}

void Loop::fire_timers() {
    double now = now_ms();
    while (!timers_.empty() && timers_.begin()->first <= now) {
        uint64_t id = timers_.begin()->second;
        timers_.erase(timers_.begin());
        auto it = timer_tasks_.find(id);
        Task task = std::move(it->second.second);
        timer_tasks_.erase(it);
        task();
    }
}

void Loop::run_deferred() {
    // Tasks may defer more tasks; run until none are left.
    while (!deferred_.empty()) {
        std::vector<Task> batch;
        batch.swap(deferred_);
        for (Task& t : batch) t();
    }
}

void Loop::run() {
    running_ = true;
    epoll_event events[256];
    while (running_) {
        int n = epoll_wait(epfd_, events, 256, wait_timeout_ms());
        if (n < 0 && errno != EINTR) throw Fatal(kExitIoErr, std::string("epoll_wait failed: ") + strerror(errno));
        for (int i = 0; i < n; ++i) {
            int fd = static_cast<int>(events[i].data.u64 & 0xFFFFFFFFu);
            auto gen = static_cast<uint32_t>(events[i].data.u64 >> 32);
            auto it = watches_.find(fd);
            if (it == watches_.end() || it->second.generation != gen) continue;
            IoCallback cb = it->second.cb;  // a copy: the callback may remove itself
            cb(events[i].events);
        }
        fire_timers();
        run_deferred();
    }
}

}  // namespace rag::http
