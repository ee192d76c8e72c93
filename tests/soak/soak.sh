#!/bin/sh
# make soak: rag-sse with default flags (the real pipeline over a fixture index, workers auto)
# under bounded loopback load for SOAK_SECONDS (600): wrk on the EventSource endpoint (4
# connections), a curl loop of streamed chats read to done, a curl loop that disconnects
# mid-stream, python slow readers, resets and half-sent requests. Prints requests served, errors
# (must be 0: a stream that did not reach done, a wrk error or non-2xx, a server log line that is
# not an access-log line), and the server's RSS and fds at start, middle and end. Exit 1 on errors.
set -u
here=$(cd "${0%/*}" && pwd)
ROOT=$(cd "$here/../.." && pwd)
: "${RAG_BIN:=$ROOT/bin}"
export PATH="$RAG_BIN:$PATH"
S=${SOAK_SECONDS:-600}
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT INT TERM
command -v wrk >/dev/null || { echo "soak: wrk is not installed"; exit 1; }
export XDG_DATA_HOME="$T/data" XDG_CACHE_HOME="$T/cache"
(cd "$ROOT/tests/fixtures/retrieval" && rag-index -q build --corpus docs docs) || exit 1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$port
rag-sse --listen "127.0.0.1:$port" 2>"$T/server.log" &
PID=$!
i=0; until curl -s -o /dev/null "$URL/healthz"; do i=$((i + 1)); [ $i -lt 100 ] || { cat "$T/server.log"; exit 1; }; sleep 0.1; done

probe() {  # LABEL: RSS and fds of the server
    echo "$1: rss_kb=$(awk '/^VmRSS/ {print $2}' /proc/$PID/status) fds=$(ls /proc/$PID/fd | wc -l)" \
        "pipeline_processes=$(curl -s "$URL/metrics" | awk '$1 == "rag_sse_pipeline_processes" {print $2}')"
}
streams() {  # SECONDS: streamed chats, each read to done
    end=$(( $(date +%s) + $1 )) ok=0 bad=0 n=0
    while [ "$(date +%s)" -lt "$end" ]; do
        n=$((n + 1))
        curl -sSN -i --max-time 30 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' \
            -d "{\"query\":\"What is BM25 number $((n % 40))?\"}" >"$T/stream" 2>&1 || echo "curl exit $?" >>"$T/stream"
        if grep -q '^event: done' "$T/stream"; then ok=$((ok + 1))
        else bad=$((bad + 1)); echo "soak streams: run $n did not reach done: $(head -c 600 "$T/stream" | tr '\r\n' '  ')" >&2; fi
    done
    echo "streams ok=$ok errors=$bad"
}
drops() {  # SECONDS: streams whose client leaves after 50 ms
    end=$(( $(date +%s) + $1 )) n=0
    while [ "$(date +%s)" -lt "$end" ]; do
        n=$((n + 1))
        curl -sN --max-time 0.05 -X POST "$URL/api/chat/stream" -H 'Content-Type: application/json' \
            -d "{\"query\":\"How are documents chunked $n?\"}" >/dev/null 2>&1
    done
    echo "drops ok=$n errors=0"
}

probe start
wrk -t1 -c4 -d"${S}s" --timeout 30s "$URL/api/chat/stream?query=What+are+snippets%3F" >"$T/wrk" 2>&1 &
streams "$S" >"$T/streams" 2>>"$T/errors" &
drops "$S" >"$T/drops" 2>>"$T/errors" &
for kind in slow reset half; do python3 "$here/clients.py" "$URL" "$S" $kind >"$T/$kind" 2>>"$T/errors" & done
sleep $((S / 2)); probe middle
sleep $((S - S / 2)); sleep 35   # every client's last request ends, and the resume window passes
probe end
kill $PID; wait $PID; PID=
served=$(grep -c '" [0-9][0-9][0-9]' "$T/server.log")
wrk_reqs=$(awk '/requests in/ {print $1}' "$T/wrk")
wrk_errors=$(awk '/Socket errors|Non-2xx/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i} END {print s + 0}' "$T/wrk")
other=$(grep -v -e '^rag-sse: 127\.0\.0\.1 "' -e '^rag-sse: listening on' -e ': retired, served' "$T/server.log" | grep -c .)
echo "requests served: $served (wrk $wrk_reqs); $(cat "$T/streams" "$T/drops" "$T/slow" "$T/reset" "$T/half" | tr '\n' ' ')"
echo "errors: wrk=$wrk_errors clients=$(grep -c . "$T/errors") server_log=$other"
[ "$other" = 0 ] || grep -v -e '^rag-sse: 127\.0\.0\.1 "' -e '^rag-sse: listening on' -e ': retired, served' "$T/server.log" | sort | uniq -c | sort -rn | head
head -5 "$T/errors"
[ "$wrk_errors" = 0 ] && [ ! -s "$T/errors" ] && [ "$other" = 0 ]
