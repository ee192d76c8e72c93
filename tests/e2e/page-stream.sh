#!/bin/sh
# The chat page in headless Chromium against the real pipeline: the answer grows in several steps
# before done, with sources, [n] links to them, the fresh and grounding badges and timings; the same
# question in a new chat shows the cached badge. Screenshots light and dark at 1280 and 390 px.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
real_index
start_sse --pipeline "$(paced 15)"
node - "$URL" <<'JS' || fail "browser test failed"
const {open, ask, settled, answerFacts, check, shot} = require(process.env.PAGE_JS);
(async () => {
  const {context, page, problems} = await open(process.argv[2]);
  try {
    await page.evaluate(() => {  // every length the answer text takes while it grows
      window.lengths = [];
      new MutationObserver(() => {
        const t = document.querySelector("article.assistant .text");
        if (t && t.closest("article").dataset.state !== "done") window.lengths.push(t.textContent.length);
      }).observe(document.getElementById("conversation"), {subtree: true, childList: true, characterData: true});
    });
    const q = "How does BM25 weigh rare terms?";
    const n = await ask(page, q);
    await page.waitForFunction(() => document.querySelector("article.assistant[data-state=streaming] .cursor:not([hidden])"));
    check(await page.locator("#question").isDisabled() && await page.locator("#stop").isVisible(), "input disabled, Stop shown while streaming");
    check(await settled(page, n) === "done", "the answer ends done");
    const steps = new Set(await page.evaluate(() => window.lengths)).size;
    check(steps >= 5, "the answer grew in several steps before done", steps);
    const a = await answerFacts(page, n);
    check(/rare terms weigh more/.test(a.text), "the answer is the extractive one", a.text);
    check(a.sources >= 1 && a.cites >= 1 && a.citeTargetsExist, "sources and [n] links to them", a);
    check(a.fresh && !a.cached && a.grounded, "fresh and grounding badges", a);
    check(/first token \d/.test(a.facts) && /total/.test(a.facts), "time to first token and duration", a.facts);
    check(a.focus === "question", "focus back on the input", a.focus);
    await page.locator("article.assistant a.cite").first().click();
    check(await page.locator("article.assistant .sources details").first().evaluate((d) => d.open), "a citation opens its source");
    check(await page.locator(".sources .passage").first().isVisible(), "the source expands to its passage");
    for (const scheme of ["light", "dark"])
      for (const width of [1280, 390]) {
        await page.emulateMedia({colorScheme: scheme});
        await page.setViewportSize({width, height: width > 500 ? 860 : 844});
        await shot(page, `chat-${scheme}-${width}`);
      }
    await page.locator("#new-chat").click();
    check(await page.locator("article").count() === 0, "New chat clears the conversation");
    const m = await ask(page, q);
    check(await settled(page, m) === "done", "the second answer ends done");
    const b = await answerFacts(page, m);
    check(b.cached && !b.fresh && b.text === a.text, "the same question in a new chat is cached", b);
    check(problems.length === 0, "no page errors", problems);
  } finally {
    await context.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
JS
grep -q 'POST /api/chat/stream' "$T/server.log" || fail "the page did not use POST /api/chat/stream"
