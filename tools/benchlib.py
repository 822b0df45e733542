"""What the benchmarks share: the generated corpus, the site around it, Hugo's copy of the
same site, timing a command with its peak memory, serving a folder, and Lighthouse."""
import json
import os
import socket
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
SEED = os.path.join(SHARED, "seed", "000_6975ea4be25f0cbf.txt")
TRANGTIN = os.path.join(ROOT, "target", "native", "trangtin")
LIGHTHOUSE = os.path.join(ROOT, ".tools/lighthouse/node_modules/.bin/lighthouse")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ["tin-tuc", "dao-tao", "nghien-cuu-khoa-hoc", "thong-bao", "hoat-dong-doan-the", "van-ban"]


def run(cmd, env=None, name="bench"):
    """Wall seconds, peak resident memory (MiB) and standard output of one command."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=out, stderr=err)
        # wait4 gives this child's own peak memory, not the largest of all children's.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if status != 0:
            sys.exit(f"{name}: {' '.join(cmd)} failed:\n{err.read().decode(errors='replace')[-2000:]}")
        if os.environ.get("VERBOSE"):
            print(f"    {wall:.2f} s wall, {usage.ru_utime:.2f} s user: {cmd[0]}")
        return wall, usage.ru_maxrss / 1024, out.read().decode(errors="replace")


def workdir():
    """A fresh folder, in memory by default: on these VMs the disk stalls writes for
    seconds after files are deleted, which would decide a ratio instead of the tools.
    BENCH_DIR=/some/disk/folder measures on disk instead."""
    where = os.environ.get("BENCH_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
    work = tempfile.mkdtemp(prefix="trangtin-bench-", dir=where)
    print(f"working in {work}", flush=True)
    return work


def sites(work, n):
    """N generated articles as a trangtin content folder and as a Hugo site: (corpus,
    trangtin content folder, Hugo site folder)."""
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_corpus.py"), SEED, corpus, str(n)],
                   check=True)
    site = os.path.join(work, "site")
    os.makedirs(site)
    os.symlink(corpus, os.path.join(site, "articles"))
    with open(os.path.join(site, "site.toml"), "w", encoding="utf-8") as f:
        f.write('[site]\nname = "Bench"\nbase_url = "https://bench.example.org"\n'
                "# The corpus links pictures the web server holds elsewhere, as Hugo sites do.\n"
                "check_media = false\n\n")
        for c in CATEGORIES:
            f.write(f'[[categories]]\nslug = "{c}"\nname = "{c}"\n\n')
    hugo_site = os.path.join(work, "hugo-site")
    shutil.copytree(os.path.join(SHARED, "bench", "hugo-site"), hugo_site)
    return corpus, site, hugo_site


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(folder):
    """`trangtin preview` of `folder` on a free port: (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen([TRANGTIN, "preview", folder, "--listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: the preview server did not start")


def lighthouse(url, weight=False):
    """One Lighthouse 12 run (mobile, devtools throttling) of `url`: LCP and FCP in
    seconds, TBT in ms, CLS, the performance score, and with `weight` the page's bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        flags = f"{CHROME_FLAGS} --user-data-dir={tmp}/profile"
        subprocess.run([LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
                        "--only-categories=performance", "--throttling-method=devtools",
                        f"--chrome-flags={flags}"],
                       check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        with open(report) as f:
            r = json.load(f)
    a = r["audits"]
    return {
        "LCP": a["largest-contentful-paint"]["numericValue"] / 1000,
        "FCP": a["first-contentful-paint"]["numericValue"] / 1000,
        "TBT": a["total-blocking-time"]["numericValue"],
        "CLS": a["cumulative-layout-shift"]["numericValue"],
        "score": r["categories"]["performance"]["score"],
        **({"weight": a["total-byte-weight"]["numericValue"]} if weight else {}),
    }
