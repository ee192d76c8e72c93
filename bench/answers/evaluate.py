#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/answers: asks the evaluation set through the real pipeline and scores the answers.

usage: evaluate.py BIN INDEX CACHE QUESTIONS CONVERSATIONS [OUT_DIR]

Questions go through `rag-retrieve | rag-generate | rag-verify`; each two-turn conversation goes
through `rag-cache get | rag-retrieve | rag-generate | rag-verify | rag-cache put` twice (the
second turn's history comes from the session, as it would for a user). Prints a Markdown report.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def request(run, query, session=None):
    data = {"query": query, "top_k": 5}
    if session:
        data["session_id"] = session
    return json.dumps({"type": "request", "run": run, "data": data})


def pipeline(stages, lines):
    """Runs a shell-free pipeline of argv lists over `lines`; returns its stdout lines."""
    procs, stdin = [], subprocess.PIPE
    for i, argv in enumerate(stages):
        p = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE)
        if i == 0:
            first = p
        else:
            stdin.close()
        stdin = p.stdout
        procs.append(p)
    first.stdin.write(("\n".join(lines) + "\n").encode())
    first.stdin.close()
    out = procs[-1].stdout.read().decode()
    for p in procs:
        if p.wait() != 0:
            sys.exit(f"evaluate.py: {p.args[0]} exited {p.returncode}")
    return out.splitlines()


def runs_of(events):
    """Per run: sources (doc ids), passages, answer, verify data."""
    runs = {}
    for line in events:
        ev = json.loads(line)
        r = runs.setdefault(ev["run"], {"sources": [], "passages": [], "answer": None, "verify": {}, "meta": {}})
        d = ev["data"]
        if ev["type"] == "sources":
            r["sources"] = [s["doc"] for s in d["sources"]]
        elif ev["type"] == "context":
            r["passages"] = d["passages"]
        elif ev["type"] == "done":
            r["answer"] = d.get("answer", "")
        elif ev["type"] == "verify":
            r["verify"] = d
        elif ev["type"] == "meta":
            r["meta"] = d
        elif ev["type"] == "error":
            r["answer"] = ""
            r["error"] = d.get("message")
    return runs


def doc_matches(doc_id, expected):
    name = os.path.basename(doc_id.split("#")[0])
    return name.startswith(expected + ".") or name == expected


def judge(item, run):
    pattern = re.compile(item["pattern"])
    top = run["passages"][:5]
    answer = run["answer"] or ""
    return {
        "id": item["id"],
        "doc_hit": any(doc_matches(p["doc"], item["doc"]) for p in top),
        "passage_hit": any(doc_matches(p["doc"], item["doc"]) and pattern.search(p["text"]) for p in top),
        "correct": bool(pattern.search(answer)),
        "score": run["verify"].get("score", 0.0),
        "accepted": run["verify"].get("accepted", False),
        "answer": answer,
        "sources": run["sources"],
        "searched": run["meta"].get("searched"),
    }


def share(rows, key, among=None):
    pool = [r for r in rows if among is None or r[among]]
    hits = sum(1 for r in pool if r[key])
    return f"{hits}/{len(pool)} ({100 * hits / max(1, len(pool)):.0f}%)"


def score_report(rows):
    good = [r["score"] for r in rows if r["correct"]]
    bad = [r["score"] for r in rows if not r["correct"]]
    if not good or not bad:
        return "verify scores: not enough correct and wrong answers to compare"
    bad_median = statistics.median(bad)
    above = sum(1 for s in good if s > bad_median)
    return (f"verify score, correct answers: min {min(good):.3f} median {statistics.median(good):.3f}; "
            f"wrong answers: median {bad_median:.3f} max {max(bad):.3f}; "
            f"correct above the wrong median: {above}/{len(good)}; "
            f"accepted: correct {sum(r['accepted'] for r in rows if r['correct'])}/{len(good)}, "
            f"wrong {sum(r['accepted'] for r in rows if not r['correct'])}/{len(bad)}")


def main():
    bin_dir, index, cache, questions_path, conversations_path = sys.argv[1:6]
    out_dir = sys.argv[6] if len(sys.argv) > 6 else None
    tool = lambda name, *args: [os.path.join(bin_dir, name), *args]
    answer = [tool("rag-retrieve", "-i", index), tool("rag-generate"), tool("rag-verify")]

    questions = read_jsonl(questions_path)
    t0 = time.monotonic()
    events = pipeline(answer, [request(q["id"], q["question"]) for q in questions])
    elapsed = time.monotonic() - t0
    runs = runs_of(events)
    rows = [judge(q, runs[q["id"]]) for q in questions]

    conversations = read_jsonl(conversations_path)
    chat = [tool("rag-cache", "-c", cache, "-i", index, "get"), *answer, tool("rag-cache", "-c", cache, "-i", index, "put")]
    for turn in (0, 1):
        lines = [request(f"{c['id']}-{turn + 1}", c["turns"][turn], session=f"bench-{c['id']}") for c in conversations]
        runs.update(runs_of(pipeline(chat, lines)))
    follow = [judge(c, runs[f"{c['id']}-2"]) for c in conversations]

    print(f"## Questions: {len(rows)} (pipeline {1000 * elapsed / len(rows):.1f} ms per question, all stages)")
    print(f"- answer document in the top 5: {share(rows, 'doc_hit')}")
    print(f"- answer passage in the top 5: {share(rows, 'passage_hit')}")
    print(f"- answer correct: {share(rows, 'correct')}; where the answer passage is in the top 5: "
          f"{share(rows, 'correct', 'passage_hit')}")
    print(f"- {score_report(rows)}")
    print(f"\n## Follow-ups: {len(follow)} second turns that name nothing")
    print(f"- follow-up retrieval hit (document in the top 5): {share(follow, 'doc_hit')}")
    print(f"- answer passage in the top 5: {share(follow, 'passage_hit')}")
    print(f"- answer correct: {share(follow, 'correct')}")
    if out_dir:
        with open(os.path.join(out_dir, "answers.jsonl"), "w") as f:
            for r in rows + follow:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
