#!/usr/bin/env bash
# Engine crash test: run `framecast-crash-child engine-run` (deterministic batches through
# IngestEngine from four tasks, background checkpoints and log trims) against one data
# directory, SIGKILL it at a random moment, recover the engine and check through the rollups
# that every batch acknowledged so far, in any cycle, is present with exactly its points, that
# nothing else is (no batch half applied or applied twice), that the 1 m tier agrees with the
# 1 s tier and that the idempotency window remembers exactly the batches present. Zero lost is
# the only pass. Cycles rotate where the kill is aimed — 5–150 ms after spawn (start and
# recovery/replay), 5–150 ms after the engine reported open (ingest and checkpoints), at a
# random point of a background checkpoint (0 ms up to the last one's duration after it started),
# 5–150 ms after a checkpoint was saved (so checkpoints keep completing as the state grows) —
# and the child's checkpoint interval (20 ms, 100 ms, 400 ms).
# Tests/FramecastStoreTests/EngineCrashTests.swift runs the same in `swift test`.
#
#   scripts/engine-crash-test.sh                 100 cycles, debug build
#   CYCLES=500 CONFIG=release scripts/engine-crash-test.sh
#   FRAMECAST_CRASH_CHILD=/path/to/framecast-crash-child scripts/engine-crash-test.sh
#   KEEP=1 ...                                   keep the data directory and ack files afterwards
set -uo pipefail

. "$(dirname "$0")/lib/crash-child.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/framecast-engine-crash.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi

intervals=(20 100 400)
landed_recovery=0 landed_checkpoint=0 landed_ingest=0 saved=0 checkpoint_ms=40
start=$(date +%s)
for i in $(seq 1 "$cycles"); do
    aim=$(( i % 4 ))
    interval=${intervals[$(( (i / 4) % 3 ))]}
    out="$work/acks-$i.txt"
    "$child" engine-run "$work/data" 4 0 "$interval" > "$out" 2> "$work/stderr-$i.txt" &
    pid=$!
    case $aim in
        0) marker=''; ms=$(( RANDOM % 146 + 5 )); what='after spawn' ;;
        1) marker='^# opened'; ms=$(( RANDOM % 146 + 5 )); what='after open' ;;
        2) marker='^# checkpoint started'; ms=$(( RANDOM % (checkpoint_ms > 40 ? checkpoint_ms + 1 : 41) ))
           what='into a checkpoint' ;;
        3) marker='^# checkpoint saved'; ms=$(( RANDOM % 146 + 5 )); what='after a checkpoint saved' ;;
    esac
    if [ -n "$marker" ]; then
        for _ in $(seq 1 2000); do
            grep -q "$marker" "$out" 2> /dev/null && break
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.005
        done
    fi
    sleep "$(printf '%d.%03d' $(( ms / 1000 )) $(( ms % 1000 )))"
    kill_child "$pid" "$i"
    if ! grep -q '^# opened' "$out"; then
        landed='recovery'; landed_recovery=$(( landed_recovery + 1 ))
    elif [ "$(grep -E '^# checkpoint (started|finished)' "$out" | tail -1 | cut -d' ' -f3)" = started ]; then
        landed='checkpoint'; landed_checkpoint=$(( landed_checkpoint + 1 ))
    else
        landed='ingest'; landed_ingest=$(( landed_ingest + 1 ))
    fi
    saved=$(( saved + $(grep -c '^# checkpoint saved' "$out") ))
    took=$(grep '^# checkpoint finished after' "$out" | tail -1 | cut -d' ' -f5)
    checkpoint_ms=${took:-$checkpoint_ms}
    if ! "$child" engine-verify "$work/data" "$work"/acks-*.txt > "$work/verify.txt" 2>&1; then
        echo "cycle $i (killed $ms ms $what, checkpoints every $interval ms, landed during $landed):"
        cat "$work/verify.txt"
        tail -5 "$out"
        KEEP=1
        trap - EXIT
        echo "data kept in $work"
        exit 1
    fi
    acked=$(grep -c '^ack ' "$out")
    printf 'cycle %3d: killed %3d ms %-24s (every %3d ms) during %-10s %5d new acks; %s\n' \
        "$i" "$ms" "$what" "$interval" "$landed" "$acked" "$(cat "$work/verify.txt")"
done
echo "engine crash test passed: $cycles SIGKILL cycles in $(( $(date +%s) - start )) s; kills during" \
    "start/recovery $landed_recovery, checkpoints $landed_checkpoint, ingest only $landed_ingest;" \
    "$saved checkpoints saved (the last took $checkpoint_ms ms); no acknowledged point lost"
