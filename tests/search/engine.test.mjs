// The browser search engine (assets/search.js) against indexes the bundler builds from
// tests/search/fixture (text rules shared with the bundler, matching and ranking) and
// tests/search/relevance (the relevance set of tests/search/relevance.json).
// Run by `make test` (node --test); TRANGTIN names the bundler (default: the native build).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const bundler = process.env.TRANGTIN || join(root, "target", "native", "trangtin");
const engine = await import(join(root, "assets", "search.js"));
const cases = JSON.parse(readFileSync(join(here, "cases.json"), "utf8"));
const relevance = JSON.parse(readFileSync(join(here, "relevance.json"), "utf8"));

let out, rel;
// What the "server" answers per path: the built files, unless a test breaks one.
const overrides = new Map();
before(() => {
  out = mkdtempSync(join(tmpdir(), "trangtin-search-"));
  execFileSync(bundler, ["build", "--content", join(here, "fixture"), "--out", out], { stdio: "pipe" });
  rel = mkdtempSync(join(tmpdir(), "trangtin-relevance-"));
  execFileSync(bundler, ["build", "--content", join(here, "relevance"), "--out", rel], { stdio: "pipe" });
  process.on("exit", () => {
    rmSync(out, { recursive: true, force: true });
    rmSync(rel, { recursive: true, force: true });
  });
  globalThis.fetch = async (url) => {
    if (overrides.has(url)) return overrides.get(url)();
    try {
      if (url.startsWith("/rel/")) return new Response(readFileSync(join(rel, url.slice(4))), { status: 200 });
      return new Response(readFileSync(join(out, url)), { status: 200 });
    } catch {
      return new Response("<!doctype html><title>Không tìm thấy</title>", { status: 404 });
    }
  };
});

// Each search starts from nothing loaded, as in a new page.
const fresh = () => {
  engine.forget();
  return "/content/search/";
};
const slugs = async (q, opts) => (await engine.search(fresh(), q, opts)).results.map((r) => r.article.slug);
const all = async (q, opts) => {
  const first = await engine.search(fresh(), q, opts);
  const out = first.results.map((r) => r.article.slug);
  for (let p = 2; p <= first.pages; p++) out.push(...(await engine.search(fresh(), q, { ...opts, page: p })).results.map((r) => r.article.slug));
  return out;
};

test("tokens and folding follow the shared cases", () => {
  for (const [input, expected] of cases.tokens) assert.deepEqual(engine.tokens(input), expected, input);
  for (const [input, expected] of cases.fold) assert.equal(engine.fold(input), expected, input);
});

test("a query without accents finds the accented words, đ included", async () => {
  const found = await all("dao tao");
  assert.ok(found.includes("dao-tao-co-dau"), found.join());
  assert.ok(found.includes("dao-tao-khong-dau"), found.join());
  assert.ok(found.includes("con-so"), found.join());
  assert.deepEqual(await slugs("nguyen van cu"), ["ten-rieng"]);
});

test("an accented query ranks the exact spelling first", async () => {
  const found = await slugs("Đào tạo");
  assert.ok(found.indexOf("dao-tao-khong-dau") > found.indexOf("dao-tao-co-dau"), found.join());
  assert.equal((await slugs("đường"))[0], "duong-giao-thong");
  assert.equal((await slugs("dương"))[0], "duong-lich");
  assert.equal((await slugs("đương"))[0], "duong-chuc");
  // Without accents: every spelling, "bồi dưỡng" too.
  const plain = await all("duong ");
  for (const slug of ["duong-chuc", "duong-giao-thong", "duong-lich", "con-so"]) assert.ok(plain.includes(slug), plain.join());
});

test("several words are all required, closer together ranks higher", async () => {
  const found = await slugs("thi đua ");
  assert.deepEqual(found, ["thi-dua-lien", "thi-dua-xa"]);
  assert.deepEqual(await slugs("đào tạo 12.378"), ["con-so"]);
  assert.deepEqual(await slugs("đua xyzabc"), []);
});

test("a quoted phrase must appear as written", async () => {
  assert.deepEqual(await slugs('"thi đua"'), ["thi-dua-lien"]);
  assert.deepEqual(await slugs('"dua thi"'), []);
});

test("a title hit ranks above a body hit", async () => {
  assert.deepEqual(await slugs("hội nghị sơ kết "), ["tieu-de-co-tu", "than-co-tu"]);
});

test("numbers keep their dots", async () => {
  assert.deepEqual(await slugs("12.378"), ["con-so"]);
  const hit = (await engine.search(fresh(), "12.378")).results[0];
  assert.ok(hit.snippet.some(([t, m]) => m && t === "12.378"), JSON.stringify(hit.snippet));
});

test("the last word is a prefix while typing, and only then", async () => {
  assert.ok((await slugs("hoi ngh")).includes("tieu-de-co-tu"));
  assert.deepEqual(await slugs("hoi ngh "), []);
});

test("one typo is forgiven in words of five letters or more that no article holds", async () => {
  assert.deepEqual(await slugs("ngyuen van cu "), ["ten-rieng"]);
  assert.deepEqual(await slugs("nguyen cu "), ["ten-rieng"]);
  // Four letters: no typo tolerance ("vna" is not "văn").
  assert.deepEqual(await slugs("nguyen vna "), []);
  // A real word is not read as a typo of another: "duong" does not find "đồng".
  assert.ok(!(await all("duong ")).includes("ten-rieng"));
});

test("highlights mark the matched words as the article writes them", async () => {
  const hit = (await engine.search(fresh(), "dao tao ")).results.find((r) => r.article.slug === "dao-tao-co-dau");
  const marked = hit.snippet.filter(([, m]) => m).map(([t]) => t);
  assert.ok(marked.includes("đào") && marked.includes("tạo"), marked.join());
});

test("filters by category and year", async () => {
  assert.deepEqual((await all("đào tạo ", { category: "dao-tao" })).sort(), ["con-so", "dao-tao-co-dau"]);
  assert.deepEqual(await all("đào tạo ", { year: 2022 }), ["con-so"]);
  const a = await engine.search(fresh(), "đào tạo ");
  assert.deepEqual(a.years, [2024, 2023, 2022]);
});

test("no result suggests other spellings", async () => {
  const a = await engine.search(fresh(), "phong trao thi dau ");
  assert.equal(a.total, 0);
  assert.deepEqual(a.suggestions, ["phong trao thi dua"]);
});

test("a broken or missing index gives a clear error, and the next try recovers", async () => {
  overrides.set("/content/search/index.json", () => new Response("<!doctype html><p>trang chủ</p>", { status: 200 }));
  await assert.rejects(engine.search(fresh(), "đào tạo"), /trang HTML/);
  overrides.set("/content/search/index.json", () => new Response("{\"format\": 99}", { status: 200 }));
  await assert.rejects(engine.search(fresh(), "đào tạo"), /định dạng/);
  overrides.set("/content/search/index.json", () => Promise.reject(new TypeError("Failed to fetch")));
  await assert.rejects(engine.search(fresh(), "đào tạo"), /Không kết nối được/);
  overrides.clear();
  assert.ok((await engine.search(fresh(), "đào tạo")).total > 0);
});

test("a damaged shard is reported, not misread", async () => {
  const index = JSON.parse(readFileSync(join(out, "content/search/index.json"), "utf8"));
  const shards = index.shards.map(([, name]) => `/content/search/${name}`);
  for (const s of shards) overrides.set(s, () => new Response(new Uint8Array([200, 200, 200]), { status: 200 }));
  await assert.rejects(engine.search(fresh(), "kết"), /hỏng/);
  overrides.clear();
});

// --- relevance -------------------------------------------------------------------------

const ranked = async (q) => {
  engine.forget();
  const first = await engine.search("/rel/content/search/", q, { snippets: false, ids: true });
  const out = first.results.map((r) => r.article.slug);
  for (let p = 2; p <= first.pages; p++) {
    engine.forget();
    out.push(...(await engine.search("/rel/content/search/", q, { page: p, snippets: false })).results.map((r) => r.article.slug));
  }
  return out;
};

test("relevance set: the first three results answer every query", async () => {
  for (const { q, relevant } of relevance.queries) {
    // As typed and then finished with a space (the last word a prefix, then a word).
    for (const typed of [q, q + " "]) {
      const top = (await ranked(typed)).slice(0, 3);
      const good = top.filter((s) => relevant.includes(s)).length;
      assert.equal(good, Math.min(3, relevant.length), `"${typed}": ${top.join(", ")}`);
    }
  }
});

test("a phrase ranks first: every article holding it comes before long texts that hold its words apart", async () => {
  const phrase = relevance.queries.find((x) => x.q === "chuyển đổi số").relevant;
  for (const q of ["chuyển đổi số ", "chuyen doi so "]) {
    const found = await ranked(q);
    assert.deepEqual(found.slice(0, phrase.length).sort(), [...phrase].sort(), found.join(", "));
    // The long texts do match (every word is there), after the phrase.
    for (const long of ["nghi-dinh-sua-doi", "thong-tu-chuong-trinh"]) assert.ok(found.indexOf(long) >= phrase.length, found.join(", "));
  }
});

test("length counts: a short article about a word ranks above a long text that names it hundreds of times", async () => {
  const found = await ranked("thư viện ");
  const long = ["nghi-dinh-sua-doi", "quy-che-chi-tieu-noi-bo", "thong-tu-chuong-trinh"].map((s) => found.indexOf(s));
  for (const slug of ["thu-vien-gio-mo-cua", "thu-vien-sach-moi", "thu-vien-so"]) {
    assert.ok(long.every((at) => found.indexOf(slug) < at), found.join(", "));
  }
  // But a long text that is the answer still comes first.
  assert.equal((await ranked("quy chế chi tiêu nội bộ "))[0], "quy-che-chi-tieu-noi-bo");
});

test("a broken length table is reported, not misread", async () => {
  const index = JSON.parse(readFileSync(join(out, "content/search/index.json"), "utf8"));
  const url = `/content/search/${index.lengths}`;
  overrides.set(url, () => new Response(new Uint8Array([1, 2]), { status: 200 }));
  await assert.rejects(engine.search(fresh(), "đào tạo"), /độ dài bài viết bị hỏng/);
  overrides.set(url, () => new Response("<!doctype html><p>trang chủ</p>", { status: 200 }));
  await assert.rejects(engine.search(fresh(), "đào tạo"), /trang HTML/);
  overrides.clear();
  assert.ok((await engine.search(fresh(), "đào tạo")).total > 0);
});
