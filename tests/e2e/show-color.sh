#!/bin/sh
# rag-show --color always colours headings, sources and the verify line, even into a file.
. "${0%/*}/lib.sh"
rag-show --color always <"$FIX/interleaved.ndjson" >"$T/out" 2>"$T/err" || fail "exit status $?"
expect_golden "$T/out" show-color
RAG_COLOR=never rag-show <"$FIX/interleaved.ndjson" >"$T/plain"
expect_golden "$T/plain" show-interleaved
rag-show --color auto <"$FIX/interleaved.ndjson" >"$T/auto"   # not a terminal: no colour
expect_golden "$T/auto" show-interleaved
