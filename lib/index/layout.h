// SPDX-License-Identifier: MIT
// The LMDB layout of an index: database names, meta keys, key and record encodings.
//
//   meta     the keys in namespace meta_key below (decimal ASCII or UTF-8 text)
//   terms    term -> posting list (postings.h)
//   chunks   chunk number (4 bytes, big-endian) -> ChunkRecord
//   docs     document id -> its chunk numbers (varints), in order
//   lengths  "all" -> one little-endian uint32 per chunk number: its length in
//            terms (0 for a removed chunk); read in place by scoring
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/store/env.h"

namespace rag::index {

constexpr uint64_t kFormatVersion = 1;

constexpr const char* kMetaDb = "meta";
constexpr const char* kTermsDb = "terms";
constexpr const char* kChunksDb = "chunks";
constexpr const char* kDocsDb = "docs";
constexpr const char* kLengthsDb = "lengths";
constexpr std::string_view kLengthsKey = "all";

/// LMDB keys are at most 511 bytes; longer terms (base64 blobs, URLs without
/// breaks) are not indexed, and a query never looks them up.
constexpr size_t kMaxTermBytes = 255;

/// The keys of the meta database, named once for the writer and every reader.
namespace meta_key {
constexpr std::string_view kCorpus = "corpus";          ///< corpus id (text)
constexpr std::string_view kGeneration = "generation";  ///< bumped by every build, add and rm
constexpr std::string_view kFormat = "format";          ///< kFormatVersion of the writer
constexpr std::string_view kDocuments = "documents";
constexpr std::string_view kChunks = "chunks";         ///< live chunks (passages)
constexpr std::string_view kTotalLen = "total_len";    ///< terms in all live chunks, for BM25's average
constexpr std::string_view kLanguage = "language";     ///< Snowball stemmer (text)
constexpr std::string_view kStopWords = "stop_words";  ///< 1 when stop words are dropped
}  // namespace meta_key

/// One retrievable passage: a chunk of a document.
struct ChunkRecord {
    std::string id;   ///< "README.md#3", or the document id when it is whole
    std::string doc;  ///< the document id
    std::string title;
    std::string text;
};

std::string encode_chunk(const ChunkRecord& c);
/// Throws std::runtime_error on a damaged record.
ChunkRecord decode_chunk(std::string_view bytes);

/// The key of chunk number `n` (big-endian, so keys sort by number).
std::string chunk_key(uint32_t n);

std::string encode_chunk_list(const std::vector<uint32_t>& chunks);
std::vector<uint32_t> decode_chunk_list(std::string_view bytes);

/// A meta value as an unsigned number; nullopt when absent or not a number.
std::optional<uint64_t> meta_number(store::Txn& txn, MDB_dbi meta, std::string_view key);
std::string meta_text(store::Txn& txn, MDB_dbi meta, std::string_view key);
void put_meta(store::Txn& txn, MDB_dbi meta, std::string_view key, uint64_t value);

}  // namespace rag::index
