#!/usr/bin/env bash
# PNG encoders side by side on one chart: libpng + zlib level 1 (the old default) and the
# libdeflate writer at levels 0 (stored: the conversion and container alone), 2, 3, 4 and 6,
# 1,000 encodes each, interleaved, in one process; prints median and p10 per setting and the size.
#   scripts/bench/png_encoders.sh CHART.png     (any PNG; it is decoded to ARGB32 first)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/framecast-png-encoders"
gcc -O2 -I Sources/CPNGWriter/include scripts/bench/png_encoders.c Sources/CPNGWriter/fc_png_writer.c \
    -lpng16 -ldeflate -lz -o "$out"
"$out" "$1"
