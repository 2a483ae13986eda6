#!/usr/bin/env bash
# Exports the sample charts (samples/*.args, one `framecast export` argument list per file)
# into out/, using the NAB data in ../shared/data/nab (or $FRAMECAST_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${FRAMECAST_BIN:-.build/release/framecast}
data=${FRAMECAST_DATA:-../shared/data/nab}
[ -d "$data" ] || data=samples/data
mkdir -p out
count=0
for spec in samples/*.args; do
  name=$(basename "$spec" .args)
  # Each line of the .args file is one argument; $DATA stands for the data folder.
  mapfile -t args < <(sed -e "s|\$DATA|$data|g" -e '/^#/d' -e '/^$/d' "$spec")
  # The PNG, the whole chart as SVG, and the hover overlay that sits on the PNG.
  for output in "$name.png" "$name.svg" "$name.overlay.svg"; do
    "$bin" export "${args[@]}" --output "out/$output" 2>/dev/null
    count=$((count + 1))
  done
done
echo "framecast: wrote $count files to $(pwd)/out/ (open out/*.png or out/*.svg; out/*.overlay.svg sit on the PNGs)"
