// SPDX-License-Identifier: MIT
// Vector encodings and exact search.
#include "lib/vector/dense.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace rag::vector {

namespace {

enum Kind : char { kFloat32 = 'f', kInt8 = 'q' };

bool better(const Scored& a, const Scored& b) { return a.score > b.score || (a.score == b.score && a.id < b.id); }

// Scores rows [0, n) into out; one call per block keeps the query in cache.
void dot_rows(const Matrix& m, size_t first, size_t n, const float* q, float* out) {
    for (size_t r = 0; r < n; ++r) out[r] = dot(m.row(first + r), q, m.dim);
}

}  // namespace

void normalize(std::vector<float>& v) {
    double sum = 0;
    for (float x : v) sum += double(x) * x;
    if (sum == 0) return;
    auto inv = static_cast<float>(1 / std::sqrt(sum));
    for (float& x : v) x *= inv;
}

std::string encode_vector(const std::vector<float>& v, bool quantize) {
    std::string out(1, quantize ? kInt8 : kFloat32);
    if (!quantize) {
        out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
        return out;
    }
    float max = 0;
    for (float x : v) max = std::max(max, std::fabs(x));
    float scale = max > 0 ? max / 127 : 1;
    out.append(reinterpret_cast<const char*>(&scale), sizeof scale);
    for (float x : v) out.push_back(static_cast<char>(static_cast<int8_t>(std::lround(x / scale))));
    return out;
}

size_t encoded_dim(std::string_view b) {
    if (b.size() > 1 && b[0] == kFloat32 && (b.size() - 1) % 4 == 0) return (b.size() - 1) / 4;
    if (b.size() > 5 && b[0] == kInt8) return b.size() - 5;
    return 0;
}

void decode_vector(std::string_view b, float* out) {
    size_t dim = encoded_dim(b);
    if (b[0] == kFloat32) {
        std::memcpy(out, b.data() + 1, dim * sizeof(float));
        return;
    }
    float scale;
    std::memcpy(&scale, b.data() + 1, sizeof scale);
    for (size_t i = 0; i < dim; ++i) out[i] = static_cast<float>(static_cast<int8_t>(b[5 + i])) * scale;
}

// Sixteen independent sums: g++ vectorises them without -ffast-math (each
// lane keeps its own order of additions), and the clones use AVX2 and FMA
// on CPUs that have them while the build stays -O2 for any x86-64.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
float dot(const float* a, const float* b, size_t dim) {
    constexpr size_t kLanes = 16;
    float acc[kLanes] = {};
    size_t i = 0;
    for (; i + kLanes <= dim; i += kLanes)
        for (size_t j = 0; j < kLanes; ++j) acc[j] += a[i + j] * b[i + j];
    float tail = 0;
    for (; i < dim; ++i) tail += a[i] * b[i];
    float sum = tail;
    for (float x : acc) sum += x;
    return sum;
}

void Matrix::add(uint32_t id, const float* v) {
    ids.push_back(id);
    values.insert(values.end(), v, v + dim);
}

std::vector<Scored> exact_top_k(const Matrix& m, const float* query, size_t k) {
    k = std::min(k, m.rows());
    std::vector<Scored> heap;  // the k best so far, worst on top
    heap.reserve(k + 1);
    auto worse_on_top = [](const Scored& a, const Scored& b) { return better(a, b); };
    constexpr size_t kBlock = 256;
    float scores[kBlock];
    for (size_t first = 0; first < m.rows() && k > 0; first += kBlock) {
        size_t n = std::min(kBlock, m.rows() - first);
        dot_rows(m, first, n, query, scores);
        for (size_t r = 0; r < n; ++r) {
            Scored s{m.ids[first + r], scores[r]};
            if (heap.size() == k && !better(s, heap.front())) continue;
            heap.push_back(s);
            std::push_heap(heap.begin(), heap.end(), worse_on_top);
            if (heap.size() > k) {
                std::pop_heap(heap.begin(), heap.end(), worse_on_top);
                heap.pop_back();
            }
        }
    }
    std::sort(heap.begin(), heap.end(), better);
    return heap;
}

}  // namespace rag::vector
