#!/bin/sh
# A silent run gets ': ping' comments every --heartbeat seconds; tokens arrive as they are made.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
FAKE_DELAY=0.5 start_sse --pipeline "$FAKE" --heartbeat 0.2
python3 - "$URL" <<'PY' || fail "heartbeat or streaming"
import sys, time, requests
r = requests.post(sys.argv[1] + "/api/chat/stream", json={"query": "x"}, stream=True, timeout=10)
t0, pings, token_times = time.time(), 0, []
for line in r.iter_lines():
    if line == b": ping":
        pings += 1
    elif line == b"event: token":
        token_times.append(time.time() - t0)
assert pings >= 4, pings
# Tokens are 0.5 s apart at the source: they must not arrive in one burst at the end.
assert token_times[-1] - token_times[0] > 1.5, token_times
PY
