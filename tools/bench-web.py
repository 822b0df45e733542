#!/usr/bin/env python3
"""`make bench-web`: Lighthouse 12.2.3 (mobile, devtools throttling) on the seed article
page of dist/, served with compression on 127.0.0.1, against a static copy of the same
rendered page with its scripts removed. Five runs each, alternating; prints medians,
the LCP ratio, and the app's wasm and JS brotli sizes, each against its goal."""
import glob
import os
import re
import shutil
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = os.path.join(ROOT, "dist")
SEED = ("tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket-6-thang-"
        "cum-thi-dua-cac-truong-chinh-tri")
RUNS = int(os.environ.get("RUNS", "5"))

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import lighthouse, serve  # noqa: E402


def static_copy():
    """The same rendered page and its stylesheet and media, without any script."""
    out = tempfile.mkdtemp(prefix="trangtin-static-")
    page_dir = os.path.join(out, "bai-viet", SEED)
    os.makedirs(page_dir)
    with open(os.path.join(DIST, "bai-viet", SEED, "index.html"), encoding="utf-8") as f:
        html = f.read()
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<link rel="(modulepreload|preload)"[^>]*>', "", html)
    with open(os.path.join(page_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(html)
    for css in glob.glob(os.path.join(DIST, "*.css*")):
        shutil.copy(css, out)
    shutil.copytree(os.path.join(DIST, "content", "media"), os.path.join(out, "content", "media"))
    return out


def main():
    if not os.path.isfile(os.path.join(DIST, "bai-viet", SEED, "index.html")):
        sys.exit("bench-web: no prerendered dist/; run `make dist` first")
    static = static_copy()
    app_server, app = serve(DIST)
    static_server, stat = serve(static)
    runs = {"app": [], "static": []}
    try:
        for i in range(RUNS):
            for name, base in (("app", app), ("static", stat)):
                m = lighthouse(f"{base}/bai-viet/{SEED}")
                runs[name].append(m)
                print(f"run {i + 1} {name:6} LCP {m['LCP']:.2f} s  FCP {m['FCP']:.2f} s  "
                      f"TBT {m['TBT']:.0f} ms  CLS {m['CLS']:.3f}  score {m['score']:.2f}", flush=True)
    finally:
        app_server.terminate()
        static_server.terminate()
        shutil.rmtree(static, ignore_errors=True)

    med = {n: {k: statistics.median(m[k] for m in r) for k in r[0]} for n, r in runs.items()}
    print("\nmedians over", RUNS, "runs")
    for n, m in med.items():
        print(f"  {n:6} LCP {m['LCP']:.2f} s  FCP {m['FCP']:.2f} s  TBT {m['TBT']:.0f} ms  "
              f"CLS {m['CLS']:.3f}  score {m['score']:.2f}")
    ratio = med["app"]["LCP"] / med["static"]["LCP"]
    worst_score = min(m["score"] for m in runs["app"])
    worst_cls = max(m["CLS"] for m in runs["app"])
    wasm = [f for f in glob.glob(os.path.join(DIST, "*_bg.wasm.br"))]
    wasm_br = os.path.getsize(wasm[0]) if wasm else 0
    # The app's JavaScript: wasm-bindgen's loader beside the wasm, and its snippets
    # (embed.js, widget.js and search.js are not part of the page's load).
    js = [wasm[0].replace("_bg.wasm.br", ".js.br")] if wasm else []
    js += glob.glob(os.path.join(DIST, "snippets", "**", "*.js.br"), recursive=True)
    js_br = sum(os.path.getsize(f) for f in js if os.path.exists(f))
    goal = lambda ok: "meets goal" if ok else "MISSES goal"
    print(f"\nLCP ratio app/static: {ratio:.2f} ({goal(ratio <= 1.1)} <= 1.1)")
    print(f"lowest app score: {worst_score:.2f} ({goal(worst_score >= 0.98)} >= 0.98)")
    print(f"highest app CLS: {worst_cls:.3f} ({goal(worst_cls <= 0.02)} <= 0.02)")
    print(f"wasm: {wasm_br / 1000:.1f} KB brotli ({goal(wasm_br <= 100_000)} <= 100 KB); "
          f"JS: {js_br / 1000:.1f} KB brotli")


if __name__ == "__main__":
    main()
