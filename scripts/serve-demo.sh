#!/usr/bin/env bash
# Starts the server on the embedded store in ./data with the demo feed (the NAB series replayed
# in real time plus synthetic high-rate series) and prints the URLs to open. Ctrl-C stops it
# gracefully (the log is synced, streams are closed). The server also scrapes its own /metrics
# every 5 s (job framecast), so its health is charted like any other series.
set -euo pipefail
cd "$(dirname "$0")/.."
http=${FRAMECAST_HTTP:-127.0.0.1:8080}
carbon=${FRAMECAST_CARBON:-127.0.0.1:2003}
echo "framecast: open http://${http}/ (the explorer) once the server says it is serving"
exec .build/release/framecast serve --data-dir data --demo --http "$http" --carbon "$carbon" \
    --scrape "framecast=http://$http/metrics" --scrape-interval 5s "$@"
