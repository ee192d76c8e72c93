#!/bin/sh
# rag-generate forwards what it does not act on unchanged and in order; skips cached runs;
# drops a run ended upstream by an error; a run whose context never comes gets an error.
. "${0%/*}/lib.sh"
cat >"$T/in" <<'IN'
{"type":"request","run":"c","data":{"query":"Cached?","history":[],"cached":true}}
{"type":"cached","run":"c","data":{}}
{"type":"token","run":"c","data":{"t":"From the cache."}}
{"type":"done","run":"c","data":{"answer":"From the cache.","cached":true,"duration_ms":1}}
{"type":"request","run":"e","data":{"query":"Fails upstream","history":[]}}
{"type":"error","run":"e","data":{"message":"cannot open index","stage":"retrieve"}}
{"type":"request","run":"n","data":{"query":"No context","history":[]}}
{"type":"meta","run":"n","data":{"run_id":"n","extra":[1,2.50,"x"]}}
IN
rag-generate <"$T/in" >"$T/out" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
cp "$T/in" "$T/expected"
echo '{"type":"error","run":"n","data":{"message":"no context for this run (is rag-retrieve before rag-generate?)","stage":"generate"}}' >>"$T/expected"
diff -u "$T/expected" "$T/out" || fail "events were not passed on as they came"
