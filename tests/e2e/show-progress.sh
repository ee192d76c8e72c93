#!/bin/sh
# A batch's progress goes to stderr with --progress (or when stderr alone is a terminal), then one
# summary line: runs, answered, cached, rejected, errors, seconds. --ordered writes --json answers in
# input order; the default is completion order.
. "${0%/*}/lib.sh"
cat >"$T/in" <<'NDJSON'
{"type":"request","run":"a","data":{"query":"first"}}
{"type":"request","run":"b","data":{"query":"second"}}
{"type":"request","run":"c","data":{"query":"third"}}
{"type":"request","run":"d","data":{"query":"fourth"}}
{"type":"cached","run":"c","data":{"answer":"three"}}
{"type":"done","run":"c","data":{"answer":"three","cached":true}}
{"type":"verify","run":"b","data":{"score":0.1,"accepted":false,"issues":[]}}
{"type":"done","run":"b","data":{"answer":"two"}}
{"type":"error","run":"d","data":{"message":"backend down","stage":"rag-generate"}}
{"type":"done","run":"a","data":{"answer":"one"}}
NDJSON
rc=0; rag-show --json --progress <"$T/in" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 1 ] || fail "a batch with a failed run exits 1, got $rc"
tail -1 "$T/err" | grep -Eq '^rag-show: 4 runs, 3 answered, 1 cached, 1 rejected, 1 errors, [0-9.]+ s$' ||
    fail "summary: $(cat "$T/err")"
[ "$(jq -r .run "$T/out" | tr -d '\n')" = cbda ] || fail "default order is completion order: $(jq -r .run "$T/out")"
rag-show --json --ordered <"$T/in" >"$T/ordered" 2>"$T/err2" || true
[ "$(jq -r .run "$T/ordered" | tr -d '\n')" = abcd ] || fail "--ordered: $(jq -r .run "$T/ordered")"
# Without --progress and with stderr not a terminal, stderr has only the failed run's message.
rag-show --json <"$T/in" >/dev/null 2>"$T/quiet" || true
[ "$(wc -l <"$T/quiet")" -le 1 ] && ! grep -q 'runs,' "$T/quiet" || fail "summary without --progress: $(cat "$T/quiet")"
