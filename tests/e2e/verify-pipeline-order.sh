#!/bin/sh
# In a real pipeline (rag-generate's extractive backend -> rag-verify -> rag-show) each run's
# events come as tokens, then verify, then done, and the verified answer is accepted.
. "${0%/*}/lib.sh"
command -v rag-generate >/dev/null || skip "rag-generate is not built"
rag-generate <"$FIX/verify/pipeline.ndjson" | rag-verify >"$T/out"
for run in p1 p2; do
    order=$(grep "\"run\":\"$run\"" "$T/out" | sed -E 's/^\{"type":"([a-z]+)".*/\1/' | uniq | tr '\n' ' ')
    [ "$order" = "request context token verify done " ] || fail "run $run: events in order: $order"
done
[ "$(grep -c '"type":"verify".*"accepted":true' "$T/out")" = 2 ] || fail "extractive answers not accepted: $(grep verify "$T/out")"
rag-show --json <"$T/out" | grep -c '"verify":{"score":' | grep -qx 2 || fail "rag-show did not carry verify"
