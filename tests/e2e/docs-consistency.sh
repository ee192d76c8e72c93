#!/bin/sh
# Every long option in a tool's --help (and its subcommands') is in man/<tool>.1 and in its fish completion.
. "${0%/*}/lib.sh"
# long_options TOOL [SUB]: the long options of one help text, one per line.
long_options() {
    "$@" --help | sed -nE 's/^ +(-[^ ]+).*/\1/p' | tr ',' '\n' | sed -nE 's/^--([[:alnum:]][[:alnum:]-]*).*/\1/p'
}
subcommands() {
    "$1" --help | sed -nE '/^Subcommands:/,/^$/ s/^  +([[:alnum:]][[:alnum:]_-]*)( .*)?$/\1/p'
}
checked=0 missing=
for bin in "$RAG_BIN"/rag-*; do
    [ -x "$bin" ] || continue
    tool=${bin##*/}
    man=$ROOT/man/$tool.1 fish=$ROOT/completions/fish/$tool.fish
    [ -f "$man" ] || { missing="$missing\n$tool: no man page man/$tool.1"; continue; }
    [ -f "$fish" ] || { missing="$missing\n$tool: no fish completion completions/fish/$tool.fish"; continue; }
    { long_options "$bin"; for s in $(subcommands "$bin"); do long_options "$bin" "$s"; done; } | sort -u >"$T/opts"
    [ -s "$T/opts" ] || missing="$missing\n$tool: no options found in --help"
    while read -r opt; do
        grep -Eq "Fl -$opt([[:space:],]|\$)" "$man" || missing="$missing\n$tool: --$opt not in man/$tool.1"
        grep -Eq -- "(-l|--long-option) $opt([[:space:]]|\$)" "$fish" ||
            missing="$missing\n$tool: --$opt not in completions/fish/$tool.fish"
    done <"$T/opts"
    checked=$((checked + 1))
done
[ -z "$missing" ] || fail "$(printf "$missing")"
[ $checked -gt 0 ] || skip "no tools built in $RAG_BIN"
echo "$checked tools: every long option documented"
