//! The output layer: bundles computed from a loaded site, written atomically.

use crate::diagnostic::Diagnostic;
use crate::site::{resolve_media, Site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_model::{
    paths, Article, ArticleBundle, ArticleSummary, Banner, SiteInfo, SiteManifest, VideoSource,
    SCHEMA_VERSION,
};

/// How many entries each list carries.
pub const LATEST_LEN: usize = 20;
pub const FEATURED_LEN: usize = 10;
pub const NEWER_LEN: usize = 5;
pub const SAME_CATEGORY_LEN: usize = 10;

/// Every file of the output, keyed by its path below the output folder.
pub fn render(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    files.insert(
        rel(paths::SITE),
        serde_json::to_vec(&manifest(site)).expect("bundles serialise"),
    );
    for (i, article) in site.articles.iter().enumerate() {
        let bundle = article_bundle(&site.articles, i);
        files.insert(
            rel(&paths::article(&article.slug)),
            serde_json::to_vec(&bundle).expect("bundles serialise"),
        );
    }
    files
}

/// Paths in `trangtin_model::paths` start at the site root; the output folder is `content/`.
fn rel(path: &str) -> String {
    path.strip_prefix(paths::ROOT)
        .map(|p| p.trim_start_matches('/').to_string())
        .unwrap_or_else(|| path.to_string())
}

pub fn manifest(site: &Site) -> SiteManifest {
    let c = &site.config;
    let media = |p: &str| resolve_media(&site.root, &site.root, p).unwrap_or_default();
    let summaries = site.articles.iter().map(Article::summary);
    SiteManifest {
        schema_version: SCHEMA_VERSION,
        site: SiteInfo {
            name: c.site.name.clone(),
            tagline: c.site.tagline.clone(),
            base_url: c.site.base_url.trim_end_matches('/').to_string(),
            language: c.site.language.clone(),
            logo: c.site.logo.as_deref().map(media),
            contact: c.site.contact.clone(),
        },
        categories: c.categories.clone(),
        menu: c.menu(),
        latest: summaries.clone().take(LATEST_LEN).collect(),
        featured: summaries
            .filter(|a| a.featured)
            .take(FEATURED_LEN)
            .collect(),
        // Filled from a views file once there are real views; never invented.
        most_read: Vec::new(),
        banners: c
            .banners
            .iter()
            .map(|b| Banner {
                image: media(&b.image),
                ..b.clone()
            })
            .collect(),
        videos: c
            .videos()
            .into_iter()
            .map(|mut v| {
                v.poster = v.poster.as_deref().map(media);
                if let VideoSource::File { src } = &mut v.source {
                    *src = media(src);
                }
                v
            })
            .collect(),
        linked_sites: c.linked_sites.clone(),
        fanpage: c.fanpage.clone(),
    }
}

/// `articles` is newest first; `i` is the article's index in it.
pub fn article_bundle(articles: &[Article], i: usize) -> ArticleBundle {
    let article = &articles[i];
    let same = |a: &&Article| a.category == article.category;
    let newer: Vec<ArticleSummary> = articles[..i]
        .iter()
        .rev()
        .filter(same)
        .take(NEWER_LEN)
        .map(Article::summary)
        .collect();
    let same_category = articles[i + 1..]
        .iter()
        .filter(same)
        .take(SAME_CATEGORY_LEN)
        .map(Article::summary)
        .collect();
    ArticleBundle {
        schema_version: SCHEMA_VERSION,
        article: article.clone(),
        newer,
        same_category,
    }
}

pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `files` and the media folder into `out`, replacing it only once everything is
/// written, so a failed build leaves the previous output intact.
pub fn write(
    site: &Site,
    files: &BTreeMap<String, Vec<u8>>,
    out: &Path,
) -> Result<Written, Diagnostic> {
    let io =
        |path: &Path, e: std::io::Error| Diagnostic::new(path, 1, format!("cannot write: {e}"));
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "content".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let mut written = Written { files: 0, bytes: 0 };
    for (rel, bytes) in files {
        let path = staging.join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).map_err(|e| io(&path, e))?;
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
        written.files += 1;
        written.bytes += bytes.len() as u64;
    }
    let media = site.root.join("media");
    if media.is_dir() {
        copy_dir(&media, &staging.join("media"), &mut written).map_err(|e| io(&media, e))?;
    }
    let old: PathBuf = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| io(out, e))?;
    }
    std::fs::rename(&staging, out).map_err(|e| io(out, e))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(written)
}

fn copy_dir(from: &Path, to: &Path, written: &mut Written) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst, written)?;
        } else {
            written.bytes += std::fs::copy(&src, &dst)?;
            written.files += 1;
        }
    }
    Ok(())
}
