#!/bin/sh
# Headless Chromium's own EventSource on rag-sse's origin (the GET stream): events in order, tokens
# equal done.answer, and the reconnect after the end (Last-Event-ID) gets 204, so no second run starts.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
FAKE_MODE=echo start_sse --pipeline "$FAKE" --retry 200
node - "$URL" <<'JS' || fail "browser test failed"
const {open, check} = require(process.env.PAGE_JS);
(async () => {
  const {context, page, problems} = await open(process.argv[2]);
  try {
    const r = await page.evaluate(() => new Promise((resolve) => {
      const es = new EventSource("api/chat/stream?query=" + encodeURIComponent("streams in a browser"));
      const seen = []; let answer = "", final = null;
      for (const t of ["meta", "sources", "token", "verify", "done"])
        es.addEventListener(t, (e) => {
          if (seen[seen.length - 1] !== t) seen.push(t);
          const d = JSON.parse(e.data);
          if (t === "token") answer += d.t;
          if (t === "done") final = d.answer;
        });
      setTimeout(() => { resolve({seen, answer, final, state: es.readyState}); es.close(); }, 1500);  // one reconnect
    }));
    check(r.seen.join(",") === "meta,sources,token,verify,done", "events in order", r.seen);
    check(r.answer === r.final && r.final === "streams in a browser ", "tokens make done.answer", r);
    check(r.state === 2, "the 204 after the end closed the EventSource", r.state);
  } finally {
    await context.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
JS
[ "$(grep -c 'run=r' "$T/server.log")" = 1 ] || fail "more than one run: $(cat "$T/server.log")"
grep -q '"GET /api/chat/stream?query=[^"]*" 204' "$T/server.log" || fail "no reconnect answered 204: $(cat "$T/server.log")"
