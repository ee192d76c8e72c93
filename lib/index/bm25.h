// SPDX-License-Identifier: MIT
// BM25 scoring (Robertson's saturation, Lucene's non-negative idf).
#pragma once

#include <cmath>
#include <cstdint>

namespace rag::index {

struct Bm25Params {
    double k1 = 0.9;  ///< term-frequency saturation
    double b = 0.4;   ///< length normalisation
};

/// Scores a chunk's terms against collection statistics:
///   idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avg_len))
/// with idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)).
class Bm25 {
public:
    Bm25(Bm25Params params, uint64_t chunks, uint64_t total_len)
        : k1_(params.k1), b_(params.b), n_(static_cast<double>(chunks)),
          avg_len_(chunks ? static_cast<double>(total_len) / static_cast<double>(chunks) : 1.0) {
        if (avg_len_ <= 0) avg_len_ = 1.0;
    }

    double idf(uint64_t df) const {
        double d = static_cast<double>(df);
        return std::log(1.0 + (n_ - d + 0.5) / (d + 0.5));
    }

    /// The tf part of a term's score in a chunk of `len` terms.
    double tf_part(uint32_t tf, uint32_t len) const {
        double t = tf;
        return t * (k1_ + 1.0) / (t + norm(len));
    }

    /// An upper bound of tf_part over a list whose largest tf is `max_tf` and
    /// shortest chunk `min_len` (tf_part grows with tf, shrinks with len).
    double tf_bound(uint32_t max_tf, uint32_t min_len) const { return tf_part(max_tf, min_len); }

    double norm(uint32_t len) const { return k1_ * (1.0 - b_ + b_ * static_cast<double>(len) / avg_len_); }
    double avg_len() const { return avg_len_; }

private:
    double k1_, b_, n_, avg_len_;
};

}  // namespace rag::index
