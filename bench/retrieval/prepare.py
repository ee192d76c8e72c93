#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Corpora for bench/retrieval as TSV (id, title, text) + queries (qid, text) + JSONL for rag-index.
# usage: prepare.py scifact DIR OUT | prepare.py gcide DICTD_DIR OUT NQUERIES
import base64, gzip, json, os, random, re, sys

def clean(s):
    return re.sub(r"\s+", " ", s or "").strip()

def write(out, docs, queries):
    os.makedirs(out, exist_ok=True)
    with open(f"{out}/docs.tsv", "w") as t, open(f"{out}/corpus.jsonl", "w") as j:
        for i, title, text in docs:
            t.write(f"{i}\t{clean(title)}\t{clean(text)}\n")
            j.write(json.dumps({"_id": i, "title": title, "text": text}) + "\n")
    with open(f"{out}/queries.tsv", "w") as q:
        for i, text in queries:
            q.write(f"{i}\t{clean(text)}\n")

def scifact(src, out):
    docs = [(d["_id"], d.get("title", ""), d.get("text", "")) for d in map(json.loads, open(f"{src}/corpus.jsonl"))]
    queries = [(q["_id"], q["text"]) for q in map(json.loads, open(f"{src}/queries.jsonl"))]
    write(out, docs, queries)

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
def b64(s):
    n = 0
    for c in s:
        n = n * 64 + B64.index(c)
    return n

def gcide(src, out, nq):
    data = gzip.open(f"{src}/gcide.dict.dz").read()
    docs = []
    for line in open(f"{src}/gcide.index", encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database"):
            continue
        off, ln = b64(parts[1]), b64(parts[2])
        body = data[off:off + ln].decode("utf-8", "replace")
        docs.append((str(len(docs)), parts[0], body))
    rng = random.Random(7)
    queries = []
    for i, (_, head, body) in enumerate(rng.sample(docs, min(nq, len(docs)))):
        words = clean(body).split()[len(head.split()):]
        if len(words) > 3:
            start = rng.randrange(0, max(1, min(len(words) - 3, 20)))
            queries.append((f"g{i}", " ".join(words[start:start + 6])))
    write(out, docs, queries)

if __name__ == "__main__":
    if sys.argv[1] == "scifact":
        scifact(sys.argv[2], sys.argv[3])
    else:
        gcide(sys.argv[2], sys.argv[3], int(sys.argv[4]))
