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
    root: &Path,
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
        return if root.join("media").join(file).is_file() {
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

/// Maps an image reference to its served URL. References are relative to the article's
/// folder, or to the content root when they start with `/` or `media/`; they must point
/// at an existing file inside `content/media/`.
pub fn resolve_media(
    root: &Path,
    base: &Path,
    dest: &str,
    base_path: &str,
) -> Result<String, String> {
    if is_remote(dest) {
        return Err(format!(
            "remote image {dest:?}: save the file under content/media/ instead of linking it"
        ));
    }
    let candidates = if let Some(abs) = dest.strip_prefix('/') {
        vec![root.join(abs)]
    } else {
        vec![base.join(dest), root.join(dest)]
    };
    let media = normalize(&root.join("media"));
    for candidate in candidates {
        let candidate = normalize(&candidate);
        if let Ok(rel) = candidate.strip_prefix(&media) {
            if candidate.is_file() {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                return Ok(format!("{base_path}{MEDIA_DIR}{}", rel.join("/")));
            }
        }
    }
    Err(format!(
        "image not found: {dest:?} (media files live in content/media/)"
    ))
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
