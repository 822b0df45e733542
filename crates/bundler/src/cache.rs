//! The build cache that makes a rebuild incremental.
//!
//! It lives in the output folder (`.trangtin-cache.json`) and remembers, for each article
//! file, the hash of its bytes and what parsing it gave (the article without its body),
//! and for each article bundle, the hash of everything the bundle was made from. A
//! rebuild then parses only the files whose bytes changed and renders only the bundles
//! whose inputs changed. Everything is keyed by content, never by modification times,
//! and by a fingerprint of the bundler executable, `site.toml` and the base path: a new
//! bundler or a changed config starts from scratch. A missing or unreadable cache only
//! makes the build slower.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use trangtin_model::Article;

pub const FILE: &str = ".trangtin-cache.json";

pub use crate::digest::{hash, Hash};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    pub fingerprint: Hash,
    /// Article file (as shown in diagnostics) → what it gave.
    pub sources: BTreeMap<String, CachedSource>,
    /// Output path → the hash of the inputs it was rendered from.
    pub outputs: BTreeMap<String, Hash>,
    /// Media files by size and modification time, with their served names, so that
    /// unchanged pictures are not read again to be hashed.
    #[serde(default)]
    pub media: BTreeMap<String, crate::refs::MediaStamp>,
    /// Output path → the hash of its bytes, for the files kept rather than rendered.
    #[serde(default)]
    pub contents: BTreeMap<String, Hash>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedSource {
    pub hash: Hash,
    /// `None` for a draft. The body is left out (empty): it is re-read when needed.
    pub article: Option<Article>,
    /// Links to pages of this site, with their lines, for the link check.
    pub links: Vec<(usize, String)>,
    /// The media files the article refers to and their served names then.
    pub media: Vec<(String, String)>,
    /// When the article left a reference unresolved (`check_media = false`), the hash of
    /// the whole media folder then: the reference might resolve once a file appears.
    #[serde(default)]
    pub media_set: Option<Hash>,
    #[serde(default)]
    pub schedule: crate::schedule::Schedule,
    /// Its warnings: line, kind, message.
    #[serde(default)]
    pub warnings: Vec<(usize, crate::diagnostic::Kind, String)>,
}

impl Cache {
    /// The cache in `out`, if there is a readable one. (Its fingerprint says which
    /// bundler, config and base path it holds for.)
    pub fn load(out: &Path) -> Option<Cache> {
        let bytes = std::fs::read(out.join(FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Writes the cache beside its place, streamed (on a big site it is megabytes); it
    /// takes its place with [`Cache::commit`], so that a crash leaves the old one or
    /// none, never half.
    pub fn write_pending(&self, out: &Path) -> std::io::Result<()> {
        // A first build writes it while the output folder is being made.
        std::fs::create_dir_all(out)?;
        let file = std::fs::File::create(out.join(format!("{FILE}.tmp")))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        serde_json::to_writer(&mut w, self).map_err(std::io::Error::other)?;
        w.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }

    /// Puts the cache that [`Cache::write_pending`] wrote in its place.
    pub fn commit(out: &Path) -> std::io::Result<()> {
        std::fs::rename(out.join(format!("{FILE}.tmp")), out.join(FILE))
    }
}

/// The running executable's size, modification time and inode: a rebuilt tool is
/// another tool. Without knowing itself a tool cannot tell its builds apart: then the
/// stamp is the time, and nothing is reused.
pub fn executable_stamp() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&m);
            #[cfg(not(unix))]
            let inode = 0u64;
            format!("{} {modified} {inode}", m.len())
        })
        .unwrap_or_else(|_| format!("{:?}", std::time::SystemTime::now()))
}

/// What every parse and render depends on besides the article files: this bundler (its
/// version and its executable file: size, modification time, inode), the site config
/// and the base path.
pub fn fingerprint(root: &Path, base_path: &str) -> Hash {
    let exe = executable_stamp();
    let version = format!(
        "{} {}",
        env!("CARGO_PKG_VERSION"),
        trangtin_model::SCHEMA_VERSION
    );
    let config = std::fs::read(root.join("site.toml")).unwrap_or_default();
    hash(&[
        version.as_bytes(),
        exe.as_bytes(),
        &config,
        base_path.as_bytes(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_length_prefixed_and_stable() {
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        assert_eq!(hash(&[b"x"]), hash(&[b"x"]));
        assert_eq!(hash(&[b"x"]).len(), 32);
    }

    #[test]
    fn a_cache_round_trips_and_a_broken_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache {
            fingerprint: "a".into(),
            ..Cache::default()
        };
        cache.write_pending(dir.path()).unwrap();
        // Until it is committed, the cache is not there.
        assert!(Cache::load(dir.path()).is_none());
        Cache::commit(dir.path()).unwrap();
        assert_eq!(Cache::load(dir.path()).unwrap().fingerprint, "a");
        std::fs::write(dir.path().join(FILE), "{ not json").unwrap();
        assert!(Cache::load(dir.path()).is_none());
    }
}
