#!/bin/sh
# A burst of runs larger than a pipe holds (400 requests, about 250 KB, sent while the worker sleeps) reaches it whole:
# requests queued behind a full pipe are written when it drains, and every run ends with done.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "sleep 3; PACE_MS=1 exec python3 '$ROOT/bench/serve/paced.py'" --workers 1 --max-runs 1000 --no-access-log
pad=$(head -c 600 /dev/zero | tr '\0' q)
seq 400 | xargs -P 200 -I{} curl -sN --max-time 60 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' \
    -d "{\"query\":\"{} $pad\"}" -o "$T/out.{}" || true
done_count=$(cat "$T"/out.* | grep -c '^event: done')
[ "$done_count" = 400 ] || fail "$done_count of 400 runs ended with done"
curl -s "$URL/metrics" | grep -q '^rag_sse_streams_open 0$' || fail "streams left open"
