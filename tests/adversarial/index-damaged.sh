#!/bin/sh
# An index whose data.mdb was truncated or had a page zeroed: rag-retrieve
# and rag-index stats/ls never die of a signal (SIGBUS before), and a failure
# names the index's path. With random bytes over its pages (10 seeds), the
# commands that read the whole index (rag-index stats, ls) check its pages
# first. Not covered: a point lookup of rag-retrieve through a page of random
# bytes near the end of the file can still read past it (LMDB trusts a
# page's node count; the pages are not checked on every lookup).
. "${0%/*}/lib.sh"
fill_index "$T/pristine"
for how in truncate zero $(seq 10 | sed 's/^/random:/'); do
    DAMAGED=$T/idx-$how
    cp -r "$T/pristine" "$DAMAGED"
    damage "${how%%:*}" "$DAMAGED/data.mdb" "${how#*:}"
    case $how in random:*) ;; *)
        survives "$how: rag-retrieve" sh -c "echo 'snapshot readers' | rag-retrieve -i '$DAMAGED'" ;;
    esac
    survives "$how: rag-index stats" rag-index -i "$DAMAGED" stats
    survives "$how: rag-index ls" rag-index -i "$DAMAGED" ls
    if [ "$how" = truncate ]; then
        [ $rc = 65 ] || fail "truncated index: exit $rc, not 65"
        grep -q damaged "$T/err" || fail "truncated index not reported as damaged: $(cat "$T/err")"
    fi
done
