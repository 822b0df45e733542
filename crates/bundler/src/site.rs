//! The domain layer: a loaded, validated site.

use crate::article::article_files;
use crate::article::load_article;
use crate::article::read_article;
use crate::article::Read;
use crate::cache::{self, Cache, CachedSource, Hash};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Kind};
use crate::schedule::{Schedule, Visibility};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_model::Article;

use crate::refs::check_internal_link;
pub use crate::refs::{Media, Photos, MEDIA_DIR};

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
