#!/usr/bin/env python3
"""`make bench-publish`: `trangtin publish` (bundles, search index, feeds, sitemap, every
route prerendered, .br/.gz beside the app's assets) against Hugo's plain build (Debian's
package) on the same generated corpus of N articles (default 10,000), alternating, in one
run. Then one article is edited, and the site published again. Prints wall times, peak
memory, output sizes and the ratios against the issue's goals."""
import datetime
import glob
import os
import statistics
import re
import shutil
import subprocess
import sys

from benchlib import CATEGORIES, ROOT, TRANGTIN, run, sites, workdir

N = int(os.environ.get("N", "10000"))
RUNS = int(os.environ.get("RUNS", "2"))
EDITS = int(os.environ.get("EDITS", "5"))
APP = os.path.join(ROOT, "target", "app")


def size(folder):
    """Bytes and files below `folder` that a deploy sends: the publisher's own state
    (`.trangtin-publish.json`, `.trangtin-owned`) stays home."""
    total, files = 0, 0
    for dirpath, _, names in os.walk(folder):
        for n in names:
            if dirpath == folder and n.startswith(".trangtin-"):
                continue
            total += os.path.getsize(os.path.join(dirpath, n))
            files += 1
    return total, files


def body_of(path):
    """The text of an article below its front matter."""
    text = open(path, encoding="utf-8").read()
    return text.split("+++", 2)[2].strip() if text.startswith("+++") else text


def deploy(site, target):
    """`trangtin deploy` of `site` to the folder `target`: (files sent, bytes sent,
    requests), by deploy's own count."""
    out = subprocess.run([TRANGTIN, "deploy", site, "--to", target], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"(\d+) sent \((\d+) bytes\).*?(\d+) requests", out)
    if not m:
        sys.exit(f"bench-publish: cannot read deploy's report: {out}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


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

        # The site goes to a deploy target (a folder), then each step's changes do.
        target = os.path.join(work, "deployed")
        deploy(os.path.join(work, "trangtin-out-0"), target)
        sent = lambda: deploy(os.path.join(work, "trangtin-out-0"), target)
        # Nothing changed.
        os.sync()
        again, _, _ = run(trangtin("trangtin-out-0"))
        again_sent = sent()
        # Old articles' text edited (a typo fixed), one at a time, each published and
        # deployed: its page, bundle and search entry. The machine is noisy, so the
        # median of EDITS edits; files and bytes are the first edit's.
        edits = []
        for k in range(EDITS):
            edited = sorted(glob.glob(os.path.join(corpus, CATEGORIES[k % len(CATEGORIES)], "bai-*.md")))[k + 1]
            with open(edited, "a", encoding="utf-8") as f:
                f.write("\nMột câu được thêm vào.\n")
            os.sync()
            wall, rss, out = run(trangtin("trangtin-out-0"))
            edits.append((wall, rss, out, sent()))
        edit = statistics.median(e[0] for e in edits)
        edit_rss = max(e[1] for e in edits)
        edit_out, edit_sent = edits[0][2], edits[0][3]
        # The daily case: a new article, an hour after the newest one.
        newest_date = max(open(os.path.join(d, n), encoding="utf-8").read().split("date = ", 1)[1][:25]
                          for d, _, ns in os.walk(corpus) for n in ns if n.endswith(".md"))
        just_now = (datetime.datetime.fromisoformat(newest_date) + datetime.timedelta(hours=1)).isoformat()
        # Its text is the example site's, whose words the generated corpus mostly lacks:
        # a real day's article brings names and words the archive has not seen.
        text = "\n\n".join(body_of(p) for p in sorted(glob.glob(os.path.join(ROOT, "content", "articles", "*.md")))[:3])
        with open(os.path.join(corpus, CATEGORIES[1], "bai-moi-nhat.md"), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "Bài mới nhất trong ngày"\ndate = {just_now}\n'
                    f'categories = ["{CATEGORIES[1]}"]\ntags = ["thi đua"]\n+++\n\n{text}\n')
        os.sync()
        new, _, new_out = run(trangtin("trangtin-out-0"))
        new_sent = sent()
        # The newest published article's title changes: the lists show it.
        newest = os.path.join(corpus, CATEGORIES[1], "bai-moi-nhat.md")
        text = open(newest, encoding="utf-8").read()
        with open(newest, "w", encoding="utf-8") as f:
            f.write(text.replace('title = "', 'title = "Đã sửa: ', 1))
        os.sync()
        retitle, _, retitle_out = run(trangtin("trangtin-out-0"))
        retitle_sent = sent()
        # The result equals a publish from scratch of the same content, byte for byte.
        os.sync()
        run(trangtin("trangtin-fresh"))
        # The search index built in steps answers as one built at once, from other
        # bytes (tests/search/increments.test.mjs checks the answers).
        same = subprocess.run(["diff", "-rq", "-x", ".trangtin-publish.json", "-x", ".trangtin-owned", "-x", "search",
                               os.path.join(work, "trangtin-out-0"), os.path.join(work, "trangtin-fresh")],
                              capture_output=True, text=True)

        t = min(w for w, _ in results["trangtin"])
        h = min(w for w, _ in results["hugo"])
        t_rss = max(r for _, r in results["trangtin"] + [(0, edit_rss)])
        print(f"\n{N} articles; trangtin publish: bundles, search index, feeds, sitemap, every page "
              f"prerendered, .br and .gz of the app's assets")
        print(f"  from scratch: trangtin {t:.2f} s, hugo {h:.2f} s (best of {RUNS}); "
              f"ratio {t / h:.2f} (goal <= 3)")
        def sent_line(s):
            return f"    deploy sent {s[0]} files, {s[1] / 1e6:.2f} MB, in {s[2]} requests"
        print(f"  nothing changed: {again:.2f} s")
        print(sent_line(again_sent))
        print(f"  an old article's text edited: {edit:.2f} s, median of {EDITS} "
              f"({', '.join(f'{e[0]:.2f}' for e in edits)}) (goal <= 0.5 s, <= 30 files, <= 0.5 MB)")
        print("    " + edit_out.strip().splitlines()[0])
        print(sent_line(edit_sent))
        print(f"  a new article, the newest (the daily case): {new:.2f} s (goal <= 1 s, <= 100 files, <= 2 MB)")
        print("    " + new_out.strip().splitlines()[0])
        print(sent_line(new_sent))
        print(f"  the newest article's title edited: {retitle:.2f} s (goal <= 1 s, <= 100 files)")
        print("    " + retitle_out.strip().splitlines()[0])
        print(sent_line(retitle_sent))
        print(f"  peak memory: {t_rss:.0f} MiB (goal <= 1024 MiB)")
        print(f"  output: trangtin {site_bytes / 2**20:.0f} MiB in {site_files} files "
              f"(.br and .gz for the app only), hugo {hugo_bytes / 2**20:.0f} MiB in {hugo_files} files; "
              f"ratio {site_bytes / hugo_bytes:.2f} (goal <= 2)")
        print(f"  incremental output equals a publish from scratch: "
              f"{'yes' if same.returncode == 0 else 'NO: ' + same.stdout[:2000]}")
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
