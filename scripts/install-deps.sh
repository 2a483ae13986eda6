#!/usr/bin/env bash
# Installs the system packages Framecast builds and runs with, on Debian/Ubuntu.
# Skips what is already installed; uses sudo when not root. Safe to run repeatedly.
set -euo pipefail

packages=(libcairo2-dev libpng-dev zlib1g-dev libdeflate-dev fontconfig fonts-dejavu-core libsqlite3-dev pkg-config libsnappy-dev)
if [ "${FRAMECAST_TEST_DEPS:-0}" = 1 ]; then
  # python3-prometheus-client: real exposition output for the Prometheus text parser test;
  # python3-statsd: a real statsd client for the statsd tests;
  # prometheus: the real remote_write client for the remote_write end-to-end test.
  # nginx: the reverse proxy the deployment test puts in front of framecast (docs/deploy.md).
  packages+=(pngcheck libxml2-utils chromium fonts-liberation python3-prometheus-client python3-statsd prometheus nginx)
fi
if [ "${FRAMECAST_BENCH_DEPS:-0}" = 1 ]; then
  # Benchmark-only peers, not needed to build, run or test:
  # victoria-metrics: the store run side by side with framecast on the same remote_write bodies
  # (scripts/compare/remote_write_vs_victoriametrics.py) and Influx bodies (scripts/load/ingest_http.py).
  packages+=(victoria-metrics)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "framecast: missing system packages (${missing[*]}) and no apt-get to install them; install them by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "framecast: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "framecast: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
