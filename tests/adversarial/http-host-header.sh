#!/bin/sh
# An HTTP/1.1 request needs exactly one Host (RFC 9112 3.2): none or two is a
# 400, never a 200; HTTP/1.0 without Host is still served. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    printf 'GET /healthz HTTP/1.1\r\n\r\n' | raw >"$T/out"
    [ "$(status <"$T/out")" = 400 ] || fail "$MODE: no Host: $(head -1 "$T/out")"
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n' | raw >"$T/out"
    [ "$(status <"$T/out")" = 400 ] || fail "$MODE: two Hosts: $(head -1 "$T/out")"
    printf 'GET /healthz HTTP/1.0\r\n\r\n' | raw >"$T/out"
    [ "$(status <"$T/out")" = 200 ] || fail "$MODE: HTTP/1.0 without Host: $(head -1 "$T/out")"
    echo "$MODE: none 400, two 400, 1.0 200"
}
in_each_mode check
