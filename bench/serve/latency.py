#!/usr/bin/python3
"""Cache-hit latency with the plainest client: http.client, one request at a time, the whole
response read at once. measure.py iterates the stream line by line in aiohttp, which costs the
client more than the server; this separates the two. Loopback only, bounded.

  latency.py URL [N]    prints done p50 and p99 in ms, one line of JSON
"""
import http.client, json, sys, time, urllib.parse

url = urllib.parse.urlsplit(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
body = json.dumps({"query": "What is transfer learning?", "history": [], "corpus_id": "default",
                   "session_id": None, "use_cache": True, "top_k": 5})
times = []
for i in range(n + 1):   # the first request fills the cache
    c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    t0 = time.perf_counter()
    c.request("POST", "/api/chat/stream", body, {"Content-Type": "application/json"})
    data = c.getresponse().read()
    if b"event: done" not in data:
        sys.exit("latency.py: a stream without done")
    if i:
        times.append((time.perf_counter() - t0) * 1000)
    c.close()
times.sort()
print(json.dumps({"n": n, "done_ms_p50": times[n // 2], "done_ms_p99": times[min(n - 1, int(n * .99))]}))
