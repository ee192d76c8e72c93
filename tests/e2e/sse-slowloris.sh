#!/bin/sh
# Headers not complete within --header-timeout: the connection is closed; others are served meanwhile.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
start_sse --pipeline "$FAKE" --header-timeout 0.5
python3 - "$PORT" <<'PY' || fail "slow client kept its connection"
import socket, sys, time, urllib.request
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nX-Slow: ")
t0 = time.time()
body = urllib.request.urlopen("http://127.0.0.1:%s/healthz" % sys.argv[1], timeout=5).read()
assert b'"ok":true' in body
s.settimeout(5)
while True:
    try:
        s.sendall(b"a")
        if s.recv(1, socket.MSG_DONTWAIT) == b"":
            break
    except BlockingIOError:
        pass
    except OSError:
        break
    if time.time() - t0 > 4:
        sys.exit(1)
    time.sleep(0.05)
assert 0.4 < time.time() - t0 < 3, time.time() - t0
PY
