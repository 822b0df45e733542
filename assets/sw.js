// trangtin's service worker: what a reader opened stays readable when the signal drops.
// Plain JS, no dependencies. `trangtin publish` stamps BUILD, SCHEMA and SHELL below for
// each build of the app; a new build is a new worker with a cache of its own, so that a
// page never mixes two builds.
//
// - The app shell (styles, loader, wasm, the bare page `shell.html`) is kept at install.
// - Pages, bundles and pictures the reader opened are kept as they pass (network first
//   for pages and bundles, cache first for files named by their content), at most
//   MAX_KEPT of them, the least recently fetched going first.
// - Offline, an opened page comes from the cache; an article reached inside the app
//   (its bundle kept, not its page) opens in the bare page, where the app reads the kept
//   bundle; any other page is the offline page, which lists the saved articles.
// - Widgets, /embed/ pages and other sites are left alone.
// - A new worker waits; it takes over at the next page load of the only open tab (after
//   that page came from the network), never under a page already shown.

const BUILD = "dev";
const SCHEMA = 0;
const SHELL = [];
const MAX_KEPT = 200;

const CACHE = `trangtin-${SCHEMA}-${BUILD}`;
const BASE = new URL(self.registration.scope).pathname;
const SHELL_PAGE = BASE + "shell.html";
const OFFLINE_PAGE = BASE + "ngoai-tuyen";
const ARTICLE_BUNDLE = new RegExp(`^${escapeRe(BASE)}content/bai-viet/([a-z0-9-]+)\\.json$`);
const ARTICLE_PAGE = new RegExp(`^${escapeRe(BASE)}bai-viet/([a-z0-9-]+)/?$`);
const LEFT_ALONE = new RegExp(`^${escapeRe(BASE)}(embed/|widget\\.js$|embed\\.js$|sw\\.js$|api/)`);
const IMMUTABLE = new RegExp(`^${escapeRe(BASE)}(content/media/|content/search/h/)`);

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([SHELL_PAGE, BASE + "content/site.json", BASE + "content/lists.json", ...SHELL.map((f) => BASE + f)])),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("trangtin-") && name !== CACHE) await caches.delete(name);
      }
      // The first worker takes the page that installed it (it is of the same build),
      // and keeps that page too: it was opened before any worker could see it.
      await self.clients.claim();
      for (const tab of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
        const url = new URL(tab.url);
        if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE) || LEFT_ALONE.test(url.pathname)) continue;
        if (url.pathname === OFFLINE_PAGE || url.pathname === SHELL_PAGE) continue;
        try {
          const response = await fetch(url.href, { credentials: "same-origin" });
          if (response.ok && (response.headers.get("content-type") || "").includes("html")) {
            await keep(new Request(url.href), response);
            await keepBundleOf(url.pathname);
          }
        } catch {
          // Offline already: nothing to keep.
        }
      }
    })(),
  );
});

// Upstream fetches by address, so that a request the page gives up is given up here too
// (browsers do not pass a page's abort on to the worker's fetch).
const inFlight = new Map();

self.addEventListener("message", (event) => {
  if (event.data && typeof event.data.abort === "string") {
    const href = new URL(event.data.abort, self.location.href).href;
    for (const controller of inFlight.get(href) || []) controller.abort();
  } else if (event.data === "take-over") self.skipWaiting();
  // Which build answers this page (for the tests, and for the curious in DevTools).
  else if (event.data === "version" && event.ports[0]) event.ports[0].postMessage(CACHE);
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE) || LEFT_ALONE.test(url.pathname)) return;
  if (request.mode === "navigate") event.respondWith(page(request, url));
  else if (url.pathname === OFFLINE_PAGE) event.respondWith(offlinePage());
  else if (IMMUTABLE.test(url.pathname) || SHELL.some((f) => url.pathname === BASE + f)) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request));
});

function isShell(pathname) {
  return pathname === SHELL_PAGE || pathname === BASE + "content/site.json" || pathname === BASE + "content/lists.json" || SHELL.some((f) => pathname === BASE + f);
}

/**
 * An article's page hydrates from its bundle, which it fetches: a page kept here before
 * the worker answered for it keeps its bundle beside it, for the app to run offline.
 */
async function keepBundleOf(pathname) {
  const article = ARTICLE_PAGE.exec(pathname);
  if (!article) return;
  const href = `${self.location.origin}${BASE}content/bai-viet/${article[1]}.json`;
  if (await caches.match(href, { cacheName: CACHE })) return;
  await keep(new Request(href), await fetch(href, { credentials: "same-origin" }));
}

/** Keeps a good answer, then forgets the oldest kept ones beyond MAX_KEPT. */
async function keep(request, response) {
  if (!response || response.status !== 200 || response.type !== "basic") return;
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
  const keys = (await cache.keys()).filter((k) => !isShell(new URL(k.url).pathname));
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_KEPT))) await cache.delete(old);
}

/**
 * fetch(), given up (headers or body) when the page says it gave the request up; the
 * answer is kept on the way. Until the body has been read, the address is in flight.
 */
async function upstream(request) {
  const controller = new AbortController();
  const all = inFlight.get(request.url) || new Set();
  all.add(controller);
  inFlight.set(request.url, all);
  const release = () => {
    all.delete(controller);
    if (!all.size && inFlight.get(request.url) === all) inFlight.delete(request.url);
  };
  request.signal.addEventListener("abort", () => controller.abort());
  let response;
  try {
    response = await fetch(request, { signal: controller.signal });
  } catch (e) {
    release();
    throw e;
  }
  keep(request, response.clone()).catch(() => {}).finally(release);
  return response;
}

async function networkFirst(request) {
  try {
    return await upstream(request);
  } catch (e) {
    const kept = await caches.match(request, { cacheName: CACHE });
    if (kept) return kept;
    throw e;
  }
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { cacheName: CACHE });
  if (kept) return kept;
  return upstream(request);
}

async function page(request, url) {
  if (url.pathname === OFFLINE_PAGE) return offlinePage();
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get("content-type") || "").includes("html")) {
      keep(request, response.clone()).catch(() => {});
      handOver();
    }
    return response;
  } catch {
    // No network: what was kept, else the bare page or the offline page.
    const cache = await caches.open(CACHE);
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    // An article opened inside the app: its bundle is kept, its page is not.
    const article = ARTICLE_PAGE.exec(url.pathname);
    if (article && (await cache.match(`${BASE}content/bai-viet/${article[1]}.json`))) {
      const shell = await cache.match(SHELL_PAGE);
      if (shell) return shell;
    }
    return offlinePage();
  }
}

/** A waiting worker of a newer build takes over once this is the only tab. */
async function handOver() {
  const waiting = self.registration.waiting;
  if (!waiting) return;
  const tabs = await self.clients.matchAll({ type: "window" });
  if (tabs.length <= 1) waiting.postMessage("take-over");
}

/** The saved articles, newest first: [{slug, title, published}]. */
async function savedArticles() {
  const cache = await caches.open(CACHE);
  const found = new Map();
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    const bundle = ARTICLE_BUNDLE.exec(path);
    const pageMatch = ARTICLE_PAGE.exec(path);
    const slug = (bundle || pageMatch || [])[1];
    if (!slug || found.has(slug)) continue;
    try {
      const response = await cache.match(request);
      const text = await response.text();
      if (bundle) {
        const a = JSON.parse(text).article || {};
        found.set(slug, { slug, title: String(a.title || slug), published: String(a.published || "") });
      } else {
        const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(text) || /<title>([^<]*)<\/title>/.exec(text);
        const time = /<time[^>]*datetime="([^"]+)"/.exec(text);
        found.set(slug, { slug, title: title ? textOf(title[1]) : slug, published: time ? time[1] : "" });
      }
    } catch {
      // A kept answer that does not read is not listed.
    }
  }
  return [...found.values()].sort((a, b) => (b.published > a.published ? 1 : b.published < a.published ? -1 : 0));
}

function textOf(html) {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function shortDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

async function offlinePage() {
  const saved = await savedArticles();
  const css = SHELL.filter((f) => f.endsWith(".css")).map((f) => `<link rel="stylesheet" href="${escapeHtml(BASE + f)}">`).join("");
  const items = saved
    .map((a) => {
      const date = shortDate(a.published);
      return `<li><a href="${escapeHtml(`${BASE}bai-viet/${a.slug}`)}">${escapeHtml(a.title)}</a>${date ? ` <time datetime="${escapeHtml(a.published)}">${date}</time>` : ""}</li>`;
    })
    .join("");
  const list = saved.length
    ? `<p>Các bài bạn đã mở trên máy này vẫn đọc được:</p><ul class="offline-saved">${items}</ul>`
    : "<p>Chưa có bài nào được lưu trên máy này. Bài bạn mở khi có mạng sẽ đọc được cả khi mất mạng.</p>";
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>Bạn đang ngoại tuyến</title>${css}</head><body><main id="noi-dung" class="wrap offline-page"><section class="status"><h1>Bạn đang ngoại tuyến</h1><p>Không có kết nối mạng, và trang này chưa được lưu để đọc ngoại tuyến.</p>${list}<p><a href="${escapeHtml(BASE)}">Về trang chủ</a> khi có mạng trở lại.</p></section></main></body></html>`;
  return new Response(html, { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
