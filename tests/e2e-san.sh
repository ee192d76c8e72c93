#!/bin/sh
# The end-to-end tests against the ASan+UBSan builds of the tools ($RAG_BIN): run.sh with
# every sanitizer report written to a log folder, then any report at all fails the run, also
# from a stage or a server whose exit status no test looks at. Arguments go to run.sh; E2E_ONLY
# picks tests as there.
set -u
here=$(cd "${0%/*}" && pwd)  # tests/, beside e2e/ (run.sh would take a script in e2e/ for a test)
logs=$(mktemp -d "${TMPDIR:-/tmp}/rag-san.XXXXXX")
# halt_on_error: the first error ends the process (UBSan's -fno-sanitize-recover does the same);
# detect_leaks: LeakSanitizer at every exit; lsan.supp: third-party leaks only, each justified there.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:log_path=$logs/asan:log_exe_name=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan:log_exe_name=1"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
: "${E2E_TIMEOUT:=360}"  # a sanitized tool is 2-3 times slower
export E2E_TIMEOUT
sh "$here/e2e/run.sh" "$@"
rc=$?
reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
    for f in $reports; do echo "== sanitizer report $f"; head -60 "$f"; done
    echo "e2e-san: $(echo "$reports" | wc -l) sanitizer report(s), kept in $logs"
    exit 1
fi
rm -rf "$logs"
echo "e2e-san: no sanitizer report"
exit $rc
