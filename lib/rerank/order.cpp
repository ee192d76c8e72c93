// SPDX-License-Identifier: MIT
// The arithmetic of a rerank: batches and the new order.
#include "lib/rerank/order.h"

#include <algorithm>
#include <numeric>

namespace rag::rerank {

std::vector<Batch> split_batches(size_t n, size_t size) {
    if (size == 0) size = std::max<size_t>(n, 1);
    std::vector<Batch> batches;
    for (size_t first = 0; first < n; first += size) batches.push_back({first, std::min(size, n - first)});
    return batches;
}

std::vector<size_t> reranked_order(const std::vector<double>& scores, size_t keep) {
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    order.resize(std::min(keep, order.size()));
    return order;
}

std::vector<size_t> original_order(size_t n, size_t keep) {
    std::vector<size_t> order(std::min(n, keep));
    std::iota(order.begin(), order.end(), size_t{0});
    return order;
}

}  // namespace rag::rerank
