#!/bin/sh
# Runs every end-to-end test (tests/e2e/*.sh but lib.sh; or DIR/*.sh given
# as the argument) against the tools in $RAG_BIN, each under a time limit.
# Prints one line per test and a summary.
# Exit status 77 from a test means skipped (its reason on the last line).
set -u
here=$(cd "${0%/*}" && pwd)
: "${RAG_BIN:=$here/../../bin}"
export RAG_BIN PATH="$RAG_BIN:$PATH"
pass=0 fail=0 skip=0 failed=
# E2E_ONLY='sse-*|cache-hit': the tests whose name matches one of the patterns.
matches_only() {
    old_ifs=$IFS; IFS='|'
    for pattern in $E2E_ONLY; do
        case $1 in $pattern) IFS=$old_ifs; return 0 ;; esac
    done
    IFS=$old_ifs; return 1
}
for t in "${1:-$here}"/*.sh; do
    name=${t##*/}; name=${name%.sh}
    case $name in lib|run) continue ;; esac
    [ -n "${E2E_ONLY:-}" ] && ! matches_only "$name" && continue
    log=$(mktemp)
    start=$(date +%s)
    timeout -k 5 "${E2E_TIMEOUT:-180}" sh "$t" >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    if [ "$name" = negativecontrol ]; then   # must fail: proves that failures are seen
        case $rc in 0|77) rc=1 ;; *) rc=0 ;; esac
    fi
    if [ $rc = 0 ]; then pass=$((pass + 1)); echo "ok   $name (${secs}s)"
    elif [ $rc = 77 ]; then skip=$((skip + 1)); echo "skip $name: $(tail -1 "$log")"
    else
        fail=$((fail + 1)); failed="$failed $name"
        echo "FAIL $name (exit $rc, ${secs}s)"; sed 's/^/    | /' "$log" | tail -40
    fi
    rm -f "$log"
done
echo "e2e: $pass passed, $fail failed, $skip skipped${failed:+ (failed:$failed)}"
[ $fail = 0 ]
