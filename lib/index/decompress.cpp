// SPDX-License-Identifier: MIT
// gzip (zlib), xz (liblzma), bzip2 (libbz2) and zstd (libzstd) streams to bytes.
#include "lib/index/decompress.h"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "lib/index/document.h"

namespace rag::index {

namespace {

constexpr size_t kMaxOutput = size_t{512} << 20;
constexpr size_t kStep = size_t{256} << 10;

[[noreturn]] void damaged(const std::string& path, std::string_view format) {
    throw LoadError(SkipReason::malformed, "'" + path + "': damaged " + std::string(format) + " data");
}

// Grows `out` by a step and returns where the decoder may write, and how much.
std::pair<char*, size_t> grow(std::string& out, size_t used, const std::string& path) {
    if (used >= kMaxOutput)
        throw LoadError(SkipReason::malformed, "'" + path + "': decompresses to over 512 MB; skipped");
    out.resize(used + kStep);
    return {out.data() + used, kStep};
}

// gzip, including files of several members (inflate restarted on each).
std::string gunzip(const std::string& in, const std::string& path) {
    std::string out;
    size_t used = 0;
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) damaged(path, "gzip");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END || z.avail_in > 0) {
        if (rc == Z_STREAM_END) inflateReset(&z);
        auto [dst, room] = grow(out, used, path);
        z.next_out = reinterpret_cast<Bytef*>(dst);
        z.avail_out = static_cast<uInt>(room);
        rc = inflate(&z, Z_NO_FLUSH);
        used += room - z.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  // truncated
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) damaged(path, "gzip");
    out.resize(used);
    return out;
}

std::string unxz(const std::string& in, const std::string& path) {
    std::string out;
    size_t used = 0;
    lzma_stream s = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) damaged(path, "xz");
    s.next_in = reinterpret_cast<const uint8_t*>(in.data());
    s.avail_in = in.size();
    lzma_ret rc = LZMA_OK;
    while (rc == LZMA_OK) {
        auto [dst, room] = grow(out, used, path);
        s.next_out = reinterpret_cast<uint8_t*>(dst);
        s.avail_out = room;
        rc = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
        used += room - s.avail_out;
    }
    lzma_end(&s);
    if (rc != LZMA_STREAM_END) damaged(path, "xz");
    out.resize(used);
    return out;
}

std::string bunzip2(const std::string& in, const std::string& path) {
    std::string out;
    size_t used = 0;
    bz_stream b{};
    if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK) damaged(path, "bzip2");
    b.next_in = const_cast<char*>(in.data());
    b.avail_in = static_cast<unsigned>(in.size());
    int rc = BZ_OK;
    while (rc == BZ_OK) {
        auto [dst, room] = grow(out, used, path);
        b.next_out = dst;
        b.avail_out = static_cast<unsigned>(room);
        rc = BZ2_bzDecompress(&b);
        used += room - b.avail_out;
        if (rc == BZ_OK && b.avail_in == 0 && b.avail_out != 0) break;  // truncated
    }
    BZ2_bzDecompressEnd(&b);
    if (rc != BZ_STREAM_END) damaged(path, "bzip2");
    out.resize(used);
    return out;
}

std::string unzstd(const std::string& in, const std::string& path) {
    std::string out;
    size_t used = 0;
    ZSTD_DStream* z = ZSTD_createDStream();
    ZSTD_inBuffer src{in.data(), in.size(), 0};
    size_t rc = 1;
    while (src.pos < src.size || rc != 0) {
        auto [dst, room] = grow(out, used, path);
        ZSTD_outBuffer sink{dst, room, 0};
        rc = ZSTD_decompressStream(z, &sink, &src);
        used += sink.pos;
        if (ZSTD_isError(rc) || (src.pos == src.size && sink.pos < room && rc != 0)) break;
    }
    ZSTD_freeDStream(z);
    if (rc != 0) damaged(path, "zstd");
    out.resize(used);
    return out;
}

bool starts_with(const std::string& data, std::string_view magic) {
    return std::string_view(data).substr(0, magic.size()) == magic;
}

}  // namespace

std::string_view without_compression_suffix(std::string_view path) {
    for (std::string_view ext : {".gz", ".xz", ".bz2", ".zst"}) {
        if (path.size() <= ext.size()) continue;
        std::string_view tail = path.substr(path.size() - ext.size());
        if (std::equal(tail.begin(), tail.end(), ext.begin(),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
            return path.substr(0, path.size() - ext.size());
    }
    return path;
}

std::string decompress(std::string data, const std::string& path) {
    if (starts_with(data, "\x1f\x8b")) return gunzip(data, path);
    if (starts_with(data, std::string_view("\xfd"
                                           "7zXZ\0",
                                           6)))
        return unxz(data, path);
    if (starts_with(data, "BZh") && data.size() > 3 && data[3] >= '1' && data[3] <= '9') return bunzip2(data, path);
    if (starts_with(data, "\x28\xb5\x2f\xfd")) return unzstd(data, path);
    return data;
}

}  // namespace rag::index
