# SPDX-License-Identifier: MIT
# fish completion for rag-generate: stream answers from an extractive, Ollama or OpenAI backend.
complete -c rag-generate -f
complete -c rag-generate -s h -l help -d 'Print the options and exit'
complete -c rag-generate -l version -d 'Print the version and exit'
complete -c rag-generate -s b -l backend -x -a 'extractive ollama openai' -d 'Default backend'
complete -c rag-generate -s m -l model -x -a 'extractive ollama:llama3.2 openai:gpt-4o-mini' -d 'Default model: NAME or BACKEND:NAME'
complete -c rag-generate -s u -l url -x -a 'http://127.0.0.1:11434 http://127.0.0.1:8080/v1 https://api.openai.com/v1' -d 'Base URL of the default backend'
complete -c rag-generate -l api-key-file -r -F -d 'File holding the OpenAI API key'
complete -c rag-generate -l system -r -F -d 'File whose text replaces the system prompt'
complete -c rag-generate -l history-turns -x -a '0 2 5 10' -d 'Earlier turns put in the prompt'
complete -c rag-generate -l temperature -x -a '0 0.2 0.7 1' -d 'Sampling temperature'
complete -c rag-generate -l max-tokens -x -a '256 512 1024 4096' -d 'Longest answer, in model tokens'
complete -c rag-generate -s p -l parallel -x -a '1 2 4 8 16' -d 'Backend requests streaming at once'
complete -c rag-generate -l idle-timeout -x -a '10 30 60 300' -d 'Seconds of backend silence before giving up'
complete -c rag-generate -l connect-timeout -x -a '1 5 10 30' -d 'Seconds to connect before giving up'
complete -c rag-generate -l pace -x -a '0 30 60 100' -d 'Extractive: milliseconds between words'
complete -c rag-generate -l max-line -x -a '1048576 16777216' -d 'Longest input line, in bytes'
