#!/bin/sh
# Node's `eventsource` package (npm) reads the GET stream: events in order, tokens = done.answer,
# and its automatic reconnect after the end (Last-Event-ID) gets 204, so no second run starts.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
npm_package eventsource eventsource@2
FAKE_MODE=echo start_sse --pipeline "$FAKE" --retry 100
node - "$URL" >"$T/out" <<'JS' || fail "node client: $(cat "$T/out")"
const EventSource = require("eventsource");
const url = process.argv[2] + "/api/chat/stream?query=" + encodeURIComponent("node reads this") + "&session_id=n1";
const es = new EventSource(url);
const seen = []; let answer = "", final = null;
for (const t of ["meta", "sources", "token", "verify", "done", "error"])
  es.addEventListener(t, (e) => {
    if (typeof e.data !== "string") return;   // a connection error, not an `error` event
    if (seen[seen.length - 1] !== t || t !== "token") seen.push(t);
    const d = JSON.parse(e.data);
    if (t === "token") answer += d.t;
    if (t === "done") final = d.answer;
  });
// Let the client reconnect once after the end (retry: 100 ms); the 204 then stops it.
setTimeout(() => {
  console.log(JSON.stringify({seen, match: answer === final, state: es.readyState}));
  es.close();
  process.exit(seen.join(",") === "meta,sources,token,verify,done" && answer === final ? 0 : 1);
}, 1500);
JS
[ "$(grep -c 'run=r' "$T/server.log")" = 1 ] || fail "a reconnect started a second run: $(cat "$T/server.log")"
