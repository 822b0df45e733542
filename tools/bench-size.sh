#!/bin/sh
# `make bench-size`: the portal's wasm (from dist/, as shipped) against tools/size-floor,
# the smallest apps on the same stack, one layer at a time, each built the way trunk builds
# the portal (release profile, erased components, wasm-bindgen, wasm-opt -Oz; brotli from
# `trangtin compress`).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/size-floor"
app=$(ls "$root"/dist/*_bg.wasm.br)
size=$(wc -c <"$app")
kb() { awk "BEGIN{printf \"%.1f KB\", $1/1000}"; }
floor() { # features, label
  (cd "$root/tools/size-floor" &&
    cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$out" --features "$1")
  rm -rf "$out/ws" && mkdir -p "$out/ws"
  wasm-bindgen --target web --out-dir "$out/ws" "$out/wasm32-unknown-unknown/release/size-floor.wasm"
  wasm-opt -Oz -o "$out/ws/app.wasm" "$out/ws/size-floor_bg.wasm"
  rm -f "$out/ws/size-floor_bg.wasm"
  "$root/target/native/trangtin" compress "$out/ws" >/dev/null
  last=$(wc -c <"$out/ws/app.wasm.br")
  printf '  %-58s %9s brotli\n' "$2" "$(kb "$last")"
}
echo "the stack alone (tools/size-floor):"
floor "" "Leptos, hydrating one component"
floor "router" "+ leptos_router: <Router>, <A>, routes from use_location"
floor "routes" "  (the same two routes through <Routes> instead)"
floor "router fetch" "+ gloo-net and serde_json: one fetched JSON document"
echo "the portal: $(kb "$size") brotli ($(basename "$app")), $(kb $((size - last))) over the stack"
echo "goal <= 100 KB: $( [ "$size" -le 100000 ] && echo met || echo "NOT met")"
