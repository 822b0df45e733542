//! The domain layer: a loaded, validated site.

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::slug::{is_valid_slug, slugify};
use crate::source::Source;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_model::{sanitize, Article, Timestamp};

use crate::refs::{check_internal_link, is_remote};
pub use crate::refs::{Media, MEDIA_DIR};

/// An article file's outcome: published, a draft (`None`), or its problems.
type Loaded = Result<Option<(Article, Vec<(usize, String)>)>, Vec<Diagnostic>>;

pub struct Site {
    pub root: PathBuf,
    /// The path the site is served under: `/`, or `/portal/` for a sub-path.
    pub base_path: String,
    pub config: SiteConfig,
    /// The media files and their served, content-hashed names.
    pub media: Media,
    /// Published articles, newest first (ties by slug).
    pub articles: Vec<Article>,
    /// Visit statistics, where the site has them.
    pub stats: Option<trangtin_model::Stats>,
    /// Views per article slug, where the site has them.
    pub views: BTreeMap<String, u64>,
}

impl Site {
    /// Loads and validates everything under `root`, reporting every problem found, each
    /// with its path as seen from the folder that holds `root`.
    pub fn load(root: &Path, base_path: &str) -> Result<Site, Vec<Diagnostic>> {
        Site::load_inner(root, base_path).map_err(|mut problems| {
            let base = root.parent().unwrap_or(root);
            for p in &mut problems {
                if let Ok(rel) = p.file.strip_prefix(base) {
                    p.file = rel.to_path_buf();
                }
            }
            problems
        })
    }

    fn load_inner(root: &Path, base_path: &str) -> Result<Site, Vec<Diagnostic>> {
        let config = SiteConfig::load(&root.join("site.toml"))?;
        let media = Media::scan(root, base_path).map_err(|e| {
            vec![Diagnostic::new(
                root.join("media"),
                1,
                format!("cannot read media: {e}"),
            )]
        })?;
        let offset = config.offset_minutes().unwrap_or(420);
        let mut problems = Vec::new();
        let mut articles = Vec::new();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut links_to_check = Vec::new();
        let files = article_files(&root.join("articles"), &mut problems);
        let progress = crate::progress::bar(files.len() as u64, "đọc bài viết");
        // Reading, rendering and sanitising are independent per article: all cores.
        let loaded: Vec<(PathBuf, Loaded)> = files
            .par_iter()
            .map(|path| {
                let shown = path
                    .strip_prefix(root.parent().unwrap_or(root))
                    .unwrap_or(path)
                    .to_path_buf();
                let result = match std::fs::read_to_string(path) {
                    Ok(text) => load_article(path, &shown, &text, &config, &media, offset),
                    Err(e) => Err(vec![Diagnostic::new(
                        &shown,
                        1,
                        format!("cannot read: {e}"),
                    )]),
                };
                progress.inc(1);
                (shown, result)
            })
            .collect();
        progress.finish_and_clear();
        for (shown, result) in loaded {
            match result {
                Ok(None) => {}
                Ok(Some((article, links))) => {
                    for (line, dest) in links {
                        links_to_check.push((shown.clone(), line, dest));
                    }
                    if let Some(first) = seen.get(&article.slug) {
                        problems.push(Diagnostic::new(
                            &shown,
                            1,
                            format!(
                                "duplicate slug {:?}: also used by {}",
                                article.slug,
                                first.display()
                            ),
                        ));
                    } else {
                        seen.insert(article.slug.clone(), shown.clone());
                        articles.push(article);
                    }
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        for (shown, line, dest) in links_to_check {
            if let Err(message) = check_internal_link(&dest, &seen, &config, &media) {
                problems.push(Diagnostic::new(&shown, line, message));
            }
        }
        let config_path = root.join("site.toml");
        for url in config.media_refs() {
            if let Err(message) = media.resolve(root, url) {
                problems.push(Diagnostic::new(&config_path, 1, message));
            }
        }
        let stats = crate::data::load_stats(&root.join("stats.toml"), offset)
            .map_err(|d| problems.push(d))
            .ok()
            .flatten();
        let views = crate::data::load_views(&root.join("views.json"))
            .map_err(|d| problems.push(d))
            .unwrap_or_default();
        if !problems.is_empty() {
            problems.sort();
            return Err(problems);
        }
        articles.sort_by(|a, b| {
            b.published
                .unix_seconds()
                .cmp(&a.published.unix_seconds())
                .then_with(|| a.slug.cmp(&b.slug))
        });
        Ok(Site {
            root: root.to_path_buf(),
            base_path: base_path.to_string(),
            config,
            media,
            articles,
            stats,
            views,
        })
    }
}

impl SiteConfig {
    /// Every media path the config refers to.
    pub fn media_refs(&self) -> impl Iterator<Item = &str> {
        self.site
            .logo
            .iter()
            .chain(self.banners.iter().map(|b| &b.image))
            .chain(self.videos.iter().filter_map(|v| v.poster.as_ref()))
            .chain(self.videos.iter().filter_map(|v| v.file.as_ref()))
            .map(String::as_str)
    }
}

fn article_files(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::new(&d, 1, format!("cannot read folder: {e}")));
                continue;
            }
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md" || e == "html") {
                files.push(p);
            }
        }
    }
    // Sorted so that diagnostics and "first" in duplicate reports are deterministic.
    files.sort();
    files
}

fn load_article(
    path: &Path,
    shown: &Path,
    text: &str,
    config: &SiteConfig,
    media: &Media,
    offset: i16,
) -> Loaded {
    let src = Source::parse(shown, text).map_err(|d| vec![d])?;
    let fm = &src.front;
    if fm.draft {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut report = |key: &str, message: String| {
        problems.push(Diagnostic::new(shown, src.key_line(key), message))
    };

    let title = fm
        .title
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if title.is_empty() {
        report(
            "title",
            "missing title: add `title = \"...\"` to the front matter".into(),
        );
    }
    let published = match &fm.date {
        None => {
            report(
                "date",
                "missing date: add `date = 2024-06-25` to the front matter".into(),
            );
            None
        }
        Some(value) => {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Timestamp::parse(&text, offset)
                .map_err(|e| report("date", e.to_string()))
                .ok()
        }
    };
    let category = fm
        .category
        .clone()
        .or_else(|| fm.categories.first().cloned())
        .unwrap_or_default();
    if category.is_empty() {
        report(
            "category",
            "missing category: add `category = \"...\"` to the front matter".into(),
        );
    } else if !config.categories.iter().any(|c| c.slug == category) {
        let known: Vec<&str> = config.categories.iter().map(|c| c.slug.as_str()).collect();
        report(
            "category",
            format!(
                "unknown category {category:?}; site.toml defines {}",
                known.join(", ")
            ),
        );
    }
    let slug = match &fm.slug {
        Some(s) if is_valid_slug(s) => s.clone(),
        Some(s) => {
            report(
                "slug",
                format!("slug {s:?} must be lowercase ASCII words joined by hyphens"),
            );
            String::new()
        }
        None => slugify(&title),
    };
    if slug.is_empty() && !title.is_empty() && fm.slug.is_none() {
        report(
            "title",
            "the title gives an empty slug: set `slug = \"...\"`".into(),
        );
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let thumbnail = fm.thumbnail.as_deref().and_then(|t| {
        media
            .resolve(folder, t)
            .map(|(url, _)| url)
            .map_err(|m| report("thumbnail", m))
            .ok()
    });

    let mut body_problems = Vec::new();
    let resolve = |dest: &str| match media.resolve(folder, dest) {
        Err(_) if !config.site.check_media && !is_remote(dest) => Ok(dest.to_string()),
        found => found.map(|(url, _)| url),
    };
    // A link to a media file (`/content/media/plan.pdf`) follows the file's served name.
    let link = |dest: &str| {
        dest.strip_prefix(&format!("/{MEDIA_DIR}"))
            .and_then(|rel| media.url(rel))
    };
    // An .html article's body is HTML already; its references are mapped the same way,
    // and it goes through the same sanitiser.
    let is_html = path.extension().is_some_and(|e| e == "html");
    let rendered = if is_html {
        markdown::render_html(src.body, src.body_line, resolve, link, &mut body_problems)
    } else {
        markdown::render(src.body, src.body_line, resolve, link, &mut body_problems)
    };
    problems.extend(markdown::to_diagnostics(shown, body_problems));

    if !problems.is_empty() {
        return Err(problems);
    }
    let lead_words = fm
        .lead
        .as_deref()
        .map_or(0, |l| l.split_whitespace().count() as u32);
    let body = sanitize(&rendered.html);
    let article = Article {
        slug,
        title,
        published: published.expect("checked above"),
        category,
        tags: fm.tags.clone(),
        lead: fm.lead.clone(),
        summary: fm.summary.clone().or_else(|| fm.lead.clone()),
        thumbnail,
        word_count: if is_html {
            markdown::html_words(body.as_str())
        } else {
            rendered.word_count
        } + lead_words,
        body,
        byline: fm.author.clone(),
        votes: fm.votes,
        featured: fm.featured,
        sample: fm.sample,
    };
    Ok(Some((article, rendered.internal_links)))
}
