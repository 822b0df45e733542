#!/usr/bin/env python3
"""`make bench-search`: trangtin's search index and browser engine against Pagefind 1.6.0
on the bundler benchmark's generated corpus (10,000 articles by default, N=...).

Both index the same articles: trangtin from the Markdown, Pagefind from the same articles
rendered as HTML pages (title, category, tags, body). Prints the index build time and peak
memory, the index size, the bytes fetched for a first query (cold cache, median of 5
queries), query latency once the index is loaded (median and p95 over 50 fixed queries,
half typed without accents) in headless Chromium, and the recall of the accentless
queries against the articles that hold every query word (folding đ to d).

Then relevance: both systems index tests/search/relevance (Pagefind from the same articles
as HTML pages) and rank the queries of tests/search/relevance.json; it prints each
query's precision@3 (the share of the first three results that answer it, out of
min(3, answers)) for both."""
import glob, gzip, json, os, re, shutil, statistics, subprocess, sys, tempfile, tomllib, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
SEED = os.path.join(SHARED, "seed", "000_6975ea4be25f0cbf.txt")
RELEVANCE = os.path.join(ROOT, "tests", "search", "relevance")
JUDGMENTS = os.path.join(ROOT, "tests", "search", "relevance.json")
TRANGTIN = os.path.join(ROOT, "target", "native", "trangtin")
PAGEFIND = os.path.join(ROOT, ".tools", "pagefind", "node_modules", ".bin", "pagefind")
N = int(os.environ.get("N", "10000"))
CATEGORIES = ["tin-tuc", "dao-tao", "nghien-cuu-khoa-hoc", "thong-bao", "hoat-dong-doan-the", "van-ban"]
# 25 queries as an editor would type them; the other 25 are the same without accents.
QUERIES = [
    "đào tạo", "thi đua", "chính trị", "hội nghị", "nguyễn văn cừ", "quảng ninh", "học viên",
    "nghiên cứu khoa học", "chuyển đổi số", "cán bộ", "giảng viên", "trường chính trị",
    "sơ kết", "nhiệm vụ", "đồng chí", "phó hiệu trưởng", "báo cáo", "bồi dưỡng", "lý luận",
    "hà giang", "cụm thi đua", "đổi mới", "đề tài", "phong trào", "thư viện",
]


def fold(t):
    t = unicodedata.normalize("NFD", t)
    return "".join(c for c in t if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "d")


def words(text):
    text = unicodedata.normalize("NFC", text).lower()
    return re.findall(r"\d+(?:[.,]\d+)+|[^\W_]+", text)


def timed(cmd):
    """Wall seconds and peak memory (MiB) of a command."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench-search: {cmd[0]} failed:\n{out.stdout}\n{out.stderr}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def size(paths):
    return sum(os.path.getsize(p) for p in paths if os.path.isfile(p))


def page_html(meta, body):
    """An article as a plain HTML page, as a static site would render it."""
    out = []
    for block in body.split("\n\n"):
        block = block.strip()
        esc = block.replace("&", "&amp;").replace("<", "&lt;")
        if not block:
            continue
        if block.startswith("## "):
            out.append(f"<h2>{esc[3:]}</h2>")
        elif block.startswith("!["):
            alt = re.match(r"!\[([^\]]*)\]", block).group(1)
            out.append(f'<figure><img src="/anh.jpg" alt="{alt}"></figure>')
        elif block.startswith("*") and block.endswith("*"):
            out.append(f"<p><em>{esc.strip('*')}</em></p>")
        else:
            out.append(f"<p>{esc}</p>")
    cats = ", ".join(meta.get("categories", []))
    tags = ", ".join(meta.get("tags", []))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{meta["title"]}</title></head>'
            f'<body><main><h1>{meta["title"]}</h1><p>{cats}</p><p>{tags}</p>{"".join(out)}</main></body></html>')


def main():
    for tool in (TRANGTIN, PAGEFIND):
        if not os.path.exists(tool):
            sys.exit(f"bench-search: {tool} is missing (make bench-search installs it)")
    where = os.environ.get("BENCH_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
    work = tempfile.mkdtemp(prefix="trangtin-search-bench-", dir=where)
    print(f"working in {work}", flush=True)
    try:
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_corpus.py"), SEED, corpus, str(N)], check=True)
        site = os.path.join(work, "site")
        os.makedirs(site)
        os.symlink(corpus, os.path.join(site, "articles"))
        with open(os.path.join(site, "site.toml"), "w", encoding="utf-8") as f:
            f.write('[site]\nname = "Bench"\nbase_url = "https://bench.example.org"\ncheck_media = false\n\n')
            for c in CATEGORIES:
                f.write(f'[[categories]]\nslug = "{c}"\nname = "{c}"\n\n')

        # The same articles as HTML pages for Pagefind; each article's folded words.
        pages = os.path.join(work, "pages")
        folded = {}
        for path in sorted(glob.glob(os.path.join(corpus, "*", "*.md"))):
            text = open(path, encoding="utf-8").read()
            _, front, body = text.split("+++", 2)
            meta = tomllib.loads(front)
            name = os.path.splitext(os.path.basename(path))[0]
            out = os.path.join(pages, os.path.basename(os.path.dirname(path)), name)
            os.makedirs(out)
            with open(os.path.join(out, "index.html"), "w", encoding="utf-8") as f:
                f.write(page_html(meta, body))
            all_text = " ".join([meta["title"], *meta.get("categories", []), *meta.get("tags", []), body])
            folded[meta["title"]] = {fold(w) for w in words(all_text)}

        # Index builds, each from scratch.
        out = os.path.join(work, "trangtin-out")
        t_time, t_rss = timed([TRANGTIN, "build", "--content", site, "--out", out])
        p_time, p_rss = timed([PAGEFIND, "--site", pages, "--quiet"])
        search_dir = os.path.join(out, "content", "search")
        ours_index = size(glob.glob(os.path.join(search_dir, "*"))) + size(glob.glob(os.path.join(search_dir, "h", "*")))
        ours_frag = size(glob.glob(os.path.join(search_dir, "doc", "*")))
        pf_dir = os.path.join(pages, "pagefind")
        pf_all = [p for p in glob.glob(os.path.join(pf_dir, "**", "*"), recursive=True)]
        pf_frag = size(glob.glob(os.path.join(pf_dir, "fragment", "*")))
        pf_index = size(pf_all) - pf_frag

        # The relevance site, indexed by both: trangtin from its Markdown, Pagefind from
        # the same articles as pages (category names included, as trangtin indexes them).
        rel_out = os.path.join(work, "rel-out")
        subprocess.run([TRANGTIN, "build", "--content", RELEVANCE, "--out", rel_out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(RELEVANCE, "site.toml"), "rb") as f:
            names = {c["slug"]: c["name"] for c in tomllib.load(f)["categories"]}
        rel_pages = os.path.join(work, "rel-pages")
        for path in sorted(glob.glob(os.path.join(RELEVANCE, "articles", "*.md"))):
            _, front, body = open(path, encoding="utf-8").read().split("+++", 2)
            meta = tomllib.loads(front)
            meta["categories"] = [names[meta["category"]]]
            os.makedirs(os.path.join(rel_pages, meta["slug"]))
            with open(os.path.join(rel_pages, meta["slug"], "index.html"), "w", encoding="utf-8") as f:
                f.write(page_html(meta, body))
        subprocess.run([PAGEFIND, "--site", rel_pages, "--quiet"], check=True)
        with open(JUDGMENTS, encoding="utf-8") as f:
            judgments = json.load(f)["queries"]

        # One folder served with compression: both indexes, both engines, a blank page.
        serve = os.path.join(work, "serve")
        shutil.copytree(search_dir, os.path.join(serve, "content", "search"))
        shutil.copytree(os.path.join(rel_out, "content", "search"), os.path.join(serve, "rel", "content", "search"))
        shutil.copytree(os.path.join(rel_pages, "pagefind"), os.path.join(serve, "rel", "pagefind"))
        shutil.copy(os.path.join(ROOT, "assets", "search.js"), serve)
        # Minified as `make dist` ships it.
        esbuild = shutil.which("esbuild") or os.path.join(ROOT, ".tools", "npm", "node_modules", ".bin", "esbuild")
        subprocess.run([esbuild, os.path.join(serve, "search.js"), "--minify", "--log-level=warning",
                        "--outfile=" + os.path.join(serve, "search.js"), "--allow-overwrite"], check=True)
        shutil.copytree(pf_dir, os.path.join(serve, "pagefind"))
        with open(os.path.join(serve, "bench.html"), "w") as f:
            f.write('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>')
        subprocess.run([TRANGTIN, "compress", serve], check=True, stdout=subprocess.DEVNULL)
        port_file = os.path.join(work, "port")
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([TRANGTIN, "preview", serve, "--listen", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL)
        try:
            import time
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            plain = [fold(q) for q in QUERIES]
            queries = {"all": QUERIES + plain, "first": [plain[0], QUERIES[4], plain[6], QUERIES[9], plain[13]],
                       "relevance": {"prefix": "/rel", "queries": [j["q"] for j in judgments]}}
            qfile = os.path.join(work, "queries.json")
            with open(qfile, "w") as f:
                json.dump(queries, f)
            res = subprocess.run(["node", os.path.join(ROOT, "tools", "bench-search.mjs"), f"http://127.0.0.1:{port}", qfile],
                                 stdout=subprocess.PIPE, stderr=None if os.environ.get("VERBOSE") else subprocess.PIPE, text=True)
            if res.returncode != 0:
                sys.exit(f"bench-search: the browser run failed:\n{res.stderr}")
            browser = json.loads(res.stdout)
        finally:
            server.terminate()

        # Result ids → article titles, per system.
        ours_title = {}
        for p in glob.glob(os.path.join(search_dir, "doc", "*.json")):
            ours_title[int(os.path.basename(p)[:-5])] = json.load(open(p, encoding="utf-8"))["article"]["title"]
        pf_title = {}
        for p in glob.glob(os.path.join(pf_dir, "fragment", "*.pf_fragment")):
            data = gzip.open(p).read()
            data = data[data.index(b"{"):]
            pf_title[os.path.basename(p)[:-len(".pf_fragment")]] = json.loads(data)["meta"]["title"]

        def recall(system, titles):
            found, wanted, misses = 0, 0, []
            for q in plain:
                terms = [fold(w) for w in words(q)]
                truth = {t for t, ws in folded.items() if all(w in ws for w in terms)}
                got = {titles.get(i) for i in browser[system]["results"][q]["ids"]}
                hit = len(truth & got)
                found += hit
                wanted += len(truth)
                if hit < len(truth):
                    misses.append(f"{q} ({hit}/{len(truth)})")
            return found / wanted if wanted else 1.0, misses

        def pct(xs, p):
            xs = sorted(xs)
            return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

        rows = {}
        for system, titles in (("ours", ours_title), ("pagefind", pf_title)):
            b = browser[system]
            r, misses = recall(system, titles)
            rows[system] = {
                "first": statistics.median(x["bytes"] for x in b["firsts"]),
                "requests": statistics.median(x["requests"] for x in b["firsts"]),
                "p50": statistics.median(b["times"]),
                "p95": pct(b["times"], 95),
                "recall": r,
                "misses": misses,
            }
        o, p = rows["ours"], rows["pagefind"]
        goal = lambda ok: "met" if ok else "NOT met"
        print(f"\n{N} articles; queries: {len(QUERIES)} with accents + {len(plain)} without; Chromium, served with brotli/gzip")
        print(f"{'':34}{'trangtin':>14}{'Pagefind 1.6.0':>16}{'ratio':>8}")
        print(f"{'index build (s)':34}{t_time:>14.2f}{p_time:>16.2f}{t_time / p_time:>8.3f}   (trangtin: the whole site build, bundles included)")
        print(f"{'index build peak memory (MiB)':34}{t_rss:>14.0f}{p_rss:>16.0f}")
        print(f"{'index bytes (without fragments)':34}{ours_index:>14,}{pf_index:>16,}")
        print(f"{'fragment bytes':34}{ours_frag:>14,}{pf_frag:>16,}")
        print(f"{'first query: bytes fetched':34}{o['first']:>14,.0f}{p['first']:>16,.0f}{o['first'] / p['first']:>8.3f}")
        print(f"{'first query: requests':34}{o['requests']:>14.0f}{p['requests']:>16.0f}")
        pairs = [(a["q"], a["bytes"], b["bytes"]) for a, b in zip(browser["ours"]["firsts"], browser["pagefind"]["firsts"])]
        per_query = [x / y for _, x, y in pairs]
        print("  per first query (trangtin / Pagefind bytes): "
              + ", ".join(f"{q} {x / y:.2f}" for q, x, y in pairs)
              + f"; median ratio {statistics.median(per_query):.3f}")
        print(f"{'query latency, loaded: median (ms)':34}{o['p50']:>14.1f}{p['p50']:>16.1f}")
        print(f"{'query latency, loaded: p95 (ms)':34}{o['p95']:>14.1f}{p['p95']:>16.1f}")
        print(f"{'recall, accentless queries':34}{o['recall']:>14.1%}{p['recall']:>16.1%}")
        if p["misses"]:
            print(f"  Pagefind misses: {', '.join(p['misses'])}")
        if o["misses"]:
            print(f"  trangtin misses: {', '.join(o['misses'])}")
        # Relevance: result ids → slugs, per system, then precision@3 per query.
        rel_search = os.path.join(serve, "rel", "content", "search")
        ours_slug = {}
        for path in glob.glob(os.path.join(rel_search, "doc", "*.json")):
            ours_slug[int(os.path.basename(path)[:-5])] = json.load(open(path, encoding="utf-8"))["article"]["slug"]
        pf_slug = {}
        for path in glob.glob(os.path.join(serve, "rel", "pagefind", "fragment", "*.pf_fragment")):
            data = gzip.open(path).read()
            data = data[data.index(b"{"):]
            pf_slug[os.path.basename(path)[:-len(".pf_fragment")]] = json.loads(data)["url"].strip("/")

        def precision(ids, slugs, relevant):
            top = [slugs.get(i) for i in ids[:3]]
            return sum(s in relevant for s in top) / min(3, len(relevant)), top

        print(f"\nrelevance: {len(judgments)} queries of tests/search/relevance.json on tests/search/relevance "
              f"({len(ours_slug)} articles); precision@3 (share of the first three that answer, of min(3, answers))")
        print(f"{'query':34}{'trangtin':>10}{'Pagefind':>10}   Pagefind's first three when it falls short")
        sums = [0.0, 0.0]
        behind = []
        for j in judgments:
            o_p, _ = precision(browser["ours"]["relevance"][j["q"]], ours_slug, j["relevant"])
            p_p, p_top = precision(browser["pagefind"]["relevance"][j["q"]], pf_slug, j["relevant"])
            sums[0] += o_p
            sums[1] += p_p
            if o_p < p_p:
                behind.append(j["q"])
            short = ", ".join(s or "—" for s in p_top) if p_p < 1 else ""
            print(f"{j['q']:34}{o_p:>10.2f}{p_p:>10.2f}   {short}")
        print(f"{'mean':34}{sums[0] / len(judgments):>10.2f}{sums[1] / len(judgments):>10.2f}")
        print(f"\ngoals: first-query bytes <= 1/2 of Pagefind's: {goal(o['first'] <= p['first'] / 2)} on the medians, "
              f"{goal(statistics.median(per_query) <= 0.5)} query by query (median ratio); "
              f"p95 <= 30 ms: {goal(o['p95'] <= 30)}; recall 100 %: {goal(o['recall'] == 1.0)}; "
              f"build <= 1/4 of Pagefind's: {goal(t_time <= p_time / 4)}; "
              f"precision@3 >= Pagefind's on every relevance query: {goal(not behind)}"
              + (f" (behind on: {', '.join(behind)})" if behind else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
