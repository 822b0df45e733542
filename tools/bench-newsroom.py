#!/usr/bin/env python3
"""`make bench-newsroom`: the newsroom's figures.

1. Publish to live: on a generated site of N articles (default 10,000), published once in
   full, "Đăng ngay" pressed in the newsroom (the API call the button makes) for a new
   article, the newest of the site (the daily case), and for an edit of an article
   already live; the time until the answer, when the page is in the site folder.
   Beside it, the baseline: `trangtin publish` of the same site with nothing changed.
   Also the article list's first page at that size (from the newsroom's index, goal
   <= 50 ms), the first start's indexing, and how soon a file added by hand is listed.
2. The preview after a keystroke: the seed article open in the editor in Chromium, one
   character typed at a time; the time from the key to the preview (the portal's own
   components) showing it, measured in the page.
3. The admin app's size: its wasm and scripts, brotli, beside the readers' app.
"""
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

from benchlib import ROOT, TRANGTIN, free_port, run, sites, workdir
from webdriver import Chromium

N = int(os.environ.get("N", "10000"))
RUNS = int(os.environ.get("RUNS", "5"))
KEYS = int(os.environ.get("KEYS", "30"))
NEWSROOM = os.path.join(ROOT, "target", "native", "trangtin-newsroom")
APP = os.path.join(ROOT, "target", "app")
ADMIN = os.path.join(ROOT, "target", "admin")
SEED_TITLE = "NGUYỄN VĂN CỪ"


class Newsroom:
    """The newsroom service on a content folder, logged in as its administrator."""

    def __init__(self, content, work, site, db):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [NEWSROOM, "--content", content, "--db", db, "--app", APP, "--work", work, "--site", site,
             "--admin", ADMIN, "--listen", f"127.0.0.1:{self.port}", "--base-path", "/", "--no-git"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.proc.stdout:
            m = re.search(r'mật khẩu "([^"]+)"', line)
            if m:
                self.first_password = m.group(1)
                break
        else:
            sys.exit("bench-newsroom: the newsroom did not start")
        self.password = "mat-khau-cua-bench"
        self.jar = http.cookiejar.CookieJar()
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        for _ in range(100):
            try:
                self.call("POST", "/api/login", {"username": "admin", "password": self.first_password})
                break
            except OSError:
                time.sleep(0.05)
        self.csrf = self.call("GET", "/api/me")["csrf"]
        self.call("POST", "/api/password", {"current": self.first_password, "new": self.password})

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if getattr(self, "csrf", None):
            headers["X-CSRF-Token"] = self.csrf
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with self.http.open(request) as r:
            return json.loads(r.read() or b"null")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def publish_to_live(work):
    corpus, site, _ = sites(work, N)
    out, bwork = os.path.join(work, "out"), os.path.join(work, "work")
    publish = [TRANGTIN, "publish", "--content", site, "--app", APP, "--work", bwork, "--out", out]
    full, _, _ = run(publish)
    print(f"full publish of {N} articles: {full:.2f} s", flush=True)
    idle = sorted(run(publish)[0] for _ in range(RUNS))
    started = time.perf_counter()
    n = Newsroom(site, bwork, out, os.path.join(work, "newsroom.db"))
    first_start = time.perf_counter() - started
    try:
        listed = []
        for _ in range(RUNS + 1):
            start = time.perf_counter()
            first_page = n.call("GET", "/api/articles")
            listed.append(time.perf_counter() - start)
        if first_page["total"] < N:
            sys.exit(f"bench-newsroom: the list holds {first_page['total']} articles, not {N}")
        # A file written by hand: the time until the list shows it.
        hand = os.path.join(site, "articles", "them-bang-tay.md")
        with open(hand, "w", encoding="utf-8") as f:
            f.write('+++\ntitle = "Thêm bằng tay"\ndate = 2024-01-01\ncategory = "tin-tuc"\n+++\nBài.\n')
        start = time.perf_counter()
        while not any(a["title"] == "Thêm bằng tay" for a in n.call("GET", "/api/articles?q=them+bang+tay")["items"]):
            if time.perf_counter() - start > 30:
                sys.exit("bench-newsroom: a file added by hand did not reach the list in 30 s")
            time.sleep(0.02)
        picked = time.perf_counter() - start

        def publish_now(aid, page, mark):
            start = time.perf_counter()
            n.call("POST", f"/api/articles/{aid}/publish", {})
            took = time.perf_counter() - start
            with open(page, encoding="utf-8") as f:
                if mark not in f.read():
                    sys.exit("bench-newsroom: the page is not live after publishing")
            return took

        # New articles, each the newest of the site (the corpus runs into 2028).
        new = []
        for i in range(RUNS + 1):
            title = f"Hội nghị tổng kết năm học số {i + 1}"
            made = n.call("POST", "/api/articles", {
                "title": title, "category": "tin-tuc", "date": f"2029-01-0{i + 1}T08:00:00+07:00",
                "summary": "Tóm tắt.", "body": "Sáng nay, Nhà trường tổ chức hội nghị.\n"})
            slug = n.call("GET", f"/api/articles/{made['id']}")["fields"].get("slug") or \
                f"hoi-nghi-tong-ket-nam-hoc-so-{i + 1}"
            page = os.path.join(out, "bai-viet", slug, "index.html")
            took = publish_now(made["id"], page, title)
            if i > 0:  # the first publish also makes the newsroom's caches
                new.append(took)

        # Edits of an article already live: the last new one.
        aid = made["id"]
        times = []
        for i in range(RUNS):
            opened = n.call("GET", f"/api/articles/{aid}")
            fields = opened["fields"]
            fields["body"] = f"Sáng nay, Nhà trường tổ chức hội nghị (lần sửa {i}).\n"
            n.call("PUT", f"/api/articles/{aid}", {"version": opened["version"], "fields": fields})
            times.append(publish_now(aid, page, f"(lần sửa {i})"))
        return full, idle, sorted(new), sorted(times), first_start, sorted(listed[1:]), picked
    finally:
        n.stop()


LATENCY = """
const done = arguments[0];
window.__lat = [];
const body = () => document.querySelector('.admin-preview .article-body');
let t0 = null, before = null;
const prose = document.querySelector('.tt-prose');
prose.addEventListener('keydown', () => { t0 = performance.now(); before = body() ? body().textContent : ''; }, true);
new MutationObserver(() => {
  const b = body();
  if (t0 !== null && b && b.textContent !== before) { window.__lat.push(performance.now() - t0); t0 = null; }
}).observe(document.querySelector('.admin-preview'), { subtree: true, childList: true, characterData: true });
const p = prose.querySelector('p');
prose.focus();
const s = getSelection(); s.selectAllChildren(p); s.collapseToEnd();
done(1);
"""


def preview_latency(work):
    content = os.path.join(work, "example")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    n = Newsroom(content, os.path.join(work, "example-work"), os.path.join(work, "example-out"),
                 os.path.join(work, "example.db"))
    browser = Chromium()
    try:
        browser.go(n.url)
        browser.wait("return !!document.querySelector('#ten-dang-nhap')")
        browser.type("#ten-dang-nhap", "admin")
        browser.type("#mat-khau", n.password)
        browser.click(".admin-login button[type=submit]")
        browser.wait("return !!document.querySelector('.admin-table a')")
        browser.js(f"[...document.querySelectorAll('.admin-table a')].find(a => a.textContent.includes('{SEED_TITLE}')).click()")
        browser.wait("return !!document.querySelector('.tt-prose') && !!document.querySelector('.admin-preview .article-body')")
        time.sleep(1)
        browser._s("POST", "/execute/async", {"script": LATENCY, "args": []})
        for i in range(KEYS):
            browser._s("POST", "/actions", {"actions": [{"type": "key", "id": "k", "actions": [
                {"type": "keyDown", "value": "x"}, {"type": "keyUp", "value": "x"}]}]})
            browser.wait(f"return window.__lat.length > {i}", timeout=10)
            time.sleep(0.25)
        return sorted(browser.js("return window.__lat"))
    finally:
        browser.quit()
        n.stop()


def brotli_sizes(folder, work, name):
    copy = os.path.join(work, name)
    shutil.copytree(folder, copy)
    subprocess.run([TRANGTIN, "compress", copy], check=True, stdout=subprocess.DEVNULL)
    sizes = {}
    for f in sorted(os.listdir(copy)):
        if f.endswith((".wasm.br", ".js.br")):
            sizes[f[:-3]] = os.path.getsize(os.path.join(copy, f))
    return sizes


def main():
    for need in (NEWSROOM, os.path.join(APP, "index.html"), os.path.join(ADMIN, "index.html")):
        if not os.path.exists(need):
            sys.exit(f"bench-newsroom: {need} is missing (`make bench-newsroom` builds it)")
    work = workdir()
    try:
        full, idle, new, publish, first_start, listed, picked = publish_to_live(work)
        latency = preview_latency(work)
        admin = brotli_sizes(ADMIN, work, "admin-br")
        reader = brotli_sizes(APP, work, "app-br")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def ms(values):
        return f"median {statistics.median(values) * 1000:.0f} ms (min {values[0] * 1000:.0f}, max {values[-1] * 1000:.0f})"

    print()
    def goal(values, limit):
        return "met" if statistics.median(values) <= limit else "NOT met"

    print(f"publish to live, {N} articles:")
    print(f"  a new article, the newest, {len(new)} runs: {ms(new)}; goal <= 2 s: {goal(new, 2)}")
    print(f"  an edit of a live article, {len(publish)} runs: {ms(publish)}; goal <= 2 s: {goal(publish, 2)}")
    print(f"  baseline, trangtin publish with nothing changed: {ms(idle)}; "
          f"ratios {statistics.median(new) / statistics.median(idle):.2f}x (new), "
          f"{statistics.median(publish) / statistics.median(idle):.2f}x (edit)")
    print(f"the article list's first page (50 rows and the count of each state), {N} articles, "
          f"{len(listed)} runs: {ms(listed)}; goal <= 50 ms: {goal(listed, 0.05)}")
    print(f"  the newsroom's first start on the site (indexing every file): {first_start:.2f} s")
    print(f"  a file added by hand was in the list after {picked * 1000:.0f} ms")
    p90 = latency[int(len(latency) * 0.9) - 1]
    print(f"preview after a keystroke, seed article, {len(latency)} keys: median {statistics.median(latency):.1f} ms, "
          f"p90 {p90:.1f} ms, max {latency[-1]:.1f} ms; goal <= 50 ms: "
          f"{'met' if statistics.median(latency) <= 50 else 'NOT met'}")
    total = sum(admin.values())
    print(f"admin app, brotli: {total / 1000:.1f} KB in all")
    for name, size in admin.items():
        print(f"  {name}: {size / 1000:.1f} KB")
    print(f"readers' app, brotli: {sum(reader.values()) / 1000:.1f} KB ({', '.join(reader)}), apart from the admin's")


if __name__ == "__main__":
    main()
