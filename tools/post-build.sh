#!/bin/sh
# trunk post_build hook: runs in the staging folder that becomes the app's build.
# Pages, bundles and compression are `trangtin publish`'s work, not the app build's.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
# The hand-written scripts as shipped: minified (esbuild, from npm via tools/bootstrap.sh).
if command -v esbuild >/dev/null; then
  for js in search.js widget.js embed.js; do
    esbuild "$dir/$js" --minify --log-level=warning --outfile="$dir/$js" --allow-overwrite
  done
else
  echo "post-build: esbuild is missing (run tools/bootstrap.sh); scripts left unminified" >&2
fi
