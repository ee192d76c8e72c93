#!/bin/sh
# A cache whose pages were overwritten with random bytes (10 seeds): no
# command dies of a signal (rag-cache ls died of SIGSEGV before), failures
# name the path, and the chat pipeline answers every run.
. "${0%/*}/lib.sh"
fill_cache "$T/pristine"
for seed in $(seq 10); do
    DAMAGED=$T/cache$seed
    cp -r "$T/pristine" "$DAMAGED"
    damage random "$DAMAGED/data.mdb" "$seed"
    for cmd in ls stats export; do
        survives "seed $seed: rag-cache $cmd" rag-cache -c "$DAMAGED" $cmd
        [ $rc = 0 ] || [ $rc = 65 ] || fail "seed $seed: rag-cache $cmd: exit $rc, not 0 or 65"
    done
    pipeline_answers
done
