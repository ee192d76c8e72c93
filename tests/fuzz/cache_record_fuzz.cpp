// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes as a stored answer record (packed, as in
// LMDB) and as its JSON export form. Neither decoder may read past its input,
// and whatever decodes must survive a round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lib/cache/answers.h"

namespace {

bool same(const rag::cache::Answer& a, const rag::cache::Answer& b) {
    return a.query == b.query && a.corpus_id == b.corpus_id && a.generation == b.generation && a.model == b.model &&
           a.created_ms == b.created_ms && a.answer == b.answer && a.tokens == b.tokens && a.sources == b.sources &&
           a.verify == b.verify;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (auto a = rag::cache::unpack_answer(bytes)) {
        auto again = rag::cache::unpack_answer(rag::cache::pack_answer(*a));
        if (!again || !same(*a, *again)) abort();
    }
    if (auto a = rag::cache::decode_answer(bytes)) {
        auto again = rag::cache::decode_answer(rag::cache::encode_answer(*a));
        if (!again || !same(*a, *again)) abort();
    }
    return 0;
}
