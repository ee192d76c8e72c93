// SPDX-License-Identifier: MIT
// Encoding and cursor of the block-structured posting lists.
#include "lib/index/postings.h"

#include <algorithm>

#include "lib/index/varint.h"

namespace rag::index {

std::string encode_postings(const std::vector<Posting>& postings, const std::function<uint32_t(uint32_t)>& length_of) {
    uint32_t max_tf = 0, min_len = std::numeric_limits<uint32_t>::max();
    for (const Posting& p : postings) {
        max_tf = std::max(max_tf, p.tf);
        min_len = std::min(min_len, length_of(p.chunk));
    }
    std::string skips, data;
    uint32_t prev = 0;
    for (size_t begin = 0; begin < postings.size(); begin += kBlockSize) {
        size_t end = std::min(postings.size(), begin + kBlockSize);
        size_t before = data.size();
        uint32_t block_prev = prev;
        for (size_t i = begin; i < end; ++i) {
            put_varint(data, postings[i].chunk - prev);
            put_varint(data, postings[i].tf);
            prev = postings[i].chunk;
        }
        put_varint(skips, prev - block_prev);
        put_varint(skips, data.size() - before);
    }
    std::string out;
    put_varint(out, postings.size());
    put_varint(out, max_tf);
    put_varint(out, postings.empty() ? 0 : min_len);
    put_varint(out, (postings.size() + kBlockSize - 1) / kBlockSize);
    return out + skips + data;
}

std::vector<Posting> decode_postings(std::string_view blob) {
    std::vector<Posting> out;
    PostingCursor c(blob);
    out.reserve(c.df());
    for (; c.doc() != kEndOfList; c.next()) out.push_back({c.doc(), c.tf()});
    return out;
}

PostingCursor::PostingCursor(std::string_view blob) {
    if (blob.empty()) return;
    auto p = reinterpret_cast<const uint8_t*>(blob.data());
    df_ = static_cast<uint32_t>(get_varint(p));
    max_tf_ = static_cast<uint32_t>(get_varint(p));
    min_len_ = static_cast<uint32_t>(get_varint(p));
    blocks_left_ = static_cast<uint32_t>(get_varint(p));
    skip_p_ = p;
    for (uint32_t b = 0; b < blocks_left_; ++b) {  // find where the data starts
        get_varint(p);
        get_varint(p);
    }
    data_p_ = p;
    if (blocks_left_) decode_block();
}

uint32_t PostingCursor::pending_last() {
    if (!pending_valid_) {
        pending_last_ = prev_last_ + static_cast<uint32_t>(get_varint(skip_p_));
        pending_bytes_ = static_cast<uint32_t>(get_varint(skip_p_));
        pending_valid_ = true;
    }
    return pending_last_;
}

void PostingCursor::skip_block() {
    pending_last();
    data_p_ += pending_bytes_;
    prev_last_ = pending_last_;
    pending_valid_ = false;
    --blocks_left_;
    ++block_index_;
}

void PostingCursor::decode_block() {
    pending_last();
    n_ = std::min(kBlockSize, df_ - block_index_ * kBlockSize);
    const uint8_t* p = data_p_;
    uint32_t prev = prev_last_;
    for (uint32_t i = 0; i < n_; ++i) {
        prev += static_cast<uint32_t>(get_varint(p));
        docs_[i] = prev;
        tfs_[i] = static_cast<uint32_t>(get_varint(p));
    }
    skip_block();
    i_ = 0;
    doc_ = docs_[0];
}

void PostingCursor::next() {
    if (doc_ == kEndOfList) return;
    if (++i_ < n_) {
        doc_ = docs_[i_];
    } else if (blocks_left_) {
        decode_block();
    } else {
        i_ = n_ - 1;
        doc_ = kEndOfList;
    }
}

void PostingCursor::advance(uint32_t target) {
    if (doc_ >= target) return;
    if (docs_[n_ - 1] < target) {
        while (blocks_left_ && pending_last() < target) skip_block();
        if (!blocks_left_) {
            i_ = n_ - 1;
            doc_ = kEndOfList;
            return;
        }
        decode_block();
    }
    while (docs_[i_] < target) ++i_;
    doc_ = docs_[i_];
}

}  // namespace rag::index
