// SPDX-License-Identifier: MIT
// Concurrent streamed HTTP POSTs over libcurl's multi interface, driven from a poll loop.
#include "lib/backends/http_stream.h"

#include <utility>
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <curl/curl.h>
#include <fmt/format.h>

#include "lib/backends/chat.h"
#include "lib/core/error.h"

namespace rag {
namespace {

constexpr size_t kMaxErrorBody = 64 * 1024;

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
    bool stopped = false;                 // the data function said stop (or threw)
    std::exception_ptr* pending = nullptr;

    ~Transfer() {
        if (easy) curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }
};

size_t on_body(char* p, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * n;
    t->last_ms = monotonic_ms();
    if (t->status == 0) curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
    if (t->status < 200 || t->status > 299) {   // keep the error body for the message
        t->error_body.append(p, std::min(len, kMaxErrorBody - std::min(kMaxErrorBody, t->error_body.size())));
        return len;
    }
    try {
        if (t->data({p, len})) return len;
    } catch (...) {
        *t->pending = std::current_exception();
    }
    t->stopped = true;
    return 0;   // any other count than len makes curl stop with CURLE_WRITE_ERROR
}

void global_init() {
    static bool done = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    if (!done) throw Fatal(kExitUnavailable, "cannot initialise libcurl");
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
        curl_multi_remove_handle(multi, it->second->easy);   // mid-transfer: closes the connection
        transfers.erase(it);
    }

    std::string message(const Transfer& t, CURLcode code) const {
        if (code == CURLE_OK) {
            if (t.status >= 200 && t.status <= 299) return {};
            return http_error_message(t.status, t.error_body);
        }
        if (t.stopped) return "aborted";
        std::string_view why = t.errbuf[0] ? std::string_view(t.errbuf) : curl_easy_strerror(code);
        while (!why.empty() && why.back() == '\n') why.remove_suffix(1);
        return fmt::format("backend request failed: {}", why);
    }
};

HttpStreams::HttpStreams() : impl_(std::make_unique<Impl>()) {
    global_init();
    impl_->multi = curl_multi_init();
    if (!impl_->multi) throw Fatal(kExitUnavailable, "cannot initialise libcurl");
}

HttpStreams::~HttpStreams() {
    for (auto& [id, t] : impl_->transfers) curl_multi_remove_handle(impl_->multi, t->easy);
    impl_->transfers.clear();
    curl_multi_cleanup(impl_->multi);
}

uint64_t HttpStreams::start(const HttpRequest& request, DataFn data) {
    auto t = std::make_unique<Transfer>();
    t->id = impl_->next_id++;
    t->body = request.body;
    t->data = std::move(data);
    t->idle_ms = request.idle_timeout_ms;
    t->last_ms = monotonic_ms();
    t->pending = &impl_->pending;
    t->easy = curl_easy_init();
    if (!t->easy) throw Fatal(kExitUnavailable, "cannot initialise libcurl");
    t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
    t->headers = curl_slist_append(t->headers, "Expect:");   // no 100-continue round trip
    for (const std::string& h : request.headers) t->headers = curl_slist_append(t->headers, h.c_str());
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    // Bigger reads under a flood (as the curl tool does); a trickle is still handed on at once.
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 128L * 1024);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "rag-generate/" RAG_VERSION);
    if (curl_multi_add_handle(impl_->multi, e) != CURLM_OK)
        throw Fatal(kExitSoftware, "cannot add a transfer to libcurl's multi handle");
    uint64_t id = t->id;
    impl_->transfers.emplace(id, std::move(t));
    return id;
}

void HttpStreams::abort(uint64_t id) { impl_->remove(id); }

size_t HttpStreams::active() const { return impl_->transfers.size(); }

std::vector<HttpResult> HttpStreams::perform() {
    std::vector<HttpResult> results;
    int running = 0;
    curl_multi_perform(impl_->multi, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(impl_->multi, &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &t);
        if (t->status == 0) curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
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
    curl_waitfd extra{fd, CURL_WAIT_POLLIN, 0};
    curl_multi_poll(impl_->multi, fd >= 0 ? &extra : nullptr, fd >= 0 ? 1 : 0, timeout_ms, nullptr);
    return fd >= 0 && extra.revents != 0;
}

}  // namespace rag
