#!/bin/sh
# A reader that goes away (| head -1) ends rag-generate quietly: killed by SIGPIPE (the
# default), or, where SIGPIPE is ignored (as under rag-sse), exit 0 on EPIPE; never a message.
. "${0%/*}/lib.sh"
. "$FIX/backends/backend.sh"
start_backend ollama
i=0; while [ $i -lt 20 ]; do ask "r$i" ollama:long 'Talk a lot'; i=$((i + 1)); done >"$T/in"
( rc=0; rag-generate --url "http://127.0.0.1:$PORT" <"$T/in" 2>"$T/err" || rc=$?; echo $rc >"$T/rc" ) | head -1 >/dev/null
case $(cat "$T/rc") in 0|141) ;; *) fail "exit status $(cat "$T/rc")" ;; esac
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
( trap "" PIPE; rc=0; rag-generate --url "http://127.0.0.1:$PORT" <"$T/in" 2>"$T/err" || rc=$?; echo $rc >"$T/rc" ) | head -1 >/dev/null
[ "$(cat "$T/rc")" = 0 ] || fail "exit status $(cat "$T/rc") with SIGPIPE ignored"
[ ! -s "$T/err" ] || fail "unexpected stderr with SIGPIPE ignored: $(cat "$T/err")"
