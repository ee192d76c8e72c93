// SPDX-License-Identifier: MIT
// An HNSW graph over unit vectors (Debian's header-only hnswlib), for dense
// search above the size where exact search gets slow; and its recall@k.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/vector/dense.h"

namespace rag::vector {

struct HnswParams {
    size_t m = 16;                 ///< links per node (twice that on the ground layer)
    size_t ef_construction = 200;  ///< candidates kept while linking a node
    unsigned threads = 0;          ///< building threads; 0: one per core
};

class HnswGraph {
public:
    /// Links every row of `m` (ids are the labels). Throws std::bad_alloc.
    static HnswGraph build(const Matrix& m, const HnswParams& params = {});
    /// A graph from serialize()'s bytes for vectors of `dim`. Throws
    /// std::runtime_error when the bytes are not such a graph.
    static HnswGraph load(std::string_view bytes, size_t dim);

    HnswGraph(HnswGraph&&) noexcept;
    HnswGraph& operator=(HnswGraph&&) noexcept;
    ~HnswGraph();

    /// The graph as bytes (hnswlib's own format), to store in the index.
    std::string serialize() const;

    /// About the k nearest rows by dot product, best first; `ef` candidates
    /// are explored (at least k): more is slower and finds more of the true k.
    std::vector<Scored> search(const float* query, size_t k, size_t ef = 64) const;

    size_t size() const;
    size_t dim() const;

private:
    struct Impl;
    explicit HnswGraph(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The share of the exact top k that the graph finds, averaged over `queries`
/// rows of `m` taken as queries (a fixed sample, so runs compare).
double recall_at_k(const Matrix& m, const HnswGraph& graph, size_t k, size_t queries, size_t ef = 64);

}  // namespace rag::vector
