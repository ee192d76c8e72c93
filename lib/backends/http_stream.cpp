// SPDX-License-Identifier: MIT
// Concurrent streamed HTTP POSTs over libcurl's multi interface, driven from a poll loop.
#include "lib/backends/http_stream.h"

#include <poll.h>
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

// Calls go through a table filled by dlopen (below), so curl_easy_setopt must be a function.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <fmt/format.h>

#include "lib/backends/chat.h"
#include "lib/core/dl.h"
#include "lib/core/error.h"

namespace rag {
namespace {

constexpr size_t kMaxErrorBody = 64 * 1024;

// libcurl is loaded on the first network request, not at process start: its
// dependencies (TLS, SSH, LDAP, ...) cost ~12 ms of dynamic loading, which every
// pipeline would pay even when it answers from the cache or extractively.
struct CurlApi {
    decltype(&curl_global_init) global_init;
    decltype(&curl_easy_init) easy_init;
    decltype(&curl_easy_cleanup) easy_cleanup;
    decltype(&curl_easy_setopt) easy_setopt;
    decltype(&curl_easy_getinfo) easy_getinfo;
    decltype(&curl_easy_strerror) easy_strerror;
    decltype(&curl_slist_append) slist_append;
    decltype(&curl_slist_free_all) slist_free_all;
    decltype(&curl_multi_init) multi_init;
    decltype(&curl_multi_cleanup) multi_cleanup;
    decltype(&curl_multi_add_handle) multi_add_handle;
    decltype(&curl_multi_remove_handle) multi_remove_handle;
    decltype(&curl_multi_perform) multi_perform;
    decltype(&curl_multi_info_read) multi_info_read;
    decltype(&curl_multi_poll) multi_poll;
};

const CurlApi& curl() {
    static const CurlApi api = [] {
        void* lib = load_library({"libcurl.so.4"}, "libcurl");
        CurlApi a;
        resolve(lib, a.global_init, "curl_global_init", "libcurl");
        resolve(lib, a.easy_init, "curl_easy_init", "libcurl");
        resolve(lib, a.easy_cleanup, "curl_easy_cleanup", "libcurl");
        resolve(lib, a.easy_setopt, "curl_easy_setopt", "libcurl");
        resolve(lib, a.easy_getinfo, "curl_easy_getinfo", "libcurl");
        resolve(lib, a.easy_strerror, "curl_easy_strerror", "libcurl");
        resolve(lib, a.slist_append, "curl_slist_append", "libcurl");
        resolve(lib, a.slist_free_all, "curl_slist_free_all", "libcurl");
        resolve(lib, a.multi_init, "curl_multi_init", "libcurl");
        resolve(lib, a.multi_cleanup, "curl_multi_cleanup", "libcurl");
        resolve(lib, a.multi_add_handle, "curl_multi_add_handle", "libcurl");
        resolve(lib, a.multi_remove_handle, "curl_multi_remove_handle", "libcurl");
        resolve(lib, a.multi_perform, "curl_multi_perform", "libcurl");
        resolve(lib, a.multi_info_read, "curl_multi_info_read", "libcurl");
        resolve(lib, a.multi_poll, "curl_multi_poll", "libcurl");
        if (a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Fatal(kExitUnavailable, "cannot initialise libcurl");
        return a;
    }();
    return api;
}

struct Transfer {
    uint64_t id = 0;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string body;
    HttpStreams::DataFn data;
    long status = 0;
    std::string error_body;
    char errbuf[CURL_ERROR_SIZE] = {};
    double last_ms = 0;
    long idle_ms = 0;
    bool stopped = false;  // the data function said stop (or threw)
    std::exception_ptr* pending = nullptr;

    ~Transfer() {
        if (easy) curl().easy_cleanup(easy);
        curl().slist_free_all(headers);
    }
};

size_t on_body(char* p, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * n;
    t->last_ms = monotonic_ms();
    if (t->status == 0) curl().easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
    if (t->status < 200 || t->status > 299) {  // keep the error body for the message
        t->error_body.append(p, std::min(len, kMaxErrorBody - std::min(kMaxErrorBody, t->error_body.size())));
        return len;
    }
    try {
        if (t->data({p, len})) return len;
    } catch (...) {
        *t->pending = std::current_exception();
    }
    t->stopped = true;
    return 0;  // any other count than len makes curl stop with CURLE_WRITE_ERROR
}

}  // namespace

struct HttpStreams::Impl {
    CURLM* multi = nullptr;
    std::unordered_map<uint64_t, std::unique_ptr<Transfer>> transfers;
    uint64_t next_id = 1;
    std::exception_ptr pending;

    void remove(uint64_t id) {
        auto it = transfers.find(id);
        if (it == transfers.end()) return;
        curl().multi_remove_handle(multi, it->second->easy);  // mid-transfer: closes the connection
        transfers.erase(it);
    }

    std::string message(const Transfer& t, CURLcode code) const {
        if (code == CURLE_OK) {
            if (t.status >= 200 && t.status <= 299) return {};
            return http_error_message(t.status, t.error_body);
        }
        if (t.stopped) return "aborted";
        std::string_view why = t.errbuf[0] ? std::string_view(t.errbuf) : curl().easy_strerror(code);
        while (!why.empty() && why.back() == '\n') why.remove_suffix(1);
        return fmt::format("backend request failed: {}", why);
    }
};

HttpStreams::HttpStreams() : impl_(std::make_unique<Impl>()) {}  // libcurl waits for the first start()

HttpStreams::~HttpStreams() {
    if (!impl_->multi) return;
    for (auto& [id, t] : impl_->transfers) curl().multi_remove_handle(impl_->multi, t->easy);
    impl_->transfers.clear();
    curl().multi_cleanup(impl_->multi);
}

uint64_t HttpStreams::start(const HttpRequest& request, DataFn data) {
    auto t = std::make_unique<Transfer>();
    t->id = impl_->next_id++;
    t->body = request.body;
    t->data = std::move(data);
    t->idle_ms = request.idle_timeout_ms;
    t->last_ms = monotonic_ms();
    t->pending = &impl_->pending;
    if (!impl_->multi && !(impl_->multi = curl().multi_init()))
        throw Fatal(kExitUnavailable, "cannot initialise libcurl");
    t->easy = curl().easy_init();
    if (!t->easy) throw Fatal(kExitUnavailable, "cannot initialise libcurl");
    t->headers = curl().slist_append(t->headers, "Content-Type: application/json");
    t->headers = curl().slist_append(t->headers, "Expect:");  // no 100-continue round trip
    for (const std::string& h : request.headers) t->headers = curl().slist_append(t->headers, h.c_str());
    CURL* e = t->easy;
    curl().easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl().easy_setopt(e, CURLOPT_POSTFIELDS, t->body.c_str());
    curl().easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
    curl().easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl().easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl().easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl().easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
    curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    // Bigger reads under a flood (as the curl tool does); a trickle is still handed on at once.
    curl().easy_setopt(e, CURLOPT_BUFFERSIZE, 128L * 1024);
    curl().easy_setopt(e, CURLOPT_USERAGENT, "rag-generate/" RAG_VERSION);
    if (curl().multi_add_handle(impl_->multi, e) != CURLM_OK)
        throw Fatal(kExitSoftware, "cannot add a transfer to libcurl's multi handle");
    uint64_t id = t->id;
    impl_->transfers.emplace(id, std::move(t));
    return id;
}

void HttpStreams::abort(uint64_t id) { impl_->remove(id); }

size_t HttpStreams::active() const { return impl_->transfers.size(); }

std::vector<HttpResult> HttpStreams::perform() {
    std::vector<HttpResult> results;
    if (!impl_->multi) return results;  // nothing was ever started
    int running = 0;
    curl().multi_perform(impl_->multi, &running);
    int left = 0;
    while (CURLMsg* m = curl().multi_info_read(impl_->multi, &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl().easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &t);
        if (t->status == 0) curl().easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
        results.push_back({t->id, t->status, impl_->message(*t, m->data.result)});
        impl_->remove(t->id);
    }
    double now = monotonic_ms();
    std::vector<uint64_t> stalled;
    for (auto& [id, t] : impl_->transfers)
        if (t->idle_ms > 0 && now - t->last_ms >= static_cast<double>(t->idle_ms)) stalled.push_back(id);
    for (uint64_t id : stalled) {
        long ms = impl_->transfers.at(id)->idle_ms;
        results.push_back({id, 0, fmt::format("no data from the backend for {:g} s (--idle-timeout)", ms / 1000.0)});
        impl_->remove(id);
    }
    if (impl_->pending) std::rethrow_exception(std::exchange(impl_->pending, nullptr));
    return results;
}

bool HttpStreams::wait(int fd, int timeout_ms) {
    double now = monotonic_ms();
    for (auto& [id, t] : impl_->transfers) {
        if (t->idle_ms <= 0) continue;
        double due = t->last_ms + static_cast<double>(t->idle_ms) - now;
        timeout_ms = std::min(timeout_ms, std::max(0, static_cast<int>(std::ceil(due))));
    }
    if (!impl_->multi) {  // no transfer has ever started: wait on the fd alone, or just sleep
        pollfd p{fd, POLLIN, 0};
        int ready = ::poll(fd >= 0 ? &p : nullptr, fd >= 0 ? 1 : 0, timeout_ms);
        return fd >= 0 && ready > 0 && p.revents != 0;
    }
    curl_waitfd extra{fd, CURL_WAIT_POLLIN, 0};
    curl().multi_poll(impl_->multi, fd >= 0 ? &extra : nullptr, fd >= 0 ? 1 : 0, timeout_ms, nullptr);
    return fd >= 0 && extra.revents != 0;
}

}  // namespace rag
