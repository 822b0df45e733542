//! One article's file: read, and kept from the cache when its bytes and pictures are
//! unchanged; otherwise its front matter parsed, its body rendered (Markdown, HTML,
//! shortcodes) and sanitised, its pictures resolved, and every problem named at its line.

use crate::cache::{self, Cache};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Kind};
use crate::digest::Hash;
use crate::markdown;
use crate::refs::is_remote;
use crate::schedule::Schedule;
use crate::slug::{is_valid_slug, slugify};
use crate::source::Source;
use std::path::{Path, PathBuf};
use trangtin_model::{sanitize_with_pictures, Article, Timestamp};

use crate::refs::Media;
use crate::refs::MEDIA_DIR;

/// An article file's outcome: published, a draft (`None`), or its problems.
pub(crate) type Loaded = Result<Option<Parsed>, Vec<Diagnostic>>;

/// An article file read for a build: its hash, whether it was parsed now (rather than
/// taken from the build cache), and what it gave.
pub(crate) type Read = Result<(Hash, bool, Option<Parsed>), Vec<Diagnostic>>;

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
/// Reads one article file: from the cache when its bytes and media are unchanged,
/// else by parsing it. Gives the file's hash, whether it was parsed, and the result.
pub(crate) fn read_article(
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

pub(crate) fn article_files(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
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

pub(crate) fn load_article(
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
pub(crate) fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
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
