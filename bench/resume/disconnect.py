#!/usr/bin/env python3
"""Opens N streaming chats on rag-sse and walks away from each after its first event.

Usage: disconnect.py URL N CONCURRENCY PID

Each client sends POST /api/chat/stream, reads until the first `id:` line (the run has
started and has a resume id), then resets the connection, as a phone that loses its
network would. After every N/5 clients it prints the server's RSS (VmRSS of PID) and
the resume gauges from /metrics, as one line of `key=value`.
"""
import asyncio
import json
import re
import socket
import struct
import sys
import urllib.request

url, total, concurrency, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
questions = ["How does BM25 weigh rare terms?", "What does the cache key hold?", "How are passages chunked?",
             "What does rag-verify check?", "How do I resume a stream?"]


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        return {k: int(v.split()[0]) for k, v in (l.split(":", 1) for l in f) if k in ("VmRSS", "VmHWM")}


def gauges():
    text = urllib.request.urlopen(url + "/metrics", timeout=10).read().decode()
    names = ("rag_sse_runs_held", "rag_sse_event_log_bytes", "rag_sse_runs_detached_total",
             "rag_sse_runs_evicted_total", "rag_sse_runs_active")
    return {m.group(1): m.group(2) for m in re.finditer(r"^(\w+) (\S+)$", text, re.M) if m.group(1) in names}


def report(done):
    fields = {"clients": done, **rss_kb(), **gauges()}
    print(" ".join(f"{k}={v}" for k, v in fields.items()), flush=True)


async def walk_away(i):
    body = json.dumps({"query": questions[i % len(questions)] + f" ({i})", "session_id": f"bench-{i}"}).encode()
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b"POST /api/chat/stream HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
                 b"Accept: text/event-stream\r\nContent-Length: %d\r\n\r\n%s" % (host.encode(), port.encode(),
                                                                                 len(body), body))
    await writer.drain()
    try:
        while line := await asyncio.wait_for(reader.readline(), 30):
            if line.startswith(b"id:"):
                break
    finally:
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()


async def main():
    report(0)
    step = max(1, total // 5)
    limit = asyncio.Semaphore(concurrency)
    done = failed = 0

    async def one(i):
        nonlocal done, failed
        async with limit:
            try:
                await walk_away(i)
            except (OSError, asyncio.TimeoutError):
                failed += 1
            done += 1
            if done % step == 0:
                report(done)

    await asyncio.gather(*(one(i) for i in range(total)))
    print(f"failed={failed}", flush=True)


asyncio.run(main())
