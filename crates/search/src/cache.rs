//! The search side of the build cache (`.trangtin-search.bin` in the output folder):
//! each article's terms and positions as an index [`Record`], keyed by the hash of its
//! source file, so that a rebuild re-indexes only the articles that changed and never
//! re-reads the others. Records are kept as the bytes they were read as: loading the
//! cache does not decode them, and saving it copies them.

use crate::codec::{string, varint, Reader};
use crate::index::Segments;
use crate::terms::{Record, TermTable};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

pub const FILE: &str = ".trangtin-search.bin";
/// The index's [`Segments`]: what its last build wrote, for the next one to change little.
pub const SEGMENTS_FILE: &str = ".trangtin-search-index.json";
/// The first bytes of a cache file of this format.
pub const MAGIC: &[u8] = b"trangtin-search-cache 2\n";

#[derive(Default)]
pub struct SearchCache {
    /// Term ids are stable: new terms are added at the end (a clean build starts over).
    pub table: TermTable,
    bytes: Vec<u8>,
    /// Source hash → where its record lies in `bytes`.
    docs: HashMap<String, Range<usize>>,
    /// What the last build of the index wrote, when made under the same fingerprint.
    pub segments: Option<Segments>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SavedSegments {
    fingerprint: String,
    segments: Segments,
}

/// The bytes of the segments file for `segments`, made under `fingerprint`.
pub fn encode_segments(fingerprint: &str, segments: &Segments) -> Vec<u8> {
    serde_json::to_vec(&SavedSegments {
        fingerprint: fingerprint.to_string(),
        segments: segments.clone(),
    })
    .expect("segments serialise")
}

fn load_segments(out: &Path, fingerprint: &str) -> Option<Segments> {
    let bytes = std::fs::read(out.join(SEGMENTS_FILE)).ok()?;
    let saved: SavedSegments = serde_json::from_slice(&bytes).ok()?;
    (saved.fingerprint == fingerprint).then_some(saved.segments)
}

impl SearchCache {
    /// The cache in `out` made under `fingerprint`, or an empty one.
    pub fn load(out: &Path, fingerprint: &str) -> Self {
        let mut cache = std::fs::read(out.join(FILE))
            .ok()
            .and_then(|bytes| decode(bytes, fingerprint))
            .unwrap_or_default();
        // Term ids are the cache's: segments are read only beside the cache they go with.
        if !cache.docs.is_empty() {
            cache.segments = load_segments(out, fingerprint);
        }
        cache
    }

    /// A cache read from `bytes` (a cache file's content) made under `fingerprint`;
    /// `None` when it is another cache's, or damaged.
    pub fn from_bytes(bytes: Vec<u8>, fingerprint: &str) -> Option<Self> {
        decode(bytes, fingerprint)
    }

    /// Every article's record, in no particular order.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.docs.values().map(|r| &self.bytes[r.clone()])
    }

    pub fn record(&self, key: &str) -> Option<&Record> {
        self.docs.get(key).map(|r| &self.bytes[r.clone()])
    }

    pub fn has(&self, key: &str) -> bool {
        self.docs.contains_key(key)
    }
}

/// The bytes of a cache holding `docs` (source hash, record).
pub fn encode<'a>(
    fingerprint: &str,
    table: &TermTable,
    docs: impl ExactSizeIterator<Item = (&'a str, &'a Record)> + Clone,
) -> Vec<u8> {
    // Sized once: grown by doubling, the 20 MB of a big site's cache would be copied
    // into fresh memory again and again, and fresh pages cost more than the copy.
    const VARINT: usize = 5;
    let size = MAGIC.len()
        + VARINT
        + fingerprint.len()
        + VARINT
        + table.terms.iter().map(|t| VARINT + t.len()).sum::<usize>()
        + VARINT
        + docs
            .clone()
            .map(|(key, record)| 2 * VARINT + key.len() + record.len())
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    string(&mut out, fingerprint);
    varint(&mut out, table.terms.len() as u32);
    for t in &table.terms {
        string(&mut out, t);
    }
    varint(&mut out, docs.len() as u32);
    for (key, record) in docs {
        string(&mut out, key);
        varint(&mut out, record.len() as u32);
        out.extend_from_slice(record);
    }
    out
}

/// Writes the cache atomically.
pub fn save(bytes: &[u8], out: &Path) -> std::io::Result<()> {
    save_as(bytes, out, FILE)
}

/// Writes the segments file atomically.
pub fn save_segments(bytes: &[u8], out: &Path) -> std::io::Result<()> {
    save_as(bytes, out, SEGMENTS_FILE)
}

fn save_as(bytes: &[u8], out: &Path, name: &str) -> std::io::Result<()> {
    let tmp = out.join(format!("{name}.tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, out.join(name))
}

fn decode(bytes: Vec<u8>, fingerprint: &str) -> Option<SearchCache> {
    let body = bytes.strip_prefix(MAGIC)?;
    let offset = MAGIC.len();
    let mut r = Reader::new(body);
    if r.string()? != fingerprint {
        return None;
    }
    let n_terms = r.varint()? as usize;
    let mut terms = Vec::with_capacity(n_terms.min(1 << 20));
    for _ in 0..n_terms {
        terms.push(r.string()?.to_string());
    }
    let n_docs = r.varint()? as usize;
    let mut docs = HashMap::with_capacity(n_docs.min(1 << 20));
    for _ in 0..n_docs {
        let key = r.string()?.to_string();
        let len = r.varint()? as usize;
        let start = offset + r.at;
        r.bytes(len)?;
        docs.insert(key, start..start + len);
    }
    if !r.done() {
        return None;
    }
    Some(SearchCache {
        table: TermTable::from_terms(terms),
        bytes,
        docs,
        segments: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_other_builds_and_damage() {
        let mut table = TermTable::default();
        let record = table.intern(&crate::LocalTerms::from_pairs(
            2,
            &[("đào", vec![0, 9]), ("tạo", vec![1, 300])],
        ));
        let bytes = encode("fp", &table, [("k", &record[..])].into_iter());
        let dir = tempfile::tempdir().unwrap();
        save(&bytes, dir.path()).unwrap();
        let back = SearchCache::load(dir.path(), "fp");
        assert_eq!(back.record("k"), Some(&record[..]));
        assert_eq!(back.table.terms, ["đào", "tạo"]);
        assert!(!SearchCache::load(dir.path(), "other").has("k"));
        std::fs::write(dir.path().join(FILE), &bytes[..bytes.len() - 1]).unwrap();
        assert!(!SearchCache::load(dir.path(), "fp").has("k"));
    }
}
