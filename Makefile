# The two commands that do everything on a fresh Debian machine:
#   make run    install system packages, build, and export the sample charts into out/
#   make test   install system packages and run the whole test suite
SWIFT ?= swift
.DEFAULT_GOAL := run
.PHONY: run test deps build release samples benchmark clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product framecast

run: release
	@scripts/export-samples.sh

test: deps
	@FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh
	$(SWIFT) build
	$(SWIFT) test

samples: release
	@scripts/export-samples.sh

benchmark: deps
	FRAMECAST_BENCHMARKS=1 $(SWIFT) package --scratch-path .build-bench --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build out
