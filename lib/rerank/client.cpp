// SPDX-License-Identifier: MIT
// Scores lists of passages on a rerank server, many requests at once.
#include "lib/rerank/client.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "lib/backends/chat.h"
#include "lib/backends/http_stream.h"
#include "lib/core/error.h"
#include "lib/rerank/order.h"

namespace rag::rerank {
namespace {

constexpr size_t kMaxResponse = 16u << 20;  // a response of scores is small; more is a fault
// After a request could not reach the server, other runs' requests in this window make one
// try each: a dead server then costs a run one refused connection, not the retries' backoff.
constexpr double kUnreachableMs = 5000;

struct Job {
    std::string query;
    std::vector<std::string> documents;
    std::vector<double> scores;
    size_t batches_left = 0;
    size_t requests = 0;
    double start_ms = 0, deadline_ms = 0;
    Client::Done done;
};

// A batch waiting for a free slot or for its retry to come due.
struct Queued {
    uint64_t job = 0;
    Batch batch;
    int attempt = 0;
    double ready_ms = 0;
};

// A batch whose request is in flight, and its response so far.
struct Flight {
    Queued queued;
    std::string body;
};

}  // namespace

double backoff_ms(int attempt) { return std::min(2000.0, 100.0 * std::pow(2.0, attempt)); }

bool retryable(long status, std::string_view message) {
    if (status == 501) return false;  // llama-server without --reranking: it will not change
    if (status == 429 || status >= 500) return true;
    return status == 0 && message != "aborted";
}

struct Client::Impl {
    ClientOptions opt;
    HttpStreams http;
    std::map<uint64_t, Job> jobs;  // by id: the oldest job's batches go first
    std::vector<Queued> queue;
    std::unordered_map<uint64_t, std::unique_ptr<Flight>> flights;  // by transfer id
    std::vector<std::pair<Done, Outcome>> finished;                 // called at the end of pump()
    uint64_t next_job = 1;
    double unreachable_until = 0;  // see kUnreachableMs

    explicit Impl(ClientOptions o) : opt(std::move(o)) {}

    HttpRequest request_for(const Job& job, Batch b, double now) const {
        std::vector<std::string_view> docs(job.documents.begin() + static_cast<long>(b.first),
                                           job.documents.begin() + static_cast<long>(b.first + b.count));
        HttpRequest r;
        r.url = opt.endpoint;
        r.body = rerank_body(opt.api, opt.model, job.query, docs);
        if (!opt.api_key.empty()) r.headers.push_back("Authorization: Bearer " + opt.api_key);
        r.connect_timeout_ms = std::max(1L, static_cast<long>(job.deadline_ms - now));
        r.idle_timeout_ms = 0;  // the job's deadline covers a silent server
        return r;
    }

    void launch(const Queued& q, double now) {
        Job& job = jobs.at(q.job);
        auto flight = std::make_unique<Flight>(Flight{q, {}});
        Flight* f = flight.get();
        uint64_t id = http.start(request_for(job, q.batch, now), [f](std::string_view bytes) {
            if (f->body.size() + bytes.size() > kMaxResponse) return false;
            f->body.append(bytes);
            return true;
        });
        ++job.requests;
        flights.emplace(id, std::move(flight));
    }

    void launch_ready(double now) {
        for (size_t i = 0; i < queue.size() && flights.size() < static_cast<size_t>(opt.parallel);) {
            if (queue[i].ready_ms > now) {
                ++i;
                continue;
            }
            Queued q = queue[i];
            queue.erase(queue.begin() + static_cast<long>(i));
            launch(q, now);
        }
    }

    void drop(uint64_t id) {
        std::erase_if(queue, [id](const Queued& q) { return q.job == id; });
        for (auto it = flights.begin(); it != flights.end();) {
            if (it->second->queued.job != id) {
                ++it;
                continue;
            }
            http.abort(it->first);
            it = flights.erase(it);
        }
        jobs.erase(id);
    }

    void end(uint64_t id, std::string error, double now) {
        Job& job = jobs.at(id);
        Outcome o{error.empty() ? std::move(job.scores) : std::vector<double>{},
                  redact_secret(error, opt.api_key), job.requests, now - job.start_ms};
        finished.emplace_back(std::move(job.done), std::move(o));
        drop(id);
    }

    void expire(double now) {
        std::vector<uint64_t> late;
        for (const auto& [id, job] : jobs)
            if (now >= job.deadline_ms) late.push_back(id);
        for (uint64_t id : late) end(id, fmt::format("no answer within {:g} s (--timeout)", opt.timeout), now);
    }

    void settle(const HttpResult& r, double now) {
        auto it = flights.find(r.id);
        if (it == flights.end()) return;
        std::unique_ptr<Flight> f = std::move(it->second);
        flights.erase(it);
        Queued& q = f->queued;
        Job& job = jobs.at(q.job);
        if (!r.message.empty()) return retry_or_end(q, r, now);
        std::vector<double> scores;
        std::string bad = parse_scores(opt.api, f->body, q.batch.count, scores);
        if (!bad.empty()) return end(q.job, "bad response from the rerank server: " + bad, now);
        unreachable_until = 0;
        std::copy(scores.begin(), scores.end(), job.scores.begin() + static_cast<long>(q.batch.first));
        if (--job.batches_left == 0) end(q.job, {}, now);
    }

    void retry_or_end(Queued q, const HttpResult& r, double now) {
        double ready = now + backoff_ms(q.attempt);
        bool unreached = r.status == 0 && r.message != "aborted";
        bool worth = retryable(r.status, r.message) && !(unreached && now < unreachable_until);
        if (unreached) unreachable_until = now + kUnreachableMs;  // after deciding: this run still retries
        if (q.attempt < opt.retries && worth && ready < jobs.at(q.job).deadline_ms) {
            ++q.attempt;
            q.ready_ms = ready;
            queue.push_back(q);
            return;
        }
        std::string tries = q.attempt > 0 ? fmt::format(" (after {} tries)", q.attempt + 1) : "";
        end(q.job, describe(r.message) + tries, now);
    }

    // HttpStreams speaks of a "backend"; here the backend is the rerank server.
    static std::string describe(std::string_view message) {
        constexpr std::string_view kTransport = "backend request failed: ";
        if (message.substr(0, kTransport.size()) == kTransport)
            return "rerank request failed: " + std::string(message.substr(kTransport.size()));
        return "rerank server: " + std::string(message);
    }

    // Until the next retry comes due or a deadline passes.
    int timeout_ms(double now) const {
        if (jobs.empty()) return 60000;
        double due = now + 1000;
        for (const auto& [id, job] : jobs) due = std::min(due, job.deadline_ms);
        if (flights.size() < static_cast<size_t>(opt.parallel))
            for (const Queued& q : queue) due = std::min(due, q.ready_ms);
        return std::max(0, static_cast<int>(std::ceil(due - now)));
    }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;

uint64_t Client::start(std::string query, std::vector<std::string> documents, Done done) {
    Impl& c = *impl_;
    uint64_t id = c.next_job++;
    double now = monotonic_ms();
    Job& job = c.jobs[id];
    std::vector<Batch> batches = split_batches(documents.size(), c.opt.batch);
    job.query = std::move(query);
    job.scores.assign(documents.size(), 0);
    job.documents = std::move(documents);
    job.batches_left = batches.size();
    job.start_ms = now;
    job.deadline_ms = now + c.opt.timeout * 1000;
    job.done = std::move(done);
    for (Batch b : batches) c.queue.push_back({id, b, 0, now});
    if (batches.empty()) c.end(id, {}, now);  // nothing to score: done at the next pump
    return id;
}

void Client::cancel(uint64_t job) {
    if (impl_->jobs.count(job)) impl_->drop(job);
}

void Client::pump() {
    Impl& c = *impl_;
    double now = monotonic_ms();
    c.expire(now);
    c.launch_ready(now);
    for (const HttpResult& r : c.http.perform()) c.settle(r, monotonic_ms());
    now = monotonic_ms();
    c.launch_ready(now);
    for (auto& [done, outcome] : std::exchange(c.finished, {})) done(std::move(outcome));
}

bool Client::idle() const { return impl_->jobs.empty() && impl_->finished.empty(); }

bool Client::wait(int fd) { return impl_->http.wait(fd, impl_->timeout_ms(monotonic_ms())); }

}  // namespace rag::rerank
