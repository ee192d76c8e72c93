#!/bin/sh
# A cache with a page of zeros in the middle of data.mdb: no command dies of
# a signal; those that find the damage exit 65 naming the path; the chat
# pipeline answers every run.
. "${0%/*}/lib.sh"
DAMAGED=$T/cache
fill_cache "$DAMAGED"
damage zero "$DAMAGED/data.mdb"
for cmd in stats ls export "purge --older-than 1s"; do
    survives "rag-cache $cmd" rag-cache -c "$DAMAGED" $cmd
    [ $rc = 0 ] || [ $rc = 65 ] || fail "rag-cache $cmd: exit $rc, not 0 or 65"
done
pipeline_answers
