# Shared by the crash-test scripts: builds (or takes from $FRAMECAST_CRASH_CHILD) the
# framecast-crash-child binary into $child, turns off the crash backtracer (it would hold the
# pipeline open), and reads CYCLES, CONFIG and SCRATCH.
cycles=${CYCLES:-100}
config=${CONFIG:-debug}
scratch=${SCRATCH:-.build}
child=${FRAMECAST_CRASH_CHILD:-}
if [ -z "$child" ]; then
    swift build -c "$config" --scratch-path "$scratch" --product framecast-crash-child || exit 1
    child="$(swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/framecast-crash-child"
fi
export SWIFT_BACKTRACE=enable=no

# kill_child PID CYCLE: SIGKILLs the child and fails the run if it had already stopped by itself
# (then the kill proved nothing); shows that cycle's stderr ($work/stderr-CYCLE.txt).
kill_child() {
    kill -KILL "$1" 2> /dev/null
    local status=0
    wait "$1" 2> /dev/null || status=$?
    if [ "$status" -ne 137 ]; then
        echo "cycle $2: the child stopped by itself (status $status) before the kill:"
        cat "$work/stderr-$2.txt"
        exit 1
    fi
}
