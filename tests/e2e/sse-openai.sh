#!/bin/sh
# POST /v1/chat/completions and GET /v1/models through the `openai` npm SDK, against rag-sse over the
# real pipeline and index: a streamed completion (role chunk with rag.sources, content deltas, a stop
# chunk with rag.verify, a usage chunk, [DONE]) says what the one-shot completion says; an unknown
# model is 404 model_not_found, n=2 is 400, a missing token 401; a client that hangs up mid-stream
# cancels its run.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
command -v node >/dev/null || skip "node not installed"
for t in rag-index rag-retrieve rag-generate rag-verify rag-cache; do command -v $t >/dev/null || skip "$t not built"; done
npm_dir=$ROOT/build/npm
export NODE_PATH=$npm_dir/node_modules
if ! node -e 'require("openai")' 2>/dev/null; then
    timeout 180 npm install --silent --no-save --no-audit --no-fund --prefix "$npm_dir" openai@4 >/dev/null 2>&1 ||
        skip "npm could not install openai (no registry?)"
fi
(cd "$FIX/retrieval" && rag-index -q -i "$T/idx" build --corpus docs docs) || fail "rag-index"
export RAG_INDEX="$T/idx" RAG_CACHE="$T/cache"
echo 's3cret-token' >"$T/token"
start_sse --pipeline 'rag-cache get | rag-retrieve | rag-generate --pace 30 | rag-verify | rag-cache put' --token-file "$T/token"

node - "$URL" <<'JS' || fail "openai SDK test failed"
const OpenAI = require("openai");
const url = process.argv[2];
const check = (ok, what, detail) => {
  if (!ok) { console.error("not ok:", what, JSON.stringify(detail)); process.exit(1); }
  console.log("ok:", what);
};
(async () => {
  const client = new OpenAI({baseURL: url + "/v1", apiKey: "s3cret-token", maxRetries: 0});
  const models = await client.models.list();
  check(models.data.map((m) => m.id).join(",") === "rag,rag:extractive", "models listed", models.data);

  const messages = [{role: "system", content: "Answer from the documents."},
                    {role: "user", content: "How does BM25 weigh rare terms?"}];
  const stream = await client.chat.completions.create({model: "rag", messages, stream: true,
    stream_options: {include_usage: true}});
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  const content = chunks.map((c) => (c.choices[0] && c.choices[0].delta.content) || "").join("");
  check(chunks[0].choices[0].delta.role === "assistant", "the first chunk carries the role", chunks[0]);
  check(Array.isArray(chunks[0].rag.sources) && chunks[0].rag.sources.length > 0, "sources on the first chunk", chunks[0]);
  check(chunks.filter((c) => c.choices[0] && c.choices[0].delta.content).length > 3, "content in several deltas", chunks.length);
  const stop = chunks.find((c) => c.choices[0] && c.choices[0].finish_reason === "stop");
  check(stop && stop.rag && typeof stop.rag.verify.accepted === "boolean", "stop chunk with the verify result", stop);
  const last = chunks[chunks.length - 1];
  check(last.choices.length === 0 && last.usage.completion_tokens > 0, "usage in a last chunk", last);
  check(new Set(chunks.map((c) => c.id)).size === 1 && /^r[0-9a-f]{12}$/.test(chunks[0].id), "one id, the run id", chunks[0].id);
  check(/rare terms weigh more/.test(content), "the extractive answer", content);

  const once = await client.chat.completions.create({model: "rag:extractive", messages});
  check(once.object === "chat.completion" && once.choices[0].message.content === content, "one-shot says the same", once);
  check(once.rag.sources.length > 0 && once.rag.verify, "one-shot carries sources and verify", once.rag);

  const refused = async (params, status, what) => {
    try {
      await client.chat.completions.create(params);
      check(false, what, "accepted");
    } catch (e) {
      check(e.status === status, what, {status: e.status, error: e.error});
      return e;
    }
  };
  const e404 = await refused({model: "gpt-4o", messages}, 404, "an unknown model is 404");
  check(e404.code === "model_not_found" && e404.param === "model", "model_not_found", e404.error);
  await refused({model: "rag", messages, n: 2}, 400, "n=2 is 400");
  await refused({model: "rag", messages: [{role: "system", content: "x"}]}, 400, "no user message is 400");
  const anonymous = new OpenAI({baseURL: url + "/v1", apiKey: "wrong", maxRetries: 0});
  try {
    await anonymous.models.list();
    check(false, "a wrong token is refused", "accepted");
  } catch (e) {
    check(e.status === 401, "a wrong token is 401", e.status);
  }
})().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
JS

# The wire itself: every frame a data: line of JSON, then data: [DONE].
curl -sN -H 'Authorization: Bearer s3cret-token' -H 'Content-Type: application/json' "$URL/v1/chat/completions" \
    -d '{"model":"rag","stream":true,"messages":[{"role":"user","content":"What is BM25?"}]}' >"$T/wire"
tail -2 "$T/wire" | head -1 | grep -qx 'data: \[DONE\]' || fail "no [DONE] at the end: $(tail -3 "$T/wire")"
grep -v '^$' "$T/wire" | grep -v '^data: ' && fail "a line that is not data:"
grep '^data: {' "$T/wire" | sed 's/^data: //' | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' ||
    fail "a frame that is not JSON"

# A client that hangs up mid-stream cancels its run.
before=$(curl -s -H 'Authorization: Bearer s3cret-token' "$URL/metrics" | sed -n 's/^rag_sse_runs_total{outcome="cancelled"} //p')
curl -sN --max-time 0.5 -H 'Authorization: Bearer s3cret-token' -H 'Content-Type: application/json' "$URL/v1/chat/completions" \
    -d '{"stream":true,"messages":[{"role":"user","content":"How are passages chunked, and why that length?"}]}' >/dev/null || true
for _ in $(seq 50); do
    after=$(curl -s -H 'Authorization: Bearer s3cret-token' "$URL/metrics" | sed -n 's/^rag_sse_runs_total{outcome="cancelled"} //p')
    [ "${after:-0}" -gt "${before:-0}" ] && break
    sleep 0.1
done
[ "${after:-0}" -gt "${before:-0}" ] || fail "the run of a client that hung up was not cancelled (${before:-0} -> ${after:-0})"
