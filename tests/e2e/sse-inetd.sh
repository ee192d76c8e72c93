#!/bin/sh
# --inetd serves one connection on stdin/stdout with keep-alive: on pipes, and behind systemd-socket-activate -a --inetd.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
printf 'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\n{"query":"q"}GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
    rag-sse --inetd --pipeline "$FAKE" 2>"$T/log" | tr -d '\r' >"$T/out" || fail "exit status $?"
[ "$(grep -o 'HTTP/1.1 200 OK' "$T/out" | wc -l)" = 2 ] || fail "two answers expected: $(cat "$T/out")"
grep -q '"answer":"Transfer learning' "$T/out" || fail "no answer"
grep -q '^Connection: close' "$T/out" || fail "the last answer must close"
command -v systemd-socket-activate >/dev/null || skip "no systemd-socket-activate"
PORT=$(free_port)
systemd-socket-activate -a --inetd -l "127.0.0.1:$PORT" rag-sse --inetd --pipeline "$FAKE" 2>"$T/sa.log" &
at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
# One connection, two requests (keep-alive), then a second connection.
curl -svN -X POST "http://127.0.0.1:$PORT/api/chat/stream" -H 'Content-Type: application/json' -d '{"query":"x"}' --next "http://127.0.0.1:$PORT/healthz" \
    >"$T/two" 2>"$T/curl.log"
grep -q '^event: done' "$T/two" || fail "no stream over inetd: $(cat "$T/two")"
grep -q '"ok":true' "$T/two" || fail "no keep-alive request"
[ "$(grep -c 'rag-sse: 127.0.0.1 ' "$T/sa.log")" = 2 ] || fail "$(cat "$T/sa.log")"
grep -q 'Re-using existing connection' "$T/curl.log" || fail "keep-alive used two connections"
