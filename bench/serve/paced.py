#!/usr/bin/python3
"""A paced fake pipeline worker for bench/serve: for every `request` event it
emits meta, sources, the anchor's answer one word per token every
PACE_MS (default 100) milliseconds, verify and done, for any number of runs at
once (one timer tick writes the due tokens of every run in one write);
`cancel` drops a run. Stands in for a slow model, as MOCK_TOKEN_DELAY_MS does
for the anchor."""
import json, os, select, sys, time

PACE = float(os.environ.get("PACE_MS", "100")) / 1000.0
WORDS = ("Transfer learning is a technique where a model trained on one task is reused as the "
         "starting point for a related task, which saves data and compute.").split()
TOKENS = [w if i == len(WORDS) - 1 else w + " " for i, w in enumerate(WORDS)]
ANSWER = "".join(TOKENS)
runs = {}  # run -> next token index
out = sys.stdout.buffer
buf = b""
next_tick = time.monotonic() + PACE

def line(kind, run, data):
    return json.dumps({"type": kind, "run": run, "data": data}, separators=(",", ":")).encode() + b"\n"

while True:
    timeout = max(0.0, next_tick - time.monotonic())
    ready, _, _ = select.select([0], [], [], timeout)
    chunks = []
    if ready:
        data = os.read(0, 1 << 16)
        if not data:
            break
        buf += data
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            try:
                ev = json.loads(raw)
            except ValueError:
                continue
            run = ev.get("run", "")
            if ev.get("type") == "request":
                runs[run] = 0
                chunks.append(line("meta", run, {"run_id": run, "corpus_id": "default", "retrieved": 1, "ctx_chars": 100}))
                chunks.append(line("sources", run, {"sources": [{"doc": "d1", "score": 1.0, "snippet": "..."}]}))
            elif ev.get("type") == "cancel":
                runs.pop(run, None)
    if time.monotonic() >= next_tick:
        next_tick += PACE
        for run in list(runs):
            i = runs[run]
            chunks.append(line("token", run, {"t": TOKENS[i]}))
            if i + 1 == len(TOKENS):
                del runs[run]
                chunks.append(line("verify", run, {"score": 1.0, "accepted": True, "issues": []}))
                chunks.append(line("done", run, {"answer": ANSWER, "cached": False, "duration_ms": 0}))
            else:
                runs[run] = i + 1
    if chunks:
        out.write(b"".join(chunks))
        out.flush()
