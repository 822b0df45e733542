// The search index built in steps (a site published, then an article added, then one
// edited) answers every query as the index of the same site built at once does, and
// each step changes a bounded number of index files. Run by `make test` (node --test);
// TRANGTIN names the bundler (default: the native build).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const bundler = process.env.TRANGTIN || join(root, "target", "native", "trangtin");
const engine = await import(join(root, "assets", "search.js"));

// Syllables enough for thousands of distinct words, so that the index has many shards
// and one article's words fall in most of them.
const ONSETS = ["b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"];
const RIMES = ["a", "á", "à", "ả", "ã", "ạ", "ai", "an", "ang", "anh", "ao", "âm", "ân", "ất", "e", "ê", "i", "in", "inh", "o", "ô", "ơ", "ơn", "u", "ư", "ương", "uyên", "yêu"];
let seed = 7;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const word = () => ONSETS[rand(ONSETS.length)] + RIMES[rand(RIMES.length)] + (rand(3) === 0 ? ONSETS[rand(ONSETS.length)] + RIMES[rand(RIMES.length)] : "");
const text = (n) => Array.from({ length: n }, word).join(" ");

/** Article `slug`, `hours` after the first one. */
const article = (slug, hours, body) => {
  const date = new Date(Date.UTC(2024, 0, 1) + hours * 3600e3).toISOString().slice(0, 19);
  return `+++\ntitle = "${text(6)}"\nslug = "${slug}"\ndate = ${date}+07:00\ncategory = "tin-tuc"\n+++\n\n${body}\n`;
};

let dir, site, stepped, whole;
const files = (out) => {
  const at = new Map();
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else at.set(p.slice(out.length), readFileSync(p).toString("base64"));
    }
  };
  walk(join(out, "content", "search"));
  return at;
};
const changed = (a, b) => [...b].filter(([p, bytes]) => a.get(p) !== bytes).map(([p]) => p);
const build = (out) => execFileSync(bundler, ["build", "--content", site, "--out", out], { stdio: "pipe" });

before(() => {
  dir = mkdtempSync(join(tmpdir(), "trangtin-increments-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  site = join(dir, "site");
  mkdirSync(join(site, "articles"), { recursive: true });
  cpSync(join(here, "fixture", "site.toml"), join(site, "site.toml"));
  for (let i = 0; i < 500; i++) writeFileSync(join(site, "articles", `a${i}.md`), article(`bai-${i}`, i, text(300)));
  stepped = join(dir, "stepped");
  whole = join(dir, "whole");
  globalThis.fetch = async (url) => {
    try {
      return new Response(readFileSync(join(dir, url)), { status: 200 });
    } catch {
      if (process.env.DEBUG) console.error("404", url);
      return new Response("<!doctype html><title>Không tìm thấy</title>", { status: 404 });
    }
  };
});

const answers = async (folder, q) => {
  engine.forget();
  const base = `/${folder}/content/search/`;
  const first = await engine.search(base, q, { snippets: false });
  const out = first.results.map((r) => r.article.slug);
  for (let p = 2; p <= first.pages; p++) {
    engine.forget();
    out.push(...(await engine.search(base, q, { page: p, snippets: false })).results.map((r) => r.article.slug));
  }
  return out;
};

test("an index built in steps answers as one built at once, and each step changes at most 20 of its files", async () => {
  build(stepped);
  const index = () => JSON.parse(readFileSync(join(stepped, "content", "search", "index.json"), "utf8"));
  assert.ok(index().shards.length > 12, `a site big enough for many shards: ${index().shards.length}`);
  // The daily case: a new article, the newest, with words old and new.
  const fresh = `${text(200)} chưatừngcó ${text(50)}`;
  const queries = () => [...new Set([...fresh.split(" ").slice(0, 40), "chưatừngcó", "chua", "đãsửa", "biếnmất"])].map((w) => w + " ");
  let before = files(stepped);
  writeFileSync(join(site, "articles", "new.md"), article("bai-moi", 1000, fresh));
  build(stepped);
  let after = files(stepped);
  const step1 = changed(before, after);
  assert.ok(step1.length <= 20, `a new article changed ${step1.length} index files: ${step1.join(" ")}`);
  assert.ok(index().delta, "the new article's words went to the delta (the test would not test it otherwise)");
  // An old article edited: a word gone, a word added.
  const old = readFileSync(join(site, "articles", "a5.md"), "utf8");
  writeFileSync(join(site, "articles", "a5.md"), old.replace("+++\n\n", "+++\n\nbiếnmất "));
  build(stepped);
  writeFileSync(join(site, "articles", "a5.md"), old.replace("+++\n\n", "+++\n\nđãsửa "));
  before = files(stepped);
  build(stepped);
  after = files(stepped);
  const step2 = changed(before, after);
  assert.ok(step2.length <= 20, `an edit changed ${step2.length} index files: ${step2.join(" ")}`);

  rmSync(whole, { recursive: true, force: true });
  build(whole);
  for (const q of queries()) {
    assert.deepEqual(await answers("stepped", q), await answers("whole", q), q);
  }
  assert.deepEqual(await answers("stepped", "chưatừngcó "), ["bai-moi"]);
  assert.deepEqual(await answers("stepped", "đãsửa "), ["bai-5"]);
  assert.deepEqual(await answers("stepped", "biếnmất "), []);

  // Each later build folds a few base shards' worth of the delta into the base.
  for (let i = 0; i < 40 && index().delta; i++) {
    writeFileSync(join(site, "articles", `later${i}.md`), article(`sau-${i}`, 1001 + i, "chưatừngcó"));
    build(stepped);
  }
  rmSync(whole, { recursive: true, force: true });
  build(whole);
  assert.equal(index().delta, undefined, "the delta empties once every base shard is written again");
  for (const q of queries()) assert.deepEqual(await answers("stepped", q), await answers("whole", q), q);
});
