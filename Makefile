# trangtin: `make serve` and `make test` are the two commands; see README.md.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/.tools/npm/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Native tools build with the `native` profile (quick to compile, fast to run), always
# by this one command: cargo resolves features over the packages it is given, so another
# set of packages (`cargo run -p trangtin-cli`) would build every dependency again.
NATIVE_BINS := cargo build --quiet --profile native -p trangtin-cli -p trangtin-newsroom --bins
TRANGTIN := $(NATIVE_BINS) && target/native/trangtin
TRUNK := trunk
# trunk puts its assets (wasm, loader, CSS) under the path the site is served under.
PUBLIC_URL = $(or $(TRANGTIN_BASE_PATH),/)

# Knobs are set on the command line (`make serve CONTENT=../big-site`) or, from the
# environment, only under TRANGTIN_ names: a shell's own WORK or DIST (common names that
# mean something else there) must never become the folder the tools write and clean.
# Any content folder: `make serve CONTENT=../big-site`, `make dist CONTENT=...`.
CONTENT := $(or $(TRANGTIN_CONTENT),content)
# The site folder, and the bundler's working folder (bundles and its build cache).
DIST := $(or $(TRANGTIN_DIST),dist)
WORK := $(or $(TRANGTIN_WORK),public)
# The app's build, one per base path (the base path is compiled into the app).
APP_DIR = target/app$(subst /,-,$(patsubst %/,%,$(PUBLIC_URL)))
# What the app is built from: trunk runs again only when one of these changes.
APP_SOURCES := index.html Trunk.toml Cargo.toml Cargo.lock .cargo/config.toml tools/post-build.sh \
  $(shell find src style assets crates/model/src -type f) content/media/logo.svg

.PHONY: serve serve-stats newsroom admin test app dist dist-portal content tools browser-tools bench bench-web bench-bundler bench-stats bench-search bench-size bench-publish bench-compress bench-images bench-newsroom unit e2e lint structure fmt fuzz clean

# The counter service `make serve-stats` runs, which `make serve` points the portal at.
# `make serve STATS_API=` serves the portal with the static statistics instead.
STATS_API := http://127.0.0.1:8090

## Build the example site and serve it on http://127.0.0.1:8080. Open pages reload themselves:
## `trangtin serve` publishes content/ again when it changes (only what changed), and
## `trunk watch` rebuilds the app when its code changes, which `trangtin serve` publishes.
serve: export TRANGTIN_STATS_API = $(STATS_API)
serve: tools app
	TRANGTIN_BASE_PATH=$(PUBLIC_URL) $(TRUNK) watch --release --public-url $(PUBLIC_URL) --dist $(APP_DIR) >/dev/null 2>&1 & watcher=$$!; \
	  trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	  $(TRANGTIN) serve --content $(CONTENT) --app $(APP_DIR) --work $(WORK) --dist $(DIST) \
	    --base-path $(PUBLIC_URL) --listen 127.0.0.1:8080

## The app alone (wasm, loader, CSS, scripts), built by trunk when its sources changed.
app: tools $(APP_DIR)/index.html

$(APP_DIR)/index.html: $(APP_SOURCES)
	TRANGTIN_BASE_PATH=$(PUBLIC_URL) $(TRUNK) build --release --public-url $(PUBLIC_URL) --dist $(APP_DIR)

## The newsroom (Tòa soạn) of the site in CONTENT on http://127.0.0.1:8081: staff write,
## send for approval, approve and publish into DIST. The first run prints how to log in.
## The public site it publishes: `make serve` beside it. See README.md for deploying it.
# The example content lives in trangtin's own repository, whose history is code: its
# newsroom does not commit there. A site's own repository gets a commit per publication.
NEWSROOM_GIT := --no-git
newsroom: tools app admin
	$(TRANGTIN) publish --content $(CONTENT) --app $(APP_DIR) --work $(WORK) --out $(DIST) --base-path $(PUBLIC_URL)
	$(NATIVE_BINS) && target/native/trangtin-newsroom --content $(CONTENT) --app $(APP_DIR) \
	  --work $(WORK) --site $(DIST) --base-path $(PUBLIC_URL) --admin target/admin --listen 127.0.0.1:8081 \
	  $(NEWSROOM_GIT)

## The newsroom's browser app, built by trunk when its sources changed.
ADMIN_SOURCES := crates/admin/index.html crates/admin/Trunk.toml crates/admin/Cargo.toml Cargo.lock \
  $(shell find crates/admin/src crates/admin/style src style crates/model/src -type f) target/admin-editor/editor.js
admin: tools target/admin/index.html

## Its rich-text editor (ProseMirror, npm packages pinned in package-lock.json), one
## minified script for the app to load.
EDITOR := crates/admin/editor
$(EDITOR)/node_modules/.package-lock.json: $(EDITOR)/package.json $(EDITOR)/package-lock.json
	cd $(EDITOR) && npm ci --no-audit --no-fund --loglevel=error

target/admin-editor/editor.js: $(EDITOR)/node_modules/.package-lock.json $(shell find $(EDITOR)/src -type f)
	esbuild $(EDITOR)/src/index.js --bundle --minify --format=iife --target=es2020 \
	  --legal-comments=eof --log-level=warning --outfile=$@

target/admin/index.html: $(ADMIN_SOURCES)
	cd crates/admin && $(TRUNK) build --release

## The counter service for local use, on 127.0.0.1:8090 with target/stats/stats.db; run it
## beside `make serve` for live statistics and votes. See README.md for deploying it.
serve-stats:
	mkdir -p target/stats
	cargo run --quiet --profile native -p trangtin-stats -- \
	  --db target/stats/stats.db --listen 127.0.0.1:8090 \
	  --site-origin http://127.0.0.1:8080,http://localhost:8080

## Every test: formatting, lints, unit and bundler tests, and the real-browser tests.
test: tools browser-tools lint unit dist-portal dist admin e2e

## A production build in dist/: the app if its code changed, then `trangtin publish`:
## bundles, search, feeds, every route prerendered, .gz beside each text file (and .br beside the app's), _headers.
dist: tools app
	$(TRANGTIN) publish --content $(CONTENT) --app $(APP_DIR) --work $(WORK) --out $(DIST) --base-path $(PUBLIC_URL)
	$(TRANGTIN) deploy-config $(DIST) --nginx target/deploy/nginx$(subst /,-,$(patsubst %/,%,$(PUBLIC_URL))).conf
	@for f in $(DIST)/*_bg.wasm; do echo "app: $$(stat -c %s $$f.br) bytes of wasm, brotli ($$f)"; done

## The same site built for hosting under /portal/, in target/dist-portal (tests/subpath.rs).
dist-portal:
	$(MAKE) --no-print-directory dist TRANGTIN_BASE_PATH=/portal/ DIST=target/dist-portal WORK=target/public-portal

## Validate content/ and write bundles, feeds and sitemap into public/ (trunk copies them into dist/).
content:
	$(TRANGTIN) build --content $(CONTENT) --out $(WORK)

tools:
	tools/bootstrap.sh build

browser-tools:
	tools/bootstrap.sh browser services

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude trangtin-admin --all-targets -- -D warnings
	cargo clippy -p trangtin-admin --target wasm32-unknown-unknown -- -D warnings

## The house's shape: lines per module and crate, and circles between modules (tools/structure.py).
structure:
	tools/structure.py

unit: $(EDITOR)/node_modules/.package-lock.json
	cargo test --workspace --exclude trangtin --exclude trangtin-admin
	cargo test -p trangtin --features ssr --lib
	$(NATIVE_BINS)
	TRANGTIN=target/native/trangtin node --test tests/search/
	node --test $(EDITOR)/test/

e2e:
	CHROMEDRIVER=$${CHROMEDRIVER:-/usr/bin/chromedriver} \
	  cargo test -p trangtin --features ssr --test e2e --test portal --test prerender --test stats --test embed --test search --test subpath --test serve --test deploy --test photos --test newsroom --test network --test csp --test real --test import --test offline --test lists --test xss -- --test-threads=1

## Benchmarks (not part of `make test`).
bench: bench-bundler bench-publish bench-web bench-images bench-stats bench-search bench-size bench-newsroom

## Each brotli quality and gzip level on dist/'s text files (one in STEP): size and speed.
STEP := 5
bench-compress: dist
	cargo run --quiet --profile native -p trangtin-publish --example levels -- $(DIST) $(STEP)

## Each fuzz target for FUZZ_SECONDS (default 600) from its seeds; inputs slower than 1 s
## count as findings. Not part of make test. See tools/fuzz.py.
fuzz:
	tools/bootstrap.sh fuzz
	tools/fuzz.py

## trangtin publish against Hugo on 10,000 generated articles; see tools/bench-publish.py.
bench-publish: app
	tools/bootstrap.sh bench
	$(NATIVE_BINS)
	tools/bench-publish.py

## trangtin build against Hugo on 10,000 generated articles; see tools/bench-bundler.py.
bench-bundler:
	tools/bootstrap.sh bench
	$(NATIVE_BINS)
	tools/bench-bundler.py

## Lighthouse on the seed article against a static copy of the same page; see tools/bench-web.py.
bench-web: dist
	tools/bootstrap.sh bench
	tools/bench-web.py

## The seed article with three phone photos: build time per photo, and Lighthouse against
## the same page with the original photos; see tools/bench-images.py.
## The newsroom: Publish to live on 10,000 articles, the preview after a keystroke,
## the admin app's size; see tools/bench-newsroom.py.
bench-newsroom: app admin browser-tools
	tools/bootstrap.sh bench
	$(NATIVE_BINS)
	tools/bench-newsroom.py

bench-images: app
	tools/bootstrap.sh bench
	$(NATIVE_BINS)
	tools/bench-images.py

## The shipped wasm against the smallest app on the same stack; see tools/bench-size.sh.
bench-size: dist
	tools/bench-size.sh

## A load test of the counter service with wrk; see tools/bench-stats.py.
## Search: trangtin's index and engine against Pagefind on 10,000 generated articles.
bench-search: tools
	tools/bootstrap.sh bench
	$(NATIVE_BINS)
	tools/bench-search.py

bench-stats:
	tools/bootstrap.sh bench
	cargo build --quiet --profile native -p trangtin-stats
	tools/bench-stats.py

fmt:
	cargo fmt --all

clean:
	rm -rf dist public target/app target/app-portal target/dist-portal target/public-portal target/admin
