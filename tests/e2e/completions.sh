#!/bin/sh
# The bash (and, when installed, zsh and fish) completions offer options, subcommands and values from --help.
. "${0%/*}/lib.sh"
command -v bash >/dev/null || skip "no bash"
# A stand-in tool with subcommands, in CLI11's help layout.
mkdir -p "$T/fake" "$T/dir.d"
cat >"$T/fake/rag-cache" <<'TOOL'
#!/bin/sh
case "$1" in
put) printf 'Usage: rag-cache put [OPTIONS]\n\nOptions:\n  -h,--help                Print this help message and exit\n  -c,--cache TEXT (Env:RAG_CACHE)\n                           cache directory\n  --ttl UINT               seconds\n' ;;
*) printf 'Usage: rag-cache [OPTIONS] SUBCOMMAND\n\nOptions:\n  -h,--help                Print this help message and exit\n  --version                Display program version\n\nSubcommands:\n  get                      serve hits\n  put                      store answers\n' ;;
esac
TOOL
chmod +x "$T/fake/rag-cache"
cat >"$T/t.bash" <<'TEST'
. "$ROOT/completions/rag.bash"
complete -p rag-show >/dev/null || { echo "rag-show not registered"; exit 1; }
# comp WORD... : completes the last word; prints the candidates on one line.
comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rag_complete; echo "${COMPREPLY[*]}"; }
want() { [ "$1" = "$2" ] || { echo "want '$2', got '$1'"; exit 1; }; }
want "$(comp rag-show --co)" "--color"
want "$(comp rag-show --color '')" "auto always never"
want "$(comp rag-show --color=al)" "always"
want "$(comp rag-show --max)" "--max-line"
want "$(comp rag-show -)" "-h --help --version -j --json --ordered --progress --color --max-line"
want "$(comp rag-show --json --)" "--help --version --json --ordered --progress --color --max-line"
want "$(comp "$T/fake/rag-cache" '')" "get put"
want "$(comp "$T/fake/rag-cache" p)" "put"
want "$(comp "$T/fake/rag-cache" put --)" "--help --cache --ttl"
cd "$T"
want "$(comp "$T/fake/rag-cache" put --cache dir)" "dir.d"
want "$(comp "$T/fake/rag-cache" put -c dir)" "dir.d"
want "$(comp "$T/fake/rag-cache" put --ttl '')" ""
echo bash ok
TEST
ROOT=$ROOT T=$T bash "$T/t.bash" || fail "bash completion"
for tool in "$RAG_BIN"/rag-*; do   # every real tool answers --help in a form we can read
    [ -x "$tool" ] || continue
    out=$(ROOT=$ROOT bash -c '. "$ROOT/completions/rag.bash"; COMP_WORDS=("$1" --hel); COMP_CWORD=1; _rag_complete; echo "${COMPREPLY[*]}"' - "$tool")
    [ "$out" = --help ] || fail "${tool##*/}: --hel completes to '$out'"
done

if command -v zsh >/dev/null; then
    zsh -n "$ROOT/completions/_rag" || fail "zsh: _rag does not parse"
    # With _arguments replaced by a printer, _rag shows the specs it builds.
    zspecs() { zsh -f -c '_arguments() { print -rl -- "$@" }; words=("${(@)argv[2,-1]}"); CURRENT=$#words; . "$1"' \
        - "$ROOT/completions/_rag" "$@"; }
    zspecs rag-show --co >"$T/z1"
    grep -qxF -- '--color[colour the text  auto, always or never]:value:(auto always never)' "$T/z1" ||
        fail "zsh: no --color spec: $(cat "$T/z1")"
    grep -qxF -- '--json[write one JSON object per finished run (run, query, answer, sources, cached, verify, duration_ms)]' "$T/z1" ||
        fail "zsh: no --json spec"
    zspecs "$T/fake/rag-cache" '' | grep -qxF '1:command:(get put)' || fail "zsh: no subcommands"
    zspecs "$T/fake/rag-cache" put -- | grep -qxF -- '--cache[cache directory]:value:_files -/' ||
        fail "zsh: --cache does not complete directories"
    echo "zsh ok"
else
    echo "zsh not installed: zsh part skipped"
fi
if command -v fish >/dev/null; then
    for f in "$ROOT"/completions/fish/*.fish; do fish -n "$f" || fail "fish: $f does not parse"; done
    got=$(fish -c "source $ROOT/completions/fish/rag-show.fish; complete -C'rag-show --color '" | cut -f1 | tr '\n' ' ')
    [ "$got" = "always auto never " ] || fail "fish: --color values: '$got'"
    echo "fish ok"
else
    echo "fish not installed: fish part skipped"
fi
