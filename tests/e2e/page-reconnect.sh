#!/bin/sh
# The chat page survives a dropped connection: a proxy between Chromium and rag-sse resets the first
# streaming answer in the middle of a token frame; the page resumes on its own (POST again with
# Last-Event-ID: RUN:SEQ), and ends with the whole answer, each token once: its text is the answer
# the server stored for the session, and the page showed it growing without ever shrinking or
# repeating a word.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
real_index
start_sse --pipeline "$(paced 120)"
PROXY_PORT=$(free_port)
python3 "$FIX/page/cut_proxy.py" "$PROXY_PORT" "$PORT" "$T/proxy.log" 3 &
PROXY_PID=$!
at_exit "kill $PROXY_PID 2>/dev/null || true"
wait_port "$PROXY_PORT"
node - "http://127.0.0.1:$PROXY_PORT" >"$T/browser.out" <<'JS' || { cat "$T/browser.out" "$T/proxy.log"; fail "browser test failed"; }
const {open, ask, settled, answerFacts, check} = require(process.env.PAGE_JS);
(async () => {
  const {context, page, problems} = await open(process.argv[2]);
  try {
    await page.evaluate(() => {  // every text the answer shows while it grows
      window.seen = [];
      new MutationObserver(() => {
        const t = document.querySelector("article.assistant .text");
        if (t) window.seen.push(t.textContent);
      }).observe(document.body, {subtree: true, childList: true, characterData: true});
    });
    const n = await ask(page, "How does BM25 weigh rare terms?");
    check(await settled(page, n, 30000) === "done", "the cut answer still ends done");
    const a = await answerFacts(page, n);
    check(/rare terms weigh more/.test(a.text) && a.error === "", "the answer is whole, with no error shown", a);
    const seen = await page.evaluate(() => window.seen);
    check(seen.every((s, i) => i === 0 || s.startsWith(seen[i - 1])), "the text only ever grew", seen);
    const session = await page.evaluate(() => localStorage.getItem("rag.session"));
    console.log("session " + session);
    console.log("answer " + JSON.stringify(a.text));
    // Chromium logs the reset itself as a console error; anything else is a page problem.
    const others = problems.filter((p) => !/net::ERR_CONNECTION_RESET/.test(p));
    check(others.length === 0, "no page errors but the reset", problems);
  } finally {
    await context.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
JS
grep -q '^cut: after 2 whole token frames' "$T/proxy.log" || fail "the proxy never cut the stream: $(cat "$T/proxy.log")"
grep -q '^request: POST /api/chat/stream .* last-event-id=r[0-9a-f]\{12\}:[0-9][0-9]*$' "$T/proxy.log" ||
    fail "the page did not resume with Last-Event-ID: $(cat "$T/proxy.log")"
session=$(sed -n 's/^session //p' "$T/browser.out")
shown=$(sed -n 's/^answer //p' "$T/browser.out")
curl -sf "$URL/api/sessions/$session" >"$T/session.json" || fail "GET /api/sessions/$session"
stored=$(python3 -c 'import json,sys; t=[t for t in json.load(open(sys.argv[1]))["turns"] if t["role"]=="assistant"]; print(json.dumps(t[-1]["content"]))' "$T/session.json")
[ "$shown" = "$stored" ] || fail "the page shows $shown but the server stored $stored"
