# SPDX-License-Identifier: MIT
# fish completion for rag-show: every option of `rag-show --help`.
complete -c rag-show -f
complete -c rag-show -s h -l help -d 'Print help and exit'
complete -c rag-show -l version -d 'Print version and exit'
complete -c rag-show -s j -l json -d 'One JSON object per finished run'
complete -c rag-show -l ordered -d 'With --json: runs in the order they began'
complete -c rag-show -l progress -d 'Progress and a summary line on stderr'
complete -c rag-show -l color -x -a 'auto always never' -d 'Colour the text'
complete -c rag-show -l max-line -x -d 'Longest input line accepted, in bytes'
