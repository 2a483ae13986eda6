#!/usr/bin/env bash
# Builds the libFuzzer targets under .build-fuzz and runs each target for SECONDS seconds from its
# seed corpus in Fuzz/corpus/<target>/.
#   scripts/fuzz/run.sh [seconds-per-target] [target...]
#   FUZZ_RUNS=10000000 scripts/fuzz/run.sh 0 [target...]   (a number of executions instead, no time bound)
# Targets: graphite influx csv json prometheus statsd logbatch checkpoint chartparams glob time
# remotewrite graphitetarget (default: all).
# Two binaries, each built only when one of its targets is asked for:
#   framecast-fuzz            Fuzz/FuzzTargets.swift compiled with the FramecastCore sources into one
#                             module, -sanitize=fuzzer,address; FRAMECAST_FUZZ_TARGET picks the target.
#   framecast-fuzz-protocols  remotewrite: Fuzz/RemoteWriteFuzz.swift with the FramecastProtocols
#                             sources (RemoteWriteDecoder.decode), against a FramecastCore module
#                             (instrumented too), SwiftProtobuf (-O, not instrumented, built once from
#                             .build/checkouts and cached) and the system libsnappy.
#   framecast-fuzz-graphite   graphitetarget: Fuzz/GraphiteTargetFuzz.swift with the FramecastGraphite
#                             sources (target parser, evaluator, every function, output writers),
#                             against the same instrumented FramecastCore module.
# A crash leaves .build-fuzz/crash-<target>-* and makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
[ $# -gt 0 ] && shift
targets=("$@")
core_targets=(graphite influx csv json prometheus statsd logbatch checkpoint chartparams glob time)
protocol_targets=(remotewrite)
graphite_targets=(graphitetarget)
[ ${#targets[@]} -eq 0 ] && targets=("${core_targets[@]}" "${protocol_targets[@]}" "${graphite_targets[@]}")

swiftc="${SWIFTC:-swiftc}"
out=.build-fuzz
binary="$out/framecast-fuzz"
protocols_binary="$out/framecast-fuzz-protocols"
graphite_binary="$out/framecast-fuzz-graphite"
mkdir -p "$out"
mapfile -t sources < <(find Sources/FramecastCore -name '*.swift' | sort)

# True when $1 is missing or any .swift file under the other arguments is newer than it.
stale() {
    local product="$1"
    shift
    [ ! -e "$product" ] || [ -n "$(find "$@" -newer "$product" -name '*.swift' | head -1)" ]
}

wants() { # wants TARGET-LIST...: is any of them asked for?
    local t w
    for t in "${targets[@]}"; do for w in "$@"; do [ "$t" = "$w" ] && return 0; done; done
    return 1
}

if wants "${core_targets[@]}" && stale "$binary" Sources/FramecastCore Fuzz/FuzzTargets.swift; then
    echo "building $binary"
    "$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name FramecastCore \
        -module-cache-path "$out/module-cache" -o "$binary" "${sources[@]}" Fuzz/FuzzTargets.swift
fi

# FramecastCore as its own module, as the package builds it, so the other modules'
# `import FramecastCore` and their use of Core's public API are what ship.
core="$out/framecast-core"
build_core_module() {
    if stale "$core/libFramecastCore.a" Sources/FramecastCore; then
        echo "building $core/libFramecastCore.a"
        mkdir -p "$core"
        "$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name FramecastCore \
            -module-cache-path "$out/module-cache" \
            -emit-module -emit-module-path "$core/FramecastCore.swiftmodule" \
            -emit-library -static -o "$core/libFramecastCore.a" "${sources[@]}"
    fi
}

if wants "${protocol_targets[@]}"; then
    protobuf_sources_dir=.build/checkouts/swift-protobuf/Sources/SwiftProtobuf
    if [ ! -d "$protobuf_sources_dir" ]; then
        echo "resolving packages for the SwiftProtobuf sources"
        "${SWIFT:-swift}" package resolve
    fi
    # SwiftProtobuf: a static library and module, -O without fuzzer instrumentation (coverage of
    # its internals would only dilute the decoder's); rebuilt only when its checkout changes.
    protobuf="$out/swift-protobuf"
    if stale "$protobuf/libSwiftProtobuf.a" "$protobuf_sources_dir"; then
        echo "building $protobuf/libSwiftProtobuf.a"
        mkdir -p "$protobuf"
        mapfile -t protobuf_sources < <(find "$protobuf_sources_dir" -name '*.swift' | sort)
        # As its package builds it: Swift 6 mode, ExistentialAny, `package` declarations shared.
        "$swiftc" -O -wmo -parse-as-library -swift-version 6 -enable-upcoming-feature ExistentialAny \
            -module-name SwiftProtobuf -package-name swift_protobuf -module-cache-path "$out/module-cache" \
            -emit-module -emit-module-path "$protobuf/SwiftProtobuf.swiftmodule" \
            -emit-library -static -o "$protobuf/libSwiftProtobuf.a" "${protobuf_sources[@]}"
    fi
    build_core_module
    mapfile -t protocol_sources < <(find Sources/FramecastProtocols -name '*.swift' | sort)
    if stale "$protocols_binary" Sources/FramecastProtocols Fuzz/RemoteWriteFuzz.swift \
        || [ "$core/libFramecastCore.a" -nt "$protocols_binary" ] \
        || [ "$protobuf/libSwiftProtobuf.a" -nt "$protocols_binary" ]; then
        echo "building $protocols_binary"
        "$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name FramecastProtocols \
            -module-cache-path "$out/module-cache" -I "$protobuf" -I "$core" -I Sources/CSnappy \
            -L "$protobuf" -L "$core" -lSwiftProtobuf -lFramecastCore -lsnappy \
            -o "$protocols_binary" "${protocol_sources[@]}" Fuzz/RemoteWriteFuzz.swift
    fi
fi

if wants "${graphite_targets[@]}"; then
    build_core_module
    mapfile -t graphite_sources < <(find Sources/FramecastGraphite -name '*.swift' | sort)
    if stale "$graphite_binary" Sources/FramecastGraphite Fuzz/GraphiteTargetFuzz.swift \
        || [ "$core/libFramecastCore.a" -nt "$graphite_binary" ]; then
        echo "building $graphite_binary"
        "$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name FramecastGraphite \
            -module-cache-path "$out/module-cache" -I "$core" -L "$core" -lFramecastCore \
            -o "$graphite_binary" "${graphite_sources[@]}" Fuzz/GraphiteTargetFuzz.swift
    fi
fi

status=0
for target in "${targets[@]}"; do
    seeds="Fuzz/corpus/$target"
    [ -d "$seeds" ] || { echo "no seed corpus $seeds" >&2; exit 2; }
    work="$out/corpus/$target"
    mkdir -p "$work"
    log="$out/$target.log"
    run="$binary"
    bound=(-max_total_time="$seconds")
    [ -n "${FUZZ_RUNS:-}" ] && bound=(-runs="$FUZZ_RUNS")
    for p in "${protocol_targets[@]}"; do
        if [ "$target" = "$p" ]; then run="$protocols_binary"; fi
    done
    for p in "${graphite_targets[@]}"; do
        if [ "$target" = "$p" ]; then run="$graphite_binary"; fi
    done
    # The Swift backtracer would hang on a crash and hold the pipeline open.
    if SWIFT_BACKTRACE=enable=no FRAMECAST_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 "$run" \
        "${bound[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
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
