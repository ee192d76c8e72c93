// SPDX-License-Identifier: MIT
// Query evaluation: top-k BM25 by MaxScore dynamic pruning, and the
// exhaustive evaluation it must agree with.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lib/index/bm25.h"
#include "lib/index/postings.h"

namespace rag::index {

/// One query term: its posting list and its weight (idf times its count in the query).
struct QueryTerm {
    PostingCursor cursor;
    double weight = 0;
};

struct Hit {
    uint32_t chunk = 0;
    double score = 0;
};

/// Chunk lengths read in place: one little-endian uint32 per chunk number.
class LengthTable {
public:
    explicit LengthTable(std::string_view bytes = {}) : bytes_(bytes) {}
    uint32_t operator[](uint32_t chunk) const;
    uint32_t size() const { return static_cast<uint32_t>(bytes_.size() / 4); }

private:
    std::string_view bytes_;
};

/// The k best chunks by BM25, best first; equal scores rank the lower chunk
/// number first. MaxScore: terms whose summed upper bounds cannot lift a
/// chunk into the top k are only probed for chunks the others found.
std::vector<Hit> search_maxscore(std::vector<QueryTerm> terms, const Bm25& bm25, const LengthTable& lengths, size_t k);

/// The same ranking, computed by scoring every posting of every term.
std::vector<Hit> search_exhaustive(std::vector<QueryTerm> terms, const Bm25& bm25, const LengthTable& lengths,
                                   size_t k);

}  // namespace rag::index
