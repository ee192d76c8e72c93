# SPDX-License-Identifier: MIT
# fish completion for rag-rerank: reorder each run's context by a rerank server's scores.
complete -c rag-rerank -f
complete -c rag-rerank -s h -l help -d 'Print the options and exit'
complete -c rag-rerank -l version -d 'Print the version and exit'
complete -c rag-rerank -s u -l url -x -a 'http://127.0.0.1:8080 http://127.0.0.1:8080/v1 https://api.jina.ai/v1' -d 'Base URL of the rerank server'
complete -c rag-rerank -s m -l model -x -a 'bge-reranker-v2-m3 jina-reranker-v2-base-multilingual' -d 'Model name sent to the server'
complete -c rag-rerank -l api -x -a 'jina tei' -d 'Request shape: jina (/v1/rerank) or tei (/rerank)'
complete -c rag-rerank -s k -l top-k -x -a '3 5 10 20' -d 'Passages kept per run'
complete -c rag-rerank -l batch -x -a '8 16 32 64' -d 'Passages per rerank request'
complete -c rag-rerank -s p -l parallel -x -a '1 2 4 8' -d 'Rerank requests in flight at once'
complete -c rag-rerank -l timeout -x -a '1 5 10 30' -d 'Seconds before a run keeps its retrieval order'
complete -c rag-rerank -l retries -x -a '0 1 2 5' -d 'Further tries after 429, 5xx or no connection'
complete -c rag-rerank -l api-key-file -r -F -d 'File holding the API key'
complete -c rag-rerank -l max-line -x -a '1048576 16777216' -d 'Longest input line, in bytes'
