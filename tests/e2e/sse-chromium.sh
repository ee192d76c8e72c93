#!/bin/sh
# Headless Chromium's own EventSource, on the chat page: the answer streams in and the page ends "done"
# (the Last-Event-ID reconnect after the end gets 204, so no second run starts).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || skip "chromium not installed"
FAKE_MODE=echo start_sse --pipeline "$FAKE" --retry 200
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$T/profile" \
    --virtual-time-budget=8000 --dump-dom "$URL/?q=streams+in+a+browser" >"$T/dom" 2>"$T/browser.log" ||
    fail "chromium failed: $(tail -5 "$T/browser.log")"
grep -q '<p id="status">done</p>' "$T/dom" || fail "page did not finish: $(grep -o '<p id="status">[^<]*' "$T/dom")"
grep -q 'data-final="streams in a browser "' "$T/dom" || fail "answer: $(grep -o '<div id="answer"[^>]*>[^<]*' "$T/dom")"
grep -q '>streams in a browser </div>' "$T/dom" || fail "tokens did not make the answer"
[ "$(grep -c 'run=r' "$T/server.log")" = 1 ] || fail "more than one run: $(cat "$T/server.log")"
