#!/bin/sh
# Errors show in place on the chat page, with the server's message and a Retry: an error event (a
# question with no indexable terms), a 4xx (a body over --max-body), and a lost network (the server
# killed mid-answer; Retry once it is back gives the answer).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
. "$FIX/page/lib.sh"
real_index
pipeline=$(paced 150)
start_sse --pipeline "$pipeline" --max-body 400
node - "$URL" "$SSE_PID" "$PORT" "$pipeline" <<'JS' || fail "browser test failed"
const {open, ask, settled, answerFacts, check} = require(process.env.PAGE_JS);
const {spawn} = require("child_process");
const [url, pid, port, pipeline] = process.argv.slice(2);
let again = null;
(async () => {
  const {context, page, problems} = await open(url);
  const retryShown = (n) => page.locator("article.assistant").nth(n).locator(".error .retry").isVisible();
  try {
    let n = await ask(page, "the of and");
    check(await settled(page, n) === "error", "an error event ends the answer in error");
    let a = await answerFacts(page, n);
    check(/no indexable terms/.test(a.error) && await retryShown(n), "the message of the error event, and Retry", a.error);
    n = await ask(page, "What is BM25? ".repeat(40));
    check(await settled(page, n) === "error", "a 413 ends the answer in error");
    a = await answerFacts(page, n);
    check(/^413/.test(a.error) && /max|large|body/i.test(a.error) && await retryShown(n), "the status and the server's message", a.error);
    n = await ask(page, "How does BM25 weigh rare terms?");
    await page.waitForFunction((i) => document.querySelectorAll("article.assistant .text")[i].textContent.length > 0, n);
    process.kill(Number(pid), "SIGKILL");  // SIGTERM would let the run finish (--grace)
    const lost = await settled(page, n, 20000);
    check(lost === "error", "a lost network ends the answer in error", [lost, await answerFacts(page, n)]);
    a = await answerFacts(page, n);
    check(/connection/.test(a.error) && await retryShown(n), "a lost connection is said, with Retry", a.error);
    again = spawn("rag-sse", ["--listen", "127.0.0.1:" + port, "--pipeline", pipeline], {stdio: "ignore"});
    await new Promise((r) => setTimeout(r, 500));
    await page.locator("article.assistant").nth(n).locator(".retry").click();
    check(await settled(page, n) === "done", "Retry asks again and gets the answer");
    a = await answerFacts(page, n);
    check(/rare terms weigh more/.test(a.text) && !a.error, "the answer replaces the error", a);
    check(problems.every((p) => /Failed to load resource/.test(p)), "no page errors besides the failed loads", problems);
  } finally {
    await context.close();
    if (again) again.kill();
  }
})().catch((e) => { console.error(e.message); if (again) again.kill(); process.exit(1); });
JS
