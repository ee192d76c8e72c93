#!/bin/sh
# DNS rebinding (Ollama's CVE-2024-28224): a request whose Host is not the
# listen address, localhost on loopback, or an --allowed-host name is refused
# with 421 on every path, so a rebound page reads nothing. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    for path in /healthz /api/chat /metrics /; do
        code=$(curl -s -o "$T/out" -w '%{http_code}' -H "Host: rebound.example:$PORT" "$URL$path")
        [ "$code" = 421 ] || fail "$MODE: $path with a foreign Host: $code"
    done
    grep -q 'allowed-host' "$T/out" || fail "$MODE: the message does not say how to allow it: $(cat "$T/out")"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/healthz")" = 200 ] || fail "$MODE: localhost"
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: chat.example' "$URL/healthz")" = 200 ] ||
        fail "$MODE: --allowed-host chat.example refused"
    echo "$MODE: foreign Host 421, localhost and --allowed-host 200"
}
SSE_FLAGS="--allowed-host chat.example"
in_each_mode check
start_sse --pipeline "$FAKE" --allowed-host '*'
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: any.example' "$URL/healthz")" = 200 ] || fail "--allowed-host '*'"
