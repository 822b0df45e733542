#!/usr/bin/env python3
"""`make bench-images`: the seed article with three phone photos (4032×3024 JPEG, EXIF
orientation 6, GPS set; made by `cargo run --example phone-photos`, kept in the repo).

1. Build time: `trangtin build` of the example site with and without the photos, from
   scratch and again with the photos' variants kept (their files touched, so each is
   hashed again): the cost of a new photo (all its variants), and of one made already.
2. Lighthouse 12 (mobile, devtools throttling, RUNS=5, alternating, medians) on the
   article as trangtin publishes it, and on the same page with the original photos
   served in place of every variant (the baseline): LCP, page weight, CLS, score."""
import glob
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import lighthouse, serve  # noqa: E402

ROOT = benchlib.ROOT
TRANGTIN = benchlib.TRANGTIN
APP = os.path.join(ROOT, "target", "app")
RUNS = int(os.environ.get("RUNS", "5"))
ARTICLE = "tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket.md"
SEED = ("tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket-6-thang-"
        "cum-thi-dua-cac-truong-chinh-tri")
PHOTOS = 3


def phone_photos(folder):
    subprocess.run(["cargo", "run", "--quiet", "--profile", "native", "-p", "trangtin-bundler",
                    "--example", "phone-photos", "--", folder, str(PHOTOS)], check=True, cwd=ROOT)
    return sorted(glob.glob(os.path.join(folder, "*.jpg")))


def site_with_photos(work, photos):
    """The example content, its seed article's three figures showing the photos (and no
    thumbnail of its own: its first photo stands for it)."""
    content = os.path.join(work, "content")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    for p in photos:
        shutil.copy(p, os.path.join(content, "media"))
    path = os.path.join(content, "articles", ARTICLE)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r'^thumbnail = .*\n', "", text, flags=re.M)
    n = iter(range(1, PHOTOS + 1))
    text, count = re.subn(r'\]\(\.\./media/anh-thay-the\.svg "', lambda m: f'](../media/anh-{next(n)}.jpg "', text)
    if count != PHOTOS:
        sys.exit(f"bench-images: the seed article has {count} figures, not {PHOTOS}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return content


def build_time(content, out):
    """Wall and CPU seconds of `trangtin build`."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([TRANGTIN, "build", "--content", content, "--out", out], check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def baseline(dist, photos):
    """`dist` with the article page and bundle showing the original photos wherever they
    showed a variant."""
    out = dist + "-originals"
    shutil.copytree(dist, out, symlinks=True)
    originals = os.path.join(out, "content", "media", "originals")
    os.makedirs(originals)
    for p in photos:
        shutil.copy(p, originals)
    variant = re.compile(r"/content/media/(anh-\d+)\.[0-9a-f]{12}-\d+\.(?:webp|jpg)")
    for rel in (f"bai-viet/{SEED}/index.html", f"content/bai-viet/{SEED}.json"):
        path = os.path.join(out, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text, n = variant.subn(lambda m: f"/content/media/originals/{m.group(1)}.jpg", text)
        if n == 0:
            sys.exit(f"bench-images: no photo variant in {rel}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        for ext in ("br", "gz"):
            if os.path.exists(f"{path}.{ext}"):
                os.remove(f"{path}.{ext}")
        with gzip.open(f"{path}.gz", "wb", compresslevel=9) as f:
            f.write(text.encode())
    return out


def main():
    if not os.path.isfile(os.path.join(APP, "index.html")):
        sys.exit("bench-images: no app build in target/app; run `make app` first")
    work = benchlib.workdir()
    photos = phone_photos(os.path.join(work, "photos"))
    sizes = [os.path.getsize(p) for p in photos]
    print(f"{PHOTOS} phone photos, 4032×3024 JPEG, orientation 6, GPS: "
          f"{', '.join(f'{s / 1e6:.1f} MB' for s in sizes)}")
    content = site_with_photos(os.path.join(work, "with"), photos)
    plain = os.path.join(work, "plain")
    shutil.copytree(os.path.join(ROOT, "content"), plain)

    # 1. Build time, each measured twice (best kept): from scratch, then kept.
    results = {}
    for name, source in (("without photos", plain), ("with photos", content)):
        scratch, kept = [], []
        for i in range(2):
            out = os.path.join(work, f"out-{len(results)}-{i}")
            scratch.append(build_time(source, out))
            for p in glob.glob(os.path.join(source, "media", "*.jpg")):
                os.utime(p)
            kept.append(build_time(source, out))
        results[name] = (min(scratch), min(kept))
    (s0, c0), (k0, _) = results["without photos"][0], results["without photos"][1]
    (s1, c1), (k1, _) = results["with photos"][0], results["with photos"][1]
    per_photo = (s1 - s0) / PHOTOS
    print("\ntrangtin build (best of 2)        from scratch          kept (photos touched)")
    for name, ((ws, cs), (wk, _)) in results.items():
        print(f"  {name:16} {ws:8.2f} s wall, {cs:5.2f} s CPU   {wk:8.2f} s wall")
    print(f"\nper new photo (all {len(photos) and 4} widths × WebP + JPEG): {per_photo:.2f} s wall, "
          f"{(c1 - c0) / PHOTOS:.2f} s CPU ({(c1 - c0) / max(s1 - s0, 1e-9):.1f} cores busy)")
    print(f"per photo made already: {(k1 - k0) / PHOTOS * 1000:+.0f} ms")

    # 2. Lighthouse: the published article against the same page with the originals.
    dist = os.path.join(work, "dist")
    subprocess.run([TRANGTIN, "publish", "--content", content, "--app", APP, "--work",
                    os.path.join(work, "public"), "--out", dist], check=True, stdout=subprocess.DEVNULL)
    originals = baseline(dist, photos)
    servers = []
    runs = {"variants": [], "originals": []}
    try:
        bases = {}
        for name, folder in (("variants", dist), ("originals", originals)):
            proc, base = serve(folder)
            servers.append(proc)
            bases[name] = base
        for i in range(RUNS):
            for name in runs:
                m = lighthouse(f"{bases[name]}/bai-viet/{SEED}", weight=True)
                runs[name].append(m)
                print(f"run {i + 1} {name:9} LCP {m['LCP']:.2f} s  weight {m['weight'] / 1000:6.0f} KB  "
                      f"CLS {m['CLS']:.3f}  score {m['score']:.2f}", flush=True)
    finally:
        for proc in servers:
            proc.terminate()
    med = {n: {k: statistics.median(m[k] for m in r) for k in r[0]} for n, r in runs.items()}
    print(f"\nmedians over {RUNS} runs (Lighthouse mobile, devtools throttling)")
    for n, m in med.items():
        print(f"  {n:9} LCP {m['LCP']:.2f} s  weight {m['weight'] / 1000:.0f} KB  "
              f"CLS {m['CLS']:.3f}  score {m['score']:.2f}")
    v = med["variants"]
    goal = lambda ok: "meets goal" if ok else "MISSES goal"
    print(f"\nLCP {v['LCP']:.2f} s ({goal(v['LCP'] <= 2.5)} <= 2.5 s); "
          f"weight {v['weight'] / 1000:.0f} KB ({goal(v['weight'] <= 800_000)} <= 800 KB); "
          f"CLS {v['CLS']:.3f} ({goal(v['CLS'] == 0)} = 0); "
          f"score {v['score']:.2f} ({goal(v['score'] >= 0.95)} >= 0.95)")
    o = med["originals"]
    print(f"against the originals: LCP {o['LCP'] / v['LCP']:.1f}×, weight {o['weight'] / v['weight']:.1f}×")
    if not os.environ.get("KEEP"):
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"per_photo_s": round(per_photo, 3), "variants": v, "originals": o}))


if __name__ == "__main__":
    main()
