#!/usr/bin/env bash
# Durability crash test: run framecast-crash-child against one data directory, SIGKILL it at a
# random moment (5–150 ms after it started on odd cycles, so kills land during open and
# recovery; 5–150 ms after it reported the log open on even ones, so they land among appends),
# reopen the log and check that every batch acknowledged so far, in any cycle, is present and
# intact. Zero lost is the only pass.
#
#   scripts/crash-test.sh                 100 cycles, debug build
#   CYCLES=500 CONFIG=release scripts/crash-test.sh
#   FRAMECAST_CRASH_CHILD=/path/to/framecast-crash-child scripts/crash-test.sh
#   KEEP=1 ...                            keep the data directory and ack files afterwards
set -uo pipefail

. "$(dirname "$0")/lib/crash-child.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/framecast-crash.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi

start=$(date +%s)
for i in $(seq 1 "$cycles"); do
    ms=$(( RANDOM % 146 + 5 ))
    "$child" run "$work/data" > "$work/acks-$i.txt" 2> "$work/stderr-$i.txt" &
    pid=$!
    if [ $(( i % 2 )) -eq 0 ]; then
        for _ in $(seq 1 2000); do
            head -c 8 "$work/acks-$i.txt" 2> /dev/null | grep -q '^# opened' && break
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.005
        done
    fi
    sleep "$(printf '0.%03d' "$ms")"
    kill_child "$pid" "$i"
    if ! "$child" verify "$work/data" "$work"/acks-*.txt > "$work/verify.txt" 2>&1; then
        echo "cycle $i (killed after $ms ms):"
        cat "$work/verify.txt"
        KEEP=1
        trap - EXIT
        echo "data kept in $work"
        exit 1
    fi
    acked=$(grep -c '^ack ' "$work/acks-$i.txt")
    printf 'cycle %3d: killed after %3d ms, %4d new acks; %s\n' "$i" "$ms" "$acked" "$(cat "$work/verify.txt")"
done
echo "crash test passed: $cycles SIGKILL cycles in $(( $(date +%s) - start )) s, no acknowledged batch lost"
