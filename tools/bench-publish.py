#!/usr/bin/env python3
"""`make bench-publish`: `trangtin publish` (bundles, search index, feeds, sitemap, every
route prerendered, .br/.gz beside each text file) against Hugo's plain build (Debian's
package) on the same generated corpus of N articles (default 10,000), alternating, in one
run. Then one article is edited, and the site published again. Prints wall times, peak
memory, output sizes and the ratios against the issue's goals."""
import datetime
import os
import shutil
import subprocess
import sys

from benchlib import CATEGORIES, ROOT, TRANGTIN, run, sites, workdir

N = int(os.environ.get("N", "10000"))
RUNS = int(os.environ.get("RUNS", "2"))
APP = os.path.join(ROOT, "target", "app")


def size(folder):
    """Bytes and files below `folder`."""
    total, files = 0, 0
    for dirpath, _, names in os.walk(folder):
        for n in names:
            total += os.path.getsize(os.path.join(dirpath, n))
            files += 1
    return total, files


def main():
    if not os.path.isfile(os.path.join(APP, "index.html")):
        sys.exit("bench-publish: no app build in target/app (`make app` makes it)")
    work = workdir()
    try:
        corpus, site, hugo_site = sites(work, N)

        def trangtin(name):
            return [TRANGTIN, "publish", "--content", site, "--app", APP,
                    "--work", os.path.join(work, f"{name}-work"), "--out", os.path.join(work, name), "--timings"]

        def hugo(name):
            return ["hugo", "-s", hugo_site, "--contentDir", corpus, "-d", os.path.join(work, name), "--quiet"]

        results = {"trangtin": [], "hugo": []}
        # Each run starts from nothing: new, empty folders, no cache, every file written.
        for i in range(RUNS):
            for name, cmd in (("trangtin", trangtin), ("hugo", hugo)):
                os.sync()
                wall, rss, out = run(cmd(f"{name}-out-{i}"))
                results[name].append((wall, rss))
                print(f"run {i + 1} {name:9} {wall:7.2f} s  {rss:7.0f} MiB", flush=True)
        site_bytes, site_files = size(os.path.join(work, "trangtin-out-0"))
        hugo_bytes, hugo_files = size(os.path.join(work, "hugo-out-0"))

        # Nothing changed.
        os.sync()
        again, _, _ = run(trangtin("trangtin-out-0"))
        # One article's text is edited (a typo fixed): its page, bundle and search entry.
        edited = os.path.join(corpus, CATEGORIES[0], "bai-000006.md")
        with open(edited, "a", encoding="utf-8") as f:
            f.write("\nMột câu được thêm vào.\n")
        os.sync()
        edit, edit_rss, edit_out = run(trangtin("trangtin-out-0"))
        # The daily case: a new article, an hour after the newest one.
        newest_date = max(open(os.path.join(d, n), encoding="utf-8").read().split("date = ", 1)[1][:25]
                          for d, _, ns in os.walk(corpus) for n in ns if n.endswith(".md"))
        just_now = (datetime.datetime.fromisoformat(newest_date) + datetime.timedelta(hours=1)).isoformat()
        with open(os.path.join(corpus, CATEGORIES[1], "bai-moi-nhat.md"), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "Bài mới nhất trong ngày"\ndate = {just_now}\n'
                    f'categories = ["{CATEGORIES[1]}"]\ntags = ["thi đua"]\n+++\n\nNội dung bài mới.\n')
        os.sync()
        new, _, new_out = run(trangtin("trangtin-out-0"))
        # The newest published article's title changes: the lists show it.
        newest = os.path.join(corpus, CATEGORIES[1], "bai-moi-nhat.md")
        text = open(newest, encoding="utf-8").read()
        with open(newest, "w", encoding="utf-8") as f:
            f.write(text.replace('title = "', 'title = "Đã sửa: ', 1))
        os.sync()
        retitle, _, retitle_out = run(trangtin("trangtin-out-0"))
        # The result equals a publish from scratch of the same content, byte for byte.
        os.sync()
        run(trangtin("trangtin-fresh"))
        same = subprocess.run(["diff", "-rq", "-x", ".trangtin-publish.json",
                               os.path.join(work, "trangtin-out-0"), os.path.join(work, "trangtin-fresh")],
                              capture_output=True, text=True)

        t = min(w for w, _ in results["trangtin"])
        h = min(w for w, _ in results["hugo"])
        t_rss = max(r for _, r in results["trangtin"] + [(0, edit_rss)])
        print(f"\n{N} articles; trangtin publish: bundles, search index, feeds, sitemap, every page "
              f"prerendered, .br and .gz of every text file")
        print(f"  from scratch: trangtin {t:.2f} s, hugo {h:.2f} s (best of {RUNS}); "
              f"ratio {t / h:.2f} (goal <= 3)")
        print(f"  nothing changed: {again:.2f} s")
        print(f"  one article's text edited: {edit:.2f} s (goal <= 1 s); "
              f"{edit / h:.3f} of hugo's full build (goal <= 0.25)")
        print("    " + edit_out.strip().splitlines()[0])
        print(f"  a new article, the newest (the daily case): {new:.2f} s (goal <= 1 s, <= 100 files)")
        print("    " + new_out.strip().splitlines()[0])
        print(f"  the newest article's title edited: {retitle:.2f} s (goal <= 1 s, <= 100 files)")
        print("    " + retitle_out.strip().splitlines()[0])
        print(f"  peak memory: {t_rss:.0f} MiB (goal <= 1024 MiB)")
        print(f"  output: trangtin {site_bytes / 2**20:.0f} MiB in {site_files} files "
              f"(with .br and .gz), hugo {hugo_bytes / 2**20:.0f} MiB in {hugo_files} files")
        print(f"  incremental output equals a publish from scratch: "
              f"{'yes' if same.returncode == 0 else 'NO: ' + same.stdout[:2000]}")
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
