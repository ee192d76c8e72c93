# SPDX-License-Identifier: MIT
# fish completion for rag-verify: check that each answer is supported by its passages.
complete -c rag-verify -f
complete -c rag-verify -s h -l help -d 'Print the options and exit'
complete -c rag-verify -l version -d 'Print the version and exit'
complete -c rag-verify -s m -l min-score -x -a '0.3 0.5 0.7 0.9' -d 'Accept an answer scoring at least this (0..1)'
complete -c rag-verify -l min-support -x -a '0.3 0.5 0.7' -d 'Name a sentence supported less than this (0..1)'
complete -c rag-verify -s r -l reject -d 'Turn a rejected answer into an error event after verify'
complete -c rag-verify -l max-answer-bytes -x -a '65536 1048576' -d 'Longest answer checked, in bytes'
complete -c rag-verify -l language -x -a 'none arabic armenian basque catalan danish dutch english finnish french german greek hindi hungarian indonesian irish italian lithuanian nepali norwegian porter portuguese romanian russian serbian spanish swedish tamil turkish yiddish' -d 'Snowball stemmer language'
complete -c rag-verify -l max-line -x -d 'Longest input line accepted, in bytes'
