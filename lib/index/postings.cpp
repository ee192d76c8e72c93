// SPDX-License-Identifier: MIT
// Encoding and cursor of the block-structured posting lists.
#include "lib/index/postings.h"

#include <algorithm>
#include <stdexcept>

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

namespace {

[[noreturn]] __attribute__((cold)) void damaged() { throw std::runtime_error("damaged posting list"); }

// One varint before `end` that fits the 32 bits postings use; a damaged list throws. Most are
// one byte: that path is kept short, as scoring reads two per posting.
inline uint32_t read_u32(const uint8_t*& p, const uint8_t* end) {
    if (p < end && !(*p & 0x80)) return *p++;
    uint64_t v = 0;
    for (int shift = 0; shift < 35 && p < end; shift += 7) {
        uint8_t byte = *p++;
        v |= uint64_t{byte & 0x7fu} << shift;
        if (!(byte & 0x80)) {
            if (v > std::numeric_limits<uint32_t>::max()) damaged();
            return static_cast<uint32_t>(v);
        }
    }
    damaged();
}

}  // namespace

// A list read from the index may be damaged: the header and the skip table are checked here
// (the block sizes must add up to the data), each block when it is decoded, so that a bad
// list throws instead of reading past its end.
PostingCursor::PostingCursor(std::string_view blob) {
    if (blob.empty()) return;
    auto p = reinterpret_cast<const uint8_t*>(blob.data());
    end_ = p + blob.size();
    df_ = read_u32(p, end_);
    max_tf_ = read_u32(p, end_);
    min_len_ = read_u32(p, end_);
    blocks_left_ = read_u32(p, end_);
    if (blocks_left_ != (uint64_t{df_} + kBlockSize - 1) / kBlockSize) damaged();
    skip_p_ = p;
    uint64_t data_bytes = 0;
    for (uint32_t b = 0; b < blocks_left_; ++b) {  // find where the data starts
        read_u32(p, end_);
        data_bytes += read_u32(p, end_);
    }
    data_p_ = p;
    if (data_bytes != static_cast<uint64_t>(end_ - p)) damaged();
    if (blocks_left_) decode_block();
}

uint32_t PostingCursor::pending_last() {
    if (!pending_valid_) {
        uint64_t last = uint64_t{prev_last_} + read_u32(skip_p_, end_);
        if (last >= kEndOfList) damaged();
        pending_last_ = static_cast<uint32_t>(last);
        pending_bytes_ = read_u32(skip_p_, end_);
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

// A block must hold strictly increasing chunks ending at the skip table's last one, in
// exactly the bytes the table gives it (the list's first chunk may be 0).
void PostingCursor::decode_block() {
    pending_last();
    n_ = std::min(kBlockSize, df_ - block_index_ * kBlockSize);
    const uint8_t* p = data_p_;
    const uint8_t* block_end = data_p_ + pending_bytes_;
    uint64_t prev = prev_last_;
    for (uint32_t i = 0; i < n_; ++i) {
        uint32_t delta = read_u32(p, block_end);
        if (delta == 0 && (block_index_ > 0 || i > 0)) damaged();
        prev += delta;
        if (prev >= kEndOfList) damaged();
        docs_[i] = static_cast<uint32_t>(prev);
        tfs_[i] = read_u32(p, block_end);
    }
    if (p != block_end || prev != pending_last_) damaged();
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
