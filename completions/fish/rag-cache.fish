# SPDX-License-Identifier: MIT
# fish completion for rag-cache: the answer cache and chat sessions, and their management.
set -l subs get put stats ls purge history forget export import
complete -c rag-cache -f
complete -c rag-cache -s h -l help -d 'Print the options and exit'
complete -c rag-cache -l version -d 'Print the version and exit'
complete -c rag-cache -s c -l cache -r -a '(__fish_complete_directories)' -d 'Cache directory'
complete -c rag-cache -s i -l index -r -a '(__fish_complete_directories)' -d 'Index whose corpus and generation key answers'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a get -d 'Serve cached answers; fill history from sessions'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a put -d 'Store finished answers and session turns'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a stats -d 'Entries, sessions, sizes, hits and misses'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a ls -d 'One JSON line per cached answer'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a purge -d 'Delete cached answers'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a history -d 'The turns of a session'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a forget -d 'Delete a session'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a export -d 'Everything as NDJSON'
complete -c rag-cache -n "not __fish_seen_subcommand_from $subs" -a import -d 'Read export NDJSON on stdin'
complete -c rag-cache -n '__fish_seen_subcommand_from get' -l ttl -x -a '90s 15m 1h 1d 7d' -d 'Answers older than this miss'
complete -c rag-cache -n '__fish_seen_subcommand_from get' -l history -x -a '5 10 20 50' -d 'Turns loaded from a session'
complete -c rag-cache -n '__fish_seen_subcommand_from purge' -l all -d 'Delete every answer'
complete -c rag-cache -n '__fish_seen_subcommand_from purge' -l corpus -x -d 'Delete the answers of this corpus'
complete -c rag-cache -n '__fish_seen_subcommand_from purge' -l older-than -x -a '1h 1d 7d 30d' -d 'Delete answers older than this'
