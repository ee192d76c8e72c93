#!/usr/bin/env python3
# A simple peer: the same check in plain Python (regex words, lower case, a stop list, no
# stemming; word and word-pair overlap per sentence), as a Python service would run it.
import random, re, statistics, sys, time

WORDS = ("index retrieval ranking document query term frequency passage answer model stream token cache "
         "session memory reader writer database search engine length average score relevance collection "
         "statistics the of and a to in is that for with as by on are compressed postings inverted lexicon "
         "stemming analysis sentence citation server client latency throughput pipeline filter event process").split()
STOP = set("the of and a to in is that for with as by on are".split())
WORD = re.compile(r"\w+")
CITE = re.compile(r"\[\d+(?:[,\- ]+\d+)*\]")
SPLIT = re.compile(r"(?<=[.!?])\s+")

def terms(text):
    return [w for w in WORD.findall(CITE.sub(" ", text.lower())) if w not in STOP]

def bag(seq):
    return set(seq), set(zip(seq, seq[1:]))

def check(answer, passages):
    bags = [bag(terms(p)) for p in passages]
    total = weighted = 0
    for s in SPLIT.split(answer):
        seq = terms(s)
        if not seq: continue
        ws, ps = bag(seq)
        best = 0
        for pw, pp in bags:
            sup = len(ws & pw) / len(ws)
            if ps: sup = 0.75 * sup + 0.25 * len(ps & pp) / len(ps)
            best = max(best, sup)
        weighted += best * len(ws); total += len(ws)
    return weighted / total if total else 0

def text(rng, n):
    out, i = [], 0
    while i < n:
        k = min(rng.randint(8, 24), n - i)
        out.append(" ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + ".")
        i += k
    return " ".join(out)

rng = random.Random(42)
passages = [text(rng, 300) for _ in range(5)]
answer = " ".join(SPLIT.split(passages[i % 5])[i // 5] .rstrip(".") + f" [{i % 5 + 1}]." for i in range(20))
iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 500
us = []
for _ in range(iterations):
    t0 = time.perf_counter(); check(answer, passages); us.append((time.perf_counter() - t0) * 1e6)
us.sort()
print(f"{'peer: Python overlap check (no stemming)':44s} {us[len(us)//2]:8.1f} {us[len(us)*99//100]:8.1f} {us[0]:8.1f} {1e6/us[len(us)//2]:10.0f}")
