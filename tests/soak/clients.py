#!/usr/bin/env python3
# soak clients: URL SECONDS KIND: until SECONDS pass, one client at a time of KIND; prints
# "KIND ok=N errors=M" at the end, and each error on stderr.
#   slow: a streaming chat read 64 bytes every 20 ms through a 4 KiB receive buffer; must reach done.
#   reset: a streaming chat dropped with a TCP reset after its first bytes (a client gone), 20 a second.
#   half: a request split in pieces, then the connection closed before the body ends.
import random, socket, struct, sys, time

url, seconds, kind = sys.argv[1], float(sys.argv[2]), sys.argv[3]
host, port = url.split("//")[1].split(":")
QUESTIONS = ["What is BM25?", "How does BM25 weigh rare terms?", "What are snippets?",
             "What is a stop word?", "How are documents chunked?", "What does the index store?"]

def request(q):
    body = ('{"query":"%s %d"}' % (q, random.randrange(50))).encode()
    return (b"POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

def connect(rcvbuf=None):
    s = socket.socket()
    if rcvbuf: s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(60)
    s.connect((host, int(port)))
    return s

def slow():
    s = connect(4096)
    s.sendall(request(random.choice(QUESTIONS)))
    data = b""
    while chunk := s.recv(64):
        data += chunk
        time.sleep(0.02)
    s.close()
    return b"event: done" in data, data[-300:]

def reset():
    s = connect()
    s.sendall(request(random.choice(QUESTIONS)))
    first = s.recv(64)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    time.sleep(0.05)  # bounded: each reset leaves a run going for the resume window
    return not first.startswith(b"HTTP/1.1 5"), first

def half():
    s = connect()
    r = request(random.choice(QUESTIONS))
    s.sendall(r[:40]); time.sleep(0.05); s.sendall(r[40:-5]); s.close()
    time.sleep(0.05)
    return True, b""

run = {"slow": slow, "reset": reset, "half": half}[kind]
ok = errors = 0
end = time.time() + seconds
while time.time() < end:
    try:
        good, detail = run()
    except OSError as e:
        good, detail = False, repr(e).encode()
    if good: ok += 1
    else:
        errors += 1
        print(f"soak {kind}: error: {detail!r}", file=sys.stderr)
print(f"{kind} ok={ok} errors={errors}")
