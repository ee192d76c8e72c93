#!/bin/sh
# @microsoft/fetch-event-source, the POST SSE client many chat UIs use, reads both streaming
# endpoints to the end: /v1/chat/completions (chunks up to data: [DONE]) and /api/chat/stream
# (sources, tokens, verify, done), each spelling /api/chat's answer.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for t in rag-index rag-retrieve rag-generate rag-verify; do command -v $t >/dev/null || skip "$t not built"; done
npm_package @microsoft/fetch-event-source @microsoft/fetch-event-source@2
(cd "$FIX/retrieval" && rag-index -q -i "$T/idx" build --corpus docs docs) || fail "rag-index"
export RAG_INDEX="$T/idx"
start_sse --pipeline "rag-retrieve | rag-generate --pace 5 | rag-verify"
q='How does BM25 weigh rare terms?'
native=$(curl -s "$URL/api/chat" -d '{"query":"'"$q"'"}' | jq -r .answer)
[ -n "$native" ] || fail "no native answer"
node - "$URL" "$q" "$native" >"$T/out" 2>&1 <<'JS' || fail "fetch-event-source: $(cat "$T/out")"
// A browser library: its timers are window's and it unhooks a visibility listener from document
// when done (with openWhenHidden it never hooks one). Node 20 has the fetch and streams it reads with.
globalThis.window = globalThis;
globalThis.document = { hidden: false, addEventListener() {}, removeEventListener() {} };
const { fetchEventSource } = require("@microsoft/fetch-event-source");
const [url, q, native] = process.argv.slice(2);
const check = (ok, what) => { if (!ok) { console.log("failed: " + what); process.exit(1); } };
const read = (path, body) => new Promise((resolve, reject) => {
  const messages = [];
  fetchEventSource(url + path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    openWhenHidden: true,
    async onopen(res) { if (!res.ok) throw new Error("status " + res.status); },
    onmessage(m) { messages.push(m); },
    onclose() { resolve(messages); },
    onerror(e) { reject(e); throw e; },  // throwing stops the library's retries
  }).catch(reject);
});
(async () => {
  const chunks = await read("/v1/chat/completions", { stream: true, messages: [{ role: "user", content: q }] });
  check(chunks.length > 3 && chunks[chunks.length - 1].data === "[DONE]", "v1 stream did not end with [DONE]");
  const parsed = chunks.slice(0, -1).map((m) => JSON.parse(m.data));
  const text = parsed.map((c) => (c.choices[0] && c.choices[0].delta.content) || "").join("");
  check(text === native, `v1 deltas '${text}' != '${native}'`);
  check(parsed.some((c) => c.choices[0] && c.choices[0].finish_reason === "stop"), "no finish chunk");

  // The first frame only sets the reconnection delay (retry:): no event.
  const events = (await read("/api/chat/stream", { query: q, use_cache: false })).filter((m) => m.event);
  const types = events.map((m) => m.event);
  check(types.includes("sources") && types[types.length - 1] === "done", "native types " + types.join(","));
  check(types.includes("verify"), "no verify event");
  const tokens = events.filter((m) => m.event === "token").map((m) => JSON.parse(m.data).t).join("");
  check(tokens === native && JSON.parse(events[events.length - 1].data).answer === native, "native tokens " + tokens);
  check(events.every((m) => m.id), "native events without ids (resume)");
  console.log("ok", chunks.length, "chunks,", events.length, "events");
})().catch((e) => { console.log("failed: " + e); process.exit(1); });
JS
grep -q '^ok ' "$T/out" || fail "no result: $(cat "$T/out")"
