#!/usr/bin/env python3
"""`make bench-bundler`: trangtin build against Hugo (Debian's package) on the same
generated corpus of N articles (default 10,000), in one run, alternating. Prints wall
times, peak memory, the trangtin/Hugo ratios, and the rebuild time after one article
changes."""
import os
import shutil

from benchlib import CATEGORIES, run, sites, workdir, TRANGTIN

N = int(os.environ.get("N", "10000"))
RUNS = int(os.environ.get("RUNS", "2"))


def main():
    work = workdir()
    try:
        corpus, site, hugo_site = sites(work, N)
        def trangtin(out):
            return [TRANGTIN, "build", "--content", site, "--out", out]

        def hugo(out):
            return ["hugo", "-s", hugo_site, "--contentDir", corpus, "-d", out, "--quiet"]

        results = {"trangtin": [], "hugo": []}
        # Each run builds from scratch into a new, empty folder: no build cache, every file
        # written, for both tools. Outputs are deleted only at the end, and written data is
        # flushed before each run, so that one run's disk work does not land on the next.
        for i in range(RUNS):
            for name, cmd in (("trangtin", trangtin), ("hugo", hugo)):
                out = os.path.join(work, f"{name}-out-{i}")
                os.sync()
                wall, rss, _ = run(cmd(out))
                results[name].append((wall, rss))
                print(f"run {i + 1} {name:9} {wall:7.2f} s  {rss:7.0f} MiB", flush=True)
        wall_rel, rss_rel = float("nan"), float("nan")
        if os.environ.get("HUGO_RELATED", "1") != "0":
            os.sync()
            wall_rel, rss_rel, _ = run(hugo(os.path.join(work, "hugo-related-out")), {"HUGO_PARAMS_RELATED": "true"})
            print(f"run 1 hugo+related {wall_rel:7.2f} s  {rss_rel:7.0f} MiB", flush=True)

        # Nothing changed: the build cache and the output are up to date.
        out = os.path.join(work, "trangtin-out-0")
        os.sync()
        again, _, _ = run(trangtin(out))
        # One article changes; the site is rebuilt.
        changed = os.path.join(corpus, CATEGORIES[0], "bai-000006.md")
        with open(changed, "a", encoding="utf-8") as f:
            f.write("\nMột câu được thêm vào.\n")
        rebuild, _, _ = run(trangtin(out))

        t = min(w for w, _ in results["trangtin"])
        h = min(w for w, _ in results["hugo"])
        t_rss = max(r for _, r in results["trangtin"])
        print(f"\n{N} articles (trangtin: bundles with related lists, paged listings, feeds, sitemap)")
        print(f"  trangtin {t:.2f} s from scratch (best of {RUNS}), {again:.2f} s with the output up to date; "
              f"peak {t_rss:.0f} MiB (goal <= 1024 MiB)")
        print(f"  hugo     {h:.2f} s without related lists (best of {RUNS}), {wall_rel:.2f} s with them")
        print(f"  ratio trangtin/hugo: {t / h:.3f} without related (goal <= 0.2; both from scratch), "
              f"{t / wall_rel:.3f} against hugo with related")
        print(f"  rebuild after one article changed: {rebuild:.2f} s (goal <= 0.5 s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
