#!/usr/bin/env bash
# Exports the sample charts (samples/*.args, one `framecast export` argument list per file) into
# out/. `$DATA` in an .args file stands for the NAB series kept in samples/data/nab (or
# $FRAMECAST_DATA). A failing export stops the script and says which sample and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${FRAMECAST_BIN:-.build/release/framecast}
data=${FRAMECAST_DATA:-samples/data/nab}
if [ ! -x "$bin" ]; then
  echo "export-samples: $bin is missing: build it first (make release)" >&2
  exit 1
fi
if [ ! -d "$data" ]; then
  echo "export-samples: the data folder $data does not exist (set FRAMECAST_DATA to the NAB folder)" >&2
  exit 1
fi
mkdir -p out
count=0
for spec in samples/*.args; do
  name=$(basename "$spec" .args)
  # Each line of the .args file is one argument; $DATA stands for the data folder.
  mapfile -t args < <(sed -e "s|\$DATA|$data|g" -e '/^#/d' -e '/^$/d' "$spec")
  # The PNG, the whole chart as SVG, and the hover overlay that sits on the PNG.
  for output in "$name.png" "$name.svg" "$name.overlay.svg"; do
    # Warnings (skipped lines) stay visible; a failure names the sample and its arguments.
    if ! "$bin" export "${args[@]}" --output "out/$output"; then
      echo "export-samples: sample $spec failed writing out/$output (arguments: ${args[*]})" >&2
      exit 1
    fi
    count=$((count + 1))
  done
done
echo "framecast: wrote $count files to $(pwd)/out/ (open out/*.png or out/*.svg; out/*.overlay.svg sit on the PNGs)"
