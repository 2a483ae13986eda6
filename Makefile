# The two commands that do everything on a fresh Debian machine:
#   make run    install system packages, build, export the sample charts into out/, and start the
#               server on ./data with the demo feed (prints the URLs to open)
#   make test   install system packages and run the whole test suite, the browser test included
SWIFT ?= swift
.DEFAULT_GOAL := run
.PHONY: run serve test lint browser-test proxy-test install deps build release bench-tools samples benchmark benchmark-check benchmark-thresholds fuzz fuzz-quick api-test clean
PREFIX ?= /usr/local

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product framecast

# The timing tool behind BENCHMARKS.md and scripts/compare (not part of the shipped CLI).
bench-tools: deps
	$(SWIFT) build -c release --product framecast-bench

run: release
	@scripts/export-samples.sh
	@scripts/serve-demo.sh

serve: release
	@scripts/serve-demo.sh

test: deps lint
	@FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh
	$(SWIFT) build
	$(SWIFT) test
	@$(MAKE) --no-print-directory fuzz-quick
	@$(MAKE) --no-print-directory api-test
	@$(MAKE) --no-print-directory benchmark-check
	python3 scripts/browser/status_page_test.py
	python3 scripts/deploy/nginx_proxy_test.py

# swift-format ships with the toolchain; .swift-format holds the style. Warnings fail the build.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Benchmarks Package.swift

browser-test: build
	python3 scripts/browser/status_page_test.py

# Debian's nginx with deploy/nginx/framecast.conf in front of the server: streams must pass as sent.
proxy-test: build
	python3 scripts/deploy/nginx_proxy_test.py

# The release binary into $(DESTDIR)$(PREFIX)/bin (docs/deploy.md: systemd unit, nginx config).
install: release
	install -D -m 755 "$$($(SWIFT) build -c release --product framecast --show-bin-path)/framecast" "$(DESTDIR)$(PREFIX)/bin/framecast"

samples: release
	@scripts/export-samples.sh

benchmark: deps
	FRAMECAST_BENCHMARKS=1 $(SWIFT) package --scratch-path .build-bench --allow-writing-to-package-directory benchmark

# Allocation counts of the hot paths (deterministic, unlike times on a shared machine) against
# Thresholds/: parse+aggregate, M4, render, rasterize+encode and encode with the defaults.
# benchmark-check fails when one allocates more than its threshold (part of make test);
# benchmark-thresholds rewrites them after a change that is meant to move them.
HOT_BENCHMARKS = M4-reduce.*|Parse\+aggregate.*|Render-800x300.*|.*-default.*
BENCHMARK_ALLOCATIONS = FRAMECAST_BENCHMARKS=1 $(SWIFT) package --scratch-path .build-bench --allow-writing-to-package-directory \
	benchmark thresholds
BENCHMARK_SELECTION = --target "CoreBenchmarks|RenderBenchmarks" --filter "$(HOT_BENCHMARKS)" --metric mallocCountTotal

benchmark-check: deps
	$(BENCHMARK_ALLOCATIONS) check $(BENCHMARK_SELECTION)

benchmark-thresholds: deps
	rm -rf Thresholds
	$(BENCHMARK_ALLOCATIONS) update $(BENCHMARK_SELECTION)

# libFuzzer over every parser, decoder, the chart query path, globs and times (scripts/fuzz/run.sh;
# builds under .build-fuzz). fuzz-quick: 4 s per target (13 targets, 52 s in all), part of make test.
fuzz:
	scripts/fuzz/run.sh 60

fuzz-quick:
	scripts/fuzz/run.sh 4

# The API contract: Schemathesis (installed into .build/schemathesis-venv on first use) runs
# docs/openapi.yaml against a live debug server with demo data; any 5xx, hang, or status, type or
# body outside the spec fails. 25 examples per operation, well under a minute.
api-test:
	scripts/api/schemathesis_run.sh

clean:
	rm -rf .build .build-fuzz out
