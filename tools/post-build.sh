#!/bin/sh
# trunk post_build hook: runs in the staging folder that becomes dist/.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cargo run --quiet --profile native --features ssr --bin prerender -- "$dir"
# The hand-written scripts as shipped: minified (esbuild, from npm via tools/bootstrap.sh).
if command -v esbuild >/dev/null; then
  for js in search.js widget.js embed.js; do
    esbuild "$dir/$js" --minify --log-level=warning --outfile="$dir/$js" --allow-overwrite
  done
else
  echo "post-build: esbuild is missing (run tools/bootstrap.sh); scripts left unminified" >&2
fi
cargo run --quiet --profile native -p trangtin-bundler --bin trangtin -- compress "$dir"
