// trangtin search: queries the static index the bundler writes under content/search/.
// Loaded by the app only when a reader first searches. No dependencies, no wasm.
//
// Text rules mirror crates/search/src/text.rs: NFC, lower case, tokens of
// letters and digits (a number keeps the dots and commas between its digits), each
// also folded (marks stripped, đ → d). tests/search/cases.json is checked against both.

const FORMAT = 3;
const PAGE = 10;
const MAX_TOKEN_CHARS = 40;
const PREFIX_TERMS = 8;
const TYPO_TERMS = 6;
// Match kinds, best first.
const EXACT = 0, FOLDED = 1, PREFIX = 2, TYPO = 3;
const WEIGHT = [3, 2, 1.2, 1];
// BM25: how fast a word's count saturates, and how much an article's length counts.
const K1 = 1.2, B = 0.75;
// A word in the title counts as much as this many saturated body matches.
const TITLE = 1.5;
// Words within this many positions of each other (beyond side by side) are "near".
const NEAR = 4;
// Each article's length in words, decoded from its byte (see index.rs, length_code).
const LENGTH = Float64Array.from({ length: 256 }, (_, c) => 2 ** (c / 12) - 1);

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

const state = { base: null, index: null, vocab: null, lengths: null, shards: new Map(), frags: new Map(), cats: null };

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
  state.lengths = null;
  state.shards = new Map();
  state.frags = new Map();
  state.cats = null;
}

function loadIndex(base) {
  if (state.base !== base) reset(base);
  if (!state.index) {
    state.index = getJson(base + "index.json", "chỉ mục tìm kiếm").then((ix) => {
      if (!ix || ix.format !== FORMAT || !Array.isArray(ix.shards) || typeof ix.vocab !== "string" || typeof ix.lengths !== "string") {
        throw new SearchError(`Chỉ mục tìm kiếm không đúng định dạng (cần phiên bản ${FORMAT}): hãy tải lại trang.`);
      }
      // The delta: articles changed since some base shard was written, with the build
      // that changed them; a base shard written before that build lacks them, or holds
      // them as they were, and the delta shard of its range answers for them.
      const delta = ix.delta;
      if (delta && (!Array.isArray(delta.stamps) || !Array.isArray(delta.shards) || !delta.shards.length)) {
        throw new SearchError("Chỉ mục tìm kiếm bị hỏng: hãy tải lại trang.");
      }
      ix.stamps = new Map(delta ? delta.stamps : []);
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

/** Each article's length in words, by id, and their mean. */
function loadLengths(ix) {
  if (!state.lengths) {
    state.lengths = get(state.base + ix.lengths, "độ dài bài viết").then(async (res) => {
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length !== ix.docs) {
        if (/^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)))) {
          throw new SearchError("Không tải được độ dài bài viết: máy chủ trả về một trang HTML.");
        }
        throw new SearchError("Bảng độ dài bài viết bị hỏng: hãy tải lại trang.");
      }
      const words = new Float64Array(bytes.length);
      let sum = 0;
      bytes.forEach((c, id) => { words[id] = LENGTH[c]; sum += words[id]; });
      return { words, mean: Math.max(1, sum / Math.max(1, bytes.length)) };
    });
    state.lengths.catch(() => { state.lengths = null; });
  }
  return state.lengths;
}

/** The index in `list` ([first term, file, …], sorted) of the range holding `folded`. */
function rangeOf(list, folded) {
  // The last range whose first term is not after `folded`.
  let lo = 0, hi = list.length - 1, found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid][0] <= folded) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

function shardFor(ix, folded) {
  const s = ix.shards[rangeOf(ix.shards, folded)];
  return s && s[1];
}

/** The delta shard for `folded`'s range, when the index has a delta. */
function deltaFor(ix, folded) {
  if (!ix.delta) return null;
  const s = ix.delta.shards[rangeOf(ix.delta.shards, folded)];
  return s && s[1];
}

/** Postings `d` without the articles `keep` refuses. */
function filterPostings(d, keep) {
  let n = 0, total = 0;
  for (let k = 0; k < d.ids.length; k++) if (keep(d.ids[k])) { n++; total += d.start[k + 1] - d.start[k]; }
  if (n === d.ids.length) return d;
  const ids = new Uint32Array(n), heads = new Uint32Array(n), start = new Uint32Array(n + 1), pos = new Uint32Array(total);
  let m = 0, t = 0;
  for (let k = 0; k < d.ids.length; k++) {
    if (!keep(d.ids[k])) continue;
    ids[m] = d.ids[k]; heads[m] = d.heads[k]; start[m] = t;
    for (let j = d.start[k]; j < d.start[k + 1]; j++) pos[t++] = d.pos[j];
    m++;
  }
  start[n] = t;
  return { ids, heads, start, pos };
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
  // A shard of 60 terms starts with "<" too: only one that does not read is a page.
  try {
    return readShard(bytes);
  } catch (e) {
    if (bytes.length && bytes[0] === 0x3c) throw new SearchError("Không tải được phân mảnh chỉ mục: máy chủ trả về một trang HTML.");
    throw e;
  }
}

function readShard(bytes) {
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

/**
 * The postings of one variant, decoded once: article ids (ascending), heads (count of
 * positions << 1 | in the title), and positions, those of article k at
 * pos[start[k]] .. pos[start[k + 1]].
 */
function postings(shard, v) {
  if (v.d) return v.d;
  const r = new Reader(shard.bytes, v.from);
  const n = r.varint();
  const ids = new Uint32Array(n), heads = new Uint32Array(n), start = new Uint32Array(n + 1);
  let id = 0;
  for (let k = 0; k < n; k++) { id += r.varint(); ids[k] = id; }
  let total = 0;
  for (let k = 0; k < n; k++) { heads[k] = r.varint(); start[k] = total; total += heads[k] >>> 1; }
  start[n] = total;
  const pos = new Uint32Array(total);
  for (let k = 0; k < n; k++) {
    let p = 0;
    for (let j = start[k]; j < start[k + 1]; j++) { p += r.varint(); pos[j] = p; }
  }
  if (r.at !== v.from + v.len) throw new SearchError("Phân mảnh chỉ mục bị hỏng.");
  v.d = { ids, heads, start, pos };
  return v.d;
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

function lowerBound(arr, key) {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (arr[m] < key) lo = m + 1; else hi = m; }
  return lo;
}

/** Folded vocabulary terms a query term may match, with their kind. */
function candidates(ix, vocab, term, prefix) {
  const folded = fold(term);
  const out = [];
  const at = lowerBound(vocab.terms, folded);
  const known = vocab.terms[at] === folded;
  // Numbers are left out of the vocabulary: their shard says whether they exist.
  if (known || /[0-9]/.test(folded)) out.push({ folded, kind: FOLDED });
  if (prefix) {
    // Completions as the reader types, from the shard the word itself is in (no
    // extra download), or the next one when what was typed is not a word yet.
    const home = shardFor(ix, folded);
    const more = [];
    for (let k = known ? at + 1 : at; k < vocab.terms.length && vocab.terms[k].startsWith(folded); k++) more.push(k);
    const first = more.length ? shardFor(ix, vocab.terms[more[0]]) : home;
    const cheap = more.filter((k) => { const s = shardFor(ix, vocab.terms[k]); return s === home || (!known && s === first); });
    cheap.sort((a, b) => vocab.dfs[b] - vocab.dfs[a]);
    for (const k of cheap.slice(0, PREFIX_TERMS)) out.push({ folded: vocab.terms[k], kind: PREFIX });
  }
  // A word no article holds, of five letters or more, may be a typo of one that is.
  if (!out.length && Array.from(folded).length >= 5) {
    const near = [];
    for (let k = 0; k < vocab.terms.length; k++) {
      const t = vocab.terms[k];
      if (Math.abs(t.length - folded.length) <= 1 && distance(t, folded) === 1) near.push(k);
    }
    near.sort((a, b) => vocab.dfs[b] - vocab.dfs[a]);
    for (const k of near.slice(0, TYPO_TERMS)) out.push({ folded: vocab.terms[k], kind: TYPO });
  }
  return out;
}

/**
 * One query word's matches: the variants it matched (decoded postings with their kind
 * and spelling) and, per matching article (ids ascending), its best kind, count of
 * occurrences, whether in the title, and its index in each variant (-1 if absent).
 */
function termHits(ix, shards, term, cands) {
  const accented = fold(term) !== term;
  const lists = [];
  for (const c of cands) {
    const base = ix.shards[rangeOf(ix.shards, c.folded)];
    // Articles changed after this shard was written are the delta's to answer for.
    const built = base ? base[2] || 0 : 0;
    const newer = (id) => (ix.stamps.get(id) || 0) > built;
    for (const [name, fromDelta] of [[base && base[1], false], [deltaFor(ix, c.folded), true]]) {
      const shard = name && shards.get(name);
      const variants = shard && shard.map.get(c.folded);
      if (!variants) continue;
      for (const v of variants) {
        // An accented query word matched as typed ranks above its other spellings.
        const kind = c.kind === FOLDED && (v.exact === term || !accented) ? EXACT : c.kind;
        // Each variant belongs to one base range, so its filtered postings are kept.
        if (!v.f) v.f = ix.stamps.size ? filterPostings(postings(shard, v), fromDelta ? newer : (id) => !newer(id)) : postings(shard, v);
        if (v.f.ids.length) lists.push({ d: v.f, kind, exact: v.exact });
      }
    }
  }
  // The union of the lists' ids, merged in order.
  let cap = 0;
  for (const l of lists) cap += l.d.ids.length;
  const ids = new Uint32Array(cap), kind = new Uint8Array(cap), tf = new Uint32Array(cap), title = new Uint8Array(cap);
  const where = lists.map(() => new Int32Array(cap));
  const at = new Int32Array(lists.length);
  let n = 0;
  for (;;) {
    let id = 0xffffffff;
    for (let k = 0; k < lists.length; k++) {
      const x = lists[k].d.ids;
      if (at[k] < x.length && x[at[k]] < id) id = x[at[k]];
    }
    if (id === 0xffffffff) break;
    let best = 9, count = 0, inTitle = 0;
    for (let k = 0; k < lists.length; k++) {
      const l = lists[k], x = l.d.ids;
      if (at[k] < x.length && x[at[k]] === id) {
        const h = l.d.heads[at[k]];
        if (l.kind < best) best = l.kind;
        count += h >>> 1;
        inTitle |= h & 1;
        where[k][n] = at[k]++;
      } else where[k][n] = -1;
    }
    ids[n] = id; kind[n] = best; tf[n] = count; title[n] = inTitle;
    n++;
  }
  return { ids: ids.subarray(0, n), kind, tf, title, lists, where };
}

/** The index of article `id` in a word's hits (-1 if absent). */
function indexOf(h, id) {
  let lo = 0, hi = h.ids.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (h.ids[m] === id) return m;
    if (h.ids[m] < id) lo = m + 1; else hi = m - 1;
  }
  return -1;
}

/** The spellings article match i of a word's hits matched with its best kind. */
function wordsOf(h, i) {
  const out = [];
  for (let k = 0; k < h.lists.length; k++) if (h.where[k][i] >= 0 && h.lists[k].kind === h.kind[i]) out.push(h.lists[k].exact);
  return out;
}

// Scratch space for the position walks, reused across articles.
let walkAt = new Int32Array(64), walkEnd = new Int32Array(64), walkWord = new Int32Array(64), walkLast = new Float64Array(16);

/**
 * For one article: the smallest span of positions holding every word, and whether each
 * phrase (a run of consecutive word indexes) appears, all in one walk through the
 * positions of every spelling of every word.
 */
function proximity(hits, found, phrases) {
  let m = 0;
  for (let k = 0; k < hits.length; k++) m += hits[k].lists.length;
  if (walkAt.length < m) { walkAt = new Int32Array(m); walkEnd = new Int32Array(m); walkWord = new Int32Array(m); }
  if (walkLast.length < hits.length) walkLast = new Float64Array(hits.length);
  const pos = [];
  let j = 0;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k], i = found[k];
    walkLast[k] = -Infinity;
    for (let v = 0; v < h.lists.length; v++) {
      const w = h.where[v][i];
      if (w < 0) continue;
      const d = h.lists[v].d;
      pos[j] = d.pos;
      walkAt[j] = d.start[w];
      walkEnd[j] = d.start[w + 1];
      walkWord[j] = k;
      j++;
    }
  }
  const seenPhrase = phrases.map(() => false);
  let pending = phrases.length;
  let best = Infinity;
  // Words side by side are as close as it gets: stop there once every phrase is found.
  while (best > hits.length - 1 || pending > 0) {
    // The next position of any list.
    let min = Infinity, from = -1;
    for (let q = 0; q < j; q++) if (walkAt[q] < walkEnd[q] && pos[q][walkAt[q]] < min) { min = pos[q][walkAt[q]]; from = q; }
    if (from < 0) break;
    walkAt[from]++;
    const word = walkWord[from];
    walkLast[word] = min;
    let lo = Infinity;
    for (let k = 0; k < hits.length; k++) if (walkLast[k] < lo) lo = walkLast[k];
    if (lo > -Infinity && min - lo < best) best = min - lo;
    // A phrase ends here when its words were seen at the positions just before.
    for (let f = 0; f < phrases.length; f++) {
      const [a, len] = phrases[f];
      if (word !== a + len - 1 || seenPhrase[f]) continue;
      let ok = true;
      for (let k = 0; k < len && ok; k++) ok = walkLast[a + k] === min - (len - 1 - k);
      if (ok) { seenPhrase[f] = true; pending--; }
    }
  }
  return { span: best, phrases: seenPhrase };
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
 * options: {page: 1-based, category: slug, year: number, snippets: bool, ids: bool}.
 * Resolves to {query, total, page, pages, results: [{id, article, title, snippet}],
 * suggestions, years}; rejects with a message a reader can act on.
 */
export async function search(base, query, options = {}) {
  const groups = parseQuery(query);
  const ix = await loadIndex(base);
  const years = (ix.years || []).map((y) => y[0]).sort((a, b) => b - a);
  const empty = { query: String(query || ""), total: 0, page: 1, pages: 0, results: [], suggestions: [], years };
  if (!groups.length) return empty;
  const [vocab, lengths] = await Promise.all([loadVocab(ix), loadLengths(ix)]);
  const { ranked, hits } = await match(ix, vocab, lengths, groups, options);

  const total = ranked.length;
  const pages = Math.ceil(total / PAGE);
  const page = Math.min(Math.max(1, Math.floor(+options.page) || 1), Math.max(1, pages));
  const shown = ranked.slice((page - 1) * PAGE, page * PAGE);
  const frags = await Promise.all(shown.map((r) => loadFragment(r.id)));
  const results = shown.map((r, k) => {
    // The words this article matched, as written in it.
    const matched = new Set();
    for (const h of hits) for (const w of wordsOf(h, indexOf(h, r.id))) matched.add(w);
    return {
      id: r.id,
      article: frags[k].article,
      title: highlight(frags[k].article.title, matched),
      snippet: options.snippets === false ? [] : snippet(frags[k].text || "", matched),
    };
  });
  const suggestions = total ? [] : await suggest(ix, vocab, lengths, groups, options);
  const out = { ...empty, total, page, pages, results, suggestions };
  // Every matching article id, best first (for measurements).
  if (options.ids) out.ids = ranked.map((r) => r.id);
  return out;
}

/**
 * The articles matching `groups`, best first, and each query word's hits.
 *
 * Every word must be there. Ranking, in order:
 * 1. how many words match as typed (an accented word's own spelling first);
 * 2. for several words, whether they stand together in the query's order (a phrase),
 *    else whether they stand near each other, else neither;
 * 3. BM25: each word's count, saturating, against the article's length, weighed by how
 *    rare the word is, with a bonus for the title. A long text holding the words many
 *    times each does not win by its size alone.
 */
async function match(ix, vocab, lengths, groups, options) {
  // Every query word (the words of phrases too) and what it may match.
  const words = [];
  for (const g of groups) {
    if (g.term !== undefined) words.push({ term: g.term, cands: candidates(ix, vocab, g.term, !!g.prefix) });
    else {
      g.at = words.length;
      for (const t of g.phrase) words.push({ term: t, cands: candidates(ix, vocab, t, false).filter((c) => c.kind === FOLDED) });
    }
  }
  const names = new Set();
  for (const w of words) {
    for (const c of w.cands) {
      for (const n of [shardFor(ix, c.folded), deltaFor(ix, c.folded)]) if (n) names.add(n);
    }
  }
  const shards = new Map();
  await Promise.all([...names].map(async (n) => shards.set(n, await loadShard(n))));
  const hits = words.map((w) => termHits(ix, shards, w.term, w.cands));

  let allow = null;
  if (options.category) allow = (await loadCats(ix)).get(options.category) || new Set();
  let range = null;
  if (options.year) {
    let from = 0;
    range = [0, 0];
    for (const [y, n] of ix.years || []) { if (y === +options.year) range = [from, from + n]; from += n; }
  }
  const n = hits.length;
  // Phrases as (first word index, length): the quoted ones, which must be there, then
  // the whole query, which ranks first when it is.
  const phrases = groups.filter((g) => g.phrase).map((g) => [g.at, g.phrase.length]);
  const quoted = phrases.length;
  if (n > 1) phrases.push([0, n]);
  // How much each word says: rare words more than common ones.
  const docs = Math.max(ix.docs || 0, 1);
  const idf = hits.map((h) => Math.log(1 + (docs - h.ids.length + 0.5) / (h.ids.length + 0.5)));
  // Articles holding every word: walk the id lists together.
  const at = new Int32Array(n);
  const found = new Int32Array(n);
  const ranked = [];
  outer: for (;;) {
    let id = 0;
    for (let k = 0; k < n; k++) { if (at[k] >= hits[k].ids.length) break outer; if (hits[k].ids[at[k]] > id) id = hits[k].ids[at[k]]; }
    let all = true;
    for (let k = 0; k < n; k++) {
      const ids = hits[k].ids;
      while (at[k] < ids.length && ids[at[k]] < id) at[k]++;
      if (at[k] >= ids.length) break outer;
      if (ids[at[k]] !== id) all = false;
    }
    if (!all) continue;
    for (let k = 0; k < n; k++) found[k] = at[k]++;
    if (allow && !allow.has(id)) continue;
    if (range && (id < range[0] || id >= range[1])) continue;
    const norm = K1 * (1 - B + (B * (lengths.words[id] ?? lengths.mean)) / lengths.mean);
    let s = 0, exact = 0;
    for (let k = 0; k < n; k++) {
      const h = hits[k], i = found[k], tf = h.tf[i];
      s += WEIGHT[h.kind[i]] * idf[k] * ((tf * (K1 + 1)) / (tf + norm) + (h.title[i] ? TITLE : 0));
      if (h.kind[i] === EXACT) exact++;
    }
    let together = 0;
    if (n > 1) {
      const p = proximity(hits, found, phrases);
      let ok = true;
      for (let f = 0; f < quoted; f++) ok = ok && p.phrases[f];
      if (!ok) continue;
      together = p.phrases[quoted] ? 2 : p.span <= n - 1 + NEAR ? 1 : 0;
    }
    ranked.push({ id, s, exact, together });
  }
  ranked.sort((a, b) => b.exact - a.exact || b.together - a.together || b.s - a.s || b.id - a.id);
  return { ranked, hits };
}

/** Queries like `groups` with one word spelled differently that do find articles. */
async function suggest(ix, vocab, lengths, groups, options) {
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
    if ((await match(ix, vocab, lengths, alt, options)).ranked.length) {
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

/** Moves the app to `url` (its router follows the history, as on back and forward). */
function go(url, replace) {
  history[replace ? "replaceState" : "pushState"](null, "", url);
  window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
}

const TYPING_PAUSE = 180;

/** As the reader types, the results (and the address) follow after a short pause. */
function typing(input, view, current) {
  if (!input || input.dataset.searchTyping) return;
  input.dataset.searchTyping = "1";
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const r = current();
      if (input.value !== r.q) go(searchHref(view.site, { ...r, q: input.value }, 1), true);
    }, TYPING_PAUSE);
  });
  input.form && input.form.addEventListener("submit", () => clearTimeout(timer));
}

/** The category and year filters; a change applies at once, from the first page. */
function filters(box, view, years, current) {
  if (!box) return;
  if (!box.dataset.searchFilters) {
    box.dataset.searchFilters = "1";
    const select = (name, label, all) => {
      const s = el("select", { name }, el("option", { value: "" }, all));
      s.addEventListener("change", () => go(searchHref(view.site, { ...current(), [name === "nam" ? "year" : "category"]: s.value }, 1), false));
      box.append(el("label", null, label + " ", s));
      return s;
    };
    const cats = select("chuyen-muc", "Chuyên mục", "Tất cả");
    cats.append(...Object.entries(view.names || {}).map(([slug, name]) => el("option", { value: slug }, name)));
    select("nam", "Năm", "Mọi năm");
  }
  const [cats, year] = box.querySelectorAll("select");
  if (year.options.length !== years.length + 1) {
    year.replaceChildren(el("option", { value: "" }, "Mọi năm"), ...years.map((y) => el("option", { value: String(y) }, String(y))));
  }
  cats.value = current().category || "";
  year.value = +current().year > 0 ? String(current().year) : "";
}

const renders = new WeakMap();
const requests = new WeakMap();

/**
 * Shows the results of request `r` ({q, page, category, year}) in `root`.
 * view: {site: the site's base path, base: the index URL, names: {slug: name},
 * filters: the element to hold the filters, input: the search box}.
 */
export async function render(root, r, view) {
  const token = (renders.get(root) || 0) + 1;
  renders.set(root, token);
  requests.set(root, r);
  const current = () => requests.get(root);
  const live = () => renders.get(root) === token;
  const q = String(r.q || "").trim();
  const input = view.input;
  // A query from elsewhere (the header, a link, back and forward) shows in the box, but
  // never overwrites what the reader is typing.
  if (input && document.activeElement !== input && input.value !== r.q) input.value = r.q;
  typing(input, view, current);
  // One status line for the page's life: screen readers announce changes to a live
  // region they already know, not a new one.
  const status = root.querySelector(":scope > .search-status") || el("p", { class: "search-status", role: "status" });
  status.setAttribute("role", "status");
  root.replaceChildren(status);
  arrowKeys(root.parentElement || root, input);
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
    if (!live()) return;
    root.removeAttribute("aria-busy");
    const message = e instanceof SearchError ? e.message : `Tìm kiếm gặp lỗi: ${e && e.message ? e.message : e}`;
    const retry = el("button", { type: "button", class: "button" }, "Thử lại");
    retry.addEventListener("click", () => render(root, r, view));
    status.textContent = "";
    root.append(el("div", { class: "search-error", role: "alert" }, el("p", null, message), retry));
    return;
  }
  if (!live()) return;
  root.removeAttribute("aria-busy");
  filters(view.filters, view, a.years, current);
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
