#!/bin/sh
# trunk post_build hook: runs in the staging folder that becomes dist/.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cargo run --quiet --profile native --features ssr --bin prerender -- "$dir"
cargo run --quiet --profile native -p trangtin-bundler --bin trangtin -- compress "$dir"
