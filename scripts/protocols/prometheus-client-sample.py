#!/usr/bin/env python3
"""Prints what a real prometheus_client /metrics endpoint serves, for the Prometheus text parser test.

Uses the library's default registry (process, platform and gc collectors) plus one metric of
each type. No label value needs an escape: the three escapes (\\ \" \n) decode to bytes that
Framecast refuses in series names, which the Swift unit tests check on their own. Regenerate the checked-in sample with
    scripts/protocols/prometheus-client-sample.py > samples/data/prometheus-client.prom
(Debian: python3-prometheus-client, installed by FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh).
"""
import sys

from prometheus_client import Counter, Gauge, Histogram, Summary, Info, generate_latest, REGISTRY

requests = Counter("http_requests", "Requests served.", ["method", "path"])
requests.labels("GET", "/api/v1/chart").inc(41)
requests.labels("POST", "/status page").inc(1)
temperature = Gauge("room_temperature_celsius", "Room temperature.", ["room"])
temperature.labels("kitchen").set(21.5)
temperature.labels("cellar").set(-3.25)
latency = Histogram("request_latency_seconds", "Request latency.")
for value in (0.003, 0.02, 0.02, 0.4, 3.0, 12.0):
    latency.observe(value)
size = Summary("response_size_bytes", "Response sizes.")
for value in (100, 2048, 512):
    size.observe(value)
Info("build", "Build information.").info({"version": "1.2.3", "revision": "abc123"})

sys.stdout.write(generate_latest(REGISTRY).decode("utf-8"))
