// The chat page of rag-sse: a conversation over POST /api/chat/stream (read with fetch and a stream
// reader, so the body and the Authorization header work) or POST /api/chat. Everything the server or a
// document says is put in the page as text (textContent, text nodes), never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const ui = {
  conversation: $("conversation"), empty: $("empty"), form: $("ask"), question: $("question"),
  send: $("send"), stop: $("stop"), streaming: $("streaming"), newChat: $("new-chat"),
  auth: $("auth"), token: $("token"),
};
const kResumeTries = 5;  // reconnects after a lost network, each after a longer pause
const kHistoryNote = "from this session's history";

// ---- storage: the session id outlives a reload (localStorage), the token only the tab (sessionStorage)

function stored(area, key) {
  try { return window[area].getItem(key); } catch { return null; }
}
function store(area, key, value) {
  try { value === null ? window[area].removeItem(key) : window[area].setItem(key, value); } catch { /* private mode */ }
}
function newSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));  // randomUUID needs a secure context
  return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
function sessionId() {
  let id = stored("localStorage", "rag.session");
  if (!id) store("localStorage", "rag.session", id = newSessionId());
  return id;
}

// ---- HTTP: the bearer token is asked for once, on the first 401, and kept for the tab

class ShownError extends Error {}  // a message for the person, shown in place with a Retry
class LostConnection extends Error {}

function askToken() {
  return new Promise((resolve) => {
    ui.token.value = "";
    ui.auth.returnValue = "";  // Escape closes it without one
    ui.auth.addEventListener("close", () => resolve(ui.auth.returnValue === "ok" ? ui.token.value.trim() : ""),
      {once: true});
    ui.auth.showModal();
  });
}

async function api(path, init = {}) {
  for (;;) {
    const headers = new Headers(init.headers || {});
    const token = stored("sessionStorage", "rag.token");
    if (token) headers.set("Authorization", "Bearer " + token);
    let res;
    try {
      res = await fetch(path, {...init, headers});
    } catch (e) {
      if (init.signal && init.signal.aborted) throw e;
      throw new LostConnection("the connection to the server was lost");
    }
    if (res.status !== 401) return res;
    const fresh = await askToken();
    if (!fresh) throw new ShownError("this server needs a bearer token");
    store("sessionStorage", "rag.token", fresh);
  }
}

// The server's message from an error response: {"error": "..."} or {"error": {"message", "stage"}}.
async function errorOf(res) {
  let text = "";
  try { text = await res.text(); } catch { /* the body is lost too */ }
  let message = "";
  try {
    const e = JSON.parse(text).error;
    message = typeof e === "string" ? e : e && e.message ? e.message + (e.stage ? " (" + e.stage + ")" : "") : "";
  } catch { message = text.slice(0, 300); }
  return new ShownError(`${res.status} ${res.statusText}${message ? ": " + message : ""}`);
}

// ---- SSE: frames parsed from the bytes of a fetch body, as the EventSource spec reads them

async function* sseFrames(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "", frame = {event: "message", data: [], id: null};
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buf += value;
      const lines = buf.split(/\r\n|\n|\r(?!$)/);  // a CR at the very end may be half of a CRLF
      buf = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (frame.data.length) yield {type: frame.event, id: frame.id, data: frame.data.join("\n")};
          frame = {event: "message", data: [], id: null};
          continue;
        }
        if (line.startsWith(":")) continue;  // a heartbeat
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") frame.event = val;
        else if (field === "data") frame.data.push(val);
        else if (field === "id") frame.id = val;
      }
    }
  } finally {
    reader.cancel().catch(() => {});  // a frame ended the answer, or the reader gave up: close the body
  }
}

// "RUN:SEQ" -> {run, seq}
function parseId(id) {
  const i = id ? id.lastIndexOf(":") : -1;
  return i < 0 ? null : {run: id.slice(0, i), seq: Number(id.slice(i + 1))};
}

// ---- the view of one answer: text with [n] links, cursor, badges, verdict, timings, sources, error

let turnCount = 0;

class AnswerView {
  constructor() {
    this.el = document.getElementById("assistant-turn").content.firstElementChild.cloneNode(true);
    this.key = "t" + ++turnCount;
    this.el.id = this.key;
    this.text = this.el.querySelector(".text");
    this.cursor = this.el.querySelector(".cursor");
    this.facts = this.el.querySelector(".facts");
    this.issues = this.el.querySelector(".issues");
    this.sourceList = this.el.querySelector(".sources");
    this.errorBox = this.el.querySelector(".error");
    this.reset();
  }

  reset() {
    this.text.replaceChildren();
    this.facts.replaceChildren();
    this.issues.replaceChildren();
    this.sourceList.replaceChildren();
    this.issues.hidden = this.sourceList.hidden = this.errorBox.hidden = true;
    this.pending = "";
    this.answer = "";
    this.sources = [];
    this.cached = false;
    this.verify = null;
    this.state("waiting");
  }

  state(s) {
    this.el.dataset.state = s;
    this.cursor.hidden = s !== "waiting" && s !== "streaming";
  }

  // Appends answer text; a "[n]" that names a source becomes a link to it. A "[" whose "]" has not
  // arrived yet waits in `pending`, so a citation split across tokens still links.
  add(t, final = false) {
    this.answer += t;
    this.pending += t;
    let upto = this.pending.length;
    const open = this.pending.lastIndexOf("[");
    if (!final && open >= 0 && this.pending.indexOf("]", open) < 0 && upto - open < 8) upto = open;
    const ready = this.pending.slice(0, upto);
    this.pending = this.pending.slice(upto);
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of ready.matchAll(/\[(\d{1,3})\]/g)) {
      const n = Number(m[1]);
      if (n < 1 || n > this.sources.length) continue;
      if (m.index > last) frag.append(ready.slice(last, m.index));
      const a = document.createElement("a");
      a.className = "cite";
      a.href = `#${this.key}-s${n}`;
      a.textContent = m[0];
      a.title = this.sources[n - 1].title || this.sources[n - 1].doc || "";
      frag.append(a);
      last = m.index + m[0].length;
    }
    if (last < ready.length) frag.append(ready.slice(last));
    this.text.append(frag);
    if (this.el.dataset.state === "waiting") this.state("streaming");
  }

  setSources(list) {
    this.sources = Array.isArray(list) ? list : [];
    this.sourceList.replaceChildren(...this.sources.map((s, i) => this.sourceItem(s, i + 1)));
    this.sourceList.hidden = this.sources.length === 0;
  }

  sourceItem(s, n) {
    const li = document.createElement("li");
    li.id = `${this.key}-s${n}`;
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    const parts = [span("num", `[${n}]`), " "];
    if (s.title && s.title !== s.doc) parts.push(span("title", s.title), " ");
    parts.push(span("doc", s.doc || "?"));
    if (typeof s.score === "number") parts.push(" ", span("score", "score " + s.score.toFixed(2)));
    if (s.snippet) parts.push(span("snippet", s.snippet));
    summary.append(...parts);
    const passage = document.createElement("div");
    passage.className = "passage";
    passage.textContent = s.text || s.snippet || "(no passage text)";
    details.append(summary, passage);
    li.append(details);
    return li;
  }

  setVerify(v) {
    this.verify = v;
    const issues = Array.isArray(v.issues) ? v.issues : [];
    this.issues.replaceChildren(...issues.map((i) => {
      const li = document.createElement("li");
      li.textContent = typeof i === "string" ? i : JSON.stringify(i);
      return li;
    }));
    this.issues.hidden = issues.length === 0;
  }

  // Badges and timings once the answer is whole.
  finish(done, timing) {
    if (this.pending) this.add("", true);
    if (done && typeof done.answer === "string" && done.answer !== this.answer) {  // one-shot, or a repair
      this.text.replaceChildren();
      this.answer = this.pending = "";
      this.add(done.answer, true);
    }
    if (done && done.cached) this.cached = true;
    const facts = [span("badge " + (this.cached ? "cached" : "fresh"), this.cached ? "⚡ cached" : "fresh")];
    if (this.verify) {
      const ok = this.verify.accepted === true;
      const score = typeof this.verify.score === "number" ? " " + this.verify.score.toFixed(2) : "";
      facts.push(span("badge " + (ok ? "grounded" : "ungrounded"), (ok ? "✓ grounded" : "⚠ not grounded") + score));
    }
    if (timing) {
      if (timing.ttft !== null) facts.push(span("ttft", `first token ${ms(timing.ttft)}`));
      facts.push(span("duration", `${ms(timing.total)} total`));
    } else {
      facts.push(span("note", kHistoryNote));
    }
    this.facts.replaceChildren(...facts);
    this.state("done");
  }

  fail(message, retry) {
    if (this.pending) this.add("", true);
    this.errorBox.querySelector(".message").textContent = message;
    const button = this.errorBox.querySelector(".retry");
    button.hidden = !retry;
    button.onclick = retry;
    this.errorBox.hidden = false;
    this.state("error");
  }

  stopped() {
    if (this.pending) this.add("", true);
    this.facts.replaceChildren(span("note", "stopped"));
    this.state("stopped");
  }
}

function span(cls, text) {
  const s = document.createElement("span");
  s.className = cls;
  s.textContent = text;
  return s;
}
function ms(v) { return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`; }

// ---- one turn: ask, stream (resuming after a lost network), or ask once

let current = null;  // {controller, run} while an answer is on its way

function addUserTurn(text) {
  ui.empty.hidden = true;
  const el = document.getElementById("user-turn").content.firstElementChild.cloneNode(true);
  el.querySelector(".text").textContent = text;
  ui.conversation.append(el);
}

function addAnswerView() {
  const view = new AnswerView();
  ui.conversation.append(view.el);
  return view;
}

function busy(on) {
  ui.question.disabled = on;
  ui.send.hidden = on;
  ui.stop.hidden = !on;
  if (on) ui.stop.focus();
  else ui.question.focus();
}

function scrollDown() {
  const c = ui.conversation;
  if (c.scrollHeight - c.scrollTop - c.clientHeight < 160) c.scrollTop = c.scrollHeight;
}

async function ask(question, view) {
  view.reset();
  const controller = new AbortController();
  const turn = current = {controller, run: null, stopped: false};
  busy(true);
  const body = JSON.stringify({query: question, session_id: sessionId()});
  const started = performance.now();
  try {
    if (ui.streaming.checked) await stream(view, body, controller, started);
    else await askOnce(view, body, controller, started);
  } catch (e) {
    if (turn.stopped) view.stopped();
    else view.fail(e instanceof ShownError || e instanceof LostConnection ? e.message : "error: " + e,
      () => ask(question, view));
  } finally {
    current = null;
    busy(false);
    scrollDown();
  }
}

async function askOnce(view, body, controller, started) {
  const res = await api("api/chat", {method: "POST", headers: {"Content-Type": "application/json"}, body,
    signal: controller.signal});
  if (!res.ok) throw await errorOf(res);
  const a = await res.json();
  current.run = a.run_id;
  view.el.dataset.run = a.run_id || "";
  view.setSources(a.sources);
  if (a.verify) view.setVerify(a.verify);
  view.finish(a, {ttft: null, total: performance.now() - started});
}

async function stream(view, body, controller, started) {
  const timing = {ttft: null, total: 0};
  let last = null;  // {run, seq} of the last event shown
  for (let attempt = 0; ; ++attempt) {
    const headers = {"Content-Type": "application/json", Accept: "text/event-stream"};
    if (last) headers["Last-Event-ID"] = `${last.run}:${last.seq}`;
    try {
      const res = await api("api/chat/stream", {method: "POST", headers, body, signal: controller.signal});
      if (res.status === 204 && last) return finishFromSession(view, last.run, timing, started);
      if (res.status === 410) throw new ShownError("the answer in progress is gone from the server; ask again");
      if (!res.ok) throw await errorOf(res);
      for await (const f of sseFrames(res.body)) {
        const id = parseId(f.id);
        if (id && last && id.run !== last.run) {  // not a resumption but a new run: never pay twice
          controller.abort();
          throw new LostConnection("the connection was lost and the server could not resume the answer");
        }
        if (id && last && id.seq <= last.seq) continue;  // replayed: each event once
        if (id) last = id;
        if (id && !current.run) current.run = view.el.dataset.run = id.run;
        if (onEvent(view, f, timing, started)) return;
      }
      throw new LostConnection("the connection closed before the answer was complete");
    } catch (e) {
      if (controller.signal.aborted || !(e instanceof LostConnection || e instanceof TypeError)) throw e;
      if (!last || attempt >= kResumeTries) throw e instanceof LostConnection ? e : new LostConnection(String(e));
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}

// Applies one frame; true when the answer is complete.
function onEvent(view, f, timing, started) {
  let d;
  try { d = JSON.parse(f.data); } catch { return false; }
  switch (f.type) {
    case "sources": view.setSources(d.sources); break;
    case "cached": view.cached = true; break;
    case "token":
      if (timing.ttft === null) timing.ttft = performance.now() - started;
      view.add(typeof d.t === "string" ? d.t : "");
      scrollDown();
      break;
    case "verify": view.setVerify(d); break;
    case "done":
      timing.total = performance.now() - started;
      view.finish(d, timing);
      return true;
    case "error": throw new ShownError((d.message || "the run failed") + (d.stage ? ` (${d.stage})` : ""));
  }
  return false;
}

// The run ended while we were away (204): its answer is the session's turn of that run.
async function finishFromSession(view, run, timing, started) {
  const turns = await sessionTurns();
  const turn = turns.find((t) => t.run === run && t.role === "assistant");
  if (!turn) throw new ShownError("the answer finished while the connection was lost, but it is not in the session");
  timing.total = performance.now() - started;
  view.finish({answer: turn.content, cached: !!turn.cached}, timing);
}

async function sessionTurns() {
  const res = await api("api/sessions/" + encodeURIComponent(sessionId()));
  if (!res.ok) throw await errorOf(res);
  const s = await res.json();
  return Array.isArray(s.turns) ? s.turns : [];
}

// Stop: the server is told first (DELETE /api/runs/RUN), then the stream is dropped. With a resume
// window the server keeps a run whose client went away, so only the DELETE says this one is unwanted.
function stop() {
  if (!current || current.stopped) return;
  const {controller, run} = current;
  current.stopped = true;
  if (!run) return controller.abort();
  const giveUp = setTimeout(() => controller.abort(), 1000);
  api("api/runs/" + encodeURIComponent(run), {method: "DELETE"}).catch(() => {}).finally(() => {
    clearTimeout(giveUp);
    controller.abort();
  });
}

// ---- the conversation: restored on load, cleared by New chat

async function restore() {
  let turns;
  try {
    turns = await sessionTurns();
  } catch (e) {
    const view = addAnswerView();
    view.fail("could not load this conversation: " + e.message, () => { view.el.remove(); restore(); });
    return;
  }
  for (const t of turns) {
    if (t.role === "user") addUserTurn(t.content);
    else if (t.role === "assistant") {
      const view = addAnswerView();
      view.add(t.content, true);
      view.finish({cached: !!t.cached}, null);
    }
  }
  ui.conversation.scrollTop = ui.conversation.scrollHeight;
}

function newChat() {
  stop();
  store("localStorage", "rag.session", newSessionId());
  ui.conversation.replaceChildren(ui.empty);
  ui.empty.hidden = false;
  ui.question.focus();
}

function submit() {
  const q = ui.question.value.trim();
  if (!q || current) return;
  ui.question.value = "";
  grow();
  addUserTurn(q);
  const view = addAnswerView();
  ui.conversation.scrollTop = ui.conversation.scrollHeight;
  ask(q, view);
}

function grow() {
  ui.question.style.height = "auto";
  ui.question.style.height = Math.min(ui.question.scrollHeight + 2, 192) + "px";
}

ui.form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
ui.question.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
});
ui.question.addEventListener("input", grow);
ui.stop.addEventListener("click", stop);
$("auth-cancel").addEventListener("click", () => ui.auth.close("cancel"));
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && current && !ui.auth.open) stop(); });
ui.newChat.addEventListener("click", newChat);
ui.streaming.checked = stored("localStorage", "rag.streaming") !== "off";
ui.streaming.addEventListener("change", () => store("localStorage", "rag.streaming", ui.streaming.checked ? "on" : "off"));
// A citation opens its source.
ui.conversation.addEventListener("click", (e) => {
  const a = e.target.closest("a.cite");
  if (!a) return;
  const li = document.getElementById(a.getAttribute("href").slice(1));
  if (!li) return;
  e.preventDefault();
  li.querySelector("details").open = true;
  li.scrollIntoView({block: "nearest"});
  li.querySelector("summary").focus();
});
restore().finally(() => ui.question.focus());
