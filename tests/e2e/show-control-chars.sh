#!/bin/sh
# Text for a person has its control characters escaped (cat -v style), so a document or query
# cannot clear the screen, retitle the window or recolour the terminal; --json is unaffected.
. "${0%/*}/lib.sh"
cat >"$T/in" <<'NDJSON'
{"type":"request","run":"a","data":{"query":"clear \u001b[2J screen"}}
{"type":"sources","run":"a","data":{"sources":[{"doc":"evil\u001b]0;pwned\u0007.md","title":"T\u009b31m","score":1.5}]}}
{"type":"token","run":"a","data":{"t":"x\u001b[31mred \u00c3"}}
{"type":"token","run":"a","data":{"t":"\u00a9 tab\tok"}}
{"type":"verify","run":"a","data":{"score":0.2,"accepted":false,"issues":["bell\u0007"]}}
{"type":"done","run":"a","data":{"answer":"x\u001b[31mred \u00c3\u00a9 tab\tok"}}
NDJSON
rag-show --color never <"$T/in" >"$T/out" 2>"$T/err" || fail "rag-show failed: $(cat "$T/err")"
# No byte below 0x20 but newline and tab, no DEL, no C1 control (UTF-8 C2 80..9F).
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/out" && fail "a control character reached the terminal: $(od -c "$T/out")"
LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$T/out" && fail "a C1 control reached the terminal"
grep -qF '> clear ^[[2J screen' "$T/out" || fail "query: $(cat "$T/out")"
grep -qF 'x^[[31mred Ã© tab	ok' "$T/out" || fail "answer (and a character split across tokens kept whole): $(cat "$T/out")"
grep -qF 'evil^[]0;pwned^G.md' "$T/out" || fail "document id: $(cat "$T/out")"
grep -qF 'TM-^[31m' "$T/out" || fail "title: $(cat "$T/out")"
grep -qF -- '- bell^G' "$T/out" || fail "verify issue: $(cat "$T/out")"
# --json keeps the text as it was, as JSON escapes.
rag-show --json <"$T/in" >"$T/json"
[ "$(jq -r .query "$T/json")" = "$(printf 'clear \033[2J screen')" ] || fail "--json changed the query: $(cat "$T/json")"
