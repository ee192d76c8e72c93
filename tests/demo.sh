#!/bin/sh
# make demo: index the bundled sample corpus (this project's own documentation),
# then answer questions through the whole pipeline, as a user would.
set -eu
root=$(cd "${0%/*}/.." && pwd)
bin=${RAG_BIN:-$root/bin}
PATH="$bin:$PATH"
demo=$root/build/demo
export RAG_INDEX="$demo/index" RAG_CACHE="$demo/cache"
rm -rf "$demo"

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

say "rag-index build: the sample corpus is rag-tools' own README and docs/"
cd "$root"   # document ids are the paths as given: README.md#2, docs/serving.md#3
rag-index build --corpus rag-tools README.md docs
rag-index stats

ask() {
    say "$1"
    echo "$2" \
      | rag-cache get | rag-retrieve | rag-generate | rag-verify | rag-cache put \
      | rag-show
}
ask 'echo QUESTION | rag-cache get | rag-retrieve | rag-generate | rag-verify | rag-cache put | rag-show' \
    'How do I serve the pipeline over HTTP with systemd?'
ask 'the same question again: answered from the cache, no retrieval or generation' \
    'How do I serve the pipeline over HTTP with systemd?'
ask 'a question the corpus cannot answer' 'What is the boiling point of tungsten?'

say "the same pipeline as NDJSON events (first 6 lines):"
echo 'Which stemmer does the analyzer use?' | rag-retrieve | rag-generate | head -6 | cut -c1-160

say "Done. The demo index is in $demo."
cat >&2 <<EOF
The tools are in $bin. In a new shell, put them on PATH (or run 'sudo make install'):
  export PATH="$bin:\$PATH" RAG_INDEX="$demo/index"
  echo 'How does the cache key work?' | rag-retrieve | rag-generate | rag-show
EOF
