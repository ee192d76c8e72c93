// SPDX-License-Identifier: MIT
// The chat page of rag-sse: one HTML file whose script reads the stream with EventSource.
#include "lib/http/page.h"

namespace rag::http {

// ?q=QUESTION asks at once (used by the headless browser test); every event
// that arrives is logged in #log, and #status ends as "done" or "error".
std::string_view chat_page() {
    return R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rag-sse chat</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
#answer{white-space:pre-wrap;border-left:3px solid #48c;padding:.5rem 1rem;min-height:2rem}
#sources{font-size:.85rem;color:#555}#log{font-size:.75rem;color:#777;max-height:12rem;overflow:auto}
form{display:flex;gap:.5rem}input[name=q]{flex:1;padding:.4rem}
</style></head><body>
<h1>Ask the corpus</h1>
<form id="ask"><input name="q" autocomplete="off" placeholder="What is BM25?" autofocus><button>Ask</button></form>
<p id="status">idle</p><div id="answer"></div><ol id="sources"></ol><pre id="log"></pre>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const session = sessionStorage.ragSession || (sessionStorage.ragSession = "web-" + Math.random().toString(36).slice(2));
const token = new URLSearchParams(location.search).get("access_token");
let source = null;
function log(type, data) { $("log").textContent += type + " " + data + "\n"; }
function ask(q) {
  if (source) source.close();
  $("answer").textContent = ""; $("sources").textContent = ""; $("status").textContent = "streaming";
  const params = new URLSearchParams({query: q, session_id: session});
  if (token) params.set("access_token", token);
  source = new EventSource("api/chat/stream?" + params);
  const on = (type, f) => source.addEventListener(type, (e) => {
    if (typeof e.data !== "string") return;   // a connection error, not an `error` event
    log(type, e.data); f(JSON.parse(e.data)); });
  on("meta", () => {});
  on("cached", () => { $("status").textContent = "streaming (cached)"; });
  on("sources", (d) => { for (const s of d.sources || []) {
    const li = document.createElement("li"); li.textContent = s.doc + ": " + (s.snippet || ""); $("sources").append(li); } });
  on("token", (d) => { $("answer").textContent += d.t; });
  on("verify", () => {});
  on("done", (d) => { source.close(); $("status").textContent = "done";
    $("answer").dataset.final = d.answer; $("answer").dataset.cached = d.cached; });
  on("error", (d) => { source.close(); $("status").textContent = "error: " + d.message; });
  source.onerror = () => { if (source.readyState === EventSource.CLOSED && $("status").textContent === "streaming")
    $("status").textContent = "error: connection lost"; };
}
$("ask").addEventListener("submit", (e) => { e.preventDefault(); const q = e.target.q.value.trim(); if (q) ask(q); });
const auto = new URLSearchParams(location.search).get("q");
if (auto) ask(auto);
</script></body></html>
)html";
}

}  // namespace rag::http
