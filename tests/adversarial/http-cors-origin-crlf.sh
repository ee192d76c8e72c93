#!/bin/sh
# A CR or LF in --cors-origin would inject response headers: it is a usage
# error at startup (exit 64, a message naming the flag), never a header.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for origin in "$(printf 'https://a.example\r\nSet-Cookie: x=1')" "$(printf 'https://a.example\nX: y')"; do
    rc=0; rag-sse --cors-origin "$origin" --listen 127.0.0.1:0 >/dev/null 2>"$T/err" || rc=$?
    [ $rc = 64 ] || fail "exit $rc, not 64: $(cat "$T/err")"
    grep -q -- '--cors-origin' "$T/err" || fail "the message does not name the flag: $(cat "$T/err")"
done
rc=0; rag-sse --allowed-host "$(printf 'a\r\nb')" --listen 127.0.0.1:0 >/dev/null 2>&1 || rc=$?
[ $rc = 64 ] || fail "--allowed-host with CR LF: exit $rc"
