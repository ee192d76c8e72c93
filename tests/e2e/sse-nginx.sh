#!/bin/sh
# Behind nginx as a reverse proxy (default proxy_buffering on), tokens still arrive as they are made:
# X-Accel-Buffering: no turns buffering off for the stream.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
command -v nginx >/dev/null || skip "nginx not installed"
FAKE_DELAY=0.4 start_sse --pipeline "$FAKE"
NPORT=$(free_port)
mkdir -p "$T/ngx"
cat >"$T/nginx.conf" <<CONF
daemon off; pid $T/nginx.pid; error_log $T/nginx.err;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $T/ngx/b; proxy_temp_path $T/ngx/p; fastcgi_temp_path $T/ngx/f;
    uwsgi_temp_path $T/ngx/u; scgi_temp_path $T/ngx/s;
    server {
        listen 127.0.0.1:$NPORT;
        location / { proxy_pass http://127.0.0.1:$PORT; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
nginx -p "$T" -c "$T/nginx.conf" 2>>"$T/nginx.err" &
at_exit "kill $! 2>/dev/null || true"
wait_port "$NPORT"
python3 - "http://127.0.0.1:$NPORT" <<'PY' || fail "tokens were held back by the proxy: $(cat "$T/nginx.err")"
import sys, time, requests
r = requests.post(sys.argv[1] + "/api/chat/stream", json={"query": "x"}, stream=True, timeout=20)
assert r.status_code == 200, r.status_code
t0, times, answer, final = time.time(), [], "", None
event = None
for line in r.iter_lines():
    s = line.decode()
    if s.startswith("event:"): event = s[6:].strip()
    elif s.startswith("data:") and event == "token":
        times.append(time.time() - t0); answer += __import__("json").loads(s[5:])["t"]
    elif s.startswith("data:") and event == "done":
        final = __import__("json").loads(s[5:])["answer"]
assert answer == final, (answer, final)
assert len(times) == 5 and times[-1] - times[0] > 1.2, times
PY
