#!/bin/sh
# rag-rerank sends $RAG_RERANK_API_KEY (or --api-key-file's) as a bearer token, and a server
# that echoes a wrong key in its 401 never gets that key into an event or onto stderr.
. "${0%/*}/lib.sh"
key=rr-test-key-0123456789abcdef
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" --key "$key" & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
grep '"run":"a"' "$FIX/rerank/runs.ndjson" >"$T/in"
RAG_RERANK_API_KEY=$key rag-rerank -u "http://127.0.0.1:$PORT" <"$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
[ "$(jq -c 'select(.type == "meta") | .data.rerank.reranked' "$T/out")" = 3 ] || fail "the key was not sent: $(cat "$T/out")"
printf '%s\n' "$key" >"$T/keyfile"
rag-rerank -u "http://127.0.0.1:$PORT" --api-key-file "$T/keyfile" <"$T/in" >"$T/out" || fail "exit $?"
[ "$(jq -c 'select(.type == "meta") | .data.rerank.reranked' "$T/out")" = 3 ] || fail "--api-key-file was not used"
wrong=rr-wrong-key-9876543210fedcba
RAG_RERANK_API_KEY=$wrong rag-rerank -u "http://127.0.0.1:$PORT" <"$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
jq -r 'select(.type == "meta") | .data.rerank.error' "$T/out" | grep -q 'HTTP 401' || fail "no 401 in meta: $(cat "$T/out")"
! grep -q "$wrong\|fedcba" "$T/out" "$T/err" || fail "the key leaked: $(cat "$T/out" "$T/err")"
grep -q 'redacted' "$T/err" || fail "the 401 message was not kept, redacted: $(cat "$T/err")"
