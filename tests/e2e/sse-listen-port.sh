#!/bin/sh
# A port outside 0..65535 is a usage error (getaddrinfo would take it modulo 2^16 and bind
# another port); with port 0 the log names the port the kernel chose, and it answers there.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for port in 99999 65536 8x -1 ''; do
    rc=0; rag-sse --listen "127.0.0.1:$port" --pipeline cat 2>"$T/err" || rc=$?
    [ $rc = 64 ] || fail "port '$port': exit $rc, not 64"
    grep -q "bad port" "$T/err" || fail "port '$port': $(cat "$T/err")"
done
rag-sse --listen 127.0.0.1:0 --pipeline "$FAKE" 2>"$T/log" &
pid=$!
at_exit "kill $pid 2>/dev/null || true"
for _ in $(seq 50); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/log")
[ -n "$port" ] && [ "$port" != 0 ] || fail "the log does not name the bound port: $(cat "$T/log")"
curl -fsS "http://127.0.0.1:$port/healthz" | grep -q '"ok":true' || fail "nothing answers on the logged port $port"
