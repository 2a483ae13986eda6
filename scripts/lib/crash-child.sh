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
