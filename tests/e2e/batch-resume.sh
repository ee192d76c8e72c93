#!/bin/sh
# docs/examples/answer-batch, the cron recipe: a batch killed halfway and rerun serves what it
# finished from the cache and works only on the rest; the output has each answer once, in input
# order; a second batch while one runs exits 75; a failed batch keeps the old output.
. "${0%/*}/lib.sh"
for t in rag-index rag-retrieve rag-generate rag-verify bash flock; do command -v $t >/dev/null || skip "$t missing"; done
export RAG_CACHE="$T/cache" RAG_INDEX="$T/idx"
BATCH=$ROOT/docs/examples/answer-batch
(cd "$FIX/retrieval" && rag-index -q build --corpus docs docs/)
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "How does BM25 weigh rare terms, case $i?"; done >"$T/q"
# A slower rag-retrieve (0.3 s per event in) makes the kill land halfway through the batch.
mkdir "$T/slow"
printf '#!/bin/sh\nwhile IFS= read -r l; do printf "%%s\\n" "$l"; sleep 0.3; done | exec %s "$@"\n' \
    "$(command -v rag-retrieve)" >"$T/slow/rag-retrieve"
chmod +x "$T/slow/rag-retrieve"
PATH="$T/slow:$PATH" setsid bash "$BATCH" "$T/q" "$T/answers" 2>"$T/err1" &
batch=$!
at_exit "kill -9 -$batch 2>/dev/null || true"
stored=0
for _ in $(seq 100); do
    stored=$(rag-cache stats 2>/dev/null | jq -r '.entries // 0')
    [ "${stored:-0}" -ge 4 ] && break
    sleep 0.1
done
[ "${stored:-0}" -ge 4 ] || fail "the batch stored nothing in 10 s: $(cat "$T/err1")"
# While it runs, a second batch on the same output refuses to start.
rc=0; bash "$BATCH" "$T/q" "$T/answers" 2>"$T/err2" || rc=$?
[ $rc = 75 ] || fail "a second batch exited $rc, not 75: $(cat "$T/err2")"
kill -9 -$batch; wait $batch 2>/dev/null || true
[ ! -e "$T/answers" ] || fail "a killed batch left an output file"
stored=$(rag-cache stats | jq -r .entries)
[ "$stored" -lt 12 ] || fail "the kill came too late: all 12 answers were stored"
before=$(rag-cache stats | jq -r .misses)
bash "$BATCH" "$T/q" "$T/answers" 2>"$T/err3" || fail "the rerun failed: $(cat "$T/err3")"
misses=$(( $(rag-cache stats | jq -r .misses) - before ))
[ "$misses" = $((12 - stored)) ] || fail "the rerun computed $misses answers; $stored of 12 were finished"
[ "$(wc -l <"$T/answers")" = 12 ] || fail "answers: $(wc -l <"$T/answers") lines, not 12"
jq -r .query "$T/answers" | cmp -s - "$T/q" || fail "answers are not in the order asked"
[ "$(jq -s '[.[] | select(.cached)] | length' "$T/answers")" = "$stored" ] || fail "cached count differs"
tail -1 "$T/err3" | grep -Eq '^rag-show: 12 runs, 12 answered, [0-9]+ cached' || fail "summary: $(cat "$T/err3")"
# A failed batch (the index is gone) keeps the answers that are there.
cp "$T/answers" "$T/good"
RAG_INDEX="$T/none" RAG_CACHE="$T/cache2" bash "$BATCH" "$T/q" "$T/answers" 2>"$T/err4" && fail "a batch with no index succeeded"
cmp -s "$T/answers" "$T/good" || fail "a failed batch replaced the answers"
[ -s "$T/answers.failed" ] || fail "the failed batch left nothing to look at"
