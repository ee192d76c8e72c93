#!/bin/sh
# GET /metrics speaks the Prometheus text format: requests by status, runs by outcome, histograms, cache hits.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE"
curl -sN -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' >/dev/null
curl -s -o /dev/null "$URL/none"
curl -s "$URL/metrics" >"$T/m"
for want in 'rag_sse_requests_total{status="200"} 1' 'rag_sse_requests_total{status="404"} 1' \
            'rag_sse_runs_total{outcome="done"} 1' 'rag_sse_streams_open 0' 'rag_sse_cache_hits_total 0' \
            'rag_sse_first_token_seconds_count 1' 'rag_sse_run_duration_seconds_count 1' \
            '# TYPE rag_sse_first_token_seconds histogram'; do
    grep -qxF "$want" "$T/m" || fail "missing: $want"
done
curl -s "$URL/" | grep -q '<script src="app.js"' || fail "no chat page"
