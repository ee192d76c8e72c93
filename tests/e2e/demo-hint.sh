#!/bin/sh
# make demo's closing hint works as printed in a fresh shell (no bin/ on PATH yet).
. "${0%/*}/lib.sh"
sh "$ROOT/tests/demo.sh" >"$T/out" 2>"$T/err" || fail "demo failed: $(tail -5 "$T/err")"
sed -n '/In a new shell/,$ p' "$T/err" | sed -n 's/^  //p' >"$T/hint"
[ "$(wc -l <"$T/hint")" = 2 ] || fail "no two-line hint in: $(tail -5 "$T/err")"
env -i HOME="$T" PATH=/usr/bin:/bin sh -e "$T/hint" >"$T/answer" 2>"$T/hint-err" ||
    fail "the hint fails in a fresh shell: $(cat "$T/hint-err")"
grep -q '[[:alpha:]]' "$T/answer" || fail "the hint printed no answer"
! grep -q 'not found' "$T/hint-err" || fail "$(cat "$T/hint-err")"
