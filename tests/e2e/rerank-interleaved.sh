#!/bin/sh
# While one run waits on the rerank server, other runs' events pass at once; the waiting run's
# later events stay behind its context; a cached run and a cancelled one pass untouched.
. "${0%/*}/lib.sh"
PORT=$(free_port)
python3 "$FIX/rerank_server.py" "$PORT" --log "$T/log" --delay 1 & at_exit "kill $! 2>/dev/null || true"
wait_port "$PORT"
{ grep '"run":"a"' "$FIX/rerank/runs.ndjson"
  echo '{"type":"token","run":"a","data":{"t":"after a context"}}'
  echo '{"type":"request","run":"h","data":{"query":"cats","cached":true}}'
  echo '{"type":"context","run":"h","data":{"passages":[{"doc":"x","text":"cats"}]}}'
  echo '{"type":"token","run":"x","data":{"t":"passes"}}'
  grep '"run":"b"' "$FIX/rerank/runs.ndjson"
  echo '{"type":"cancel","run":"b","data":{}}'; } >"$T/in"
rag-rerank -u "http://127.0.0.1:$PORT" <"$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
line() { grep -n "$1" "$T/out" | head -1 | cut -d: -f1; }
[ "$(line '"run":"x"')" -lt "$(line '"meta","run":"a"')" ] || fail "run x waited for run a: $(cat "$T/out")"
[ "$(line '"context","run":"a"')" -lt "$(line '"token","run":"a"')" ] || fail "run a's token overtook its context"
grep -qxF '{"type":"context","run":"h","data":{"passages":[{"doc":"x","text":"cats"}]}}' "$T/out" ||
    fail "the cached run was touched: $(cat "$T/out")"
[ "$(jq -c 'select(.run == "b") | .type' "$T/out" | tr -d '\n')" = '"request""meta""sources""context""cancel"' ] ||
    fail "the cancelled run b did not pass as it came: $(cat "$T/out")"
[ "$(jq -c 'select(.type == "context" and .run == "b") | .data.passages | length' "$T/out")" = 2 ] ||
    fail "run b was cut or scored after its cancel"
