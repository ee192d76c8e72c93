#!/bin/sh
# Vectors are keyed by content hash: rebuilding or re-adding unchanged text asks the
# server for nothing, and a changed passage is the only one embedded again.
. "${0%/*}/lib.sh"
. "$FIX/embed.sh"
start_embed
embed_docs "$T/docs" 6
rag-index -q -i "$T/idx" build --embed ollama:fake "$T/docs" || fail "first build"
[ "$(embedded)" = 6 ] || fail "first build embedded $(embedded)"
rag-index -q -i "$T/idx" build --embed ollama:fake "$T/docs" || fail "rebuild"
[ "$(embedded)" = 6 ] || fail "rebuild of unchanged text embedded $(( $(embedded) - 6 ))"
rag-index -i "$T/idx" stats | grep -qx 'vectors	6' || fail "rebuild lost vectors"
echo 'The quince tree is new here.' >"$T/docs/doc3.md"
rag-index -q -i "$T/idx" add "$T/docs" || fail "add"
[ "$(embedded)" = 7 ] || fail "add of one changed passage embedded $(( $(embedded) - 6 ))"
# A rebuild with another model reuses nothing.
rag-index -q -i "$T/idx" build --embed ollama:other "$T/docs" || fail "rebuild with another model"
[ "$(embedded)" = 13 ] || fail "another model must embed all 6: $(embedded)"
