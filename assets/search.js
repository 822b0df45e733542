// trangtin search: queries the static index the bundler writes under content/search/.
// Loaded by the app only when a reader first searches. No dependencies, no wasm.
//
// Text rules mirror crates/bundler/src/search/text.rs: NFC, lower case, tokens of
// letters and digits (a number keeps the dots and commas between its digits), each
// also folded (marks stripped, đ → d). tests/search/cases.json is checked against both.

const FORMAT = 1;
const PAGE = 10;
const MAX_TOKEN_CHARS = 40;
const PREFIX_TERMS = 8;
const TYPO_TERMS = 6;
// Match kinds, best first.
const EXACT = 0, FOLDED = 1, PREFIX = 2, TYPO = 3;
const WEIGHT = [3, 2, 1.2, 1];

const WORD = /[\p{Alphabetic}\p{N}]/u;
const MARK = /\p{M}/u;
const DIGIT = /[0-9]/;

/** Tokens of `text` with their offsets in the NFC text: [{t, start, end}]. */
export function tokenize(text) {
  const s = String(text).normalize("NFC");
  const out = [];
  let tok = "", start = 0, chars = 0;
  const emit = (end) => {
    if (tok && chars <= MAX_TOKEN_CHARS) out.push({ t: tok, start, end });
    tok = "";
    chars = 0;
  };
  let i = 0;
  for (const c of s) {
    const at = i;
    i += c.length;
    if (WORD.test(c) || (tok && MARK.test(c))) {
      if (!tok) start = at;
      tok += c.toLowerCase();
      chars++;
    } else if ((c === "." || c === ",") && DIGIT.test(tok.slice(-1)) && DIGIT.test(s[i] || "")) {
      tok += c;
      chars++;
    } else {
      emit(at);
    }
  }
  emit(i);
  return { text: s, tokens: out };
}

export function tokens(text) {
  return tokenize(text).tokens.map((x) => x.t);
}

/** Marks stripped, đ as d. */
export function fold(token) {
  return token.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d");
}

/** The query as terms and phrases; the last term is a prefix while the reader types. */
export function parseQuery(query) {
  const q = String(query || "");
  const groups = [];
  const re = /"([^"]*)"?|[^"]+/g;
  let m;
  while ((m = re.exec(q))) {
    if (m[0].startsWith('"')) {
      const ts = tokens(m[1] || "");
      if (ts.length > 1) groups.push({ phrase: ts });
      else if (ts.length === 1) groups.push({ term: ts[0] });
    } else {
      for (const t of tokens(m[0])) groups.push({ term: t });
    }
  }
  const last = groups[groups.length - 1];
  const typing = !!last && last.term !== undefined && !/[\s"]$/.test(q) && !q.trimEnd().endsWith('"');
  if (typing) last.prefix = true;
  return groups;
}

// --- loading ---------------------------------------------------------------------------

class SearchError extends Error {}

const state = { base: null, index: null, vocab: null, shards: new Map(), frags: new Map(), cats: null };

async function get(url, kind) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new SearchError(`Không kết nối được để tải ${kind} (${e && e.message ? e.message : e}).`);
  }
  if (!res.ok) throw new SearchError(`Không tải được ${kind}: máy chủ trả lời ${res.status}.`);
  return res;
}

async function getJson(url, kind) {
  const res = await get(url, kind);
  const text = await res.text();
  if (/^\s*</.test(text)) throw new SearchError(`Không tải được ${kind}: máy chủ trả về một trang HTML thay vì dữ liệu.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new SearchError(`${kind} bị hỏng (không phải JSON hợp lệ).`);
  }
}

/** Forgets everything loaded (the next search loads the index again). */
export function forget() {
  reset(null);
}

function reset(base) {
  state.base = base;
  state.index = null;
  state.vocab = null;
  state.shards = new Map();
  state.frags = new Map();
  state.cats = null;
}

function loadIndex(base) {
  if (state.base !== base) reset(base);
  if (!state.index) {
    state.index = getJson(base + "index.json", "chỉ mục tìm kiếm").then((ix) => {
      if (!ix || ix.format !== FORMAT || !Array.isArray(ix.shards) || typeof ix.vocab !== "string") {
        throw new SearchError(`Chỉ mục tìm kiếm không đúng định dạng (cần phiên bản ${FORMAT}): hãy tải lại trang.`);
      }
      return ix;
    });
    state.index.catch(() => { state.index = null; });
  }
  return state.index;
}

function loadVocab(ix) {
  if (!state.vocab) {
    state.vocab = get(state.base + ix.vocab, "từ điển tìm kiếm").then(async (res) => {
      const text = await res.text();
      if (/^\s*</.test(text)) throw new SearchError("Không tải được từ điển tìm kiếm: máy chủ trả về một trang HTML.");
      const terms = [], dfs = [];
      for (const line of text.split("\n")) {
        if (!line) continue;
        const tab = line.indexOf("\t");
        if (tab < 1) throw new SearchError("Từ điển tìm kiếm bị hỏng.");
        terms.push(line.slice(0, tab));
        dfs.push(+line.slice(tab + 1) || 0);
      }
      return { terms, dfs };
    });
    state.vocab.catch(() => { state.vocab = null; });
  }
  return state.vocab;
}

function shardFor(ix, folded) {
  // The last shard whose first term is not after `folded`.
  let lo = 0, hi = ix.shards.length - 1, found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ix.shards[mid][0] <= folded) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ix.shards[found] && ix.shards[found][1];
}

function loadShard(name) {
  if (!state.shards.has(name)) {
    const p = get(state.base + name, "phân mảnh chỉ mục").then(async (res) => parseShard(new Uint8Array(await res.arrayBuffer())));
    p.catch(() => state.shards.delete(name));
    state.shards.set(name, p);
  }
  return state.shards.get(name);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

class Reader {
  constructor(bytes, at = 0) { this.b = bytes; this.at = at; }
  varint() {
    let v = 0, shift = 0, byte;
    do {
      if (this.at >= this.b.length || shift > 28) throw new SearchError("Phân mảnh chỉ mục bị hỏng.");
      byte = this.b[this.at++];
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return v;
  }
  string() {
    const len = this.varint();
    if (this.at + len > this.b.length) throw new SearchError("Phân mảnh chỉ mục bị hỏng.");
    let s;
    try { s = utf8.decode(this.b.subarray(this.at, this.at + len)); } catch { throw new SearchError("Phân mảnh chỉ mục bị hỏng."); }
    this.at += len;
    return s;
  }
}

/** A shard: Map folded → [{exact, df, from, to}] (byte ranges of postings). */
function parseShard(bytes) {
  if (bytes.length && bytes[0] === 0x3c) throw new SearchError("Không tải được phân mảnh chỉ mục: máy chủ trả về một trang HTML.");
  const r = new Reader(bytes);
  const n = r.varint();
  const entries = [];
  for (let i = 0; i < n; i++) {
    const folded = r.string();
    const nv = r.varint();
    const variants = [];
    for (let j = 0; j < nv; j++) variants.push({ exact: r.string(), df: r.varint(), len: r.varint() });
    entries.push([folded, variants]);
  }
  let at = r.at;
  const map = new Map();
  for (const [folded, variants] of entries) {
    for (const v of variants) { v.from = at; at += v.len; }
    map.set(folded, variants);
  }
  if (at !== bytes.length) throw new SearchError("Phân mảnh chỉ mục bị hỏng.");
  return { bytes, map };
}

/** Postings of one variant: Map id → {title, pos: number[]} */
function postings(shard, v) {
  if (v.decoded) return v.decoded;
  const r = new Reader(shard.bytes, v.from);
  const out = new Map();
  let id = 0;
  while (r.at < v.from + v.len) {
    id += r.varint();
    const head = r.varint();
    const n = Math.floor(head / 2);
    const pos = new Array(n);
    let p = 0;
    for (let k = 0; k < n; k++) { p += r.varint(); pos[k] = p; }
    out.set(id, { title: (head & 1) === 1, pos });
  }
  v.decoded = out;
  return out;
}

function loadCats(ix) {
  if (!state.cats) {
    state.cats = getJson(state.base + ix.categories, "danh sách chuyên mục").then((cats) => {
      const out = new Map();
      for (const [slug, gaps] of Object.entries(cats || {})) {
        const ids = new Set();
        let id = 0;
        gaps.forEach((g, k) => { id = k === 0 ? g : id + g; ids.add(id); });
        out.set(slug, ids);
      }
      return out;
    });
    state.cats.catch(() => { state.cats = null; });
  }
  return state.cats;
}

function loadFragment(id) {
  if (!state.frags.has(id)) {
    const p = getJson(`${state.base}doc/${id}.json`, "đoạn trích bài viết").then((f) => {
      if (!f || !f.article || typeof f.article.slug !== "string") throw new SearchError("Đoạn trích bài viết bị hỏng.");
      return f;
    });
    p.catch(() => state.frags.delete(id));
    state.frags.set(id, p);
  }
  return state.frags.get(id);
}

// --- matching --------------------------------------------------------------------------

/** Whether a and b (arrays of code points) are one edit apart (incl. a swap of neighbours). */
export function oneEdit(a, b) {
  if (a === b) return false;
  const x = Array.from(a), y = Array.from(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (x.length === y.length) {
    if (x.slice(i + 1).join("") === y.slice(i + 1).join("")) return true;
    return x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2).join("") === y.slice(i + 2).join("");
  }
  const [s, l] = x.length < y.length ? [x, y] : [y, x];
  return s.slice(i).join("") === l.slice(i + 1).join("");
}

function lowerBound(arr, key) {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (arr[m] < key) lo = m + 1; else hi = m; }
  return lo;
}

/** Folded vocabulary terms a query term may match, with their kind. */
function candidates(vocab, term, prefix) {
  const folded = fold(term);
  const out = [];
  const at = lowerBound(vocab.terms, folded);
  if (vocab.terms[at] === folded) out.push({ folded, kind: FOLDED });
  if (prefix) {
    const more = [];
    for (let k = at; k < vocab.terms.length && vocab.terms[k].startsWith(folded); k++) {
      if (vocab.terms[k] !== folded) more.push(k);
    }
    more.sort((a, b) => vocab.dfs[b] - vocab.dfs[a]);
    for (const k of more.slice(0, PREFIX_TERMS)) out.push({ folded: vocab.terms[k], kind: PREFIX });
  }
  // A word no article holds, of five letters or more, may be a typo of one that is.
  if (vocab.terms[at] !== folded && Array.from(folded).length >= 5) {
    const near = [];
    for (let k = 0; k < vocab.terms.length; k++) {
      const t = vocab.terms[k];
      if (Math.abs(t.length - folded.length) <= 1 && t !== folded && oneEdit(t, folded)) near.push(k);
    }
    near.sort((a, b) => vocab.dfs[b] - vocab.dfs[a]);
    for (const k of near.slice(0, TYPO_TERMS)) {
      if (!out.some((c) => c.folded === vocab.terms[k])) out.push({ folded: vocab.terms[k], kind: TYPO });
    }
  }
  return out;
}

/** Per article: the best match of one query term. Map id → {kind, exact, tf, title, pos} */
function termHits(ix, shards, term, cands) {
  const accented = fold(term) !== term;
  const hits = new Map();
  for (const c of cands) {
    const shard = shards.get(shardFor(ix, c.folded));
    const variants = shard && shard.map.get(c.folded);
    if (!variants) continue;
    for (const v of variants) {
      let kind = c.kind;
      // An accented query word matched as typed ranks above its other spellings.
      if (kind === FOLDED && (v.exact === term || !accented)) kind = EXACT;
      for (const [id, p] of postings(shard, v)) {
        const h = hits.get(id);
        if (!h) {
          hits.set(id, { kind, tf: p.pos.length, title: p.title, pos: p.pos.slice(), words: new Set([v.exact]) });
        } else {
          // Snippets mark the article's best matches only (not every typo or completion).
          if (kind < h.kind) { h.kind = kind; h.words = new Set([v.exact]); } else if (kind === h.kind) h.words.add(v.exact);
          h.tf += p.pos.length;
          h.title = h.title || p.title;
          for (const x of p.pos) h.pos.push(x);
        }
      }
    }
  }
  for (const h of hits.values()) h.pos.sort((a, b) => a - b);
  return hits;
}

/** Smallest span of positions holding one position of each list. */
function minSpan(lists) {
  const idx = lists.map(() => 0);
  let best = Infinity;
  for (;;) {
    let lo = Infinity, hi = -Infinity, loList = -1;
    for (let k = 0; k < lists.length; k++) {
      const v = lists[k][idx[k]];
      if (v < lo) { lo = v; loList = k; }
      if (v > hi) hi = v;
    }
    best = Math.min(best, hi - lo);
    if (++idx[loList] >= lists[loList].length) return best;
  }
}

function hasPhrase(lists) {
  const rest = lists.slice(1).map((l) => new Set(l));
  return lists[0].some((p) => rest.every((s, k) => s.has(p + k + 1)));
}

function score(parts, phrases) {
  let s = 0, exact = 0;
  for (const h of parts) {
    s += WEIGHT[h.kind] * (1 + Math.log(h.tf)) + (h.title ? 4 * WEIGHT[h.kind] : 0);
    if (h.kind === EXACT) exact++;
  }
  if (parts.length > 1) {
    const span = minSpan(parts.map((h) => h.pos));
    s += (3 * (parts.length - 1)) / Math.max(1, span - parts.length + 2);
  }
  return { s: s + phrases * 2, exact };
}

// --- snippets --------------------------------------------------------------------------

function marks(text, words) {
  const { text: s, tokens: ts } = tokenize(text);
  return { s, ts, hit: ts.map((x) => words.has(x.t)) };
}

function segments(s, ranges) {
  const out = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) out.push([s.slice(at, a), false]);
    out.push([s.slice(a, b), true]);
    at = b;
  }
  if (at < s.length) out.push([s.slice(at), false]);
  return out;
}

/** `text` as segments [text, matched], the words of set `words` matched. */
export function highlight(text, words) {
  const { s, ts, hit } = marks(text, words);
  return segments(s, ts.filter((_, k) => hit[k]).map((x) => [x.start, x.end]));
}

/** About `size` words of `text` around its best run of hits, hits marked. */
export function snippet(text, words, size = 28) {
  const { s, ts, hit } = marks(text, words);
  if (!ts.length) return [];
  // The window (starting a little before a hit) with the most distinct matched words,
  // then the most matches.
  let from = 0, bestScore = -1;
  for (let k = 0; k < ts.length; k++) {
    if (!hit[k] && k !== 0) continue;
    const start = Math.max(0, k - 4);
    const seen = new Set();
    let n = 0;
    for (let j = start; j < Math.min(ts.length, start + size); j++) if (hit[j]) { seen.add(ts[j].t); n++; }
    const sc = seen.size * 100 + n;
    if (sc > bestScore) { bestScore = sc; from = start; }
  }
  const to = Math.min(ts.length, from + size);
  const a = from === 0 ? 0 : ts[from].start;
  const b = to === ts.length ? s.length : ts[to - 1].end;
  const part = s.slice(a, b).replace(/\s+/g, " ");
  const out = highlight(part, words);
  if (a > 0) out.unshift(["… ", false]);
  if (b < s.length) out.push([" …", false]);
  return out;
}

// --- search ----------------------------------------------------------------------------

/** Edits between a and b, a swap of neighbours counting as one. */
function distance(a, b) {
  const x = Array.from(a), y = Array.from(b);
  const d = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array(y.length).fill(0)]);
  for (let j = 0; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/**
 * Searches the index under `base` (the URL of content/search/, ending in "/").
 * options: {page: 1-based, category: slug, year: number, snippets: bool}.
 * Resolves to {query, total, page, pages, results: [{id, article, title, snippet}],
 * suggestions, years}; rejects with a message a reader can act on.
 */
export async function search(base, query, options = {}) {
  const groups = parseQuery(query);
  const ix = await loadIndex(base);
  const years = (ix.years || []).map((y) => y[0]).sort((a, b) => b - a);
  const empty = { query: String(query || ""), total: 0, page: 1, pages: 0, results: [], suggestions: [], years };
  if (!groups.length) return empty;
  const vocab = await loadVocab(ix);
  const { ranked, hits } = await match(ix, vocab, groups, options);

  const total = ranked.length;
  const pages = Math.ceil(total / PAGE);
  const page = Math.min(Math.max(1, Math.floor(+options.page) || 1), Math.max(1, pages));
  const shown = ranked.slice((page - 1) * PAGE, page * PAGE);
  const frags = await Promise.all(shown.map((r) => loadFragment(r.id)));
  const results = shown.map((r, k) => {
    // The words this article matched, as written in it.
    const matched = new Set();
    for (const h of hits) for (const w of h.get(r.id).words) matched.add(w);
    return {
      id: r.id,
      article: frags[k].article,
      title: highlight(frags[k].article.title, matched),
      snippet: options.snippets === false ? [] : snippet(frags[k].text || "", matched),
    };
  });
  const suggestions = total ? [] : await suggest(ix, vocab, groups, options);
  return { ...empty, total, page, pages, results, suggestions };
}

/** The articles matching `groups`, best first, and each query word's hits. */
async function match(ix, vocab, groups, options) {
  // Every query word (the words of phrases too) and what it may match.
  const words = [];
  for (const g of groups) {
    if (g.term !== undefined) words.push({ term: g.term, cands: candidates(vocab, g.term, !!g.prefix) });
    else {
      g.at = words.length;
      for (const t of g.phrase) words.push({ term: t, cands: candidates(vocab, t, false).filter((c) => c.kind === FOLDED) });
    }
  }
  const names = new Set();
  for (const w of words) for (const c of w.cands) { const n = shardFor(ix, c.folded); if (n) names.add(n); }
  const shards = new Map();
  await Promise.all([...names].map(async (n) => shards.set(n, await loadShard(n))));
  const hits = words.map((w) => termHits(ix, shards, w.term, w.cands));

  // Articles holding every word, smallest list first.
  const order = hits.map((h, k) => k).sort((a, b) => hits[a].size - hits[b].size);
  let ids = [...hits[order[0]].keys()];
  for (const k of order.slice(1)) ids = ids.filter((id) => hits[k].has(id));
  if (options.category) {
    const cats = await loadCats(ix);
    const set = cats.get(options.category) || new Set();
    ids = ids.filter((id) => set.has(id));
  }
  if (options.year) {
    let from = 0;
    let range = null;
    for (const [y, n] of ix.years || []) { if (y === +options.year) range = [from, from + n]; from += n; }
    ids = range ? ids.filter((id) => id >= range[0] && id < range[1]) : [];
  }
  const ranked = [];
  for (const id of ids) {
    let phrases = 0, ok = true;
    for (const g of groups) {
      if (!g.phrase) continue;
      if (hasPhrase(g.phrase.map((_, j) => hits[g.at + j].get(id).pos))) phrases++;
      else { ok = false; break; }
    }
    if (!ok) continue;
    const { s, exact } = score(hits.map((h) => h.get(id)), phrases);
    ranked.push({ id, s, exact });
  }
  ranked.sort((a, b) => b.exact - a.exact || b.s - a.s || b.id - a.id);
  return { ranked, hits };
}

/** Queries like `groups` with one word spelled differently that do find articles. */
async function suggest(ix, vocab, groups, options) {
  const tried = [];
  groups.forEach((g, k) => {
    if (g.term === undefined) return;
    const f = fold(g.term);
    const near = [];
    for (let i = 0; i < vocab.terms.length; i++) {
      const t = vocab.terms[i];
      if (t !== f && Math.abs(t.length - f.length) <= 2) {
        const d = distance(t, f);
        if (d <= 2) near.push([d, -vocab.dfs[i], t]);
      }
    }
    near.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [d, , t] of near.slice(0, 4)) tried.push([d, k, t]);
  });
  tried.sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [, k, t] of tried.slice(0, 16)) {
    const alt = groups.map((g, j) => (j === k ? { term: t } : { ...g, prefix: false }));
    if ((await match(ix, vocab, alt, options)).ranked.length) {
      out.push(alt.map((g) => (g.term !== undefined ? g.term : `"${g.phrase.join(" ")}"`)).join(" "));
      if (out.length === 3) break;
    }
  }
  return out;
}

// --- the results view --------------------------------------------------------------------
// The app renders the search page's form; this fills its results area, so that the
// app's own code stays small. Only text nodes carry indexed content (no innerHTML).

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

function marked(parts) {
  return parts.map(([text, hit]) => (hit ? el("mark", null, text) : document.createTextNode(text)));
}

function number(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** `dd/mm/yyyy` of an RFC 3339 time, in its own offset. */
function shortDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

/** The URL of a search page. */
export function searchHref(site, r, page) {
  const p = new URLSearchParams();
  p.set("q", r.q);
  if (r.category) p.set("chuyen-muc", r.category);
  if (+r.year > 0) p.set("nam", String(r.year));
  if (page > 1) p.set("trang", String(page));
  return `${site}tim-kiem?${p}`;
}

function pager(site, r, page, pages) {
  if (pages <= 1) return null;
  const items = [];
  const link = (n, text, attrs) => el("li", null, el("a", { href: searchHref(site, r, n), ...attrs }, text));
  if (page > 1) items.push(link(page - 1, "‹ Trang trước", { rel: "prev" }));
  let gap = false;
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) {
      gap = false;
      items.push(n === page ? el("li", null, el("span", { class: "current", "aria-current": "page" }, String(n))) : link(n, String(n), { "aria-label": `Trang ${n}` }));
    } else if (!gap) {
      gap = true;
      items.push(el("li", { class: "gap", "aria-hidden": "true" }, "…"));
    }
  }
  if (page < pages) items.push(link(page + 1, "Trang sau ›", { rel: "next" }));
  return el("nav", { class: "pagination", "aria-label": "Phân trang" }, el("ul", null, items));
}

function noResults(site, r, a, names) {
  const box = el("div", { class: "search-empty" });
  if (a.suggestions.length) {
    box.append(el("p", null, "Có phải bạn muốn tìm: ", a.suggestions.map((s, k) => [k ? ", " : "", el("a", { href: searchHref(site, { q: s }, 1), class: "suggestion" }, s)])));
  }
  const tips = el("ul", { class: "search-tips" });
  if (r.category || +r.year > 0) tips.append(el("li", null, el("a", { href: searchHref(site, { q: r.q }, 1) }, "Tìm trong mọi chuyên mục và mọi năm")));
  tips.append(el("li", null, "Kiểm tra chính tả, hoặc dùng ít từ hơn."));
  tips.append(el("li", null, "Gõ có dấu hay không dấu đều được: “dao tao” tìm cả “đào tạo”."));
  tips.append(el("li", null, "Đặt cụm từ trong dấu ngoặc kép để tìm đúng cụm, ví dụ \"thi đua\"."));
  box.append(tips);
  const cats = Object.entries(names);
  if (cats.length) box.append(el("p", { class: "search-browse" }, "Hoặc xem theo chuyên mục: ", cats.map(([slug, name], k) => [k ? " · " : "", el("a", { href: `${site}chuyen-muc/${encodeURIComponent(slug)}` }, name)])));
  return box;
}

function hitView(site, hit, names) {
  const a = hit.article;
  return el("li", { class: "search-hit" },
    el("h2", { class: "search-hit-title" }, el("a", { href: `${site}bai-viet/${encodeURIComponent(a.slug)}` }, marked(hit.title))),
    el("p", { class: "post-meta" },
      el("a", { href: `${site}chuyen-muc/${encodeURIComponent(a.category)}` }, names[a.category] || a.category),
      " · ",
      el("time", { datetime: a.published }, shortDate(a.published))),
    hit.snippet.length ? el("p", { class: "search-snippet" }, marked(hit.snippet)) : null);
}

/** Arrow keys move between the search box and the result links. */
function arrowKeys(scope, input) {
  if (scope.dataset.searchKeys) return;
  scope.dataset.searchKeys = "1";
  scope.addEventListener("keydown", (ev) => {
    const step = ev.key === "ArrowDown" ? 1 : ev.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    const items = [input, ...scope.querySelectorAll(".search-hit-title a")].filter(Boolean);
    const at = items.indexOf(document.activeElement);
    const next = items[at + step];
    if (at >= 0 && next) { ev.preventDefault(); next.focus(); }
  });
}

const renders = new WeakMap();

/**
 * Shows the results of request `r` ({q, page, category, year}) in `root`.
 * view: {site: the site's base path, base: the index URL, names: {slug: name},
 * years: a <select> to fill with the years, input: the search box}.
 */
export async function render(root, r, view) {
  const token = (renders.get(root) || 0) + 1;
  renders.set(root, token);
  const current = () => renders.get(root) === token;
  const q = String(r.q || "").trim();
  const status = el("p", { class: "search-status", role: "status" });
  root.replaceChildren(status);
  arrowKeys(root.parentElement || root, view.input);
  if (!q) {
    status.textContent = "Nhập từ khóa để tìm trong mọi bài viết.";
    return;
  }
  status.textContent = `Đang tìm “${q}”…`;
  root.setAttribute("aria-busy", "true");
  let a;
  try {
    a = await search(view.base, r.q, { page: r.page, category: r.category, year: r.year });
  } catch (e) {
    if (!current()) return;
    root.removeAttribute("aria-busy");
    const message = e instanceof SearchError ? e.message : `Tìm kiếm gặp lỗi: ${e && e.message ? e.message : e}`;
    const retry = el("button", { type: "button", class: "button" }, "Thử lại");
    retry.addEventListener("click", () => render(root, r, view));
    status.textContent = "";
    root.append(el("div", { class: "search-error", role: "alert" }, el("p", null, message), retry));
    return;
  }
  if (!current()) return;
  root.removeAttribute("aria-busy");
  if (view.years && view.years.options.length !== a.years.length + 1) {
    view.years.replaceChildren(el("option", { value: "" }, "Mọi năm"), ...a.years.map((y) => el("option", { value: String(y) }, String(y))));
  }
  if (view.years) view.years.value = +r.year > 0 ? String(r.year) : "";
  if (!a.total) {
    status.textContent = `Không tìm thấy bài viết nào cho “${q}”.`;
    root.append(noResults(view.site, r, a, view.names || {}));
    return;
  }
  status.textContent = `Tìm thấy ${number(a.total)} bài viết cho “${q}”${a.pages > 1 ? `, trang ${a.page}/${a.pages}` : ""}.`;
  root.append(el("ol", { id: "search-results", class: "search-results", start: String((a.page - 1) * PAGE + 1) }, a.results.map((h) => hitView(view.site, h, view.names || {}))));
  const pages = pager(view.site, r, a.page, a.pages);
  if (pages) root.append(pages);
}
