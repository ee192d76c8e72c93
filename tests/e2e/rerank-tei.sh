#!/bin/sh
# rag-rerank --api tei speaks TEI's POST /rerank {query, texts} -> [{index, score}] and gives
# the same order as the Jina shape's POST /v1/rerank for the same scores.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
rag-rerank -u "http://127.0.0.1:$PORT" --api tei -p 1 <"$FIX/rerank/runs.ndjson" >"$T/tei" || fail "tei: exit $?"
rag-rerank -u "http://127.0.0.1:$PORT" --api jina -p 1 <"$FIX/rerank/runs.ndjson" >"$T/jina" || fail "jina: exit $?"
[ "$(cut -d' ' -f1 "$T/log" | tr '\n' ' ')" = "/rerank /rerank /v1/rerank /v1/rerank " ] ||
    fail "not two TEI then two Jina requests: $(cat "$T/log")"
grep -v '"type":"meta"' "$T/tei" >"$T/tei.events"
grep -v '"type":"meta"' "$T/jina" >"$T/jina.events"
diff -u "$T/jina.events" "$T/tei.events" || fail "the TEI shape reordered differently"
[ "$(jq -c 'select(.type == "context" and .run == "a") | [.data.passages[].doc]' "$T/tei")" = \
    '["paris.md#1","dogs.md#1"]' ] || fail "TEI order wrong: $(cat "$T/tei")"
