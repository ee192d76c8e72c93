// SPDX-License-Identifier: MIT
// Compressed inputs (gzip, xz, bzip2, zstd) read transparently, as Debian ships
// its documentation and man pages.
#pragma once

#include <string>
#include <string_view>

namespace rag::index {

/// `path` without a trailing ".gz", ".xz", ".bz2" or ".zst" (any case).
std::string_view without_compression_suffix(std::string_view path);

/// `data` decompressed when it starts with the magic bytes of gzip, xz,
/// bzip2 or zstd, else `data` unchanged (so a misnamed file still reads).
/// Throws LoadError (malformed) naming `path` for damaged data or output
/// over 512 MB (a decompression bomb).
std::string decompress(std::string data, const std::string& path);

}  // namespace rag::index
