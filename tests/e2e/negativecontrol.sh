#!/bin/sh
# The negative control: a test that must fail. run.sh requires it to fail, so a
# harness that stops seeing failures (a lost `set -e`, a `fail` that exits 0,
# a golden compare that passes anything) turns the suite red (bedtools2's idea).
. "${0%/*}/lib.sh"
echo '{"type":"done","run":"r1","data":{"answer":"no"}}' >"$T/out"
printf '%s\n' '{"type":"done","run":"r1","data":{"answer":"yes"}}' >"$T/want"
diff -u "$T/want" "$T/out" >/dev/null || fail "the outputs differ, as they must"
