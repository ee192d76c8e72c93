# Shared helpers for the adversarial store cases; sourced as `. "${0%/*}/lib.sh"`.
# Gives what tests/e2e/lib.sh gives, and: fill_cache DIR, fill_index DIR,
# damage truncate|zero|random FILE [SEED], survives WHAT CMD... (no signal;
# a failure names the damaged path), pipeline_answers (the pipeline goes on).
. "${0%/*}/../e2e/lib.sh"

fill_cache() {
    seq 300 | sed 's/^/question number /' | rag-cache -c "$1" get |
        jq -c --unbuffered -f "$FIX/cache/answer.jq" | rag-cache -c "$1" put >/dev/null
}

fill_index() {
    (cd "$FIX/retrieval" && rag-index -q -i "$1" build docs)
}

# Damages FILE: truncate to half; zero the page in the middle; or overwrite
# every page past the two meta pages with bytes from a seeded generator.
damage() {
    python3 - "$@" <<'PY'
import os, random, sys
how, path = sys.argv[1], sys.argv[2]
size = os.path.getsize(path); page = 4096; pages = size // page
with open(path, "r+b") as f:
    if how == "truncate":
        f.truncate(size // 2)
    elif how == "zero":
        f.seek(pages // 2 * page); f.write(bytes(page))
    else:
        rng = random.Random(int(sys.argv[3]))
        for p in range(2, pages):
            if rng.random() < 0.3:
                f.seek(p * page + rng.randrange(page - 64)); f.write(rng.randbytes(64))
PY
}

# Runs CMD; fails when a signal ended it, or when it failed without naming $DAMAGED.
survives() {
    what=$1; shift
    rc=0; "$@" >"$T/out" 2>"$T/err" || rc=$?
    [ $rc -lt 128 ] || fail "$what: killed by signal $((rc - 128)): $(head -c 300 "$T/err")"
    [ $rc = 0 ] || grep -q "$DAMAGED" "$T/err" || fail "$what: exit $rc without naming $DAMAGED: $(cat "$T/err")"
    [ $rc != 70 ] || fail "$what: exit 70, 'internal error': $(cat "$T/err")"
    echo "$what: exit $rc"
}

# A chat pipeline over the damaged cache still answers every run, exit 0.
pipeline_answers() {
    printf 'question number 7\nfresh question\n' | rag-cache -c "$DAMAGED" get 2>"$T/err1" |
        jq -c --unbuffered -f "$FIX/cache/answer.jq" | rag-cache -c "$DAMAGED" put >"$T/out" 2>"$T/err2" ||
        fail "pipeline failed over a damaged cache: $(cat "$T/err1" "$T/err2")"
    [ "$(grep -c '"type":"done"' "$T/out")" = 2 ] || fail "runs did not answer: $(cat "$T/err1" "$T/err2")"
}

# HTTP cases against rag-sse. in_each_mode FUNCTION: runs FUNCTION once with a
# server that spawns a pipeline per request and once with --workers 1 (extra
# server flags in $SSE_FLAGS); MODE names the mode for messages.
# raw ARGS...: raw_http.py against the server, the request on stdin.
in_each_mode() {
    for MODE in spawn workers; do
        flags=
        [ "$MODE" = workers ] && flags="--workers 1"
        # shellcheck disable=SC2086
        start_sse --pipeline "$FAKE" $flags ${SSE_FLAGS:-}
        "$1"
        kill "$SSE_PID"; wait "$SSE_PID" 2>/dev/null || true
    done
}
raw() { python3 "$FIX/sse/raw_http.py" "$PORT" "$@"; }
# status: the status code of the response on stdin.
status() { head -1 | cut -d' ' -f2; }
# descendants: how many processes run under the server, at any depth (stages it reaped as
# subreaper included), pipelines started ahead (spares) and workers too.
descendants() {
    ps -e -o pid=,ppid= | awk -v root="$SSE_PID" '
        { parent[$1] = $2 } END { for (p in parent) { q = p; while (q in parent && q != root) q = parent[q]; if (q == root && p != root) n++ } print n + 0 }'
}
# stages_matching PATTERN: processes under the server whose command line matches PATTERN.
stages_matching() {
    n=0
    for p in $(pgrep -f "$1"); do
        q=$p
        while [ "$q" -gt 1 ] && [ "$q" != "$SSE_PID" ]; do q=$(ps -o ppid= -p "$q" | tr -d ' '); [ -n "$q" ] || break; done
        [ "$q" = "$SSE_PID" ] && n=$((n + 1))
    done
    echo $n
}
