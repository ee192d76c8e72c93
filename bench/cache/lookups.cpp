// SPDX-License-Identifier: MIT
// bench/cache helper: fills a cache with N answers ("question I"), then times
// lookups through the path `rag-cache get` takes (index check, key, read, decode).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "lib/cache/answers.h"
#include "lib/cache/lookup.h"
#include "lib/core/tool.h"

namespace {

using namespace rag::cache;

void fill(const std::string& dir, size_t n) {
    auto env = rag::store::Env::open(dir);
    size_t have = 0;
    {
        auto txn = env.read();
        have = count_answers(txn);
    }
    const std::string text =
        "BM25 ranks documents by term frequency, saturated by k1, and by inverse "
        "document frequency, with length normalised by b [1]. ";
    for (size_t i = have; i < n;) {
        size_t end = std::min(n, i + 50'000);
        env.write([&](rag::store::Txn& txn) {
            for (size_t j = i; j < end; ++j) {
                rag::Request r;
                r.query = "question " + std::to_string(j);
                RequestKey k = request_key(r, {});
                Answer& a = k.identity;
                a.answer = text + r.query;
                a.tokens = {static_cast<uint32_t>(text.size()), static_cast<uint32_t>(r.query.size())};
                a.sources = R"({"sources":[{"doc":"bm25.md#2","score":11.2,"snippet":"BM25 is a ranking function"}]})";
                a.created_ms = now_ms();
                put_answer(txn, k.key, a);
            }
        });
        i = end;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: lookups CACHE N [SECONDS]\n");
        return 64;
    }
    std::string dir = argv[1];
    size_t n = std::strtoull(argv[2], nullptr, 10);
    double seconds = argc > 3 ? std::atof(argv[3]) : 2.0;
    fill(dir, n);
    Lookup lookup({dir, dir + "/no-index", 0, kDefaultHistoryTurns});
    uint64_t x = 88172645463325252ull, done = 0, hits = 0;
    rag::Request r;
    auto cpu_s = [] {
        timespec ts;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
    };
    double cpu0 = 0, start = 0;
    // Round 0 warms the map (a long-running process has faulted its pages in;
    // a fresh one has not); round 1 is timed.
    for (int round = 0; round < 2; ++round) {
        done = hits = 0;
        cpu0 = cpu_s();
        start = rag::monotonic_ms();
        double stop = start + seconds * 1000;
        while (rag::monotonic_ms() < stop) {
            for (int b = 0; b < 1000; ++b, ++done) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift: random keys, no locality help
                r.query = "question " + std::to_string(x % n);
                hits += lookup.find(r).has_value();
            }
        }
    }
    double secs = (rag::monotonic_ms() - start) / 1000, cpu = cpu_s() - cpu0;
    // Per wall second and per CPU second: on a shared machine the second is the stable one.
    std::printf("%zu %.0f %.0f %.2f %llu\n", n, done / secs, done / cpu, cpu * 1e6 / done,
                static_cast<unsigned long long>(done - hits));
    return hits == done ? 0 : 1;
}
