// SPDX-License-Identifier: MIT
// The arithmetic of a rerank: the batches a list is scored in, and the new order.
#pragma once

#include <cstddef>
#include <vector>

namespace rag::rerank {

/// A slice of a run's passages sent in one request.
struct Batch {
    size_t first = 0;
    size_t count = 0;
};

/// `n` passages in slices of at most `size` (size 0: one slice), in order.
std::vector<Batch> split_batches(size_t n, size_t size);

/// The indices of the `keep` best passages, best first, by `scores` (higher is better;
/// equal scores keep their earlier order). keep beyond the list keeps them all.
std::vector<size_t> reranked_order(const std::vector<double>& scores, size_t keep);

/// The first `keep` indices in their original order (the fall-back when scoring failed).
std::vector<size_t> original_order(size_t n, size_t keep);

}  // namespace rag::rerank
