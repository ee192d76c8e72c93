#!/usr/bin/env python3
# bench/rss: URL PID BURSTS N: BURSTS bursts of N concurrent SSE streams against rag-sse, each read
# to its end; prints the server's RSS and open fds before and after each burst.
import asyncio, os, sys

url, pid, bursts, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
host, port = url.split("//")[1].split(":")
body = b'{"query":"What is transfer learning?"}'
req = (b"POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
       b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

def rss_kb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

async def stream():
    r, w = await asyncio.open_connection(host, int(port))
    w.write(req)
    data = b""
    while chunk := await r.read(65536):
        data += chunk
    w.close()
    return b"event: done" in data

async def main():
    print(f"start: rss_kb={rss_kb()} fds={len(os.listdir(f'/proc/{pid}/fd'))}", flush=True)
    for b in range(bursts):
        done = sum(await asyncio.gather(*(stream() for _ in range(n))))
        await asyncio.sleep(1)
        print(f"burst {b + 1}: done={done}/{n} rss_kb={rss_kb()} fds={len(os.listdir(f'/proc/{pid}/fd'))}", flush=True)

asyncio.run(main())
