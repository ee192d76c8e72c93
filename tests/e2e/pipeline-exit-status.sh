#!/bin/sh
# A stage that served no run (a missing index) exits 69 at end of input, yet passes every
# event on; stages that only pass an upstream error on exit 0; one served run is success.
# rag-show exits 1 when any run ended in error, so `set -o pipefail` sees a failed batch.
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
printf 'What is BM25?\nWhat are snippets?\n' >"$T/q"
rc=0; rag-retrieve -i "$T/none" <"$T/q" >"$T/r" 2>"$T/err" || rc=$?
[ $rc = 69 ] || fail "retrieve on a missing index: exit $rc, not 69"
[ "$(jq -s '[.[] | select(.type == "request")] | length' "$T/r")" = 2 ] || fail "requests not passed on: $(cat "$T/r")"
[ "$(jq -s '[.[] | select(.type == "error" and .data.stage == "retrieve")] | length' "$T/r")" = 2 ] \
    || fail "no error event per run: $(cat "$T/r")"
rag-generate <"$T/r" >"$T/g" || fail "generate exit $? on runs that failed upstream"
rag-verify <"$T/g" >"$T/v" || fail "verify exit $? on runs that failed upstream"
rc=0; rag-show --json <"$T/v" >"$T/out" 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "rag-show on failed runs: exit $rc, not 1"
[ "$(wc -l <"$T/out")" = 2 ] || fail "rag-show did not write both runs: $(cat "$T/out")"
rc=0; bash -c 'set -o pipefail; rag-retrieve -i "$1" <"$2" | rag-generate | rag-show >/dev/null 2>&1' _ "$T/none" "$T/q" || rc=$?
[ $rc != 0 ] || fail "pipefail saw a failed batch as success"

rag-index -q -i "$T/idx" build --corpus docs docs
printf 'What is BM25?\nthe of\n' | rag-retrieve -i "$T/idx" >"$T/mixed" 2>/dev/null \
    || fail "retrieve that served one run of two: exit $?"
jq_n=$(jq -s '[.[] | select(.type == "error")] | length' "$T/mixed")
[ "$jq_n" = 1 ] || fail "expected one failed run of two, got $jq_n errors"
rag-retrieve -i "$T/idx" <"$T/q" | rag-generate | rag-show --json >"$T/ok" || fail "a good batch: exit $?"
[ "$(jq -s 'map(select(.error)) | length' "$T/ok")" = 0 ] || fail "good batch had errors: $(cat "$T/ok")"
