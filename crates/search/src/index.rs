//! Building the index files from each article's terms.

use crate::codec::string;
use crate::codec::varint;
use crate::codec::varint_len;
use crate::codec::Reader;
use crate::terms::Record;
use crate::terms::TermTable;
use crate::terms::SHARD_TARGET;
use crate::text::fold;
use crate::{DIR, FORMAT};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// How many of the base shards that new or edited articles have made stale are written
/// again by one build. The others keep their files, and the articles that they lack are
/// answered from the delta shards until their turn comes.
const REWRITES_PER_BUILD: usize = 8;
/// The delta is split in this many shards, each for a range of base shards: a query
/// fetches one delta shard per word besides the word's base shard.
const DELTA_SHARDS: usize = 4;
/// A delta larger than this (in bytes, all its shards) is folded into the base by
/// building the whole index again: a bulk import, say.
const DELTA_LIMIT: usize = 512 * 1024;
/// A base shard of several terms grown past this many times its target has its range
/// cut again.
const SHARD_GROWTH: usize = 4;

/// What the next build needs to know of the index this one wrote, so that a new or
/// edited article changes a bounded number of its files, whatever the size of the site
/// (`.trangtin-search-index.json` beside the search cache).
///
/// The index has base shards (folded-term ranges, over every article) and a delta. An
/// article that changed since a base shard was written is answered from the delta for
/// that shard's range; a build writes the few stalest base shards again from every
/// article's current terms, and drops from the delta what every base shard now holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Segments {
    /// Counts builds: a base shard and a delta article carry the build that wrote them.
    pub seq: u64,
    /// Per article id: the hash of its record as last indexed.
    pub docs: Vec<u64>,
    /// Per base shard: its first folded term, its file below `content/search/`, and the
    /// build that wrote it.
    pub shards: Vec<(String, String, u64)>,
    /// The articles that some base shard lacks or holds as they were: id → the build
    /// in which the article last changed.
    pub delta: BTreeMap<u32, u64>,
}

/// What [`build`] gives: the index's files by path below the output folder, `None` for
/// a file the last build wrote and this one keeps as it is; and its [`Segments`].
pub struct Built {
    pub files: Vec<(String, Option<Vec<u8>>)>,
    pub segments: Segments,
}

/// One folded term's dictionary entry and postings, as a shard holds them.
struct Entry {
    folded: String,
    header: Vec<u8>,
    blocks: Vec<u8>,
    /// Articles holding the term in any spelling.
    df: usize,
}

impl Entry {
    fn size(&self) -> usize {
        self.header.len() + self.blocks.len()
    }
}

fn shard_bytes(group: &[Entry]) -> Vec<u8> {
    let size: usize = group.iter().map(Entry::size).sum();
    let mut shard = Vec::with_capacity(size + 4);
    varint(&mut shard, group.len() as u32);
    for e in group {
        shard.extend_from_slice(&e.header);
    }
    for e in group {
        shard.extend_from_slice(&e.blocks);
    }
    shard
}

fn shard_name(bytes: &[u8]) -> String {
    format!("h/{}.bin", short_hash(bytes))
}

/// Every folded term of `docs` with its postings, in term order.
fn entries(table: &TermTable, docs: &[(&Record, &str, i32)]) -> Vec<Entry> {
    let postings = postings(table.terms.len(), docs);
    let mut folded: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (term, p) in postings.iter().enumerate() {
        if p.df > 0 {
            folded
                .entry(fold(&table.terms[term]))
                .or_default()
                .push(term as u32);
        }
    }
    // Each folded term's dictionary entry and postings, on all cores.
    folded
        .into_par_iter()
        .map(|(folded_term, mut variants)| {
            variants.sort_by(|a, b| table.terms[*a as usize].cmp(&table.terms[*b as usize]));
            let mut header = Vec::new();
            let mut blocks = Vec::new();
            string(&mut header, &folded_term);
            varint(&mut header, variants.len() as u32);
            for &term in &variants {
                let p = &postings[term as usize];
                let start = blocks.len();
                p.encode(&mut blocks);
                string(&mut header, &table.terms[term as usize]);
                varint(&mut header, p.df);
                varint(&mut header, (blocks.len() - start) as u32);
            }
            let df = if variants.len() == 1 {
                postings[variants[0] as usize].df as usize
            } else {
                let mut ids: Vec<u32> = variants
                    .iter()
                    .flat_map(|&t| postings[t as usize].ids())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len()
            };
            Entry {
                folded: folded_term,
                header,
                blocks,
                df,
            }
        })
        .collect()
}

/// Cuts term-ordered entries into shards of about `SHARD_TARGET` bytes; returns each
/// shard's range of `entries`.
fn cut_by_size(entries: &[Entry]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut size = 0;
    for (i, e) in entries.iter().enumerate() {
        let own = e.size();
        // A term as big as a shard gets a shard of its own: a query for it then fetches
        // nothing else, and one for its neighbours does not fetch it.
        if own >= SHARD_TARGET && from < i {
            out.push(from..i);
            from = i;
            size = 0;
        }
        size += own;
        if size >= SHARD_TARGET {
            out.push(from..i + 1);
            from = i + 1;
            size = 0;
        }
    }
    if from < entries.len() {
        out.push(from..entries.len());
    }
    out
}

/// Splits term-ordered entries at the given first terms (sorted; the first range also
/// takes whatever sorts before its first term).
fn cut_at(entries: &[Entry], firsts: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut bounds: Vec<usize> = firsts
        .iter()
        .skip(1)
        .map(|f| entries.partition_point(|e| e.folded.as_str() < *f))
        .collect();
    bounds.insert(0, 0);
    bounds.push(entries.len());
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Builds the index from every article's terms, `docs[id]` being article `id` (oldest
/// first) with its category slug and year; `previous` is what the last build left
/// (`None` builds everything). Fragments aside.
pub fn build(
    table: &TermTable,
    docs: &[(&Record, &str, i32)],
    previous: Option<&Segments>,
) -> Built {
    let seq = previous.map_or(0, |p| p.seq) + 1;
    let hashes: Vec<u64> = docs
        .iter()
        .map(|(record, _, _)| xxhash_rust::xxh3::xxh3_64(record))
        .collect();
    let fresh = entries(table, docs);
    let mut files: Vec<(String, Option<Vec<u8>>)> = Vec::new();
    let (shards, delta) = previous
        .and_then(|p| incremental(table, docs, &hashes, &fresh, p, seq))
        .unwrap_or_else(|| {
            // Everything from scratch: shards cut by size, all of this build, no delta.
            let shards = cut_by_size(&fresh)
                .into_iter()
                .map(|range| {
                    let bytes = shard_bytes(&fresh[range.clone()]);
                    let name = shard_name(&bytes);
                    ((fresh[range.start].folded.clone(), name, seq), Some(bytes))
                })
                .collect();
            (shards, (BTreeMap::new(), Vec::new()))
        });
    let (delta_docs, delta_shards) = delta;
    let mut shard_list = Vec::with_capacity(shards.len());
    for ((first, name, built), bytes) in shards {
        files.push((format!("{DIR}/{name}"), bytes));
        shard_list.push((first, name, built));
    }
    let mut delta_list = Vec::new();
    for (first, bytes) in delta_shards {
        let name = shard_name(&bytes);
        files.push((format!("{DIR}/{name}"), Some(bytes)));
        delta_list.push((first, name));
    }

    // Numbers are matched as typed (the browser looks them up in their shard): no
    // completions or typo tolerance for them, and a much smaller vocabulary.
    let mut vocab = String::new();
    for e in fresh
        .iter()
        .filter(|e| !e.folded.bytes().any(|b| b.is_ascii_digit()))
    {
        vocab.push_str(&e.folded);
        vocab.push('\t');
        vocab.push_str(&e.df.to_string());
        vocab.push('\n');
    }
    let vocab_name = format!("h/vocab.{}.txt", short_hash(vocab.as_bytes()));
    files.push((format!("{DIR}/{vocab_name}"), Some(vocab.into_bytes())));

    // Category lists as gaps between ids; years as runs (ids follow the date).
    let mut cats: BTreeMap<&str, (u32, Vec<u32>)> = BTreeMap::new();
    let mut years: Vec<(i32, u32)> = Vec::new();
    for (id, (_, cat, year)) in docs.iter().enumerate() {
        let (last, gaps) = cats.entry(cat).or_default();
        gaps.push(id as u32 - *last);
        *last = id as u32;
        match years.last_mut() {
            Some((y, n)) if y == year => *n += 1,
            _ => years.push((*year, 1)),
        }
    }
    let cats: BTreeMap<&str, Vec<u32>> = cats.into_iter().map(|(c, (_, g))| (c, g)).collect();
    let cats = serde_json::to_vec(&cats).expect("category lists serialise");
    let cats_name = format!("h/cats.{}.json", short_hash(&cats));
    files.push((format!("{DIR}/{cats_name}"), Some(cats)));

    // Each article's length in words, for ranking (a long text does not win by size).
    let lengths: Vec<u8> = docs
        .iter()
        .map(|(record, _, _)| length_code(words_in(record)))
        .collect();
    let lengths_name = format!("h/len.{}.bin", short_hash(&lengths));
    files.push((format!("{DIR}/{lengths_name}"), Some(lengths)));

    let mut index = serde_json::json!({
        "format": FORMAT,
        "docs": docs.len(),
        "vocab": vocab_name,
        "shards": shard_list,
        "categories": cats_name,
        "lengths": lengths_name,
        "years": years,
    });
    if !delta_docs.is_empty() {
        index["delta"] = serde_json::json!({
            "stamps": delta_docs.iter().map(|(id, s)| [*id as u64, *s]).collect::<Vec<_>>(),
            "shards": delta_list,
        });
    }
    files.push((
        format!("{DIR}/index.json"),
        Some(serde_json::to_vec(&index).expect("index serialises")),
    ));
    Built {
        files,
        segments: Segments {
            seq,
            docs: hashes,
            shards: shard_list,
            delta: delta_docs,
        },
    }
}

type BaseShards = Vec<((String, String, u64), Option<Vec<u8>>)>;
type Delta = (BTreeMap<u32, u64>, Vec<(String, Vec<u8>)>);

/// The base shards (kept, or written again) and the delta, when the last build's
/// shards can take this build's change; `None` when the index is better built again.
fn incremental(
    table: &TermTable,
    docs: &[(&Record, &str, i32)],
    hashes: &[u64],
    fresh: &[Entry],
    p: &Segments,
    seq: u64,
) -> Option<(BaseShards, Delta)> {
    // Ids count from the oldest: an article gone takes ids with it.
    if p.shards.is_empty() || p.docs.len() > docs.len() {
        return None;
    }
    let firsts: Vec<&str> = p.shards.iter().map(|s| s.0.as_str()).collect();
    let ranges = cut_at(fresh, &firsts);
    // Per shard of the last build, what replaces it: itself, or the pieces it is cut in.
    let mut slots: Vec<BaseShards> = Vec::with_capacity(ranges.len());
    // Those that articles changed since they were written: (when, which, new pieces).
    let mut stale = Vec::new();
    for (j, range) in ranges.iter().enumerate() {
        let bytes = shard_bytes(&fresh[range.clone()]);
        let (first, old_name, built) = &p.shards[j];
        let name = shard_name(&bytes);
        if &name == old_name {
            // What it holds is what every article says now.
            slots.push(vec![((first.clone(), name, seq), None)]);
            continue;
        }
        // A shard of several terms grown past its size is cut again: new words that
        // sort beside a word as big as a shard join its range. (A shard of one term
        // cannot be split: it is as big as the term's postings.)
        let pieces = if range.len() > 1 && bytes.len() > SHARD_GROWTH * SHARD_TARGET {
            cut_by_size(&fresh[range.clone()])
                .into_iter()
                .enumerate()
                .map(|(k, piece)| {
                    let piece = range.start + piece.start..range.start + piece.end;
                    let bytes = shard_bytes(&fresh[piece.clone()]);
                    // The first piece keeps the range's first term (the first range
                    // also takes what sorts before it).
                    let first = if k == 0 {
                        first.clone()
                    } else {
                        fresh[piece.start].folded.clone()
                    };
                    let name = shard_name(&bytes);
                    let bytes = (&name != old_name).then_some(bytes);
                    ((first, name, seq), bytes)
                })
                .collect()
        } else {
            vec![((first.clone(), name, seq), Some(bytes))]
        };
        stale.push((*built, j, pieces));
        // Until its turn comes it keeps its file; the delta answers for what it lacks.
        slots.push(vec![((first.clone(), old_name.clone(), *built), None)]);
    }
    // The stalest are written again, as many files as one build may write.
    stale.sort_by_key(|(built, j, _)| (*built, *j));
    let mut budget = REWRITES_PER_BUILD;
    for (_, j, pieces) in stale {
        let cost = pieces.iter().filter(|(_, bytes)| bytes.is_some()).count();
        if cost <= budget {
            budget -= cost;
            slots[j] = pieces;
        }
    }
    let shards: BaseShards = slots.into_iter().flatten().collect();
    // What changed in this build joins the delta; what every shard holds leaves it.
    let mut delta = p.delta.clone();
    for (id, hash) in hashes.iter().enumerate() {
        if p.docs.get(id) != Some(hash) {
            delta.insert(id as u32, seq);
        }
    }
    let oldest = shards.iter().map(|s| s.0 .2).min().unwrap_or(seq);
    delta.retain(|_, changed| *changed > oldest);
    if delta.is_empty() {
        return Some((shards, (delta, Vec::new())));
    }
    // The delta's postings: the same index over the delta's articles alone.
    let empty: &Record = &[0];
    let only: Vec<(&Record, &str, i32)> = docs
        .iter()
        .enumerate()
        .map(|(id, d)| {
            if delta.contains_key(&(id as u32)) {
                *d
            } else {
                (empty, d.1, d.2)
            }
        })
        .collect();
    let delta_entries = entries(table, &only);
    let groups = DELTA_SHARDS.min(firsts.len());
    let group_firsts: Vec<&str> = (0..groups)
        .map(|g| firsts[g * firsts.len() / groups])
        .collect();
    let mut delta_shards = Vec::with_capacity(groups);
    let mut total = 0;
    for (g, range) in cut_at(&delta_entries, &group_firsts)
        .into_iter()
        .enumerate()
    {
        let bytes = shard_bytes(&delta_entries[range]);
        total += bytes.len();
        delta_shards.push((group_firsts[g].to_string(), bytes));
    }
    if total > DELTA_LIMIT {
        return None;
    }
    Some((shards, (delta, delta_shards)))
}

/// The number of words (positions) in an article's [`Record`].
fn words_in(record: &Record) -> u32 {
    let mut r = Reader::new(record);
    let mut total = 0u32;
    for _ in 0..r.varint().unwrap_or(0) {
        let (Some(_), Some(head), Some(len)) = (r.varint(), r.varint(), r.varint()) else {
            break;
        };
        if r.bytes(len as usize).is_none() {
            break;
        }
        total = total.saturating_add(head >> 1);
    }
    total
}

/// A length in one byte, on a log scale: steps of about 6 % up to millions of words.
/// `search.js` decodes it as `2 ** (code / 12) - 1`.
pub fn length_code(words: u32) -> u8 {
    ((words as f64 + 1.0).log2() * 12.0).round().min(255.0) as u8
}

/// One term's postings, in three columns (they compress better apart): per article
/// holding it, the gap from the previous article id; then per article the count of
/// positions, shifted left, the low bit telling whether it is in the title; then all
/// the gaps between positions.
#[derive(Default, Clone)]
struct Postings {
    gaps: Vec<u8>,
    heads: Vec<u8>,
    positions: Vec<u8>,
    df: u32,
    /// The first and last article ids.
    first: u32,
    last: u32,
}

impl Postings {
    fn ids(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.df as usize);
        let mut r = Reader::new(&self.gaps);
        let mut id = 0;
        while let Some(gap) = r.varint() {
            id += gap;
            ids.push(id);
        }
        ids
    }

    /// The block a shard holds: the count of articles, then the three columns.
    fn encode(&self, out: &mut Vec<u8>) {
        varint(out, self.df);
        out.extend_from_slice(&self.gaps);
        out.extend_from_slice(&self.heads);
        out.extend_from_slice(&self.positions);
    }

    /// Appends `b`, the postings of later ids.
    fn append(&mut self, b: Postings) {
        if b.df == 0 {
            return;
        }
        if self.df == 0 {
            *self = b;
            return;
        }
        // `b` starts with its first id counted from 0: count it from our last.
        varint(&mut self.gaps, b.first - self.last);
        self.gaps.extend_from_slice(&b.gaps[varint_len(b.first)..]);
        self.heads.extend_from_slice(&b.heads);
        self.positions.extend_from_slice(&b.positions);
        self.df += b.df;
        self.last = b.last;
    }
}

/// The postings of every term, read article by article (each article's terms lie
/// together in memory) on all cores, one range of ids each, then joined.
fn postings(terms: usize, docs: &[(&Record, &str, i32)]) -> Vec<Postings> {
    let parts = rayon::current_num_threads().clamp(1, 8);
    let chunk = docs.len().div_ceil(parts).max(1);
    let partial: Vec<Vec<Postings>> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, slice)| {
            let mut out: Vec<Postings> = vec![Postings::default(); terms];
            for (k, (record, _, _)) in slice.iter().enumerate() {
                let id = (c * chunk + k) as u32;
                let mut r = Reader::new(record);
                let n = r.varint().unwrap_or(0);
                for _ in 0..n {
                    let (Some(term), Some(head), Some(len)) = (r.varint(), r.varint(), r.varint())
                    else {
                        break;
                    };
                    let Some(gaps) = r.bytes(len as usize) else {
                        break;
                    };
                    let Some(p) = out.get_mut(term as usize) else {
                        break;
                    };
                    if p.df == 0 {
                        p.first = id;
                    }
                    varint(&mut p.gaps, id - p.last);
                    p.last = id;
                    p.df += 1;
                    varint(&mut p.heads, head);
                    p.positions.extend_from_slice(gaps);
                }
            }
            out
        })
        .collect();
    let mut parts = partial.into_iter();
    let mut all = parts
        .next()
        .unwrap_or_else(|| vec![Postings::default(); terms]);
    for part in parts {
        for (a, b) in all.iter_mut().zip(part) {
            a.append(b);
        }
    }
    all
}

fn short_hash(bytes: &[u8]) -> String {
    format!("{:012x}", xxhash_rust::xxh3::xxh3_64(bytes) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::LocalTerms;

    fn record(table: &mut TermTable, title_len: u32, pairs: &[(&str, Vec<u32>)]) -> Vec<u8> {
        table.intern(&LocalTerms::from_pairs(title_len, pairs))
    }

    #[test]
    fn the_index_names_its_files_and_folds_spellings_together() {
        let mut table = TermTable::default();
        let a = record(&mut table, 1, &[("đào", vec![0, 20]), ("tạo", vec![21])]);
        let b = record(&mut table, 0, &[("dao", vec![9]), ("12.378", vec![10])]);
        let docs: Vec<(&Record, &str, i32)> = vec![(&a, "tin", 2023), (&b, "dao-tao", 2024)];
        let files: Vec<(String, Vec<u8>)> = build(&table, &docs, None)
            .files
            .into_iter()
            .map(|(p, b)| (p, b.expect("a first build writes every file")))
            .collect();
        let get = |suffix: &str| {
            files
                .iter()
                .find(|(p, _)| p.ends_with(suffix))
                .map(|(p, b)| (p.clone(), b.clone()))
                .unwrap()
        };
        let (_, index) = get("/index.json");
        let index: serde_json::Value = serde_json::from_slice(&index).unwrap();
        assert_eq!(index["format"], FORMAT);
        assert_eq!(index["docs"], 2);
        assert_eq!(index["years"], serde_json::json!([[2023, 1], [2024, 1]]));
        // Every file the index names exists, under h/, named by its content.
        let vocab_path = format!("{DIR}/{}", index["vocab"].as_str().unwrap());
        let (_, vocab) = files.iter().find(|(p, _)| *p == vocab_path).unwrap();
        // "đào" and "dao" are one folded word held by two articles; numbers are left out.
        assert_eq!(String::from_utf8_lossy(vocab), "dao\t2\ntao\t1\n");
        for shard in index["shards"].as_array().unwrap() {
            let name = shard[1].as_str().unwrap();
            assert!(name.starts_with("h/") && name.ends_with(".bin"), "{name}");
            let (_, bytes) = files.iter().find(|(p, _)| p.ends_with(name)).unwrap();
            assert!(name.contains(&short_hash(bytes)));
        }
        // One length byte per article: 3 and 2 words.
        let lengths = format!("{DIR}/{}", index["lengths"].as_str().unwrap());
        let (_, lengths) = files.iter().find(|(p, _)| *p == lengths).unwrap();
        assert_eq!(lengths, &vec![length_code(3), length_code(2)]);
        let cats = format!("{DIR}/{}", index["categories"].as_str().unwrap());
        let (_, cats) = files.iter().find(|(p, _)| *p == cats).unwrap();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(cats).unwrap(),
            serde_json::json!({"dao-tao": [1], "tin": [0]})
        );
    }

    #[test]
    fn lengths_fit_a_byte_within_a_few_percent() {
        assert_eq!(length_code(0), 0);
        assert_eq!(length_code(u32::MAX), 255);
        for words in [1u32, 7, 150, 2_000, 70_000, 1_000_000] {
            let back = 2f64.powf(length_code(words) as f64 / 12.0) - 1.0;
            let error = (back - words as f64).abs() / words as f64;
            assert!(error < 0.035, "{words} read back as {back}");
        }
    }

    #[test]
    fn postings_join_across_chunks_as_if_read_in_one_go() {
        let mut table = TermTable::default();
        let records: Vec<Vec<u8>> = (0..50)
            .map(|i| record(&mut table, 1, &[("a", vec![i, i + 200]), ("b", vec![3])]))
            .collect();
        let docs: Vec<(&Record, &str, i32)> =
            records.iter().map(|r| (&r[..], "tin", 2024)).collect();
        let all = postings(table.terms.len(), &docs);
        let a = &all[0];
        assert_eq!(a.df, 50);
        assert_eq!(a.ids(), (0..50).collect::<Vec<u32>>());
        // Title flags: position 0 is in the title only for the first article.
        let mut r = Reader::new(&a.heads);
        assert_eq!(r.varint(), Some((2 << 1) | 1));
        assert_eq!(r.varint(), Some(2 << 1));
    }

    #[test]
    fn new_words_beside_a_word_as_big_as_a_shard_are_cut_off_not_rebuilt() {
        let mut table = TermTable::default();
        // "m" in every article, at many places: a shard of its own, past the growth
        // limit by itself; "a" in a small shard before it.
        let mut records: Vec<Vec<u8>> = (0..3000)
            .map(|_| record(&mut table, 0, &[("a", vec![50]), ("m", (0..40).collect())]))
            .collect();
        let docs: Vec<(&Record, &str, i32)> =
            records.iter().map(|r| (&r[..], "tin", 2024)).collect();
        let first = build(&table, &docs, None).segments;
        let names = |s: &Segments| -> Vec<(String, String)> {
            s.shards
                .iter()
                .map(|(f, n, _)| (f.clone(), n.clone()))
                .collect()
        };
        assert_eq!(
            names(&first)
                .iter()
                .map(|(f, _)| f.as_str())
                .collect::<Vec<_>>(),
            ["a", "m"]
        );
        // A new article with words that sort right after "m": they join its range.
        records.push(record(&mut table, 0, &[("ma", vec![0]), ("mb", vec![1])]));
        let docs: Vec<(&Record, &str, i32)> =
            records.iter().map(|r| (&r[..], "tin", 2024)).collect();
        let next = build(&table, &docs, Some(&first));
        let shards = names(&next.segments);
        // "m" keeps its file, the new words get a shard, "a" is not written again.
        assert_eq!(
            shards.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
            ["a", "m", "ma"]
        );
        assert_eq!(shards[..2], names(&first)[..]);
        let written: Vec<&str> = next
            .files
            .iter()
            .filter(|(_, bytes)| bytes.is_some())
            .map(|(p, _)| p.as_str())
            .collect();
        for (_, name) in &shards[..2] {
            assert!(
                !written.iter().any(|p| p.ends_with(name.as_str())),
                "{name} written"
            );
        }
        assert!(written.iter().any(|p| p.ends_with(shards[2].1.as_str())));
        assert!(
            next.segments.delta.is_empty(),
            "every shard holds every article"
        );
    }
}
