#!/bin/sh
# A request line has a limit of its own (8 KiB): longer is a 414, not a 431 or
# a hang; one just under it is served. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
check() {
    long=$(head -c 9000 /dev/zero | tr '\0' a)
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz?$long")" = 414 ] || fail "$MODE: long request line not 414"
    short=$(head -c 8000 /dev/zero | tr '\0' a)
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz?$short")" = 200 ] || fail "$MODE: an 8000-byte line refused"
    echo "$MODE: 9000 bytes 414, 8000 bytes 200"
}
in_each_mode check
