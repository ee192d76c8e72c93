#!/bin/sh
# Spawn mode: bursts of 200 concurrent streams leave rag-sse's memory flat. Its RSS once idle (the
# 2 s resume window passed and freed pages given back) after the sixth burst is within 2 MB of
# what it was idle after the first; before the fix it crept up with every burst (35 MB after 8 of
# 500). bench/rss has the full figures.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE" --workers 0 --no-access-log --resume-window 2
idle_rss() { sleep 8; awk '/^VmRSS/ {print $2}' "/proc/$SSE_PID/status"; }
python3 "$ROOT/bench/rss/bursts.py" "$URL" "$SSE_PID" 1 200 >"$T/bursts" || fail "bursts: $(cat "$T/bursts")"
first=$(idle_rss)
python3 "$ROOT/bench/rss/bursts.py" "$URL" "$SSE_PID" 5 200 >>"$T/bursts" || fail "bursts: $(cat "$T/bursts")"
last=$(idle_rss)
grep -q 'done=200/200' "$T/bursts" || fail "streams did not reach done: $(cat "$T/bursts")"
! grep -v 'done=200/200' "$T/bursts" | grep -q 'burst' || fail "a burst lost streams: $(cat "$T/bursts")"
[ "$last" -le $((first + 2048)) ] || fail "RSS idle after burst 1: $first kB, after burst 6: $last kB"
echo "idle RSS after burst 1: $first kB; after burst 6: $last kB"
