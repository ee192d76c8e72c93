#!/bin/sh
# rag-cache: a cache that cannot be written (read-only directory, file too big
# for the disk) gives one clear message, and every run still answers.
. "${0%/*}/lib.sh"
answer() { jq -c --unbuffered -f "$FIX/cache/answer.jq"; }
printf 'q1\nq2\nq3\n' >"$T/qs"
# A cache path under a regular file can never be created.
: >"$T/file"
RAG_CACHE="$T/file/cache" rag-cache get <"$T/qs" | answer | RAG_CACHE="$T/file/cache" rag-cache put >"$T/out" 2>"$T/err"
[ "$(grep -c '"type":"done"' "$T/out")" = 3 ] || fail "runs did not answer"
[ "$(wc -l <"$T/err")" = 1 ] || fail "expected one message, got: $(cat "$T/err")"
grep -q "^rag-cache: answer cache off: .*$T/file/cache.*Not a directory" "$T/err" || fail "unclear message: $(cat "$T/err")"
# A directory this user cannot write (run as nobody when we are root).
mkdir "$T/ro"; chmod 755 "$T"; chmod 555 "$T/ro"
export RAG_CACHE="$T/ro/cache"
as=; [ "$(id -u)" = 0 ] && as="setpriv --reuid=65534 --regid=65534 --clear-groups"
# nobody must reach the tool and the filter, and the checkout may sit in a private (0700) directory.
mkdir "$T/bin"
cp "$(command -v rag-cache)" "$FIX/cache/answer.jq" "$T/bin/"
chmod -R a+rX "$T/bin"
$as env PATH="$T/bin:$PATH" sh -c "rag-cache get | jq -c -f '$T/bin/answer.jq' | rag-cache put" <"$T/qs" >"$T/out" 2>"$T/err" \
    || fail "pipeline failed: $(cat "$T/err")"
[ "$(grep -c '"type":"done"' "$T/out")" = 3 ] || fail "runs did not answer (read-only)"
grep -q 'answer cache off: .*Permission denied' "$T/err" || fail "unclear message: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" = 1 ] || fail "expected one message, got: $(cat "$T/err")"
