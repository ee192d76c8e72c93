#!/bin/sh
# Stop on the chat page aborts the answer while it streams: the page keeps what came and gives the
# input back, and the server cancels the run (/metrics counts it cancelled, none done).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
real_index
start_sse --pipeline "$(paced 400)"
node - "$URL" <<'JS' || fail "browser test failed"
const {open, ask, settled, answerFacts, check} = require(process.env.PAGE_JS);
(async () => {
  const {context, page, problems} = await open(process.argv[2]);
  try {
    const n = await ask(page, "How does BM25 weigh rare terms?");
    await page.waitForFunction(() => document.querySelector("article.assistant .text").textContent.length > 0);
    await page.locator("#stop").click();
    check(await settled(page, n, 5000) === "stopped", "the answer ends stopped");
    const a = await answerFacts(page, n);
    check(a.text.length > 0 && !/rare terms weigh more than common ones/.test(a.text), "the part that came stays", a.text);
    check(!(await page.locator("#question").isDisabled()) && a.focus === "question", "the input is back, focused", a);
    check(await page.locator("#send").isVisible() && !(await page.locator("#stop").isVisible()), "Send instead of Stop");
    check(problems.length === 0, "no page errors", problems);
  } finally {
    await context.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
JS
for _ in $(seq 50); do
    curl -s "$URL/metrics" >"$T/metrics"
    grep -q 'rag_sse_runs_total{outcome="cancelled"} 1' "$T/metrics" && break
    sleep 0.1
done
grep -q 'rag_sse_runs_total{outcome="cancelled"} 1' "$T/metrics" || fail "not counted cancelled: $(grep runs_total "$T/metrics")"
! grep -q 'outcome="done"' "$T/metrics" || fail "the run went on to done: $(grep runs_total "$T/metrics")"
grep -q '"DELETE /api/runs/r[0-9a-f]*" 204' "$T/server.log" || fail "Stop did not cancel the run by its id: $(cat "$T/server.log")"
