#!/bin/sh
# Markdown becomes passages of sentences: heading markers, emphasis, link
# syntax, table pipes and rules are gone; link text and code stay readable.
. "${0%/*}/lib.sh"
rag-index -q -i "$T/idx" build "$FIX/documents/guide.md"
echo 'keep the input files' | rag-retrieve -i "$T/idx" -k 1 | grep '"type":"context"' >"$T/ctx"
grep -q '"title":"The frob guide"' "$T/ctx" || fail "title: $(cat "$T/ctx")"
grep -q 'Using frob\\n\\nFrob turns widgets into gadgets; see the manual and\\na diagram for details' "$T/ctx" ||
    fail "emphasis or links: $(cat "$T/ctx")"
grep -q 'Option; Meaning\\n-k; keep the input files' "$T/ctx" || fail "table: $(cat "$T/ctx")"
grep -q 'frob -k file_name.txt' "$T/ctx" || fail "code: $(cat "$T/ctx")"
for junk in '|' '\*\*' '](' '# ' '```' '\-\-\-'; do
    grep -q -- "$junk" "$T/ctx" && fail "markup '$junk' left in: $(cat "$T/ctx")"
done
exit 0
