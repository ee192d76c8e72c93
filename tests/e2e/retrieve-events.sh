#!/bin/sh
# rag-retrieve answers a request with meta, sources (snippets) and context,
# after the request itself, and honours the request's top_k.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build --corpus docs docs
printf '%s\n' '{"type":"request","run":"r1","data":{"query":"How does BM25 weigh rare terms?","top_k":2}}' \
    'What are snippets?' | rag-retrieve -i "$T/idx" | normalize >"$T/out"
expect_golden "$T/out" retrieve-events
