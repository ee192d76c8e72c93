#!/bin/sh
# rag-retrieve passes other events and cached requests through unchanged, and
# turns a foreign corpus, an empty query and a missing index into error events.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -q -i "$T/idx" build --corpus docs docs
cat >"$T/in" <<'IN'
{"type":"token","run":"a","data":{"t":"hello"}}
{"type":"request","run":"b","data":{"query":"bm25","cached":true}}
{"type":"request","run":"c","data":{"query":"bm25","corpus_id":"other"}}
{"type":"request","run":"d","data":{"query":"the of and"}}
{"type":"done","run":"a","data":{"answer":"hello"}}
IN
rag-retrieve -i "$T/idx" <"$T/in" | sed "s|$T|T|g" >"$T/out"
expect_golden "$T/out" retrieve-passthrough
rag-retrieve -i "$T/none" <"$T/in" >"$T/out2" 2>"$T/err" || fail "a missing index must not stop the tool"
grep -q '"run":"c","data":{"message":"cannot open index' "$T/out2" || fail "missing index: $(cat "$T/out2")"
[ "$(grep -c 'cannot open index' "$T/err")" = 1 ] || fail "stderr should name the problem once"
