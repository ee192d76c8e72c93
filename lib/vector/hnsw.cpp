// SPDX-License-Identifier: MIT
// HnswGraph over hnswlib, with rag's own dot product as its distance.
#include "lib/vector/hnsw.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>
// hnswlib 0.6.2's prefetch hints read one link past the end of a link list
// (harmless in practice: the value only aims a prefetch, and malloc rounds blocks
// up). Under AddressSanitizer that read aborts the tests, so
// there the hints are left out; the distances are ours either way (DotSpace).
#if defined(__SANITIZE_ADDRESS__)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

namespace rag::vector {

namespace {

// hnswlib's inner-product space compiles its SIMD by the build's -m flags (SSE
// at -O2); this one uses dot(), whose clones pick AVX2 when the CPU has it.
class DotSpace : public hnswlib::SpaceInterface<float> {
public:
    explicit DotSpace(size_t dim) : dim_(dim) {}
    size_t get_data_size() override { return dim_ * sizeof(float); }
    hnswlib::DISTFUNC<float> get_dist_func() override { return distance; }
    void* get_dist_func_param() override { return &dim_; }

private:
    static float distance(const void* a, const void* b, const void* dim) {
        return 1.0f - dot(static_cast<const float*>(a), static_cast<const float*>(b), *static_cast<const size_t*>(dim));
    }
    size_t dim_;
};

// hnswlib reads and writes files only; a memfd is a file that never touches the disk.
class MemFile {
public:
    MemFile() : fd_(memfd_create("rag-hnsw", MFD_CLOEXEC)) {
        if (fd_ < 0) throw std::runtime_error("cannot create a memory file for the HNSW graph");
    }
    ~MemFile() { ::close(fd_); }
    std::string path() const { return fmt::format("/proc/self/fd/{}", fd_); }

private:
    int fd_;
};

}  // namespace

struct HnswGraph::Impl {
    explicit Impl(size_t dim) : space(dim) {}
    DotSpace space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph;
    size_t dim = 0;
};

HnswGraph::HnswGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HnswGraph::HnswGraph(HnswGraph&&) noexcept = default;
HnswGraph& HnswGraph::operator=(HnswGraph&&) noexcept = default;
HnswGraph::~HnswGraph() = default;

HnswGraph HnswGraph::build(const Matrix& m, const HnswParams& p) {
    auto impl = std::make_unique<Impl>(m.dim);
    impl->dim = m.dim;
    impl->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(&impl->space, std::max<size_t>(1, m.rows()), p.m,
                                                                    p.ef_construction);
    auto& g = *impl->graph;
    if (m.rows() > 0) g.addPoint(m.row(0), m.ids[0]);  // the entry point, before the threads start
    std::atomic<size_t> next{1};
    unsigned threads = p.threads ? p.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (size_t r; (r = next++) < m.rows();) g.addPoint(m.row(r), m.ids[r]);
        });
    for (auto& t : pool) t.join();
    return HnswGraph(std::move(impl));
}

HnswGraph HnswGraph::load(std::string_view bytes, size_t dim) {
    MemFile file;
    {
        std::ofstream out(file.path(), std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw std::runtime_error("cannot stage the HNSW graph in memory");
    }
    auto impl = std::make_unique<Impl>(dim);
    impl->dim = dim;
    impl->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(&impl->space, file.path());
    return HnswGraph(std::move(impl));
}

std::string HnswGraph::serialize() const {
    MemFile file;
    impl_->graph->saveIndex(file.path());
    std::ifstream in(file.path(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<Scored> HnswGraph::search(const float* query, size_t k, size_t ef) const {
    auto& g = *impl_->graph;
    k = std::min(k, static_cast<size_t>(g.cur_element_count));
    if (k == 0) return {};
    g.setEf(std::max(ef, k));
    auto queue = g.searchKnn(query, k);
    std::vector<Scored> out(queue.size());
    for (size_t i = out.size(); i-- > 0; queue.pop())  // the queue holds the worst on top
        out[i] = {static_cast<uint32_t>(queue.top().second), 1.0f - queue.top().first};
    return out;
}

size_t HnswGraph::size() const { return impl_->graph->cur_element_count; }
size_t HnswGraph::dim() const { return impl_->dim; }

double recall_at_k(const Matrix& m, const HnswGraph& graph, size_t k, size_t queries, size_t ef) {
    if (m.rows() == 0 || k == 0) return 1.0;
    std::mt19937 rng(42);
    std::uniform_int_distribution<size_t> pick(0, m.rows() - 1);
    double found = 0, wanted = 0;
    for (size_t q = 0; q < queries; ++q) {
        const float* query = m.row(pick(rng));
        std::unordered_set<uint32_t> approx;
        for (const Scored& s : graph.search(query, k, ef)) approx.insert(s.id);
        for (const Scored& s : exact_top_k(m, query, k)) found += approx.count(s.id), wanted += 1;
    }
    return wanted > 0 ? found / wanted : 1.0;
}

}  // namespace rag::vector
