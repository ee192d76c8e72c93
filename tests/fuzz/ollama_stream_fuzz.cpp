// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes as Ollama's streamed /api/chat answer (NDJSON), whole,
// byte by byte and in pieces: the same text, error, end and token count every way.
#include "tests/fuzz/stream_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::check_pieces(rag::make_ollama_stream, data, size);
    return 0;
}
