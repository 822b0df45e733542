#!/usr/bin/env bash
# Installs the tools the build and the tests use, each only when missing or of the wrong
# version. Everything comes from the package registries (crates.io, npm, Debian); nothing
# downloads binaries from elsewhere. A second run finds everything present and is quick.
#
#   tools/bootstrap.sh build     wasm target, trunk, wasm-bindgen CLI, wasm-opt
#   tools/bootstrap.sh browser   Debian's chromium, chromium-driver and nginx-light
#   tools/bootstrap.sh services  an S3-compatible server for the deploy tests (moto, PyPI)
#   tools/bootstrap.sh fuzz      nightly Rust and cargo-fuzz (make fuzz only)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.25.0
TOOLS_DIR="$PWD/.tools"
export PATH="$TOOLS_DIR/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'bootstrap: %s\n' "$*"; }

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 2 minutes)"
    cargo install trunk --locked --version "$TRUNK_VERSION" --debug --force
  fi

  local wbg
  wbg=$(locked_version wasm-bindgen)
  [ -n "$wbg" ] || { say "wasm-bindgen is not in Cargo.lock"; exit 1; }
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
    say "installing wasm-bindgen-cli $wbg (about 1 minute)"
    # No --locked: its lock file pins a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$wbg" --debug --force
  fi

  # Node runs the search engine's tests and npm installs wasm-opt.
  debian_tool node nodejs
  debian_tool npm npm

  local major=${BINARYEN_VERSION%%.*}
  if ! "$TOOLS_DIR/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $major"; then
    say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION into .tools/npm"
    mkdir -p "$TOOLS_DIR/npm"
    npm install --prefix "$TOOLS_DIR/npm" --no-save --no-audit --no-fund --save-exact \
      "binaryen@$BINARYEN_VERSION" >/dev/null
  fi

  if [ "$(esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
    say "installing esbuild@$ESBUILD_VERSION into .tools/npm (minifies the plain-JS files)"
    mkdir -p "$TOOLS_DIR/npm"
    npm install --prefix "$TOOLS_DIR/npm" --no-save --no-audit --no-fund --save-exact \
      "binaryen@$BINARYEN_VERSION" "esbuild@$ESBUILD_VERSION" >/dev/null
  fi

  # trunk runs offline, which makes cargo offline too: fetch the crates first.
  cargo fetch --quiet
}

# The end-to-end tests drive Chromium through chromedriver, and start nginx with the
# shipped configuration.
browser_tools() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null && [ -x /usr/sbin/nginx ]; then
    return
  fi
  say "installing Debian's chromium, chromium-driver and nginx-light"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver nginx-light >/dev/null
  # The package starts a system nginx on port 80; the tests start their own.
  $sudo service nginx stop >/dev/null 2>&1 || true
}

# The deploy tests send a site to a real S3-compatible server they start themselves:
# moto's, from PyPI, in a virtual environment of its own (Debian's pip refuses to
# install system-wide).
MOTO_VERSION=5.2.5
services() {
  local py="$TOOLS_DIR/py"
  if [ "$("$py/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" = "$MOTO_VERSION" ] &&
    [ -x "$py/bin/moto_server" ]; then
    return
  fi
  command -v python3 >/dev/null || debian_tool python3 python3
  python3 -m venv "$py" 2>/dev/null || { debian_tool_pkg python3-venv && python3 -m venv "$py"; }
  say "installing moto[server] $MOTO_VERSION into .tools/py (about a minute)"
  "$py/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
}

# Installs Debian package $1 whatever commands exist.
debian_tool_pkg() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing Debian's $1"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$1" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$1" >/dev/null; }
}

# Installs Debian package $2 unless command $1 exists; refreshes the package lists once
# if they are too old to have it.
debian_tool() {
  command -v "$1" >/dev/null && return
  say "installing Debian's $2"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null 2>&1 ||
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null; }
}

# Benchmarks only: Lighthouse (13.x wants Node 22; 12.2.3 runs on Node 20), Hugo, wrk
# and Pagefind.
LIGHTHOUSE_VERSION=12.2.3
PAGEFIND_VERSION=1.6.0
bench_tools() {
  browser_tools
  debian_tool hugo hugo
  debian_tool wrk wrk
  if [ "$("$TOOLS_DIR/lighthouse/node_modules/.bin/lighthouse" --version 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
    say "installing lighthouse@$LIGHTHOUSE_VERSION into .tools/lighthouse"
    mkdir -p "$TOOLS_DIR/lighthouse"
    npm install --prefix "$TOOLS_DIR/lighthouse" --no-save --no-audit --no-fund --save-exact \
      "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
  fi
  if [ "$("$TOOLS_DIR/pagefind/node_modules/.bin/pagefind" --version 2>/dev/null)" != "pagefind $PAGEFIND_VERSION" ]; then
    say "installing pagefind@$PAGEFIND_VERSION into .tools/pagefind"
    mkdir -p "$TOOLS_DIR/pagefind"
    npm install --prefix "$TOOLS_DIR/pagefind" --no-save --no-audit --no-fund --save-exact \
      "pagefind@$PAGEFIND_VERSION" >/dev/null
  fi
}

# Fuzzing only: nightly Rust (rustup) and cargo-fuzz (crates.io) in .tools/cargo-fuzz.
CARGO_FUZZ_VERSION=0.13.1
fuzz_tools() {
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    say "installing nightly Rust (minimal profile) for cargo-fuzz"
    rustup toolchain install nightly --profile minimal
  fi
  if [ "$("$TOOLS_DIR/cargo-fuzz/bin/cargo-fuzz" --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION into .tools/cargo-fuzz (about 2 minutes)"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --root "$TOOLS_DIR/cargo-fuzz" --force
  fi
}

for what in "${@:-build}"; do
  case "$what" in
    build) build_tools ;;
    browser) browser_tools ;;
    services) services ;;
    bench) bench_tools ;;
    fuzz) fuzz_tools ;;
    *) say "unknown part '$what' (use build, browser, services, bench or fuzz)"; exit 2 ;;
  esac
done
