// SPDX-License-Identifier: MIT
// Compressed posting lists: blocks of 128 (chunk, tf) pairs, delta+varint coded,
// behind a skip table so that a cursor can jump over blocks it does not need.
//
//   header  varint df, max_tf, min_len, blocks
//   skips   per block: varint (last chunk - previous block's last chunk), varint bytes
//   blocks  per posting: varint (chunk - previous chunk), varint tf
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace rag::index {

struct Posting {
    uint32_t chunk = 0;
    uint32_t tf = 0;
};

constexpr uint32_t kEndOfList = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kBlockSize = 128;

/// Encodes postings sorted by chunk (strictly increasing). `length_of`
/// gives a chunk's length, for the list's upper-bound statistics.
std::string encode_postings(const std::vector<Posting>& postings, const std::function<uint32_t(uint32_t)>& length_of);

/// Every posting of an encoded list (for in-place updates).
std::vector<Posting> decode_postings(std::string_view blob);

/// Reads an encoded list in place (the blob must outlive the cursor).
/// Starts on the first posting; doc() is kEndOfList past the end. A damaged
/// list throws std::runtime_error (from the constructor, next or advance).
class PostingCursor {
public:
    explicit PostingCursor(std::string_view blob);

    uint32_t doc() const { return doc_; }
    uint32_t tf() const { return tfs_[i_]; }
    uint32_t df() const { return df_; }
    uint32_t max_tf() const { return max_tf_; }
    uint32_t min_len() const { return min_len_; }

    void next();
    /// Moves to the first posting whose chunk is >= target (never backwards).
    void advance(uint32_t target);

private:
    uint32_t pending_last();
    void skip_block();
    void decode_block();

    uint32_t df_ = 0, max_tf_ = 0, min_len_ = 0;
    uint32_t blocks_left_ = 0, block_index_ = 0;
    const uint8_t* end_ = nullptr;
    const uint8_t* skip_p_ = nullptr;
    const uint8_t* data_p_ = nullptr;
    uint32_t prev_last_ = 0;  // last chunk of the block before the pending one
    bool pending_valid_ = false;
    uint32_t pending_last_ = 0, pending_bytes_ = 0;
    uint32_t docs_[kBlockSize] = {}, tfs_[kBlockSize] = {};
    uint32_t n_ = 0, i_ = 0;
    uint32_t doc_ = kEndOfList;
};

}  // namespace rag::index
