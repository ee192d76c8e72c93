# SPDX-License-Identifier: MIT
# fish completion for rag-retrieve: retrieve passages for each request by BM25.
complete -c rag-retrieve -f
complete -c rag-retrieve -s h -l help -d 'Print the options and exit'
complete -c rag-retrieve -l version -d 'Print the version and exit'
complete -c rag-retrieve -s i -l index -r -a '(__fish_complete_directories)' -d 'Index directory'
complete -c rag-retrieve -s k -l top-k -x -a '3 5 10 20' -d 'Passages for a request that gives no top_k'
complete -c rag-retrieve -l k1 -x -a '0.9 1.2 1.5' -d 'BM25 term-frequency saturation'
complete -c rag-retrieve -l b -x -a '0.4 0.75' -d 'BM25 length normalisation (0..1)'
complete -c rag-retrieve -l format -x -a 'events trec' -d 'Output: events, or a TREC run'
complete -c rag-retrieve -l queries -r -F -d 'Queries for --format trec (JSONL or qid<TAB>text)'
complete -c rag-retrieve -l hits -x -a '10 100 1000' -d 'Documents per query in a TREC run'
complete -c rag-retrieve -l tag -x -d 'Run tag of a TREC run'
complete -c rag-retrieve -l evaluate -r -F -d 'Print nDCG@10, Recall@100, MRR@10 of a TREC run'
complete -c rag-retrieve -l qrels -r -F -d 'Relevance judgements for --evaluate'
complete -c rag-retrieve -l exhaustive -d 'Score every posting instead of pruning'
complete -c rag-retrieve -l snippet-words -x -a '20 30 50' -d 'Words in a snippet'
