#!/bin/sh
# rag-verify does not check an answer over --max-answer-bytes, and says so in verify.
. "${0%/*}/lib.sh"
rag-verify --max-answer-bytes 40 <"$FIX/verify/faithful.ndjson" >"$T/out"
grep -q '"type":"verify","run":"f1","data":{"score":0,"accepted":false,"issues":\["answer not checked: longer than 40 bytes (--max-answer-bytes)"\]}' "$T/out" ||
    fail "no not-checked verify: $(grep verify "$T/out")"
tail -1 "$T/out" | grep -q '"type":"done"' || fail "done was not passed on"
