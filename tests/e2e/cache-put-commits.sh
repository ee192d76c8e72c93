#!/bin/sh
# rag-cache put commits before it passes `done` on (issue 12): a client that
# asks again the moment it has read `done` is served from the cache, and a
# follow-up in the same session sees the last turn. 100 asks, no miss.
. "${0%/*}/lib.sh"
export RAG_CACHE="$T/cache"
python3 - "$FIX/cache/answer.jq" <<'PY' || fail "a second ask missed what put had passed on"
import json, subprocess, sys
put = subprocess.Popen(["rag-cache", "put"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def ask(run, query, session=None):
    data = {"query": query, "history": []}
    if session: data["session_id"] = session
    req = json.dumps({"type": "request", "run": run, "data": data})
    got = subprocess.run(["rag-cache", "get"], input=req + "\n", capture_output=True, text=True, check=True)
    return [json.loads(l) for l in got.stdout.splitlines()]
def answer(run, query, session=None):   # what retrieve | generate would send to put
    events = ask(run, query, session)
    events = subprocess.run(["jq", "-c", "-f", sys.argv[1]], input="".join(json.dumps(e) + "\n" for e in events),
                            capture_output=True, text=True, check=True).stdout
    put.stdin.write(events); put.stdin.flush()
    while json.loads(put.stdout.readline())["type"] != "done": pass
misses = 0
for i in range(100):
    answer("r%012x" % (2 * i), "question %d" % i, "s%d" % i)
    again = ask("r%012x" % (2 * i + 1), "question %d" % i)
    misses += not any(e["type"] == "cached" for e in again)
    follow = ask("r%012x" % (2 * i + 1), "and then?", "s%d" % i)
    history = follow[0]["data"]["history"]
    if [t["content"] for t in history] != ["question %d" % i, "Answer to: question %d" % i]:
        sys.exit("session s%d: last turn missing: %s" % (i, history))
put.stdin.close(); put.wait()
print("misses:", misses)
sys.exit(misses != 0)
PY
