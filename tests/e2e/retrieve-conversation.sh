#!/bin/sh
# A follow-up that names nothing retrieves for the conversation: two turns of one session through
# the real pipeline, the second's history filled by rag-cache get; meta shows what was searched.
. "${0%/*}/lib.sh"
rag-index -q -i "$T/idx" build --corpus man "$FIX/answers/docs"
ask() {
    printf '{"type":"request","run":"%s","data":{"query":"%s","session_id":"s1","top_k":1}}\n' "$1" "$2" |
        rag-cache -c "$T/cache" -i "$T/idx" get | rag-retrieve -i "$T/idx" | rag-generate | rag-verify |
        rag-cache -c "$T/cache" -i "$T/idx" put
}
doc_of() { jq -r 'select(.type == "sources") | .data.sources[0].doc' "$1"; }
ask r1 "How do I keep the input files with gzip?" >"$T/1"
doc_of "$T/1" | grep -q 'gzip.txt' || fail "first turn retrieved $(doc_of "$T/1")"
printf '%s\n' '{"type":"request","run":"r0","data":{"query":"and how do I make it verbose?","top_k":1}}' |
    rag-retrieve -i "$T/idx" >"$T/alone"
doc_of "$T/alone" | grep -q 'tar.txt' || fail "without history the follow-up should find tar: $(doc_of "$T/alone")"
ask r2 "and how do I make it verbose?" >"$T/2"
doc_of "$T/2" | grep -q 'gzip.txt' || fail "the follow-up retrieved $(doc_of "$T/2"), not the conversation's gzip"
jq -r 'select(.type == "meta") | .data.searched' "$T/2" | grep -q 'gzip' || fail "meta does not show the history searched"
jq -r 'select(.type == "done") | .data.answer' "$T/2" | grep -q -- '--verbose' || fail "answer: $(jq -c 'select(.type == "done")' "$T/2")"
[ "$(jq -r 'select(.type == "verify") | .data.answered' "$T/2")" = true ] || fail "the follow-up's answer is not answered"
