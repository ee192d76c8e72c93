// SPDX-License-Identifier: MIT
// MaxScore and exhaustive top-k evaluation over posting cursors.
#include "lib/index/search.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <queue>
#include <unordered_map>

namespace rag::index {

uint32_t LengthTable::operator[](uint32_t chunk) const {
    size_t at = size_t{chunk} * 4;
    if (at + 4 > bytes_.size()) return 0;
    unsigned char b[4];
    std::memcpy(b, bytes_.data() + at, 4);
    return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}

namespace {

bool better(const Hit& a, const Hit& b) { return a.score > b.score || (a.score == b.score && a.chunk < b.chunk); }

// The k best hits seen so far; the worst on top.
class TopK {
public:
    explicit TopK(size_t k) : k_(k) {}
    /// The score a hit must beat to enter (0 until full: BM25 scores are positive;
    /// none enters a top 0).
    double threshold() const {
        if (k_ == 0) return std::numeric_limits<double>::infinity();
        return heap_.size() < k_ ? 0.0 : heap_.top().score;
    }
    bool push(Hit h) {
        if (k_ == 0) return false;
        if (heap_.size() < k_) {
            heap_.push(h);
            return heap_.size() == k_;
        }
        if (!better(h, heap_.top())) return false;
        heap_.pop();
        heap_.push(h);
        return true;
    }
    std::vector<Hit> sorted() {
        std::vector<Hit> out;
        for (; !heap_.empty(); heap_.pop()) out.push_back(heap_.top());
        std::reverse(out.begin(), out.end());
        return out;
    }

private:
    struct Worse {
        bool operator()(const Hit& a, const Hit& b) const { return better(a, b); }
    };
    size_t k_;
    std::priority_queue<Hit, std::vector<Hit>, Worse> heap_;
};

// A term's contribution to a chunk; one expression for both evaluations so
// that they agree to the last bit.
double contribution(const QueryTerm& t, const Bm25& bm25, uint32_t len) {
    return t.weight * bm25.tf_part(t.cursor.tf(), len);
}

}  // namespace

std::vector<Hit> search_maxscore(std::vector<QueryTerm> terms, const Bm25& bm25, const LengthTable& lengths, size_t k) {
    std::vector<double> bound(terms.size());
    for (size_t i = 0; i < terms.size(); ++i)
        bound[i] = terms[i].weight * bm25.tf_bound(terms[i].cursor.max_tf(), terms[i].cursor.min_len());
    // Ascending by bound: the first `essential` terms are the non-essential ones.
    std::vector<size_t> order(terms.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bound[a] < bound[b]; });
    std::vector<double> prefix(order.size() + 1, 0.0);  // prefix[i]: sum of the i smallest bounds
    for (size_t i = 0; i < order.size(); ++i) prefix[i + 1] = prefix[i] + bound[order[i]];

    TopK top(k);
    std::vector<double> parts(terms.size());
    size_t first_essential = 0;
    auto update_essential = [&] {
        double theta = top.threshold();
        while (first_essential < order.size() && prefix[first_essential + 1] <= theta) ++first_essential;
    };
    for (;;) {
        uint32_t doc = kEndOfList;
        for (size_t i = first_essential; i < order.size(); ++i) doc = std::min(doc, terms[order[i]].cursor.doc());
        if (doc == kEndOfList) break;
        uint32_t len = lengths[doc];
        std::fill(parts.begin(), parts.end(), 0.0);
        double partial = 0;
        for (size_t i = first_essential; i < order.size(); ++i) {
            QueryTerm& t = terms[order[i]];
            if (t.cursor.doc() != doc) continue;
            partial += parts[order[i]] = contribution(t, bm25, len);
            t.cursor.next();
        }
        double theta = top.threshold();
        bool pruned = false;
        for (size_t i = first_essential; i-- > 0;) {
            if (partial + prefix[i + 1] <= theta) {  // cannot enter the top k
                pruned = true;
                break;
            }
            QueryTerm& t = terms[order[i]];
            t.cursor.advance(doc);
            if (t.cursor.doc() == doc) partial += parts[order[i]] = contribution(t, bm25, len);
        }
        if (pruned) continue;
        double score = 0;  // summed in query order, exactly as search_exhaustive does
        for (double p : parts) score += p;
        if (score > theta && top.push({doc, score})) update_essential();
    }
    return top.sorted();
}

std::vector<Hit> search_exhaustive(std::vector<QueryTerm> terms, const Bm25& bm25, const LengthTable& lengths,
                                   size_t k) {
    std::unordered_map<uint32_t, double> acc;
    for (QueryTerm& t : terms)
        for (; t.cursor.doc() != kEndOfList; t.cursor.next())
            acc[t.cursor.doc()] += contribution(t, bm25, lengths[t.cursor.doc()]);
    TopK top(k);
    for (auto [doc, score] : acc) top.push({doc, score});
    return top.sorted();
}

}  // namespace rag::index
