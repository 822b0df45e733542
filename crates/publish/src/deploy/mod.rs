//! `trangtin deploy`: sends a published site to where readers get it, a folder served
//! by nginx or an S3-compatible bucket, and only what changed since the last deploy.
//!
//! The target keeps a manifest of what it holds (each file's content hash). A deploy
//! uploads the files whose hash differs, bundles and assets first and pages last, so
//! that no reader gets a page naming a file not there yet; then it deletes what the site
//! no longer has, and writes the manifest last. Files named by their content's hash (the
//! app's wasm, loader and CSS, media, search shards) stay for a grace period after they
//! leave the site, so that pages open in readers' tabs keep working. A deploy that fails
//! or is stopped leaves the previous site whole (nothing was deleted yet), and running
//! it again completes it.

pub mod folder;
pub mod s3;

use crate::tree;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The manifest's name in the target.
pub const MANIFEST: &str = ".trangtin-deploy.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// What the target holds: path → content hash.
    pub files: BTreeMap<String, String>,
    /// Content-hashed files the site no longer has, kept for open tabs: path → when
    /// they left (Unix seconds).
    #[serde(default)]
    pub retired: BTreeMap<String, i64>,
}

/// One file to send, with the headers it is served with.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its path below the site root (and below the target's root).
    pub rel: String,
    /// Where it is on this machine.
    pub from: PathBuf,
    pub content_type: &'static str,
    pub cache_control: &'static str,
    /// `br` or `gzip` for a precompressed copy.
    pub encoding: Option<&'static str>,
}

/// Where a site goes.
pub trait Target: Sync {
    /// For messages: the folder or `s3://bucket/prefix`.
    fn describe(&self) -> String;
    /// The manifest's bytes, if the target has one.
    fn manifest(&self) -> Result<Option<Vec<u8>>, String>;
    /// Sends every file; on an error some may have been sent.
    fn put_all(&self, files: &[Upload]) -> Result<(), String>;
    /// Deletes the files; one already gone is no error.
    fn delete_all(&self, paths: &[String]) -> Result<(), String>;
    fn put_manifest(&self, bytes: Vec<u8>) -> Result<(), String>;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site folder could not be read.
    #[error("{0}")]
    Site(String),
    /// The target refused or could not be reached; what was sent is listed in no
    /// manifest yet, and nothing was deleted.
    #[error("{target}: {message}")]
    Target { target: String, message: String },
}

#[derive(Debug, Default)]
pub struct Report {
    /// Files of the site.
    pub files: usize,
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub deleted: usize,
    /// Content-hashed files of earlier releases kept for open tabs.
    pub kept: usize,
    /// Requests made of the target: for a bucket, one GET of the manifest, a PUT per
    /// file sent, a DELETE per file removed, and a PUT of the manifest when it changed.
    pub requests: usize,
    pub elapsed: Duration,
}

/// Deploys the published site in `site` to `target`, as of `now` (Unix seconds); files
/// of earlier releases named by their hash are kept for `grace`.
pub fn deploy(
    site: &Path,
    target: &dyn Target,
    grace: Duration,
    now: i64,
) -> Result<Report, Error> {
    let started = Instant::now();
    let fail = |message: String| Error::Target {
        target: target.describe(),
        message,
    };
    let local = hashes(site)?;
    let held = target.manifest().map_err(fail)?;
    let before: Manifest = match &held {
        // A damaged manifest only costs sending everything again.
        Some(bytes) => serde_json::from_slice(bytes).unwrap_or_default(),
        None => Manifest::default(),
    };
    let changed: Vec<Upload> = local
        .iter()
        .filter(|(rel, hash)| before.files.get(*rel) != Some(*hash))
        .map(|(rel, _)| upload(site, rel))
        .collect();
    let (pages, first): (Vec<Upload>, Vec<Upload>) =
        changed.into_iter().partition(|u| is_page(&u.rel));
    target.put_all(&first).map_err(fail)?;
    target.put_all(&pages).map_err(fail)?;

    let mut retired = before.retired;
    retired.retain(|rel, _| !local.contains_key(rel));
    let mut delete = Vec::new();
    for rel in before.files.keys().filter(|rel| !local.contains_key(*rel)) {
        if is_immutable(rel) {
            retired.entry(rel.clone()).or_insert(now);
        } else {
            delete.push(rel.clone());
        }
    }
    let expired: Vec<String> = retired
        .iter()
        .filter(|(_, left)| now - **left >= grace.as_secs() as i64)
        .map(|(rel, _)| rel.clone())
        .collect();
    for rel in &expired {
        retired.remove(rel);
    }
    delete.extend(expired);
    target.delete_all(&delete).map_err(fail)?;
    let manifest = Manifest {
        files: local,
        retired,
    };
    let bytes = serde_json::to_vec(&manifest).map_err(|e| fail(e.to_string()))?;
    let manifest_changed = held.as_deref() != Some(&bytes[..]);
    if manifest_changed {
        target.put_manifest(bytes).map_err(fail)?;
    }
    let uploaded_bytes = first
        .iter()
        .chain(&pages)
        .filter_map(|u| std::fs::metadata(&u.from).ok())
        .map(|m| m.len())
        .sum();
    Ok(Report {
        files: manifest.files.len(),
        uploaded: first.len() + pages.len(),
        uploaded_bytes,
        deleted: delete.len(),
        kept: manifest.retired.len(),
        requests: 1 + first.len() + pages.len() + delete.len() + usize::from(manifest_changed),
        elapsed: started.elapsed(),
    })
}

/// Every file of the site with a hash that changes whenever its bytes do; the
/// publisher's own state is no part of the site.
///
/// The publish state vouches for the files it wrote and that are still as written
/// (same size and modification time): it holds the hash of their bytes, and of their
/// compressed copies, taken as it wrote them. A deploy after a publish therefore reads
/// only what the publish did not write, instead of the whole site (770 MB on 10,000
/// articles). A compressed copy counts as written with its original. Any other file is
/// read and hashed, which gives the same hash.
fn hashes(site: &Path) -> Result<BTreeMap<String, String>, Error> {
    let files = tree::list(site).map_err(|e| Error::Site(format!("{}: {e}", site.display())))?;
    if !files.contains_key("index.html") {
        return Err(Error::Site(format!(
            "{}: no published site there (no index.html): `trangtin publish` makes one",
            site.display()
        )));
    }
    let state = crate::state::State::read(site);
    let vouched = |rel: &str| -> Option<String> {
        let state = state.as_ref()?;
        let (base, coding) = match crate::compress::original_of(rel) {
            Some((base, coding)) => (base, Some(coding)),
            None => (rel, None),
        };
        let entry = state.files.get(base)?;
        if entry.stamp != *files.get(base)? {
            return None;
        }
        let hashes = entry.hashes.as_ref()?;
        match coding {
            None => Some(hashes.bytes.clone()),
            Some("br") => hashes.br.clone(),
            Some(_) => hashes.gz.clone(),
        }
    };
    files
        .par_iter()
        .filter(|(rel, _)| !rel.split('/').any(|part| part.starts_with('.')))
        .filter(|(rel, _)| !rel.ends_with(".trangtin-tmp"))
        .map(|(rel, _)| {
            if let Some(hash) = vouched(rel) {
                return Ok((rel.clone(), hash));
            }
            let path = site.join(rel);
            let bytes = std::fs::read(&path)
                .map_err(|e| Error::Site(format!("{}: {e}", path.display())))?;
            Ok((rel.clone(), crate::hash(&[&bytes])))
        })
        .collect()
}

/// Pages, and the hosting rules that go with them, are sent last.
fn is_page(rel: &str) -> bool {
    let base = original(rel);
    base.ends_with(".html") || base == "_headers"
}

/// A file named by its content's hash: never changes, may be cached for ever.
pub fn is_immutable(rel: &str) -> bool {
    let base = original(rel);
    base.starts_with("content/media/")
        || base.starts_with("content/search/h/")
        || (!base.contains('/') && crate::serving::is_hashed_asset(base))
}

/// The file a compressed copy stands for (`index.html.br` → `index.html`); any other
/// file stands for itself.
fn original(rel: &str) -> &str {
    crate::compress::original_of(rel).map_or(rel, |(base, _)| base)
}

fn upload(site: &Path, rel: &str) -> Upload {
    let (base, encoding) = match crate::compress::original_of(rel) {
        Some((base, coding)) => (base, Some(coding)),
        None => (rel, None),
    };
    Upload {
        rel: rel.to_string(),
        from: site.join(rel),
        content_type: content_type(base),
        cache_control: if is_immutable(rel) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        },
        encoding,
    }
}

/// The media type a file is served with, by its name.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "bin" => "application/octet-stream",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_immutable_and_pages_go_last() {
        assert!(is_immutable("main-0123456789abcdef.css"));
        assert!(is_immutable("trangtin-web-0123456789abcdef_bg.wasm.br"));
        assert!(is_immutable("content/media/a.3f2c9e01b4d7.jpg"));
        assert!(is_immutable("content/search/h/vocab.12ab.txt.gz"));
        assert!(!is_immutable("content/bai-viet/a.json"));
        assert!(!is_immutable("search.js"));
        assert!(is_page("bai-viet/a/index.html.gz") && is_page("_headers"));
        assert!(!is_page("content/site.json"));
    }

    #[test]
    fn a_compressed_copy_is_sent_with_the_originals_type_and_its_encoding() {
        let u = upload(Path::new("/s"), "bai-viet/a/index.html.br");
        assert_eq!(u.content_type, "text/html; charset=utf-8");
        assert_eq!(u.encoding, Some("br"));
        assert_eq!(u.cache_control, "no-cache");
        let u = upload(Path::new("/s"), "content/media/bao-cao.12ab.gz");
        assert_eq!(
            (u.content_type, u.encoding),
            ("application/octet-stream", None)
        );
    }
}
