#!/bin/sh
# A rerank server slower than --timeout costs a run no more than the timeout: the retrieval
# order passes, and meta.rerank says the time ran out.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" --delay 5 & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
start=$(date +%s%N)
rag-rerank -u "http://127.0.0.1:$PORT" --timeout 0.5 <"$FIX/rerank/runs.ndjson" >"$T/out" 2>"$T/err" || fail "exit $?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 3000 ] || fail "took $ms ms with --timeout 0.5"
[ "$(jq -r 'select(.type == "meta") | .data.rerank.error' "$T/out" | sort -u)" = \
    "no answer within 0.5 s (--timeout)" ] || fail "meta does not say the time ran out: $(cat "$T/out")"
[ "$(grep -c '"type":"context"' "$T/out")" = 2 ] || fail "a run's context was lost: $(cat "$T/out")"
