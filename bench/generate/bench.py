#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/generate driver: see ./run. Measures against curl reading the same fake stream."""
import json, os, socket, statistics, subprocess, sys, time

GEN, FAKE, SCIFACT = sys.argv[1], sys.argv[2], sys.argv[3]
FLOOD, TIMED, TIMED_GAP_US, EXTRACTIVE_RUNS = 50000, 3000, 300, 300


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_fake(proto):
    port = free_port()
    proc = subprocess.Popen([sys.executable, FAKE, proto, str(port)])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("fake backend did not start")


def ask(model, query="bench"):
    return (json.dumps({"type": "request", "run": "b", "data": {"query": query, "history": [], "model": model}}) + "\n" +
            json.dumps({"type": "context", "run": "b", "data": {"passages": [{"doc": "d", "title": "t", "text": "x"}]}}) + "\n")


def body(proto, model):
    msgs = [{"role": "user", "content": "Question: bench"}]
    req = {"model": model, "messages": msgs, "stream": True}
    if proto == "openai":
        req["stream_options"] = {"include_usage": True}
    return json.dumps(req)


def reap(p):
    """Waits for p; returns its CPU seconds (user + system)."""
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime


def relay(proto, port, model, parse=True):
    """Runs rag-generate on one request: [(arrival ns, token text or None at done)], CPU seconds."""
    env = dict(os.environ, OLLAMA_HOST="127.0.0.1:%d" % port, OPENAI_BASE_URL="http://127.0.0.1:%d/v1" % port)
    p = subprocess.Popen([GEN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    p.stdin.write(ask("%s:%s" % (proto, model)).encode())
    p.stdin.close()
    out = []
    for line in p.stdout:
        now = time.monotonic_ns()
        if line.startswith(b'{"type":"token"'):
            out.append((now, json.loads(line)["data"]["t"] if parse else ""))
    return out, reap(p)


def peer(proto, port, model, parse=True):
    """curl -N reading the same stream: [(arrival ns, token text)] per content line, CPU seconds."""
    path = "/api/chat" if proto == "ollama" else "/v1/chat/completions"
    p = subprocess.Popen(["curl", "-sN", "-H", "Content-Type: application/json", "-d", body(proto, model),
                          "http://127.0.0.1:%d%s" % (port, path)], stdout=subprocess.PIPE)
    out = []
    for line in p.stdout:
        now = time.monotonic_ns()
        if b'"content":"' not in line or b'"content":""' in line:
            continue
        if not parse:
            out.append((now, ""))
            continue
        obj = json.loads(line[6:] if proto == "openai" else line)
        out.append((now, obj["message"]["content"] if proto == "ollama" else obj["choices"][0]["delta"]["content"]))
    return out, reap(p)


def rate(events):
    toks = [ns for ns, t in events if t is not None]
    return (len(toks) - 1) / ((toks[-1] - toks[0]) / 1e9) if len(toks) > 1 else 0.0


def latencies(events):
    lat = sorted((ns - int(t)) / 1000 for ns, t in events if t is not None)
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))]
    return q(0.5), q(0.99)


def extractive_input():
    corpus, queries, qrels = {}, [], {}
    with open(os.path.join(SCIFACT, "corpus.jsonl")) as f:
        for i, line in enumerate(f):
            d = json.loads(line)
            corpus[d["_id"]] = d
            if i > 3000:
                break
    ids = list(corpus)
    with open(os.path.join(SCIFACT, "qrels.tsv")) as f:
        next(f)
        for line in f:
            q, d, _ = line.split("\t")
            qrels.setdefault(q, []).append(d)
    with open(os.path.join(SCIFACT, "queries.jsonl")) as f:
        queries = [json.loads(l) for l in f]
    lines = []
    for n, q in enumerate(queries[:EXTRACTIVE_RUNS]):
        docs = [d for d in qrels.get(q["_id"], []) if d in corpus][:5]
        docs += ids[n * 5: n * 5 + 5 - len(docs)]
        passages = [{"doc": d, "title": corpus[d]["title"], "text": corpus[d]["text"], "score": 1.0} for d in docs]
        run = "q%d" % n
        lines.append(json.dumps({"type": "request", "run": run, "data": {"query": q["text"], "history": []}}))
        lines.append(json.dumps({"type": "context", "run": run, "data": {"passages": passages}}))
    return ("\n".join(lines) + "\n").encode()


def timed_run(args, data):
    """Wall and CPU seconds of rag-generate over data."""
    start = time.monotonic()
    p = subprocess.Popen([GEN] + args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    p.stdin.write(data)
    p.stdin.close()
    cpu = reap(p)
    return time.monotonic() - start, cpu


def main():
    rows = []
    for proto in ("ollama", "openai"):
        fake, port = start_fake(proto)
        flood = "flood-%d" % FLOOD
        try:
            relay(proto, port, flood, False)   # warm up
            g = [relay(proto, port, flood, False) for _ in range(3)]
            c = [peer(proto, port, flood, False) for _ in range(3)]
            rows.append(("%s relay %d tokens, wall" % (proto, FLOOD), "%.0f tok/s" % max(rate(e) for e, _ in g),
                         "%.0f tok/s" % max(rate(e) for e, _ in c),
                         "%.2f" % (max(rate(e) for e, _ in g) / max(rate(e) for e, _ in c))))
            gc, cc = min(cpu for _, cpu in g), min(cpu for _, cpu in c)
            rows.append(("%s relay %d tokens, per CPU s" % (proto, FLOOD), "%.0f tok/s" % (FLOOD / gc),
                         "%.0f tok/s" % (FLOOD / cc), "%.2f" % (cc / gc)))
            timed = "timed-%d-%d" % (TIMED, TIMED_GAP_US)
            gl = [latencies(relay(proto, port, timed)[0]) for _ in range(2)]
            cl = [latencies(peer(proto, port, timed)[0]) for _ in range(2)]
            g50, g99 = min(x[0] for x in gl), min(x[1] for x in gl)
            c50, c99 = min(x[0] for x in cl), min(x[1] for x in cl)
            rows.append(("%s latency p50 (send->event)" % proto, "%.0f us" % g50, "%.0f us" % c50,
                         "%+.0f us" % (g50 - c50)))
            rows.append(("%s latency p99 (send->event)" % proto, "%.0f us" % g99, "%.0f us" % c99,
                         "%+.0f us" % (g99 - c99)))
        finally:
            fake.kill()
    if os.path.isdir(SCIFACT):
        data = extractive_input()
        n = EXTRACTIVE_RUNS
        runs = [timed_run([], data) for _ in range(3)]
        cached = data.replace(b'"history": []}', b'"history": [], "cached": true}')
        base = [timed_run([], cached) for _ in range(3)]
        for i, what in ((0, "wall"), (1, "CPU")):
            t, t0 = min(r[i] for r in runs), min(r[i] for r in base)
            rows.append(("extractive, 5 scifact passages, %s" % what, "%.3f ms/q" % (t * 1000 / n),
                         "%.3f ms/q" % (t0 * 1000 / n), "%+.3f ms/q" % ((t - t0) * 1000 / n)))
    else:
        rows.append(("extractive", "skipped: no scifact dataset at " + SCIFACT, "", ""))
    head = ("measure", "rag-generate", "peer", "ratio / added")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    for r in [head] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("load average %.1f on %d cores" % (os.getloadavg()[0], os.cpu_count()))
    print("peer: curl -N reading the same fake stream; for extractive, the same input with every run cached "
          "(parsing and passing on only)")


main()
