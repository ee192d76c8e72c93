#!/bin/sh
# Embedding requests are retried on 429, 5xx and dropped connections; a server that
# stays down leaves the BM25 index built, and the command says so (exit 69).
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
embed_docs "$T/docs" 4
for status in 429 503 0; do
    start_embed --fail 2 --fail-status $status
    rag-index -q -i "$T/idx-$status" build --embed ollama:fake "$T/docs" 2>"$T/err" ||
        fail "status $status was not retried: $(cat "$T/err")"
    [ "$(grep -c "^fail $status" "$ELOG")" = 2 ] || fail "two failures with $status: $(cat "$ELOG")"
    rag-index -i "$T/idx-$status" stats | grep -qx 'vectors	4' || fail "vectors after $status retries"
    stop_embed
done
# A model the server does not have is not retried: the first answer is final.
start_embed
rag-index -q -i "$T/missing" build --embed ollama:missing "$T/docs" 2>"$T/err"; rc=$?
[ $rc = 69 ] || fail "exit $rc for a missing model"
grep -q 'model "missing" not found' "$T/err" || fail "server's words: $(cat "$T/err")"
[ "$(grep -c . "$ELOG")" = 0 ] || fail "404 retried: $(cat "$ELOG")"
stop_embed
# Nobody listening: exit 69 after the retries, and the BM25 index is there.
rag-index -q -i "$T/down" build --embed ollama:fake "$T/docs" 2>"$T/err"; rc=$?
[ $rc = 69 ] || fail "exit $rc with the server down"
grep -q "embedding failed: embedding server http://127.0.0.1:$EPORT/api/embed (model 'fake') failed 5 times" "$T/err" ||
    fail "message: $(cat "$T/err")"
grep -q "without vectors" "$T/err" || fail "says the index has no vectors: $(cat "$T/err")"
echo 'cherry orchard' | rag-retrieve -i "$T/down" | grep -q '"doc":"' || fail "BM25 index missing"
