#!/bin/sh
# The official `openai` npm SDK against rag-sse's /v1 with the real pipeline: a streaming and a
# non-streaming completion (deltas = /api/chat's answer), include_usage, the `rag` field, an abort
# through AbortController that cancels the run (/metrics), a wrong key (AuthenticationError), an
# unknown model (NotFoundError) and n=2 (BadRequestError).
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
for t in rag-index rag-retrieve rag-generate rag-verify; do command -v $t >/dev/null || skip "$t not built"; done
npm_package openai openai@4
(cd "$FIX/retrieval" && rag-index -q -i "$T/idx" build --corpus docs docs) || fail "rag-index"
export RAG_INDEX="$T/idx"
echo sekrit-token >"$T/token"
# Paced words, so the abort lands mid-stream.
start_sse --token-file "$T/token" --pipeline "rag-retrieve | rag-generate --pace 20 | rag-verify"
q='How does BM25 weigh rare terms?'
native=$(curl -s -H 'Authorization: Bearer sekrit-token' "$URL/api/chat" -d '{"query":"'"$q"'"}' | jq -r .answer)
[ -n "$native" ] || fail "no native answer"
node - "$URL" "$q" "$native" >"$T/out" 2>&1 <<'JS' || fail "openai SDK: $(cat "$T/out")"
const OpenAI = require("openai");
const [url, q, native] = process.argv.slice(2);
const client = new OpenAI({ baseURL: url + "/v1", apiKey: "sekrit-token", maxRetries: 0 });
const messages = [{ role: "user", content: q }];
const check = (ok, what) => { if (!ok) { console.log("failed: " + what); process.exit(1); } };
const metric = async (name) => {
  const text = await (await fetch(url + "/metrics", { headers: { Authorization: "Bearer sekrit-token" } })).text();
  const m = text.match(new RegExp("^" + name.replace(/[{}]/g, "\\$&") + " (\\d+)$", "m"));
  return m ? Number(m[1]) : 0;
};
(async () => {
  const stream = await client.chat.completions.create(
    { model: "rag", messages, stream: true, stream_options: { include_usage: true } });
  let text = "", sources = null, verify, usage = null, finish = null;
  for await (const chunk of stream) {
    if (chunk.rag && chunk.rag.sources) sources = chunk.rag.sources;
    if (chunk.rag && "verify" in chunk.rag) verify = chunk.rag.verify;
    if (chunk.usage) usage = chunk.usage;
    const c = chunk.choices[0];
    if (c && c.delta.content) text += c.delta.content;
    if (c && c.finish_reason) finish = c.finish_reason;
  }
  check(text === native, `deltas '${text}' != '${native}'`);
  check(sources && sources.length > 0 && sources[0].doc, "rag.sources on the role chunk");
  check(verify && typeof verify.score === "number", "rag.verify on the finish chunk");
  check(finish === "stop", "finish_reason " + finish);
  check(usage && usage.completion_tokens > 0 && usage.total_tokens >= usage.completion_tokens, "usage");

  const one = await client.chat.completions.create({ model: "rag:extractive", messages });
  check(one.choices[0].message.content === native, "non-streaming content");
  check(one.rag.sources.length > 0 && one.usage.completion_tokens > 0, "non-streaming rag and usage");

  const cancelled = await metric('rag_sse_runs_total{outcome="cancelled"}');
  const ac = new AbortController();
  let got = 0;
  try {
    const s = await client.chat.completions.create({ model: "rag", messages, stream: true }, { signal: ac.signal });
    for await (const chunk of s) if (chunk.choices[0] && chunk.choices[0].delta.content && ++got === 2) ac.abort();
  } catch (e) { check(e instanceof OpenAI.APIUserAbortError || e.name === "AbortError", "abort: " + e); }
  check(got === 2, "abort came mid-stream");
  let now = cancelled;
  for (let i = 0; i < 50 && now === cancelled; ++i) { await new Promise((r) => setTimeout(r, 50)); now = await metric('rag_sse_runs_total{outcome="cancelled"}'); }
  check(now === cancelled + 1, `cancelled runs ${cancelled} -> ${now}`);

  const expect = async (Kind, params, opts) => {
    try { await (opts || client).chat.completions.create(params); } catch (e) { return e instanceof Kind; }
    return false;
  };
  check(await expect(OpenAI.NotFoundError, { model: "rag:ollama:nope", messages }), "NotFoundError");
  check(await expect(OpenAI.BadRequestError, { model: "rag", messages, n: 2 }), "BadRequestError");
  const wrong = new OpenAI({ baseURL: url + "/v1", apiKey: "wrong", maxRetries: 0 });
  check(await expect(OpenAI.AuthenticationError, { model: "rag", messages }, wrong), "AuthenticationError");
  const models = await client.models.list();
  check(models.data.map((m) => m.id).join(",") === "rag,rag:extractive", "models.list");
  console.log("ok");
})().catch((e) => { console.log("error: " + e.stack); process.exit(1); });
JS
