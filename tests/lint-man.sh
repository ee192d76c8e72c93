#!/bin/sh
# Lints every man page with mandoc (warnings are errors) and checks that each
# has the sections every rag page shares. Called by `make lint`.
set -eu
cd "$(dirname "$0")/.."
command -v mandoc >/dev/null || { echo "lint-man: mandoc missing (make deps)" >&2; exit 1; }
status=0
for page in man/*.[1-9]; do
    [ -e "$page" ] || continue
    mandoc -T lint -W warning "$page" || status=1
    case $page in
    *.1) sections="NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES EXIT.STATUS EXAMPLES SEE.ALSO" ;;
    *) sections="NAME DESCRIPTION SEE.ALSO" ;;
    esac
    for s in $sections; do
        grep -Eq "^\.Sh $s\$" "$page" || { echo "$page: no $(echo "$s" | tr . ' ') section" >&2; status=1; }
    done
done
[ $status = 0 ] && echo "lint-man: $(ls man/*.[1-9] | wc -l) pages clean"
exit $status
