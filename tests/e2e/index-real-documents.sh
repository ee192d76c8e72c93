#!/bin/sh
# A directory walk reads documents as they ship: text by content (README,
# README.Debian, changelog), gzip/xz/bzip2/zstd transparently, man pages as
# text titled "name - description"; it ends with a summary of what it skipped.
. "${0%/*}/lib.sh"
cp -r "$FIX/documents" "$T/doc"
cd "$T/doc"
gzip -9 changelog.Debian
gzip -c frob.1 >frob.1.gz && xz -c frob.1 >frob.1.xz && bzip2 -c README >README.bz2 && rm frob.1
if command -v zstd >/dev/null; then zstd -q --rm README.Debian; fi
cd "$T"
rag-index -i "$T/idx" build --corpus deb doc 2>"$T/err" || fail "build: $(cat "$T/err")"
rag-index -i "$T/idx" ls | cut -f1 >"$T/ls"
for id in doc/README doc/README.bz2 doc/changelog.Debian.gz doc/frob.1.gz doc/frob.1.xz doc/guide.md; do
    grep -qx "$id" "$T/ls" || fail "$id not indexed: $(cat "$T/ls")"
done
command -v zstd >/dev/null && { grep -qx doc/README.Debian.zst "$T/ls" || fail "zstd file not indexed"; }
grep -q 'skipped files: 1 binary, 1 empty' "$T/err" || fail "summary: $(cat "$T/err")"
echo 'quokka support' | rag-retrieve -i "$T/idx" -k 1 | grep -q '"doc":"doc/changelog.Debian.gz"' || fail "gzipped changelog"
echo 'keep the input files' | rag-retrieve -i "$T/idx" -k 1 | grep '"type":"context"' >"$T/ctx"
grep -q '"title":"frob - turn widgets into gadgets"' "$T/ctx" || fail "man page title: $(cat "$T/ctx")"
grep -q -- '-k, --keep\\nKeep (do not delete) the input files' "$T/ctx" || fail "option block: $(cat "$T/ctx")"
grep -q 'file'"'"'s owner' "$T/ctx" || fail "\\(aq string not rendered: $(cat "$T/ctx")"
for junk in '\\\\f' '\\\\-' '\\\\(' '\.TP' '\.SH' '\\\\\*'; do
    grep -q "$junk" "$T/ctx" && fail "roff markup '$junk' left in: $(cat "$T/ctx")"
done
exit 0
