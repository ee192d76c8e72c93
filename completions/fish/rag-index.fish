# SPDX-License-Identifier: MIT
# fish completion for rag-index: build and update a BM25 index (with passage vectors) for rag-retrieve.
set -l subs build add rm stats ls
set -l langs 'none arabic armenian basque catalan danish dutch english finnish french german greek hindi hungarian indonesian irish italian lithuanian nepali norwegian porter portuguese romanian russian serbian spanish swedish tamil turkish yiddish'
complete -c rag-index -f
complete -c rag-index -s h -l help -d 'Print the options and exit'
complete -c rag-index -l version -d 'Print the version and exit'
complete -c rag-index -s i -l index -r -a '(__fish_complete_directories)' -d 'Index directory'
complete -c rag-index -s q -l quiet -d 'No progress and no summary on stderr'
complete -c rag-index -n "not __fish_seen_subcommand_from $subs" -a build -d 'Index the inputs afresh'
complete -c rag-index -n "not __fish_seen_subcommand_from $subs" -a add -d 'Add or replace documents in place'
complete -c rag-index -n "not __fish_seen_subcommand_from $subs" -a rm -d 'Remove documents by id'
complete -c rag-index -n "not __fish_seen_subcommand_from $subs" -a stats -d 'Print the index statistics'
complete -c rag-index -n "not __fish_seen_subcommand_from $subs" -a ls -d 'List the documents'
# Inputs and their options (build, add).
complete -c rag-index -n '__fish_seen_subcommand_from build add' -F
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l corpus -x -d 'Corpus id the index serves'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l type -x -a 'auto jsonl text markdown html man pdf' -d 'Input type'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l id-field -x -a '_id id docid' -d 'JSONL field of the document id'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l title-field -x -a 'title' -d 'JSONL field of the title'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l text-field -x -a 'text contents body' -d 'JSONL field of the text'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l include -x -a "'*.md' '*.txt' '*.html' '*.pdf' '*.jsonl'" -d 'Glob of files to take from directories'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l exclude -x -a "'*.pdf' 'node_modules/*'" -d 'Glob of files to skip in directories'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l chunk-words -x -a '100 200 300 500' -d 'Passage length in words'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l overlap -x -a '0 20 50' -d 'Words repeated between passages'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -s j -l jobs -x -a '0 1 2 4' -d 'Analysing threads (0: one per core)'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l embed -x -a 'ollama:nomic-embed-text ollama:bge-m3 openai:text-embedding-3-small' -d 'Embedding model for passage vectors'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l embed-url -x -a 'http://127.0.0.1:11434 http://127.0.0.1:8080/v1' -d 'Embedding server base URL'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l embed-batch -x -a '16 32 64 128' -d 'Passages per embedding request'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l embed-parallel -x -a '1 2 4 8' -d 'Embedding requests in flight'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l quantize -d 'Store vectors as int8 with a scale'
complete -c rag-index -n '__fish_seen_subcommand_from build add' -l hnsw-min -x -a '0 20000 100000' -d 'Vectors from which an HNSW graph is built'
complete -c rag-index -n '__fish_seen_subcommand_from stats' -l check -d 'Measure the HNSW graph recall@10'
complete -c rag-index -n '__fish_seen_subcommand_from build' -l language -x -a "$langs" -d 'Snowball stemmer language'
complete -c rag-index -n '__fish_seen_subcommand_from build' -l no-stop-words -d 'Keep stop words'
# Ids to remove come from the index itself.
complete -c rag-index -n '__fish_seen_subcommand_from rm' -x -a '(rag-index -q ls 2>/dev/null | cut -f1)' -d 'Document'
