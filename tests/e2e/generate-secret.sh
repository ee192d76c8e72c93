#!/bin/sh
# The API key goes to the server only: a 401 that echoes it gives an error event with the
# key blanked, and no output or diagnostic holds it. --api-key-file overrides the env var.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
good=sk-proj-GOODkey0123456789abcdefXYZ
bad=sk-proj-WRONGkey987654321fedcbaQRS
start_backend openai "$good"
ask s openai:auth 'Who am I?' >"$T/in"
rc=0
OPENAI_API_KEY=$bad rag-generate --url "http://127.0.0.1:$PORT" <"$T/in" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 69 ] || fail "every run failed: exit status $rc, want 69"
jq_true 'select(.type == "error") | .data.message | startswith("HTTP 401: Incorrect API key provided: [redacted]")' \
    "$T/out" >/dev/null || fail "no redacted 401 error: $(cat "$T/out")"
! grep -q -e WRONGkey -e 'QRS' -e "$bad" "$T/out" "$T/err" || fail "the key leaked: $(cat "$T/out" "$T/err")"
printf '%s\n' "$good" >"$T/key"
OPENAI_API_KEY=$bad rag-generate --url "http://127.0.0.1:$PORT" --api-key-file "$T/key" <"$T/in" >"$T/out" 2>"$T/err"
jq_true 'select(.type == "done") | .data.answer == "Paris is the capital of France [1]."' "$T/out" >/dev/null \
    || fail "the key from --api-key-file was not sent: $(cat "$T/out")"
! grep -q "GOODkey" "$T/out" "$T/err" || fail "the key leaked"
