# SPDX-License-Identifier: MIT
# bash completion for every rag-* tool. Options, subcommands and value choices
# are read from the tool's own --help (CLI11's layout) when you press Tab, so
# they never go stale; a few flags get values the help cannot list.

# The --help text of "TOOL [SUBCOMMAND]", kept for the rest of the shell session.
_rag_help() {
    local key="$*"
    if [[ ${_rag_help_cache[$key]+set} != set ]]; then
        _rag_help_cache[$key]=$(LC_ALL=C "$@" --help 2>/dev/null)
    fi
    printf '%s\n' "${_rag_help_cache[$key]}"
}
declare -gA _rag_help_cache 2>/dev/null || declare -A _rag_help_cache

# Option lines of a help text look like "  -i,--index TEXT ..." or "  --json   desc".
# Prints every option name, one per line.
_rag_options() {
    sed -nE 's/^ +(-[^ ]+).*/\1/p' | tr ',' '\n' | grep -E '^--?[[:alnum:]]'
}

# Prints the subcommand names of a help text (its "Subcommands:" section).
_rag_subcommands() {
    sed -nE '/^Subcommands:/,/^$/ s/^  +([[:alnum:]][[:alnum:]_-]*)( .*)?$/\1/p'
}

# Succeeds if OPTION takes a value: CLI11 writes its type ("TEXT", "UINT",
# "TEXT:{a,b}") one space after the names; a flag's description comes later.
_rag_takes_value() {
    local opt=$1
    grep -Eq -- "^ +([^ ]*,)?${opt}(,[^ ]*)? [A-Z]+"
}

# Prints the value choices ("{a,b,c}" in the help) of OPTION, space-separated.
_rag_choices() {
    local opt=$1
    grep -E -- "^ +([^ ]*,)?${opt}(,[^ ]*)? " | head -1 | sed -nE 's/.*:\{([^}]*)\}.*/\1/p' | tr ',' ' '
}

# Prints the long name of OPTION (which may be its short form) from its help line.
_rag_long_name() {
    local opt=$1
    grep -E -- "^ +([^ ]*,)?${opt}(,[^ ]*)?( |$)" | head -1 | grep -oE -- '--[[:alnum:]][[:alnum:]-]*' | head -1
}

_rag_complete() {
    local cur prev cmd=${COMP_WORDS[0]} sub= help i w
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()

    # A subcommand ("rag-cache get") is the first word that the tool lists as one.
    local subs
    subs=$(_rag_help "$cmd" | _rag_subcommands)
    if [[ -n $subs ]]; then
        for ((i = 1; i < COMP_CWORD; i++)); do
            w=${COMP_WORDS[i]}
            if [[ $w != -* ]] && grep -qxF -- "$w" <<<"$subs"; then sub=$w; break; fi
        done
    fi
    help=$(_rag_help "$cmd" ${sub:+"$sub"})

    # --opt=value
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_rag_options <<<"$help")" -- "$cur"))
        return 0
    fi

    if [[ $prev == -* ]] && _rag_takes_value "$prev" <<<"$help"; then
        local choices long
        choices=$(_rag_choices "$prev" <<<"$help")
        long=$(_rag_long_name "$prev" <<<"$help")
        if [[ -z $choices ]]; then
            case $long in
                --color) choices="auto always never" ;;
                --backend) choices="extractive ollama openai" ;;
                --embed) choices="ollama: openai:" ;;
            esac
        fi
        if [[ -n $choices ]]; then
            COMPREPLY=($(compgen -W "$choices" -- "$cur"))
            return 0
        fi
        case $long in
            --index|--cache|--dir|--*-dir)
                COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null ;;
            --system|--token-file|--api-key-file|--*-file|--pipeline)
                COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;
            *) ;;   # a number, a name, a URL: nothing to offer
        esac
        return 0
    fi

    if [[ -n $subs && -z $sub ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
        return 0
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
    return 0
}

complete -F _rag_complete rag-index rag-retrieve rag-rerank rag-generate rag-verify rag-cache rag-show rag-sse
