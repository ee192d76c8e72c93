#!/bin/sh
# --page-dir: the page's files come from the directory when it has them, built in otherwise, with
# the page's CSP either way; nothing else in the directory, and nothing outside it, is served.
# GET /api/sessions/ID refuses an id that is no session id (400) and answers an unknown one empty.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
mkdir -p "$T/page" "$T/outside"
echo '<!doctype html><title>edited</title><p>my own page' >"$T/page/index.html"
echo 'secret' >"$T/page/notes.txt"
echo 'secret' >"$T/outside/secret.html"
start_sse --pipeline "sh $FAKE" --page-dir "$T/page"

curl -s -D "$T/h" -o "$T/b" "$URL/" || fail "GET /"
grep -q 'my own page' "$T/b" || fail "/ is not the edited index.html: $(head -c 200 "$T/b")"
grep -qi "^content-security-policy: .*script-src 'self'" "$T/h" || fail "no CSP on the edited page: $(cat "$T/h")"
echo '<p>edited again' >"$T/page/index.html"
curl -s "$URL/" | grep -q 'edited again' || fail "an edit is not served on reload"

curl -s -D "$T/h" -o "$T/b" "$URL/app.js"       # not in the directory: the built-in file
grep -qi '^content-type: text/javascript' "$T/h" && [ -s "$T/b" ] || fail "app.js did not fall back to the built-in file"
cmp -s "$T/b" "$ROOT/lib/http/page/app.js" || fail "app.js is not the built-in one"

for path in /notes.txt /../outside/secret.html /%2e%2e/outside/secret.html /..%2foutside%2fsecret.html \
    "/index.html/../../outside/secret.html"; do
    code=$(curl -s --path-as-is -o "$T/b" -w '%{http_code}' "$URL$path")
    [ "$code" = 404 ] || [ "$code" = 400 ] || fail "GET $path answered $code: $(head -c 200 "$T/b")"
    ! grep -q secret "$T/b" || fail "GET $path served a file it must not"
done

code=$(curl -s -o "$T/b" -w '%{http_code}' "$URL/api/sessions/bad%0aid")
[ "$code" = 400 ] && grep -q 'session id' "$T/b" || fail "a session id with a newline answered $code: $(cat "$T/b")"
long=$(python3 -c 'print("s" * 300)')
code=$(curl -s -o "$T/b" -w '%{http_code}' "$URL/api/sessions/$long")
[ "$code" = 400 ] || fail "a 300-byte session id answered $code"
code=$(curl -s -o "$T/b" -w '%{http_code}' "$URL/api/sessions/never-seen")
[ "$code" = 200 ] && grep -q '"turns":\[\]' "$T/b" || fail "an unknown session answered $code: $(cat "$T/b")"

rag-sse --listen 127.0.0.1:0 --page-dir "$T/nowhere" 2>"$T/err" && fail "a missing --page-dir was accepted"
grep -q 'nowhere' "$T/err" || fail "the error does not name the directory: $(cat "$T/err")"
