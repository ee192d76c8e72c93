#!/bin/sh
# An answer and a document holding <script> and <img onerror> show on the chat page as text: no element
# is made of them, no script of theirs runs (no page error, no CSP report, no dialog), the title stays.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
real_index "$FIX/page/hostile"
start_sse
node - "$URL" <<'JS' || fail "browser test failed"
const {open, ask, settled, answerFacts, check} = require(process.env.PAGE_JS);
(async () => {
  const {context, page, problems} = await open(process.argv[2]);
  try {
    const title = await page.title();
    for (const streaming of [true, false]) {
      await page.locator("#streaming").setChecked(streaming);
      const n = await ask(page, "What does the widget manual quote as markup?");
      check(await settled(page, n) === "done", `the answer ends done (streaming ${streaming})`);
      const a = await answerFacts(page, n);
      check(a.text.includes("<script>document.title") && a.text.includes("<img src=x onerror="),
        "the answer shows the markup as text", a.text);
      await page.locator("article.assistant").nth(n).locator(".sources summary").first().click();
      const passage = await page.locator("article.assistant").nth(n).locator(".sources .passage").first().textContent();
      check(passage.includes("<img src=x onerror="), "the source's passage shows the markup as text", passage);
    }
    await page.waitForTimeout(300);  // an image error handler would have fired by now
    const made = await page.evaluate(() => document.querySelectorAll("main script, main img, main [onerror]").length);
    check(made === 0, "no element was made of the markup", made);
    check(await page.title() === title, "no injected script ran", await page.title());
    check(problems.length === 0, "no page error, console error or dialog", problems);
  } finally {
    await context.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
JS
