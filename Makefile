# trangtin: `make serve` and `make test` are the two commands; see README.md.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/.tools/npm/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Native tools build with the `native` profile (quick to compile, fast to run).
TRANGTIN := cargo run --quiet --profile native -p trangtin-bundler --bin trangtin --
TRUNK := trunk
# trunk puts its assets (wasm, loader, CSS) under the path the site is served under.
PUBLIC_URL = $(or $(TRANGTIN_BASE_PATH),/)

.PHONY: serve serve-stats test dist dist-portal content tools browser-tools bench bench-web bench-bundler bench-stats bench-search bench-size unit e2e lint fmt clean

# The counter service `make serve-stats` runs, which `make serve` points the portal at.
# `make serve STATS_API=` serves the portal with the static statistics instead.
STATS_API ?= http://127.0.0.1:8090

## Build the example site and serve it on http://127.0.0.1:8080. Open pages reload themselves:
## `trangtin serve` rebuilds the bundles when content/ changes, and `trunk watch`
## rebuilds dist/ (app and prerendered pages) when the bundles or the sources change.
serve: export TRANGTIN_STATS_API = $(STATS_API)
serve: tools content
	$(TRUNK) build --release --public-url $(PUBLIC_URL)
	$(TRUNK) watch --release --public-url $(PUBLIC_URL) >/dev/null 2>&1 & watcher=$$!; \
	  trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	  $(TRANGTIN) serve --content content --out public --dist dist --listen 127.0.0.1:8080

## The counter service for local use, on 127.0.0.1:8090 with target/stats/stats.db; run it
## beside `make serve` for live statistics and votes. See README.md for deploying it.
serve-stats:
	mkdir -p target/stats
	cargo run --quiet --profile native -p trangtin-stats -- \
	  --db target/stats/stats.db --listen 127.0.0.1:8090 \
	  --site-origin http://127.0.0.1:8080,http://localhost:8080

## Every test: formatting, lints, unit and bundler tests, and the real-browser tests.
test: tools browser-tools lint unit dist-portal dist e2e

## A production build in dist/: bundles, the hydrating app, every route prerendered
## (trunk's post_build hook runs tools/post-build.sh), .br/.gz beside each text file.
dist: tools content
	$(TRUNK) build --release --public-url $(PUBLIC_URL)
	$(TRANGTIN) deploy-config dist --nginx target/deploy/nginx.conf

## The same site built for hosting under /portal/, in target/dist-portal (tests/subpath.rs).
## It leaves public/ built for /portal/: `make dist` and `make content` rebuild it.
dist-portal: export TRANGTIN_BASE_PATH = /portal/
dist-portal: tools
	$(TRANGTIN) build --content content --out public
	$(TRUNK) build --release --public-url /portal/ --dist target/dist-portal
	$(TRANGTIN) deploy-config target/dist-portal --nginx target/deploy/nginx-portal.conf

## Validate content/ and write bundles, feeds and sitemap into public/ (trunk copies them into dist/).
content:
	$(TRANGTIN) build --content content --out public

tools:
	tools/bootstrap.sh build

browser-tools:
	tools/bootstrap.sh browser

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p trangtin --features ssr --all-targets -- -D warnings

unit:
	cargo test --workspace --exclude trangtin
	cargo test -p trangtin --lib --features ssr
	cargo build --quiet --profile native -p trangtin-bundler --bin trangtin
	TRANGTIN=target/native/trangtin node --test tests/search/

e2e:
	CHROMEDRIVER=$${CHROMEDRIVER:-/usr/bin/chromedriver} \
	  cargo test -p trangtin --test e2e --test portal --test prerender --test stats --test embed --test search --test subpath -- --test-threads=1

## Benchmarks (not part of `make test`).
bench: bench-bundler bench-web bench-stats bench-search bench-size

## trangtin build against Hugo on 10,000 generated articles; see tools/bench-bundler.py.
bench-bundler:
	tools/bootstrap.sh bench
	cargo build --quiet --profile native -p trangtin-bundler --bin trangtin
	tools/bench-bundler.py

## Lighthouse on the seed article against a static copy of the same page; see tools/bench-web.py.
bench-web: dist
	tools/bootstrap.sh bench
	tools/bench-web.py

## The shipped wasm against the smallest app on the same stack; see tools/bench-size.sh.
bench-size: dist
	tools/bench-size.sh

## A load test of the counter service with wrk; see tools/bench-stats.py.
## Search: trangtin's index and engine against Pagefind on 10,000 generated articles.
bench-search: tools
	tools/bootstrap.sh bench
	cargo build --quiet --profile native -p trangtin-bundler --bin trangtin
	tools/bench-search.py

bench-stats:
	tools/bootstrap.sh bench
	cargo build --quiet --profile native -p trangtin-stats
	tools/bench-stats.py

fmt:
	cargo fmt --all

clean:
	rm -rf dist public target/trunk
