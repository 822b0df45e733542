//! The domain layer: a loaded, validated site.

use crate::cache::{self, Cache, CachedSource, Hash};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Kind};
use crate::markdown;
use crate::schedule::{Schedule, Visibility};
use crate::slug::{is_valid_slug, slugify};
use crate::source::Source;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_model::{sanitize_with_pictures, Article, Timestamp};

use crate::refs::{check_internal_link, is_remote};
pub use crate::refs::{Media, Photos, MEDIA_DIR};

/// An article file's outcome: published, a draft (`None`), or its problems.
type Loaded = Result<Option<Parsed>, Vec<Diagnostic>>;

/// An article file read for a build: its hash, whether it was parsed now (rather than
/// taken from the build cache), and what it gave.
type Read = Result<(Hash, bool, Option<Parsed>), Vec<Diagnostic>>;

/// What parsing an article file gives.
pub struct Parsed {
    pub article: Article,
    /// Links to pages of this site, with their lines.
    pub links: Vec<(usize, String)>,
    /// The media files referred to, with their served names.
    pub media: Vec<(String, String)>,
    /// Whether a reference was left unresolved (`check_media = false`).
    pub unresolved: bool,
    pub schedule: Schedule,
    /// What a reader can live with: images left out, an empty body.
    pub warnings: Vec<Diagnostic>,
}

/// Where a published article came from.
pub struct ArticleSource {
    pub path: PathBuf,
    /// The path as diagnostics show it.
    pub shown: PathBuf,
    pub hash: Hash,
    pub links: Vec<(usize, String)>,
    pub media: Vec<(String, String)>,
    pub unresolved: bool,
    /// What the article's rendering depends on: its bytes and the served names of the
    /// media it refers to (all media, when a reference was left unresolved).
    pub key: Hash,
    /// Whether the article's body was parsed in this build (or is re-read on demand).
    pub has_body: bool,
    pub schedule: Schedule,
    /// Its warnings, for the build cache.
    pub warnings: Vec<Diagnostic>,
}

pub struct Site {
    pub root: PathBuf,
    /// The path the site is served under: `/`, or `/portal/` for a sub-path.
    pub base_path: String,
    pub config: SiteConfig,
    /// The media files and their served, content-hashed names.
    pub media: Media,
    /// Published articles, newest first (ties by slug). Articles reused from the build
    /// cache have an empty body; [`Site::full_article`] reads it.
    pub articles: Vec<Article>,
    /// Where each of `articles` came from, in the same order.
    pub sources: Vec<ArticleSource>,
    /// Expired and archived: their pages stay, no list shows them. Newest first.
    pub archived: Vec<(Article, ArticleSource)>,
    /// Scheduled for later, or withdrawn: nowhere in the output.
    held: Vec<(Article, ArticleSource)>,
    /// With `keep_going`: the problems of the articles left out.
    pub left_out: Vec<Diagnostic>,
    /// With `keep_going`: what the published articles lack that a reader can live with
    /// (images left out, broken links, empty bodies). Without it they fail the load.
    pub warnings: Vec<Diagnostic>,
    /// Old addresses and where they lead now (`content/_redirects`).
    pub redirects: Vec<crate::redirects::Redirect>,
    /// Drafts: their paths as shown, and hashes.
    drafts: Vec<(PathBuf, Hash)>,
    /// The time the site is published for (Unix seconds), and the next time after it at
    /// which an article goes live or expires.
    pub now: i64,
    pub next_change: Option<i64>,
    /// What every article and bundle depends on besides the article files.
    pub fingerprint: Hash,
    /// Visit statistics, where the site has them.
    pub stats: Option<trangtin_model::Stats>,
    /// Views per article slug, where the site has them.
    pub views: BTreeMap<String, u64>,
}

impl Site {
    /// Loads and validates everything under `root`, reporting every problem found, each
    /// with its path as seen from the folder that holds `root`.
    pub fn load(root: &Path, base_path: &str, now: i64) -> Result<Site, Vec<Diagnostic>> {
        Site::load_cached(root, base_path, None, now, false, Photos::Inspect)
    }

    /// Like [`Site::load`], reusing what `cache` remembers of article files whose bytes
    /// did not change.
    ///
    /// With `keep_going`, an article with a problem of its own (front matter that does not
    /// parse, an unknown category, a duplicate slug, a broken body) is left out and the
    /// rest of the site loads: its problems go to [`Site::left_out`], with the broken
    /// internal links of the others, and a picture of the site's side parts (a banner, a
    /// poster) that cannot be published is left out the same way. Problems of the site
    /// itself still fail the load.
    ///
    /// `photos` says whether the variants of new photos are made (into the output folder).
    pub fn load_cached(
        root: &Path,
        base_path: &str,
        cache: Option<&Cache>,
        now: i64,
        keep_going: bool,
        photos: Photos<'_>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let base = root.parent().unwrap_or(root);
        let relative = |problems: &mut Vec<Diagnostic>| {
            for p in problems {
                if let Ok(rel) = p.file.strip_prefix(base) {
                    p.file = rel.to_path_buf();
                }
            }
        };
        match Site::load_inner(root, base_path, cache, now, keep_going, photos) {
            Ok(mut site) => {
                relative(&mut site.left_out);
                relative(&mut site.warnings);
                Ok(site)
            }
            Err(mut problems) => {
                relative(&mut problems);
                Err(problems)
            }
        }
    }

    fn load_inner(
        root: &Path,
        base_path: &str,
        cache: Option<&Cache>,
        now: i64,
        keep_going: bool,
        photos: Photos<'_>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let fingerprint = cache::fingerprint(root, base_path);
        let cache = cache.filter(|c| c.fingerprint == fingerprint);
        let config = SiteConfig::load(&root.join("site.toml"), base_path)?;
        let no_stamps = BTreeMap::new();
        let known = cache.map_or(&no_stamps, |c| &c.media);
        let max_pixels = config.images.max_pixels();
        let media = Media::scan(root, base_path, known, photos, max_pixels).map_err(|e| {
            vec![Diagnostic::new(
                root.join("media"),
                1,
                format!("cannot read media: {e}"),
            )]
        })?;
        let offset = config.offset_minutes().unwrap_or(420);
        let mut problems = Vec::new();
        // An article's own problems: the site's, or with `keep_going`, the article's alone.
        let mut own: Vec<Diagnostic> = Vec::new();
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut links_to_check = Vec::new();
        let mut warnings = Vec::new();
        let files = article_files(&root.join("articles"), &mut problems);
        let progress = crate::progress::bar(files.len() as u64, "đọc bài viết");
        // Reading, rendering and sanitising are independent per article: all cores.
        let loaded: Vec<(PathBuf, PathBuf, Read)> = files
            .par_iter()
            .map(|path| {
                let shown = path
                    .strip_prefix(root.parent().unwrap_or(root))
                    .unwrap_or(path)
                    .to_path_buf();
                let result = read_article(path, &shown, &config, &media, offset, cache);
                progress.inc(1);
                (path.clone(), shown, result)
            })
            .collect();
        progress.finish_and_clear();
        let mut published = Vec::new();
        let mut drafts = Vec::new();
        for (path, shown, result) in loaded {
            match result {
                Ok((hash, _, None)) => drafts.push((shown, hash)),
                Ok((hash, fresh, Some(parsed))) => {
                    warnings.extend(parsed.warnings.iter().cloned());
                    for (line, dest) in &parsed.links {
                        links_to_check.push((shown.clone(), *line, dest.clone()));
                    }
                    let slug = &parsed.article.slug;
                    if let Some(first) = seen.get(slug) {
                        own.push(Diagnostic::new(
                            &shown,
                            1,
                            format!("duplicate slug {slug:?}: also used by {}", first.display()),
                        ));
                    } else {
                        seen.insert(slug.clone(), shown.clone());
                        let mut parts: Vec<&[u8]> = vec![hash.as_bytes()];
                        for (rel, served) in &parsed.media {
                            parts.extend([rel.as_bytes(), served.as_bytes()]);
                        }
                        if parsed.unresolved {
                            parts.push(media.set_hash.as_bytes());
                        }
                        let key = cache::hash(&parts);
                        published.push((
                            parsed.article,
                            ArticleSource {
                                path,
                                shown,
                                hash,
                                links: parsed.links,
                                media: parsed.media,
                                unresolved: parsed.unresolved,
                                key,
                                has_body: fresh,
                                schedule: parsed.schedule,
                                warnings: parsed.warnings,
                            },
                        ));
                    }
                }
                Err(mut p) => own.append(&mut p),
            }
        }
        for (shown, line, dest) in links_to_check {
            if let Err(message) = check_internal_link(&dest, &seen, &config, &media) {
                warnings.push(Diagnostic::warning(&shown, line, Kind::BrokenLink, message));
            }
        }
        let mut left_out = Vec::new();
        if keep_going {
            own.sort();
            left_out = own;
            warnings.sort();
        } else {
            problems.append(&mut own);
            problems.append(&mut warnings);
        }
        let config_path = root.join("site.toml");
        let mut config_text = None;
        for url in config.media_refs() {
            if let Err(message) = media.resolve(root, url) {
                let text = config_text.get_or_insert_with(|| {
                    std::fs::read_to_string(&config_path).unwrap_or_default()
                });
                let line = text
                    .find(&format!("\"{url}\""))
                    .map_or(1, |at| crate::diagnostic::line_of(text, at));
                let problem = Diagnostic::new(&config_path, line, message);
                // A photo that is there but broken leaves its banner or poster out; a
                // missing file is a mistake in site.toml.
                if keep_going && media.is_broken(root, url) {
                    left_out.push(problem);
                } else {
                    problems.push(problem);
                }
            }
        }
        // Old addresses kept: a rule that does not read is the site's problem; one that
        // leads to no page of the site, a warning.
        let redirects = crate::redirects::load(root)
            .map_err(|d| problems.push(d))
            .unwrap_or_default();
        for r in &redirects {
            if r.to.starts_with('/') {
                if let Err(message) = check_internal_link(&r.to, &seen, &config, &media) {
                    let file = root.join(crate::redirects::FILE);
                    let warning = Diagnostic::warning(&file, r.line, Kind::BrokenLink, message);
                    if keep_going {
                        warnings.push(warning);
                    } else {
                        problems.push(warning);
                    }
                }
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
        published.sort_by(|(a, _), (b, _)| {
            b.published
                .unix_seconds()
                .cmp(&a.published.unix_seconds())
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let next_change = published
            .iter()
            .filter_map(|(_, s)| s.schedule.next_change(now))
            .min();
        let (mut listed, mut archived, mut held) = (Vec::new(), Vec::new(), Vec::new());
        for entry in published {
            match entry.1.schedule.at(now) {
                Visibility::Listed => listed.push(entry),
                Visibility::Archived => archived.push(entry),
                Visibility::Hidden => held.push(entry),
            }
        }
        let (articles, sources) = listed.into_iter().unzip();
        Ok(Site {
            root: root.to_path_buf(),
            base_path: base_path.to_string(),
            config,
            media,
            articles,
            sources,
            archived,
            held,
            left_out,
            warnings,
            redirects,
            drafts,
            now,
            next_change,
            fingerprint,
            stats,
            views,
        })
    }
}

impl Site {
    /// Article `i` with its body, re-read from its file if the build cache supplied it.
    pub fn full_article(&self, i: usize) -> Result<std::borrow::Cow<'_, Article>, Diagnostic> {
        self.full(&self.articles[i], &self.sources[i])
    }

    /// `article` (from `source`) with its body.
    pub fn full<'s>(
        &'s self,
        article: &'s Article,
        source: &ArticleSource,
    ) -> Result<std::borrow::Cow<'s, Article>, Diagnostic> {
        if source.has_body {
            return Ok(std::borrow::Cow::Borrowed(article));
        }
        let changed = || {
            Diagnostic::new(
                &source.shown,
                1,
                "the file changed during the build: build again",
            )
        };
        let offset = self.config.offset_minutes().unwrap_or(420);
        let bytes = std::fs::read(&source.path)
            .map_err(|e| Diagnostic::new(&source.shown, 1, format!("cannot read: {e}")))?;
        if cache::hash(&[&bytes]) != source.hash {
            return Err(changed());
        }
        let text = String::from_utf8(bytes).map_err(|_| changed())?;
        match load_article(
            &source.path,
            &source.shown,
            &text,
            &self.config,
            &self.media,
            offset,
        ) {
            Ok(Some(parsed)) => Ok(std::borrow::Cow::Owned(parsed.article)),
            _ => Err(changed()),
        }
    }

    /// What the build cache should remember of this site's article files.
    pub fn cached_sources(&self) -> BTreeMap<String, CachedSource> {
        let mut out = BTreeMap::new();
        let all = self
            .articles
            .iter()
            .zip(&self.sources)
            .chain(self.archived.iter().chain(&self.held).map(|(a, s)| (a, s)));
        for (a, source) in all {
            // Field by field: cloning the body only to drop it would copy every body.
            let article = Article {
                slug: a.slug.clone(),
                title: a.title.clone(),
                published: a.published,
                category: a.category.clone(),
                tags: a.tags.clone(),
                lead: a.lead.clone(),
                summary: a.summary.clone(),
                thumbnail: a.thumbnail.clone(),
                thumbnail_alt: a.thumbnail_alt.clone(),
                body: trangtin_model::sanitize(""),
                byline: a.byline.clone(),
                source: a.source.clone(),
                word_count: a.word_count,
                votes: a.votes,
                featured: a.featured,
                sample: a.sample,
            };
            out.insert(
                source.shown.to_string_lossy().into_owned(),
                CachedSource {
                    hash: source.hash.clone(),
                    article: Some(article),
                    links: source.links.clone(),
                    media: source.media.clone(),
                    media_set: source.unresolved.then(|| self.media.set_hash.clone()),
                    schedule: source.schedule,
                    warnings: source
                        .warnings
                        .iter()
                        .map(|d| (d.line, d.kind, d.message.clone()))
                        .collect(),
                },
            );
        }
        for (shown, hash) in &self.drafts {
            out.insert(
                shown.to_string_lossy().into_owned(),
                CachedSource {
                    hash: hash.clone(),
                    article: None,
                    links: Vec::new(),
                    media: Vec::new(),
                    media_set: None,
                    schedule: Schedule::default(),
                    warnings: Vec::new(),
                },
            );
        }
        out
    }
}

/// Reads one article file: from the cache when its bytes and media are unchanged,
/// else by parsing it. Gives the file's hash, whether it was parsed, and the result.
fn read_article(
    path: &Path,
    shown: &Path,
    config: &SiteConfig,
    media: &Media,
    offset: i16,
    cache: Option<&Cache>,
) -> Read {
    let fail = |message: String| vec![Diagnostic::new(shown, 1, message)];
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    let hash = cache::hash(&[&bytes]);
    let cached = cache
        .and_then(|c| c.sources.get(shown.to_string_lossy().as_ref()))
        .filter(|c| {
            c.hash == hash
                && c.media_set.as_ref().is_none_or(|h| *h == media.set_hash)
                && c.media
                    .iter()
                    .all(|(rel, served)| media.served(rel) == Some(served.as_str()))
        });
    if let Some(c) = cached {
        let parsed = c.article.clone().map(|article| Parsed {
            article,
            links: c.links.clone(),
            media: c.media.clone(),
            unresolved: c.media_set.is_some(),
            schedule: c.schedule,
            warnings: c
                .warnings
                .iter()
                .map(|(line, kind, message)| Diagnostic::warning(shown, *line, *kind, message))
                .collect(),
        });
        return Ok((hash, false, parsed));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| fail(format!("cannot read: not UTF-8 text ({e})")))?;
    let parsed = load_article(path, shown, &text, config, media, offset)?;
    Ok((hash, true, parsed))
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
            // The entry's own type (no extra stat); a symlink is followed.
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => p.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => p.is_dir(),
            };
            if is_dir {
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
    let text = normalise(text);
    let src = Source::parse(shown, &text).map_err(|d| vec![d])?;
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
    let mut time = |key: &str, value: &Option<toml::Value>| {
        let text = match value.as_ref()? {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Timestamp::parse(&text, offset)
            .map(|t| t.unix_seconds())
            .map_err(|e| report(key, e.to_string()))
            .ok()
    };
    let schedule = Schedule {
        publish_at: time("publish_at", &fm.publish_at),
        expire_at: time("expire_at", &fm.expire_at),
        withdraw: match fm.on_expiry.as_deref() {
            None | Some("archive") => false,
            Some("withdraw") => true,
            Some(other) => {
                report(
                    "on_expiry",
                    format!("on_expiry {other:?} must be \"archive\" or \"withdraw\""),
                );
                false
            }
        },
    };
    if let (Some(from), Some(until)) = (schedule.publish_at, schedule.expire_at) {
        if until <= from {
            report(
                "expire_at",
                "expire_at comes before publish_at: the article would never show".into(),
            );
        }
    }
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
    // The media files used, for the build cache, and whether one was left unresolved.
    let used = std::cell::RefCell::new((Vec::new(), false));
    let record = |rel: &str| {
        if let Some(served) = media.served(rel) {
            used.borrow_mut()
                .0
                .push((rel.to_string(), served.to_string()));
        }
    };
    // What a reader can live with: the article publishes without it.
    let mut warnings: Vec<Diagnostic> = src
        .unknown
        .iter()
        .map(|key| {
            Diagnostic::warning(
                shown,
                src.key_line(key),
                Kind::UnknownField,
                format!("front-matter field `{key}` is not used here and is ignored"),
            )
        })
        .collect();
    let thumbnail = fm.thumbnail.as_deref().and_then(|t| {
        media
            .resolve(folder, t)
            .map(|(_, rel)| {
                record(&rel);
                media.picture(&rel).expect("a resolved file is served")
            })
            .map_err(|m| {
                let kind = if is_remote(t) {
                    Kind::RemoteImage
                } else {
                    Kind::MissingImage
                };
                warnings.push(Diagnostic::warning(
                    shown,
                    src.key_line("thumbnail"),
                    kind,
                    m,
                ));
            })
            .ok()
    });

    let mut body_problems = Vec::new();
    let resolve = |dest: &str| match media.resolve(folder, dest) {
        Err(_) if !config.site.check_media && !is_remote(dest) => {
            used.borrow_mut().1 = true;
            Ok(dest.to_string())
        }
        found => found.map(|(url, rel)| {
            record(&rel);
            url
        }),
    };
    // A link to a media file (`/content/media/plan.pdf`) follows the file's served name.
    let link = |dest: &str| {
        let rel = dest.strip_prefix(&format!("/{MEDIA_DIR}"))?;
        let url = media.url(rel)?;
        record(rel);
        Some(url)
    };
    // An .html article's body is HTML already; its references are mapped the same way,
    // and it goes through the same sanitiser.
    let is_html = path.extension().is_some_and(|e| e == "html");
    let rendered = if is_html {
        markdown::render_html(src.body, src.body_line, resolve, link, &mut body_problems)
    } else if crate::shortcodes::has_tags(src.body) {
        // Another generator's shortcodes and Liquid tags: ours where they have a meaning
        // here, else left out and named.
        let converted = crate::shortcodes::convert(src.body);
        for (line, message) in converted.dropped {
            warnings.push(Diagnostic::warning(
                shown,
                src.body_line + line - 1,
                Kind::Template,
                message,
            ));
        }
        markdown::render(
            &converted.text,
            src.body_line,
            resolve,
            link,
            &mut body_problems,
        )
    } else {
        markdown::render(src.body, src.body_line, resolve, link, &mut body_problems)
    };
    if !body_problems.is_empty() {
        // A file added later may fill the gap: the build cache looks at all media again.
        used.borrow_mut().1 = true;
    }
    warnings.extend(markdown::to_diagnostics(shown, body_problems));
    if src.body.trim().is_empty() {
        warnings.push(Diagnostic::warning(
            shown,
            src.body_line,
            Kind::EmptyBody,
            "the body is empty: readers see only the title",
        ));
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    let lead_words = fm
        .lead
        .as_deref()
        .map_or(0, |l| l.split_whitespace().count() as u32);
    let body = {
        let used = used.borrow();
        sanitize_with_pictures(&rendered.html, &rendered.formulas, |src| {
            used.0
                .iter()
                .find(|(rel, _)| media.url(rel).as_deref() == Some(src))
                .and_then(|(rel, _)| media.picture(rel))
        })
        .without_repeated_title(&title)
    };
    // Without a thumbnail of its own, an article shows its first photo in lists and on
    // share cards, as portals do.
    let thumbnail = thumbnail.or_else(|| {
        used.borrow()
            .0
            .iter()
            .filter_map(|(rel, _)| media.picture(rel))
            .find(|p| !p.widths.is_empty())
    });
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
        source: fm.source.clone().filter(|s| !s.trim().is_empty()),
        thumbnail_alt: fm.thumbnail_alt.clone().filter(|s| !s.trim().is_empty()),
        votes: fm.votes,
        featured: fm.featured,
        sample: fm.sample,
    };
    let (media, unresolved) = used.into_inner();

    Ok(Some(Parsed {
        article,
        links: rendered.internal_links,
        media,
        unresolved,
        schedule,
        warnings,
    }))
}

/// Text as pasted from Word or the web, made plain: Vietnamese letters composed (NFC: a
/// decomposed "ệ" is one letter for search, slugs and fonts), and zero-width spaces and
/// stray byte-order marks taken out (invisible, they split words). Lines stay as they are.
fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let invisible = |c: char| c == '\u{200b}' || c == '\u{feff}';
    let composed = is_nfc_quick(text.chars()) == IsNormalized::Yes;
    if composed && !text.contains(invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    // A leading byte-order mark stays for the front matter's reader, which expects it.
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(bom);
    if composed {
        out.extend(rest.chars().filter(|&c| !invisible(c)));
    } else {
        out.extend(rest.nfc().filter(|&c| !invisible(c)));
    }
    std::borrow::Cow::Owned(out)
}

/// Renders single articles as the build would, for the newsroom's preview: the site's
/// config and media are read once; each call renders one text (front matter and body)
/// to the article a bundle would carry (sanitised body, pictures with their variants).
pub struct Previewer {
    root: PathBuf,
    config: SiteConfig,
    media: Media,
    offset: i16,
}

impl Previewer {
    /// `work` is the bundler's output folder: a photo new since the last build gets its
    /// variants made there, as the next build would.
    pub fn new(root: &Path, base_path: &str, work: &Path) -> Result<Previewer, Vec<Diagnostic>> {
        let config = SiteConfig::load(&root.join("site.toml"), base_path)?;
        let cache = Cache::load(work);
        let no_stamps = BTreeMap::new();
        let known = cache.as_ref().map_or(&no_stamps, |c| &c.media);
        let photos = Photos::Make { out: work };
        let media = Media::scan(root, base_path, known, photos, config.images.max_pixels())
            .map_err(|e| {
                vec![Diagnostic::new(
                    root.join("media"),
                    1,
                    format!("cannot read media: {e}"),
                )]
            })?;
        let offset = config.offset_minutes().unwrap_or(420);
        Ok(Previewer {
            root: root.to_path_buf(),
            config,
            media,
            offset,
        })
    }

    /// The media file `rel` (under `media/`) as a picture: its size and variants, or why
    /// it cannot be one (a broken or oversized photo). `None` when there is no such file.
    pub fn photo(&self, rel: &str) -> Option<Result<trangtin_model::Image, String>> {
        let stamp = self.media.stamps().get(rel)?;
        if let crate::refs::Picture::Broken(why) = &stamp.picture {
            return Some(Err(why.clone()));
        }
        self.media.picture(rel).map(Ok)
    }

    /// The article `text` gives, as if it were the file `articles/{name}`; its problems
    /// otherwise, each with its line. A draft previews as it would publish.
    pub fn render(&self, name: &str, text: &str) -> Result<Article, Vec<Diagnostic>> {
        let path = self.root.join("articles").join(name);
        let shown = Path::new("articles").join(name);
        let loaded = load_article(&path, &shown, text, &self.config, &self.media, self.offset)?;
        // The newsroom publishes nothing a reader would find broken.
        if let Some(p) = loaded.as_ref().filter(|p| !p.warnings.is_empty()) {
            return Err(p.warnings.clone());
        }
        loaded.map(|p| p.article).ok_or_else(|| {
            vec![Diagnostic::new(
                &shown,
                1,
                "a draft: remove `draft = true` to preview it",
            )]
        })
    }
}
