#!/bin/sh
# `make bench-size`: the portal's wasm (from dist/, as shipped) against tools/size-floor, the
# smallest app on the same stack, built the same way (release profile, erased components,
# wasm-bindgen, wasm-opt -Oz, brotli from `trangtin compress`).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/size-floor"
mkdir -p "$out/ws"
# Same crate versions as the portal: start from its lock file (cargo drops what is unused).
[ -f "$root/tools/size-floor/Cargo.lock" ] || cp "$root/Cargo.lock" "$root/tools/size-floor/Cargo.lock"
(cd "$root/tools/size-floor" && cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$out")
rm -rf "$out/ws" && mkdir -p "$out/ws"
wasm-bindgen --target web --out-dir "$out/ws" "$out/wasm32-unknown-unknown/release/size-floor.wasm"
wasm-opt -Oz -o "$out/ws/floor.wasm" "$out/ws/size-floor_bg.wasm"
rm -f "$out/ws/size-floor_bg.wasm"
"$root/target/native/trangtin" compress "$out/ws" >/dev/null
floor=$(wc -c <"$out/ws/floor.wasm.br")
app=$(ls "$root"/dist/*_bg.wasm.br)
size=$(wc -c <"$app")
echo "portal wasm:     $size B brotli ($(basename "$app"))"
echo "stack floor:     $floor B brotli (tools/size-floor: router, two routes, one fetch, hydrate)"
echo "portal - floor:  $((size - floor)) B; portal / floor: $(awk "BEGIN{printf \"%.2f\", $size/$floor}")"
echo "goal <= 100000 B: $( [ "$size" -le 100000 ] && echo met || echo NOT met)"
