#!/usr/bin/env bash
# API contract test: runs Schemathesis against docs/openapi.yaml on a live `framecast serve --demo`.
# Fails on any 5xx, any status, content type or JSON body the spec does not describe, and on a
# request that takes longer than the timeout (a hang). Part of `make test` (make api-test).
#
#   scripts/api/schemathesis_run.sh              # the debug build, 25 examples per operation
#   FRAMECAST_BIN=.build/release/framecast SCHEMATHESIS_MAX_EXAMPLES=100 scripts/api/schemathesis_run.sh
#
# /stream and /events are excluded: a request that succeeds never ends (one frame or event per
# `refresh`), so it could only end at the request timeout. Their error answers are covered by
# the Swift tests (StreamRouteErrorTests, MultipartStreamTests, EventStreamTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"

BIN="${FRAMECAST_BIN:-.build/debug/framecast}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-25}"
SEED="${SCHEMATHESIS_SEED:-}"
# Verified with Python 3.11; the CLI flags below are Schemathesis 4's.
SCHEMATHESIS_VERSION="4.32.5"
VENV="${SCHEMATHESIS_VENV:-$ROOT/.build/schemathesis-venv}"

if [[ ! -x "$BIN" ]]; then
    echo "api-test: no server binary at $BIN (run 'swift build --product framecast' or set FRAMECAST_BIN)" >&2
    exit 1
fi

ST="$VENV/bin/schemathesis"
if ! "$ST" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "api-test: installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        # Debian's python3 has venv in a package of its own.
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            apt-get install -y -qq python3-venv >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; }
        fi
        rm -rf "$VENV"
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LOG="$DATA/server.log"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

"$BIN" serve --data-dir "$DATA/store" --http "127.0.0.1:$PORT" --demo >"$LOG" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
    if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "api-test: the server exited before it answered /healthz:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "api-test: no answer from $BASE/healthz" >&2; cat "$LOG" >&2; exit 1; }

args=(
    run "$ROOT/docs/openapi.yaml"
    --url "$BASE"
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
    --phases examples,coverage,fuzzing
    --max-examples "$MAX_EXAMPLES"
    --request-timeout 30
    --workers 2
    --exclude-path /stream
    --exclude-path /events
    --generation-database none
    --suppress-health-check all
    --no-color
)
if [[ -n "$SEED" ]]; then args+=(--seed "$SEED"); fi
# SCHEMATHESIS_REPORT_DIR=dir keeps an ndjson report of every request and response.
if [[ -n "${SCHEMATHESIS_REPORT_DIR:-}" ]]; then
    mkdir -p "$SCHEMATHESIS_REPORT_DIR"
    args+=(--report ndjson --report-dir "$(cd "$SCHEMATHESIS_REPORT_DIR" && pwd)")
fi

# Run from the temporary directory: Schemathesis keeps a cache (.schemathesis/) in its working
# directory. The hooks add the serializer for remote_write's application/x-protobuf bodies.
status=0
(cd "$DATA" && PYTHONPATH="$ROOT/scripts/api" SCHEMATHESIS_HOOKS=schemathesis_hooks "$ST" "${args[@]}") || status=$?
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "api-test: the server died during the run:" >&2
    tail -50 "$LOG" >&2
    status=1
fi
if [[ $status -ne 0 ]]; then
    echo "api-test: FAILED (schemathesis exit $status); server log tail:" >&2
    tail -20 "$LOG" >&2
fi
exit $status
