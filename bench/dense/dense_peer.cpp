// SPDX-License-Identifier: MIT
// bench/dense: top-10 over N unit vectors of dimension D, rag's exact search and
// HNSW graph beside FAISS's IndexFlatIP and IndexHNSWFlat, in one process and one
// run. Queries one at a time on one thread (what rag-retrieve does); graphs are
// built on every core with the same M and efConstruction.
// usage: dense_peer N DIM QUERIES M EF_CONSTRUCTION EF...
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <unordered_set>
#include <vector>

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>

#include "lib/vector/dense.h"
#include "lib/vector/hnsw.h"

using namespace rag::vector;

namespace {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<float> unit_vectors(size_t n, size_t dim, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<float> out(n * dim);
    for (size_t i = 0; i < n; ++i) {
        std::vector<float> v(dim);
        for (float& x : v) x = g(rng);
        normalize(v);
        std::copy(v.begin(), v.end(), out.begin() + i * dim);
    }
    return out;
}

struct Latency {
    std::vector<double> ms;
    double pct(double p) {
        std::sort(ms.begin(), ms.end());
        return ms[std::min(ms.size() - 1, size_t(p * ms.size()))];
    }
};

// Times `search(q, out_ids)` over every query; recall against `truth` (10 ids per query).
template <typename Fn>
void measure(const char* engine, const char* params, const std::vector<float>& queries, size_t dim, size_t nq,
             const std::vector<std::vector<int64_t>>& truth, Fn search) {
    Latency lat;
    double found = 0;
    for (size_t q = 0; q < nq; ++q) {
        std::vector<int64_t> ids;
        double t = now_ms();
        search(queries.data() + q * dim, ids);
        lat.ms.push_back(now_ms() - t);
        std::unordered_set<int64_t> got(ids.begin(), ids.end());
        for (int64_t id : truth[q]) found += got.count(id);
    }
    std::printf("| %-14s | %-10s | %8.3f | %8.3f | %7.4f |\n", engine, params, lat.pct(0.5), lat.pct(0.99),
                found / (10.0 * nq));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 7) {
        std::fprintf(stderr, "usage: dense_peer N DIM QUERIES M EF_CONSTRUCTION EF...\n");
        return 64;
    }
    size_t n = std::atol(argv[1]), dim = std::atol(argv[2]), nq = std::atol(argv[3]);
    size_t m_links = std::atol(argv[4]), efc = std::atol(argv[5]);
    std::vector<size_t> efs;
    for (int i = 6; i < argc; ++i) efs.push_back(std::atol(argv[i]));
    std::vector<float> data = unit_vectors(n, dim, 1), queries = unit_vectors(nq, dim, 2);
    Matrix mat;
    mat.dim = dim;
    for (size_t i = 0; i < n; ++i) mat.add(uint32_t(i), data.data() + i * dim);

    std::printf("| engine         | params     | p50 ms   | p99 ms   | recall@10 |\n");
    std::printf("|----------------|------------|----------|----------|-----------|\n");
    std::vector<std::vector<int64_t>> truth(nq);
    for (size_t q = 0; q < nq; ++q)
        for (const Scored& s : exact_top_k(mat, queries.data() + q * dim, 10)) truth[q].push_back(s.id);

    omp_set_num_threads(1);  // queries on one thread, for both engines
    measure("rag exact", "-", queries, dim, nq, truth, [&](const float* q, std::vector<int64_t>& ids) {
        for (const Scored& s : exact_top_k(mat, q, 10)) ids.push_back(s.id);
    });
    faiss::IndexFlatIP flat(dim);
    flat.add(n, data.data());
    measure("faiss flat", "-", queries, dim, nq, truth, [&](const float* q, std::vector<int64_t>& ids) {
        std::vector<float> d(10);
        ids.resize(10);
        flat.search(1, q, 10, d.data(), ids.data());
    });

    double t = now_ms();
    HnswGraph graph = HnswGraph::build(mat, {.m = m_links, .ef_construction = efc});
    double rag_build = now_ms() - t;
    omp_set_num_threads(std::max(1, omp_get_num_procs()));
    faiss::IndexHNSWFlat hnsw(dim, int(m_links), faiss::METRIC_INNER_PRODUCT);
    hnsw.hnsw.efConstruction = int(efc);
    t = now_ms();
    hnsw.add(n, data.data());
    double faiss_build = now_ms() - t;
    omp_set_num_threads(1);
    for (size_t ef : efs) {
        char p[32];
        std::snprintf(p, sizeof p, "ef %zu", ef);
        measure("rag hnsw", p, queries, dim, nq, truth, [&](const float* q, std::vector<int64_t>& ids) {
            for (const Scored& s : graph.search(q, 10, ef)) ids.push_back(s.id);
        });
        hnsw.hnsw.efSearch = int(ef);
        measure("faiss hnsw", p, queries, dim, nq, truth, [&](const float* q, std::vector<int64_t>& ids) {
            std::vector<float> d(10);
            ids.resize(10);
            hnsw.search(1, q, 10, d.data(), ids.data());
        });
    }
    std::printf("\nHNSW build (M %zu, efConstruction %zu, %d threads): rag %.1f s, faiss %.1f s\n", m_links, efc,
                omp_get_num_procs(), rag_build / 1000, faiss_build / 1000);
    return 0;
}
