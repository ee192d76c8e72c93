#!/bin/sh
# A two-turn conversation on the chat page survives a reload: turns come back from GET /api/sessions/ID
# (the session id kept by the browser). The bearer token is asked once, on the first 401, and kept for
# the tab; the second turn goes one-shot (POST /api/chat) and carries the first as history.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
real_index
echo 's3cret-token' >"$T/token"
start_sse --pipeline "$(paced 5)" --token-file "$T/token"
node - "$URL" <<'JS' || fail "browser test failed"
const {open, ask, settled, answerFacts, check} = require(process.env.PAGE_JS);
(async () => {
  const {context, page, problems} = await open(process.argv[2]);
  try {
    await page.locator("#auth[open]").waitFor();
    await page.locator("#token").fill("s3cret-token");
    await page.locator("#token").press("Enter");
    const first = await ask(page, "How does BM25 weigh rare terms?");
    check(await settled(page, first) === "done", "the first answer streams to done");
    await page.locator("#streaming").setChecked(false);
    const second = await ask(page, "And how are long passages normalised?");
    check(await settled(page, second) === "done", "the second answer (one-shot) ends done");
    const b = await answerFacts(page, second);
    check(!/first token/.test(b.facts) && /total/.test(b.facts), "one-shot: a duration, no first token", b.facts);
    check(/length/.test(b.text), "the follow-up is answered", b.text);
    const before = await page.locator("main .text").allTextContents();
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("article.turn").length === 4);
    check(!(await page.locator("#auth").evaluate((d) => d.open)), "no second token prompt after the reload");
    const after = await page.locator("main .text").allTextContents();
    check(JSON.stringify(after) === JSON.stringify(before), "the same four turns after the reload", {before, after});
    check(!(await page.locator("#streaming").isChecked()), "the streaming toggle is remembered");
    check(problems.every((p) => /status of 401/.test(p)), "no page errors but the first 401", problems);
  } finally {
    await context.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
JS
grep -q '"GET /api/sessions/web-[0-9a-f]*" 401' "$T/server.log" || fail "the page did not meet the 401 first"
grep -q '"POST /api/chat" 200' "$T/server.log" || fail "the one-shot turn did not use POST /api/chat"
[ "$(grep -c '"GET /api/sessions/web-[0-9a-f]*" 200' "$T/server.log")" = 2 ] || fail "the turns were not fetched on each load"
