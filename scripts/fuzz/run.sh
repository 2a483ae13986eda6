#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/FuzzTargets.swift compiled with the FramecastCore sources
# into one binary, -sanitize=fuzzer,address) under .build-fuzz and runs each target for
# SECONDS seconds from its seed corpus in Fuzz/corpus/<target>/.
#   scripts/fuzz/run.sh [seconds-per-target] [target...]
# Targets: graphite influx csv json logbatch checkpoint chartparams glob time (default: all).
# A crash leaves .build-fuzz/crash-<target>-* and makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(graphite influx csv json prometheus statsd logbatch checkpoint chartparams glob time)

swiftc="${SWIFTC:-swiftc}"
out=.build-fuzz
binary="$out/framecast-fuzz"
mkdir -p "$out"
mapfile -t sources < <(find Sources/FramecastCore -name '*.swift' | sort)
if [ ! -x "$binary" ] || [ -n "$(find Sources/FramecastCore Fuzz/FuzzTargets.swift -newer "$binary" -name '*.swift' | head -1)" ]; then
    echo "building $binary"
    "$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name FramecastCore \
        -module-cache-path "$out/module-cache" -o "$binary" "${sources[@]}" Fuzz/FuzzTargets.swift
fi

status=0
for target in "${targets[@]}"; do
    seeds="Fuzz/corpus/$target"
    [ -d "$seeds" ] || { echo "no seed corpus $seeds" >&2; exit 2; }
    work="$out/corpus/$target"
    mkdir -p "$work"
    log="$out/$target.log"
    # The Swift backtracer would hang on a crash and hold the pipeline open.
    if SWIFT_BACKTRACE=enable=no FRAMECAST_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 "$binary" \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/crash-$target-" "$work" "$seeds" >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    printf '%-12s %-5s execs=%s exec/s=%s\n' "$target" "$result" "${execs:-?}" "${rate:-?}"
    [ "$result" = ok ] || grep -m5 -E 'ERROR|Fatal|error:|SUMMARY|artifact' "$log" || true
done
exit "$status"
