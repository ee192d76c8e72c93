#!/bin/sh
# Faults of the tool exit non-zero with one line on stderr (64 bad flag, 66 unreadable
# file); an unknown model in a request is a fault of that run only.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
rc=0; rag-generate --backend claude </dev/null >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "bad --backend: exit $rc"
grep -q '^rag-generate: ' "$T/err" || fail "no diagnostic: $(cat "$T/err")"
rc=0; rag-generate --system "$T/nonexistent" </dev/null >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 66 ] || fail "missing --system file: exit $rc"
grep -q "^rag-generate: cannot read system prompt '$T/nonexistent': No such file or directory" "$T/err" \
    || fail "diagnostic: $(cat "$T/err")"
rc=0; rag-generate --model llama3 </dev/null 2>"$T/err" || rc=$?
[ $rc = 64 ] || fail "--model without a backend: exit $rc ($(cat "$T/err"))"
{ echo '{"type":"request","run":"u","data":{"query":"Hi","history":[],"model":"claude:opus"}}'
  echo '{"type":"context","run":"u","data":{"passages":[]}}'
  echo '{"type":"request","run":"x","data":{"query":"Hi","history":[]}}'
  echo '{"type":"context","run":"x","data":{"passages":[]}}'; } | rag-generate >"$T/out" 2>"$T/err"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
jq_true 'select(.run == "u" and .type == "error") | .data.message | startswith("unknown model '"'"'claude:opus'"'"'")' \
    "$T/out" >/dev/null || fail "no error for an unknown model: $(cat "$T/out")"
jq_true 'select(.run == "x" and .type == "done") | .data.backend == "extractive"' "$T/out" >/dev/null \
    || fail "the next run did not answer"
