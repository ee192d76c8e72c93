#!/bin/sh
# rag-generate --pace sleeps between words after end of input instead of spinning:
# over two seconds of pacing it uses well under a tenth of a second of CPU.
. "${0%/*}/lib.sh"
head -2 "$FIX/backends/extractive.ndjson" >"$T/one"
rag-generate --pace 400 <"$T/one" >"$T/out" &
pid=$!
sleep 2
# utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks.
ticks=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
hz=$(getconf CLK_TCK)
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ "$ticks" -lt $((hz / 10)) ] || fail "--pace used $ticks/$hz s of CPU in 2 s of waiting"
grep -q '"type":"token"' "$T/out" || fail "no token was paced out"
