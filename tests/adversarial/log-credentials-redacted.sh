#!/bin/sh
# Credentials never reach rag-sse's log: a token sent as access_token= (or api_key=) in the query,
# an Authorization header, and a secret a stage prints on its stderr are all "[redacted]" in the
# access log and every other line. Spawn and worker mode.
. "${0%/*}/lib.sh"
. "$FIX/sse/lib.sh"
echo 'tok-SECRET-123456' >"$T/token"
cat >"$T/stage.sh" <<EOS
#!/bin/sh
echo "stage: using Authorization: Bearer sk-STAGE-SECRET-9876 and OPENAI_API_KEY=sk-ENV-SECRET-5432" >&2
exec "$FAKE"
EOS
chmod +x "$T/stage.sh"
check() {
    curl -sN -o /dev/null "$URL/api/chat/stream?query=x&access_token=tok-SECRET-123456"
    curl -s -o /dev/null "$URL/metrics?api_key=tok-SECRET-123456"
    curl -s -o /dev/null "$URL/healthz?access_token=WRONG-SECRET-000"
    curl -s -o /dev/null -H 'Authorization: Bearer tok-SECRET-123456' "$URL/api/chat/stream?query=y"
    curl -s -o /dev/null -X POST -H 'Authorization: Bearer tok-SECRET-123456' "$URL/nowhere?token=tok-SECRET-123456"
    sleep 0.5
    grep -q 'access_token=\[redacted\]' "$T/server.log" || fail "$MODE: the access log lost the parameter name"
    ! grep -n 'SECRET' "$T/server.log" || fail "$MODE: a credential reached the log"
    grep -q 'stage: using Authorization: Bearer \[redacted\]' "$T/server.log" || fail "$MODE: the stage's line"
    echo "$MODE: no credential in $(grep -c . "$T/server.log") log lines"
}
SSE_FLAGS="--token-file $T/token"
FAKE=$T/stage.sh
in_each_mode check
