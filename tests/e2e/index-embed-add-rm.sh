#!/bin/sh
# add and rm keep vectors in step with passages: add embeds with the index's own model,
# rm drops the vectors no passage uses, a different model is refused naming both.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
start_embed
embed_docs "$T/a" 3
embed_docs "$T/b" 5
rm "$T/b/doc1.md" "$T/b/doc2.md" "$T/b/doc3.md"
vectors() { rag-index -i "$T/idx" stats | sed -n 's/^vectors\t//p'; }
bytes() { rag-index -i "$T/idx" stats | sed -n 's/^vector_bytes\t//p'; }
rag-index -q -i "$T/idx" build --embed ollama:fake "$T/a" || fail build
[ "$(vectors)" = 3 ] || fail "after build: $(vectors)"
rag-index -q -i "$T/idx" add "$T/b" || fail "add without --embed"
[ "$(vectors)" = 5 ] || fail "add did not embed with the index's model: $(vectors)"
[ "$(embedded)" = 5 ] || fail "embedded $(embedded)"
echo 'elder tree number 5' | rag-retrieve -i "$T/idx" --mode dense | grep -q '"doc":"'"$T"'/b/doc5.md"' ||
    fail "added passage not found by dense search"
rag-index -q -i "$T/idx" rm "$T/b/doc4.md" || fail rm
[ "$(vectors)" = 4 ] || fail "after rm: $(vectors)"
[ "$(bytes)" = $((4 * 257)) ] || fail "rm kept the vector: $(bytes) bytes"
echo 'damson tree number 4' | rag-retrieve -i "$T/idx" --mode dense -k 10 | grep -q 'doc4.md' &&
    fail "removed passage still found"
rag-index -q -i "$T/idx" add --embed ollama:other "$T/b" 2>"$T/err" && fail "another model accepted"
grep -q "holds vectors of 'ollama:fake', not 'ollama:other'" "$T/err" || fail "message: $(cat "$T/err")"
