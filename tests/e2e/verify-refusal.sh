#!/bin/sh
# A refusal is not an answer: verify says answered false, scores 0 and does not accept it,
# while a correct answer to the same passages is answered, relevant and accepted.
. "${0%/*}/lib.sh"
ask() {
    printf '%s\n' "{\"type\":\"request\",\"run\":\"$1\",\"data\":{\"query\":\"$2\"}}" \
        "{\"type\":\"context\",\"run\":\"$1\",\"data\":{\"passages\":[{\"doc\":\"lmdb.md\",\"title\":\"\",\"text\":\"LMDB is an embedded key-value store. Readers never block writers.\"}]}}"
}
{ ask n1 "Who painted the Mona Lisa?"; ask y1 "Do LMDB readers block writers?"; } | rag-generate | rag-verify >"$T/out"
verify() { jq -c "select(.type == \"verify\" and .run == \"$1\") | .data | [.answered, .accepted, .score]" "$T/out"; }
[ "$(verify n1)" = '[false,false,0]' ] || fail "refusal verified as $(verify n1)"
jq -r 'select(.type == "verify" and .run == "n1") | .data.issues[0]' "$T/out" | grep -q 'do not answer' ||
    fail "the refusal's issue is missing"
[ "$(verify y1 | jq -c '.[0:2]')" = '[true,true]' ] || fail "answer verified as $(verify y1)"
