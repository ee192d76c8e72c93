// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes through rag-index's document readers. The first byte picks
// one: HTML, Markdown or roff to text (valid UTF-8 in, valid UTF-8 out), a JSONL file (each
// non-blank line gives a document or a warning), damaged compressed input (only LoadError), the
// decompressors on what their own library compressed (the same bytes back), or a file read as
// its content says.
#include <bzlib.h>
#include <lzma.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lib/core/json_out.h"
#include "lib/core/text_file.h"
#include "lib/index/decompress.h"
#include "lib/index/formats.h"
#include "lib/index/markdown.h"
#include "lib/index/roff.h"

namespace {

using namespace rag::index;

bool valid(std::string_view s) { return rag::valid_utf8(s) == s; }

// A renderer keeps text valid: a character is never cut, an escape never makes a bad one.
template <class Render>
void check_render(std::string_view in, Render render) {
    std::string title;
    std::string text = render(in, title);
    if (valid(in) && (!valid(text) || !valid(title))) std::abort();
}

// `data` as a file, for the readers that take a path.
InputFile as_file(std::string_view data, InputType type) {
    static int fd = memfd_create("document-fuzz", 0);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data.data(), data.size(), 0) != static_cast<ssize_t>(data.size()))
        std::abort();
    return {"/proc/self/fd/" + std::to_string(fd), "doc", type, data.size(), true};
}

void check_jsonl(std::string_view data) {
    std::string plain;
    try {
        plain = decompress(std::string(data), "fuzz");  // lines are counted on what the reader reads
    } catch (const LoadError&) {
        return;
    }
    size_t lines = 0, docs = 0, warnings = 0;
    for (size_t pos = 0; pos < plain.size();) {
        size_t nl = std::min(plain.find('\n', pos), plain.size());
        if (!rag::trim(std::string_view(plain).substr(pos, nl - pos)).empty()) ++lines;
        pos = nl + 1;
    }
    load_file(
        as_file(data, InputType::jsonl), {},
        [&](Document&& d) {
            if (d.id.empty()) std::abort();
            ++docs;
        },
        [&](const std::string&) { ++warnings; });
    if (docs + warnings != lines) std::abort();
}

std::string compressed(std::string_view data, uint8_t how) {
    std::string out(data.size() * 2 + 1024, '\0');
    switch (how % 4) {
    case 0: {
        z_stream z{};
        if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z.avail_in = static_cast<uInt>(data.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
        out.resize(z.total_out);
        deflateEnd(&z);
        return out;
    }
    case 1: {
        size_t n = 0;
        if (lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t*>(data.data()),
                                    data.size(), reinterpret_cast<uint8_t*>(out.data()), &n, out.size()) != LZMA_OK)
            std::abort();
        out.resize(n);
        return out;
    }
    case 2: {
        auto n = static_cast<unsigned>(out.size());
        if (BZ2_bzBuffToBuffCompress(out.data(), &n, const_cast<char*>(data.data()),
                                     static_cast<unsigned>(data.size()), 1, 0, 0) != BZ_OK)
            std::abort();
        out.resize(n);
        return out;
    }
    default: {
        size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 1);
        if (ZSTD_isError(n)) std::abort();
        out.resize(n);
        return out;
    }
    }
}

void check_decompress(std::string_view data) {
    try {
        (void)decompress(std::string(data), "fuzz");
    } catch (const LoadError&) {  // damaged data: the only way it may fail
    }
}

void check_round_trip(std::string_view data, uint8_t how) {
    if (decompress(compressed(data, how), "fuzz") != data) std::abort();
}

void check_any_file(std::string_view data) {
    try {
        load_file(as_file(data, InputType::automatic), {}, [](Document&&) {}, [](const std::string&) {});
    } catch (const LoadError&) {  // binary, empty, damaged: reported and skipped
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    if (size == 0) return 0;
    std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
    switch (bytes[0] % 7) {
    case 0: check_render(data, [](std::string_view s, std::string& t) { return html_to_text(s, &t); }); break;
    case 1: check_render(data, [](std::string_view s, std::string& t) { return markdown_to_text(s, &t); }); break;
    case 2: check_render(data, [](std::string_view s, std::string& t) { return man_to_text(s, t); }); break;
    case 3: check_jsonl(data); break;
    case 4: check_decompress(data); break;
    case 5: check_round_trip(data, bytes[0] / 7); break;
    default: check_any_file(data); break;
    }
    return 0;
}
