#!/bin/sh
# --listen takes IPv6 addresses ([::1]:PORT) as well as IPv4, several at once.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null || skip "no IPv6 loopback"
P6=$(free_port)
start_sse --pipeline "$FAKE" --listen "[::1]:$P6"
curl -s "http://[::1]:$P6/healthz" | grep -q '"ok":true' || fail "IPv6 listener"
curl -s "$URL/healthz" | grep -q '"ok":true' || fail "IPv4 listener"
grep -q '"GET /healthz" 200' "$T/server.log" || fail "no access log"
grep -q '^rag-sse: ::1 ' "$T/server.log" || fail "IPv6 peer not logged: $(cat "$T/server.log")"
