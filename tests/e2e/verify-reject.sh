#!/bin/sh
# rag-verify --reject turns a rejected answer into an error after verify (no done);
# an accepted answer still ends with done.
. "${0%/*}/lib.sh"
cat "$FIX/verify/invented.ndjson" "$FIX/verify/faithful.ndjson" | rag-verify --reject >"$T/out"
types=$(grep -v '"type":"token"' "$T/out" | sed -E 's/^\{"type":"([a-z]+)","run":"([a-z0-9]+)".*/\2:\1/' | tr '\n' ' ')
[ "$types" = "i1:request i1:meta i1:context i1:verify i1:error f1:request f1:meta f1:context f1:verify f1:done " ] ||
    fail "unexpected events: $types"
grep -q '"type":"error","run":"i1","data":{"message":"answer rejected: grounding score 0.46 is below 0.50","stage":"verify"}' "$T/out" ||
    fail "no rejection error: $(grep '"error"' "$T/out")"
