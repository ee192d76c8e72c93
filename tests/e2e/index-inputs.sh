#!/bin/sh
# rag-index reads JSONL (BEIR and custom fields), man pages, standard input, and says
# clearly what it skips; a missing input is an error (exit 66).
. "${0%/*}/lib.sh"
cd "$FIX/retrieval"
rag-index -i "$T/idx" build papers.jsonl 2>"$T/err" && fail "bad lines should give exit 65"
grep -q 'papers.jsonl:4: not a JSON object' "$T/err" || fail "bad line not reported: $(cat "$T/err")"
grep -q 'papers.jsonl:5: no "_id" field' "$T/err" || fail "missing id not reported"
[ "$(rag-index -i "$T/idx" ls | cut -f1 | tr '\n' ' ')" = "p1 p2 p3 " ] || fail "jsonl documents"
rag-index -q -i "$T/idx" add --id-field docid --title-field headline --text-field body custom.jsonl
echo 'moon tides' | rag-retrieve -i "$T/idx" | grep -q '"doc":"7","score":[0-9.]*,"snippet":"The moon' || fail "custom fields"
echo 'Standard input text about volcanoes.' | rag-index -q -i "$T/idx" add -
echo volcano | rag-retrieve -i "$T/idx" | grep -q '"doc":"stdin"' || fail "stdin document"
rc=0; rag-index -q -i "$T/idx" add no/such/file 2>"$T/err" || rc=$?
[ $rc = 66 ] || fail "missing input: exit $rc"
grep -q "cannot open 'no/such/file'" "$T/err" || fail "missing input message"
rag-index -q -i "$T/idx" add "$ROOT/man/rag-index.1"
echo 'chunk words' | rag-retrieve -i "$T/idx" | grep -q '"title":"rag-index - build and update a BM25 index for rag-retrieve"' ||
    fail "man page title"
if ! command -v pdftotext >/dev/null; then
    echo '%PDF-1.4' >"$T/x.pdf"
    rag-index -q -i "$T/idx" add "$T/x.pdf" 2>"$T/err" && fail "pdf without pdftotext succeeded"
    grep -q 'pdftotext not found' "$T/err" || fail "pdf message: $(cat "$T/err")"
fi
exit 0
