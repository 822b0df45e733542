//! References from content to other things: images to media files, links to pages.

use crate::config::SiteConfig;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Where media files are served, below the site's base path.
pub const MEDIA_DIR: &str = "content/media/";

/// A link to a page of this site must name an article, a category or a file that exists.
pub fn check_internal_link(
    dest: &str,
    slugs: &BTreeMap<String, PathBuf>,
    config: &SiteConfig,
    media: &Media,
) -> Result<(), String> {
    let path = dest.split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_end_matches('/');
    let broken = |what: &str| Err(format!("broken internal link {dest:?}: {what}"));
    if path.is_empty() {
        return Ok(());
    }
    if let Some(slug) = path.strip_prefix("/bai-viet/") {
        return if slugs.contains_key(slug) {
            Ok(())
        } else {
            broken("no article has this slug")
        };
    }
    if let Some(slug) = path.strip_prefix("/chuyen-muc/") {
        return if config.categories.iter().any(|c| c.slug == slug) {
            Ok(())
        } else {
            broken("no such category in site.toml")
        };
    }
    if let Some(file) = path.strip_prefix(&format!("/{MEDIA_DIR}")) {
        return if media.served(file).is_some() {
            Ok(())
        } else {
            broken("no such media file")
        };
    }
    if matches!(path, "/feed.xml" | "/sitemap.xml" | "/robots.txt") || path.starts_with("/feeds/") {
        return Ok(());
    }
    broken("the site has no such page")
}

pub fn is_remote(dest: &str) -> bool {
    dest.contains("://") || dest.starts_with("//") || dest.starts_with("data:")
}

/// The files under `content/media/`, each served under a content-hashed name
/// (`banners/a.svg` → `banners/a.3f2c9e01b4d7.svg`), so a CDN may cache them forever and
/// a changed picture gets a new URL.
#[derive(Debug, Default)]
pub struct Media {
    /// The normalised `content/media` folder.
    dir: PathBuf,
    base_path: String,
    /// Path below `content/media/` (`/`-separated) → served name below it.
    served: BTreeMap<String, String>,
    /// A hash of all of `served`: what changes when any media file comes, goes or changes.
    pub set_hash: String,
    stamps: BTreeMap<String, MediaStamp>,
}

/// A media file as the build cache remembers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MediaStamp {
    pub len: u64,
    /// Nanoseconds since 1970; 0 when the file system does not say (never reused).
    pub modified_ns: u128,
    pub served: String,
}

impl Media {
    /// Hashes every media file under `root/media` (on all cores). A file whose size and
    /// modification time match `known` (the last build's) keeps its served name unread:
    /// portals hold gigabytes of photos, and a rebuild must not read them all.
    pub fn scan(
        root: &Path,
        base_path: &str,
        known: &BTreeMap<String, MediaStamp>,
    ) -> std::io::Result<Media> {
        use rayon::prelude::*;
        let dir = normalize(&root.join("media"));
        let mut files = Vec::new();
        if dir.is_dir() {
            list_files(&dir, &mut files)?;
        }
        let stamped = files
            .par_iter()
            .map(|file| {
                let rel = rel_name(file.strip_prefix(&dir).expect("inside media"));
                let meta = std::fs::metadata(file)?;
                let modified_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                let served = match known.get(&rel) {
                    Some(k)
                        if k.len == meta.len()
                            && k.modified_ns == modified_ns
                            && modified_ns != 0 =>
                    {
                        k.served.clone()
                    }
                    _ => hashed_name(&rel, xxhash_rust::xxh3::xxh3_64(&std::fs::read(file)?)),
                };
                let stamp = MediaStamp {
                    len: meta.len(),
                    modified_ns,
                    served,
                };
                Ok((rel, stamp))
            })
            .collect::<std::io::Result<BTreeMap<String, MediaStamp>>>()?;
        let served: BTreeMap<String, String> = stamped
            .iter()
            .map(|(rel, s)| (rel.clone(), s.served.clone()))
            .collect();
        let names: Vec<&[u8]> = served
            .iter()
            .flat_map(|(rel, name)| [rel.as_bytes(), name.as_bytes()])
            .collect();
        Ok(Media {
            dir,
            base_path: base_path.to_string(),
            set_hash: crate::cache::hash(&names),
            served,
            stamps: stamped,
        })
    }

    /// What the next build may reuse: each file's size, time and served name.
    pub fn stamps(&self) -> &BTreeMap<String, MediaStamp> {
        &self.stamps
    }

    /// Every media file: its path below `content/media/` and its served name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.served.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The served name of `rel` (a path below `content/media/`), where it exists.
    pub fn served(&self, rel: &str) -> Option<&str> {
        self.served.get(rel).map(String::as_str)
    }

    /// The URL a media file is served at.
    pub fn url(&self, rel: &str) -> Option<String> {
        self.served(rel)
            .map(|name| format!("{}{MEDIA_DIR}{name}", self.base_path))
    }

    /// Maps an image reference to its served URL. References are relative to `base` (the
    /// article's folder), or to the content root when they start with `/` or `media/`;
    /// they must point at an existing file inside `content/media/`. Returns the URL and
    /// the file's path below `content/media/`.
    pub fn resolve(&self, base: &Path, dest: &str) -> Result<(String, String), String> {
        if is_remote(dest) {
            return Err(format!(
                "remote image {dest:?}: save the file under content/media/ instead of linking it"
            ));
        }
        let root = self.dir.parent().unwrap_or(&self.dir);
        let dest = dest.split(['?', '#']).next().unwrap_or_default();
        let candidates = if let Some(abs) = dest.strip_prefix('/') {
            // A site URL (`/content/media/a.jpg`) or a path from the content root.
            let abs = abs.strip_prefix("content/").unwrap_or(abs);
            vec![root.join(abs)]
        } else {
            vec![base.join(dest), root.join(dest)]
        };
        for candidate in candidates {
            let candidate = normalize(&candidate);
            if let Ok(rel) = candidate.strip_prefix(&self.dir) {
                let rel = rel_name(rel);
                if let Some(url) = self.url(&rel) {
                    return Ok((url, rel));
                }
            }
        }
        Err(format!(
            "image not found: {dest:?} (media files live in content/media/)"
        ))
    }
}

fn rel_name(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `dir/name.ext` → `dir/name.<12 hex digits>.ext`.
fn hashed_name(rel: &str, hash: u64) -> String {
    let hash = format!("{:012x}", hash >> 16);
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

pub fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        // The entry's type comes with the listing; only a symbolic link needs a look.
        let kind = entry.file_type()?;
        if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_media_keeps_its_name_without_being_read_and_changed_media_is_hashed() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("media")).unwrap();
        std::fs::write(root.path().join("media/a.svg"), "<svg/>").unwrap();
        let first = Media::scan(root.path(), "/", &BTreeMap::new()).unwrap();
        let name = first.served("a.svg").unwrap().to_string();
        // A stamp that matches size and time is trusted: its name comes back unread.
        let mut known = first.stamps().clone();
        known.get_mut("a.svg").unwrap().served = "a.remembered.svg".into();
        let again = Media::scan(root.path(), "/", &known).unwrap();
        assert_eq!(again.served("a.svg"), Some("a.remembered.svg"));
        // Another time (an edit) means hashing again.
        known.get_mut("a.svg").unwrap().modified_ns += 1;
        let edited = Media::scan(root.path(), "/", &known).unwrap();
        assert_eq!(edited.served("a.svg"), Some(name.as_str()));
    }

    #[test]
    fn hashed_names_keep_folder_and_extension() {
        assert_eq!(hashed_name("a.svg", 0xabc << 16), "a.000000000abc.svg");
        assert_eq!(
            hashed_name("banners/x.y.png", 1 << 16),
            "banners/x.y.000000000001.png"
        );
        assert_eq!(hashed_name("LICENSE", 0), "LICENSE.000000000000");
        assert_eq!(hashed_name(".hidden", 0), ".hidden.000000000000");
    }
}
