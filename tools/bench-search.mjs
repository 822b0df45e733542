// `make bench-search`, the browser part: query latency and bytes fetched, for trangtin's
// search.js and Pagefind, in headless Chromium (puppeteer-core from the Lighthouse
// install, Debian's chromium). Prints one JSON object. With queries.relevance
// ({prefix, queries}), also each system's ranking of those queries on the site served
// under the prefix.
// usage: node tools/bench-search.mjs BASE_URL QUERIES.json
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(new URL("../.tools/lighthouse/", import.meta.url));
const puppeteer = require("puppeteer-core");
const [base, queriesFile] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(queriesFile, "utf8"));

const systems = {
  // Our engine: the results page's work (matching, ranking, the first page's snippets).
  ours: `async (q, ids, prefix = "") => {
    const m = await import("/search.js");
    const t = performance.now();
    const a = await m.search(prefix + "/content/search/", q, { ids });
    return { ms: performance.now() - t, total: a.total, ids: ids ? a.ids : [] };
  }`,
  // Pagefind: its search, then the first 10 results' data (title, URL, excerpt).
  pagefind: `async (q, ids, prefix = "") => {
    const pf = await import(prefix + "/pagefind/pagefind.js");
    const t = performance.now();
    const s = await pf.search(q);
    await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t, total: s.results.length, ids: ids ? s.results.map((r) => r.id) : [] };
  }`,
};

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

async function page(context) {
  const p = await context.newPage();
  await p.goto(`${base}/bench.html`, { waitUntil: "load" });
  return p;
}

const run = (p, system, q, ids = false, prefix = "") =>
  p.evaluate(`(${systems[system]})(${JSON.stringify(q)}, ${ids}, ${JSON.stringify(prefix)})`);

const out = {};
for (const system of Object.keys(systems)) {
  // Bytes over the wire for a first query, each in a fresh browser profile (cold cache).
  const firsts = [];
  for (const q of queries.first) {
    const context = await browser.createBrowserContext();
    const p = await page(context);
    // Counted by the browser's network layer, workers' requests included.
    const urls = [];
    const names = new Map();
    let bytes = 0;
    const count = (session) => {
      session.on("Network.requestWillBeSent", (e) => names.set(e.requestId, e.request.url));
      session.on("Network.loadingFinished", (e) => {
        bytes += e.encodedDataLength;
        urls.push([names.get(e.requestId), e.encodedDataLength]);
      });
    };
    const client = await p.createCDPSession();
    count(client);
    client.on("sessionattached", async (s) => {
      count(s);
      await s.send("Network.enable").catch(() => {});
      await s.send("Runtime.runIfWaitingForDebugger").catch(() => {});
    });
    await client.send("Network.enable");
    await client.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    await run(p, system, q);
    await new Promise((r) => setTimeout(r, 200));
    firsts.push({ q, bytes, requests: urls.length });
    if (process.env.VERBOSE) console.error(system, q, bytes, JSON.stringify(urls));
    await context.close();
  }
  // Latency with the index loaded: every query once to load, then timed.
  const context = await browser.createBrowserContext();
  const p = await page(context);
  const results = {};
  for (const q of queries.all) results[q] = await run(p, system, q, true);
  const times = [];
  for (const q of queries.all) times.push((await run(p, system, q)).ms);
  // The relevance set: each query's ranking, on its own site.
  const relevance = {};
  if (queries.relevance) {
    for (const q of queries.relevance.queries) relevance[q] = (await run(p, system, q, true, queries.relevance.prefix)).ids;
  }
  await context.close();
  out[system] = { firsts, times, results, relevance };
}
await browser.close();
console.log(JSON.stringify(out));
