#!/bin/sh
# Listening sockets from LISTEN_FDS (systemd socket activation) are served, streams included.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
command -v systemd-socket-activate >/dev/null || skip "no systemd-socket-activate"
PORT=$(free_port)
systemd-socket-activate -l "127.0.0.1:$PORT" rag-sse --pipeline "$FAKE" 2>"$T/log" &
pid=$!
at_exit "kill $pid 2>/dev/null || true"
wait_port "$PORT"
python3 "$CLIENT" "http://127.0.0.1:$PORT" '{"query":"x"}' >"$T/a"
python3 "$CLIENT" "http://127.0.0.1:$PORT" '{"query":"y"}' >"$T/b"
grep -q '"tokens_match": true' "$T/a" && grep -q '"tokens_match": true' "$T/b" || fail "$(cat "$T/a" "$T/b")"
grep -q 'listening on 1 systemd socket' "$T/log" || fail "$(cat "$T/log")"
kill $pid; wait $pid || fail "exit status $? after SIGTERM"
