#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/rerank driver: see ./run.

RUNS runs of 50 passages (about 60 words each) go through rag-rerank against the fake rerank
server on loopback. The server logs its own time per request (body read, scoring, JSON out);
what the filter adds per run is (wall time - server time) / RUNS, and its CPU time per run is
read from wait4. The peer is a Python http.client on one keep-alive connection posting the
same bodies one after another: the same loopback HTTP, no events read or rewritten.
"""
import http.client, json, os, random, re, socket, subprocess, sys, tempfile, time

RERANK, SERVER, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
PASSAGES, WORDS = 50, 60
rng = random.Random(16)
VOCAB = ["index", "query", "passage", "rerank", "score", "token", "cache", "server", "model", "stream",
         "event", "batch", "vector", "answer", "source", "filter", "retrieval", "context", "latency", "corpus"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(log):
    port = free_port()
    proc = subprocess.Popen([sys.executable, SERVER, str(port), "--log", log])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("fake rerank server did not start")


def text(n):
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def make_runs():
    runs = []
    for r in range(RUNS):
        query = text(6)
        passages = [{"doc": f"d{r}-{i}.md#1", "title": "t", "text": text(WORDS), "score": PASSAGES - i}
                    for i in range(PASSAGES)]
        runs.append((f"r{r}", query, passages))
    return runs


def events(runs):
    lines = []
    for run, query, passages in runs:
        lines.append({"type": "request", "run": run, "data": {"query": query, "top_k": 5}})
        lines.append({"type": "meta", "run": run, "data": {"run_id": run, "retrieved": PASSAGES}})
        lines.append({"type": "sources", "run": run, "data": {"sources": passages[:5]}})
        lines.append({"type": "context", "run": run, "data": {"passages": passages}})
    return "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in lines).encode()


def server_seconds(log):
    with open(log) as f:
        return sum(int(m.group(1)) for m in re.finditer(r"us=(\d+)", f.read())) / 1e6


def through_rerank(port, data, parallel, log, expected=RUNS):
    open(log, "w").close()
    with tempfile.TemporaryFile() as inp:
        inp.write(data)
        inp.seek(0)
        start = time.perf_counter()
        p = subprocess.Popen([RERANK, "-u", f"http://127.0.0.1:{port}", "--batch", str(PASSAGES),
                              "-p", str(parallel), "--retries", "0"], stdin=inp, stdout=subprocess.PIPE)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    reranked = out.count(b'"reranked":%d' % PASSAGES)
    if os.waitstatus_to_exitcode(status) != 0 or reranked != expected:
        raise SystemExit(f"rag-rerank failed: exit {status}, {reranked} of {expected} runs reranked")
    return wall, ru.ru_utime + ru.ru_stime, server_seconds(log)


def through_peer(port, runs, log):
    open(log, "w").close()
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    for _, query, passages in runs:
        body = json.dumps({"query": query, "documents": [p["text"] for p in passages], "top_n": PASSAGES})
        conn.request("POST", "/v1/rerank", body, {"Content-Type": "application/json"})
        json.loads(conn.getresponse().read())
    wall = time.perf_counter() - start
    conn.close()
    return wall, server_seconds(log)


def main():
    log = tempfile.mktemp(prefix="rerank-bench-")
    proc, port = start_server(log)
    try:
        runs = make_runs()
        data = events(runs)
        through_rerank(port, events(runs[:5]), 1, log, 5)  # warm: page cache, the server's first answers
        peer_wall, peer_server = through_peer(port, runs, log)
        rows = []
        for parallel in (1, 4):
            wall, cpu, server = through_rerank(port, data, parallel, log)
            rows.append((parallel, wall, cpu, server))
    finally:
        proc.kill()
        os.unlink(log)
    ms = lambda s: s * 1000 / RUNS
    peer_over = ms(peer_wall - peer_server)
    print(f"bench/rerank: {RUNS} runs x {PASSAGES} passages x {WORDS} words, one request per run, "
          f"input {len(data) / 1e6:.1f} MB")
    print(f"{'client':<28}{'wall ms/run':>12}{'server ms/run':>15}{'added ms/run':>14}{'cpu ms/run':>12}{'vs peer':>9}")
    print(f"{'python http.client (peer)':<28}{ms(peer_wall):>12.3f}{ms(peer_server):>15.3f}{peer_over:>14.3f}"
          f"{'-':>12}{1:>9.2f}")
    for parallel, wall, cpu, server in rows:
        over = ms(wall - server) if parallel == 1 else float("nan")
        ratio = f"{over / peer_over:.2f}" if parallel == 1 else "-"
        added = f"{over:.3f}" if parallel == 1 else "-"
        print(f"{'rag-rerank -p ' + str(parallel):<28}{ms(wall):>12.3f}{ms(server):>15.3f}{added:>14}"
              f"{ms(cpu):>12.3f}{ratio:>9}")
    print("added = wall - server time, sequential runs only (with -p 4 server time overlaps); "
          "rag-rerank's wall includes its start and reading and writing every event")


main()
