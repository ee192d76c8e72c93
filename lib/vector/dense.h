// SPDX-License-Identifier: MIT
// Dense vectors: normalising, the stored encodings (float32, or int8 with its
// scale), and exact top-k by dot product over a matrix of unit vectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rag::vector {

/// Scales `v` to unit length (a zero vector stays zero), so that a dot
/// product is the cosine.
void normalize(std::vector<float>& v);

/// A stored vector: one kind byte, then `dim` little-endian float32s, or a
/// float32 scale and `dim` int8s (each value is int8 * scale; scale = max |x| / 127).
std::string encode_vector(const std::vector<float>& v, bool quantize);
/// The dimension of a stored vector; 0 when the bytes are not one.
size_t encoded_dim(std::string_view bytes);
/// Writes the stored vector's values to `out` (encoded_dim floats).
void decode_vector(std::string_view bytes, float* out);

/// The dot product of two `dim`-long vectors (SIMD where the CPU has it).
float dot(const float* a, const float* b, size_t dim);

/// Rows of unit vectors, each with the id of what it stands for (a chunk number).
struct Matrix {
    size_t dim = 0;
    std::vector<uint32_t> ids;
    std::vector<float> values;  ///< ids.size() rows of dim floats
    size_t rows() const { return ids.size(); }
    const float* row(size_t r) const { return values.data() + r * dim; }
    void add(uint32_t id, const float* v);
};

struct Scored {
    uint32_t id = 0;
    float score = 0;
};

/// The k rows with the largest dot product with `query` (dim floats), best
/// first; equal scores rank the lower id first.
std::vector<Scored> exact_top_k(const Matrix& m, const float* query, size_t k);

}  // namespace rag::vector
