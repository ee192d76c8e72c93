#!/bin/sh
# rag-index build --embed sends passages in batches, several at once, and stores one vector each.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
start_embed --delay-ms 100
embed_docs "$T/docs" 20
rag-index -i "$T/idx" build --embed ollama:fake --embed-batch 3 --embed-parallel 4 "$T/docs" 2>"$T/err" ||
    fail "build: $(cat "$T/err")"
[ "$(grep -c '^embed ollama fake' "$ELOG")" = 7 ] || fail "7 requests of at most 3: $(cat "$ELOG")"
[ "$(embedded)" = 20 ] || fail "20 passages embedded: $(embedded)"
awk '$1 == "embed" && $4 > 3 { exit 1 }' "$ELOG" || fail "a batch over 3: $(cat "$ELOG")"
# The server counts the requests it serves at once: more than one, never more than 4.
busy=$(awk '$1 == "embed" && $6 > m { m = $6 } END { print m + 0 }' "$ELOG")
[ "$busy" -ge 2 ] && [ "$busy" -le 4 ] || fail "requests in flight at once: $busy (want 2 to 4)"
grep -q 'embed: 20 passages with ollama:fake' "$T/err" || fail "summary: $(cat "$T/err")"
rag-index -i "$T/idx" stats >"$T/stats"
grep -qx 'embed_model	ollama:fake' "$T/stats" || fail "stats model: $(cat "$T/stats")"
grep -qx 'embed_dim	64' "$T/stats" || fail "stats dim"
grep -qx 'vectors	20' "$T/stats" || fail "stats count"
grep -qx 'vector_bytes	5140' "$T/stats" || fail "stats bytes (20 x (1 + 64 x 4)): $(grep vector_bytes "$T/stats")"
# --quantize: int8 with the scale, 1 + 4 + 64 bytes each.
rag-index -q -i "$T/q" build --embed openai:fake --quantize "$T/docs" || fail "quantized build"
rag-index -i "$T/q" stats | grep -qx 'vector_bytes	1380' || fail "quantized bytes: $(rag-index -i "$T/q" stats)"
grep -q '^embed openai fake' "$ELOG" || fail "the OpenAI API was not used"
