#!/bin/sh
# rag-index build walks a directory: Markdown, HTML and text files, long ones
# chunked with ids like path#n, unknown types skipped; ls and stats report it.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -i "$T/idx" build --corpus docs --chunk-words 40 docs >"$T/out" 2>"$T/err" || fail "build failed: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "build wrote to stdout"
grep -q "5 documents" "$T/err" || fail "no summary: $(cat "$T/err")"
rag-index -i "$T/idx" ls >"$T/ls"
expect_golden "$T/ls" index-directory-ls
rag-index -i "$T/idx" stats | grep -v '^size_bytes' >"$T/stats"
sed "s|$T|T|" "$T/stats" >"$T/stats.n"
expect_golden "$T/stats.n" index-directory-stats
echo 'javascript comment' | rag-retrieve -i "$T/idx" | grep -q '"retrieved":0' || fail "script or comment text was indexed"
echo 'stemming stems' | rag-retrieve -i "$T/idx" -k 1 | grep '"type":"context"' | grep -q '"doc":"docs/guide/analysis.md#' ||
    fail "chunk ids of a split document"
