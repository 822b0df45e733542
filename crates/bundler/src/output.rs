//! The output layer: bundles computed from a loaded site, written atomically.

use crate::bundles::article_bundle;
use crate::bundles::bundle_lists;
use crate::bundles::category_pages;
use crate::bundles::home;
use crate::bundles::lists;
use crate::bundles::manifest;
use crate::bundles::neighbours;
use crate::bundles::BundleLists;
use crate::cache;
use crate::diagnostic::Diagnostic;
use crate::feeds;
use crate::related::TagIndex;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_model::paths;
use trangtin_search::{self as search, cache::SearchCache, LocalTerms, Record};

/// A file of the output.
pub enum File {
    Bytes(Vec<u8>),
    /// Already in the output folder, made from the same inputs by an earlier build.
    Kept,
    /// Bytes whose file name carries their hash: a file of that name and size already
    /// in the output holds them.
    Hashed(Vec<u8>),
}

/// The output of a build.
pub struct Rendered {
    /// Every file, keyed by its path below the output folder.
    pub files: BTreeMap<String, File>,
    /// For each article bundle and search fragment, the hash of the inputs it is made from.
    pub keys: BTreeMap<String, cache::Hash>,
    /// The next build's search cache, when the index was made again.
    /// The search cache's bytes, then the index segments file's.
    pub search_cache: Option<(Vec<u8>, Vec<u8>)>,
}

impl Rendered {
    /// The bytes of a file this build rendered.
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        match self.files.get(path)? {
            File::Bytes(b) | File::Hashed(b) => Some(b),
            File::Kept => None,
        }
    }
}

/// Every file of the output. With `previous` (an earlier build's bundle keys and the
/// folder it wrote), a bundle whose inputs are unchanged and whose file is still there
/// is kept instead of rendered. `load_search` gives the terms of the articles indexed
/// before; it is called only when the search index must be made again.
pub fn render(
    site: &Site,
    previous: Option<Previous<'_>>,
    load_search: impl FnOnce() -> SearchCache,
) -> Result<Rendered, Vec<Diagnostic>> {
    // The index depends on each article's source, category and date, and their order.
    let mut parts: Vec<Vec<u8>> = vec![site.fingerprint.as_bytes().to_vec()];
    for (a, s) in site.articles.iter().zip(&site.sources) {
        parts.push(s.key.as_bytes().to_vec());
        parts.push(format!("{} {}", a.category, a.published.date.year).into_bytes());
    }
    let index_key = cache::hash(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let index_json = format!("{}/index.json", search::DIR);
    let index_kept: Option<Vec<String>> = previous.and_then(|p| {
        let keys = p.keys;
        if keys.get(&index_json) != Some(&index_key) {
            return None;
        }
        let paths: Vec<String> = keys
            .iter()
            .filter(|(_, k)| **k == index_key)
            .map(|(p, _)| p.clone())
            .collect();
        paths.iter().all(|path| p.has(path)).then_some(paths)
    });
    let search = match index_kept {
        Some(_) => SearchCache::default(),
        None => load_search(),
    };
    let need_terms = index_kept.is_none();
    // The article bundles on all cores, the site-wide files beside them.
    let (outs, mut files) = rayon::join(
        || article_outputs(site, previous, need_terms.then_some(&search)),
        || site_files(site),
    );
    let mut keys = BTreeMap::new();
    let mut problems = Vec::new();
    for out in archived_outputs(site, previous) {
        match out {
            Ok((path, key, file)) => {
                keys.insert(path.clone(), key);
                files.insert(path, file);
            }
            Err(p) => problems.push(p),
        }
    }
    let mut fresh = Vec::with_capacity(outs.len());
    for out in outs {
        match out {
            Ok(out) => {
                for (path, key, file) in out.files {
                    keys.insert(path.clone(), key);
                    files.insert(path, file);
                }
                fresh.push(out.terms);
            }
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(paths) = index_kept {
        for path in paths {
            files.insert(path.clone(), File::Kept);
            keys.insert(path, index_key.clone());
        }
        return Ok(Rendered {
            files,
            keys,
            search_cache: None,
        });
    }
    let mut search = search;
    let fresh: Vec<Option<Vec<u8>>> = fresh
        .into_iter()
        .map(|t| t.map(|local| search.table.intern(&local)))
        .collect();
    let records: Vec<&Record> = fresh
        .iter()
        .enumerate()
        .map(|(i, t)| match t {
            Some(record) => &record[..],
            None => search
                .record(&site.sources[i].key)
                .expect("articles without new terms are in the search cache"),
        })
        .collect();
    // Ids run from the oldest article; `articles` is newest first.
    let docs: Vec<(&Record, &str, i32)> = (0..site.articles.len())
        .rev()
        .map(|i| {
            let a = &site.articles[i];
            (records[i], a.category.as_str(), a.published.date.year)
        })
        .collect();
    // The index the last build wrote, if all its shards are still there to keep.
    let segments = search.segments.as_ref().filter(|s| {
        previous.is_some_and(|p| {
            s.shards
                .iter()
                .all(|(_, name, _)| p.has(&format!("{}/{name}", search::DIR)))
        })
    });
    let (built, search_cache) = rayon::join(
        || search::build(&search.table, &docs, segments),
        || {
            search::cache::encode(
                &site.fingerprint,
                &search.table,
                (0..site.articles.len()).map(|i| (site.sources[i].key.as_str(), records[i])),
            )
        },
    );
    for (path, bytes) in built.files {
        keys.insert(path.clone(), index_key.clone());
        let file = match bytes {
            None => File::Kept,
            Some(bytes) if path.ends_with("/index.json") => File::Bytes(bytes),
            Some(bytes) => File::Hashed(bytes),
        };
        files.insert(path, file);
    }
    let segments = search::cache::encode_segments(&site.fingerprint, &built.segments);
    Ok(Rendered {
        files,
        keys,
        search_cache: Some((search_cache, segments)),
    })
}

/// An earlier build: the hash of the inputs of each file it made, and the files the
/// output folder holds now (listed once, rather than asked about one by one).
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub keys: &'a BTreeMap<String, cache::Hash>,
    pub files: &'a std::collections::HashSet<PathBuf>,
    pub out: &'a Path,
}

impl Previous<'_> {
    fn has(&self, path: &str) -> bool {
        self.files.contains(&self.out.join(path))
    }
}

/// What one article gives: its bundle and search fragment, and its terms unless the
/// search cache had them.
struct ArticleOutput {
    files: Vec<(String, cache::Hash, File)>,
    terms: Option<LocalTerms>,
}

fn article_outputs(
    site: &Site,
    previous: Option<Previous<'_>>,
    indexed: Option<&SearchCache>,
) -> Vec<Result<ArticleOutput, Diagnostic>> {
    let tags = TagIndex::new(&site.articles);
    let n = site.articles.len();
    let kept = |path: &str, key: &cache::Hash| {
        previous.is_some_and(|p| p.keys.get(path) == Some(key) && p.has(path))
    };
    (0..n)
        .into_par_iter()
        .map(|i| {
            let source = &site.sources[i];
            let path = paths::article(&site.articles[i].slug);
            let lists = bundle_lists(&site.articles, &tags, i);
            // A bundle is its article and the summaries of the articles its lists show.
            let mut parts: Vec<&[u8]> = vec![site.fingerprint.as_bytes()];
            parts.push(source.key.as_bytes());
            for list in [&lists.newer, &lists.older, &lists.related] {
                parts.push(b"|");
                parts.extend(list.iter().map(|&j| site.sources[j].key.as_bytes()));
            }
            let key = cache::hash(&parts);
            // The search fragment is the article under its id.
            let id = (n - 1 - i) as u32;
            let fragment_path = search::fragment_path(id);
            let fragment_key = cache::hash(&[
                site.fingerprint.as_bytes(),
                source.key.as_bytes(),
                &id.to_le_bytes(),
            ]);
            let bundle_kept = kept(&path, &key);
            let fragment_kept = kept(&fragment_path, &fragment_key);
            // Terms are needed when the index is made again and the cache lacks them.
            let has_terms = indexed.is_none_or(|cache| cache.has(&source.key));
            if bundle_kept && fragment_kept && has_terms {
                return Ok(ArticleOutput {
                    files: vec![
                        (path, key, File::Kept),
                        (fragment_path, fragment_key, File::Kept),
                    ],
                    terms: None,
                });
            }
            let article = site.full_article(i)?;
            let bundle = if bundle_kept {
                File::Kept
            } else {
                File::Bytes(json(&article_bundle(&site.articles, &article, &lists)))
            };
            let category = site
                .config
                .categories
                .iter()
                .find(|c| c.slug == article.category)
                .map_or("", |c| c.name.as_str());
            // The article's words only when the search cache lacks them; its text only
            // when its fragment is to be written.
            let (terms, text) = if has_terms {
                (
                    None,
                    (!fragment_kept).then(|| search::fragment_text(&article)),
                )
            } else {
                let (terms, text) = search::article_terms(&article, category);
                (Some(terms), Some(text))
            };
            let fragment = match text {
                Some(text) => File::Bytes(search::fragment(&article, &text)),
                None => File::Kept,
            };
            Ok(ArticleOutput {
                files: vec![(path, key, bundle), (fragment_path, fragment_key, fragment)],
                terms,
            })
        })
        .collect()
}

/// The bundles of archived articles: each shows the listed articles around its date in
/// its category ("Bài mới hơn", "Bài cùng chuyên mục"), and no list shows it.
fn archived_outputs(
    site: &Site,
    previous: Option<Previous<'_>>,
) -> Vec<Result<(String, cache::Hash, File), Diagnostic>> {
    let articles = &site.articles;
    site.archived
        .par_iter()
        .map(|(article, source)| {
            let path = paths::article(&article.slug);
            let when = article.published.unix_seconds();
            let at = articles.partition_point(|a| a.published.unix_seconds() >= when);
            let (newer, older) = neighbours(articles, &article.category, at, at);
            let lists = BundleLists {
                newer,
                older,
                related: Vec::new(),
            };
            let mut parts: Vec<&[u8]> = vec![site.fingerprint.as_bytes(), b"archived"];
            parts.push(source.key.as_bytes());
            for list in [&lists.newer, &lists.older] {
                parts.push(b"|");
                parts.extend(list.iter().map(|&j| site.sources[j].key.as_bytes()));
            }
            let key = cache::hash(&parts);
            if previous.is_some_and(|p| p.keys.get(&path) == Some(&key) && p.has(&path)) {
                return Ok((path, key, File::Kept));
            }
            let full = site.full(article, source)?;
            let bytes = json(&article_bundle(articles, &full, &lists));
            Ok((path, key, File::Bytes(bytes)))
        })
        .collect()
}

/// The manifest, home, listings, feeds, sitemap and robots.txt.
fn site_files(site: &Site) -> BTreeMap<String, File> {
    let mut files = BTreeMap::new();
    let mut put = |path: String, bytes: Vec<u8>| files.insert(path, File::Bytes(bytes));
    put(paths::SITE.to_string(), json(&manifest(site)));
    put(paths::LISTS.to_string(), json(&lists(site)));
    put(paths::HOME.to_string(), json(&home(site)));
    let pages = category_pages(site);
    for page in &pages {
        put(
            paths::category_page(&page.category.slug, page.page),
            json(page),
        );
    }
    if let Some(stats) = &site.stats {
        put(paths::STATS.to_string(), json(stats));
    }
    put(feeds::feed_path(None), feeds::rss(site, None).into_bytes());
    for c in &site.config.categories {
        put(
            feeds::feed_path(Some(&c.slug)),
            feeds::rss(site, Some(&c.slug)).into_bytes(),
        );
    }
    for (path, xml) in feeds::sitemaps(site, &pages) {
        put(path, xml.into_bytes());
    }
    put("robots.txt".into(), feeds::robots(site).into_bytes());
    files
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("bundles serialise")
}

/// The hash of the bytes of every file of the output. A file kept from an earlier build
/// has the hash that build recorded (`before`); media files are named by their content
/// hash already.
pub fn identities(
    site: &Site,
    rendered: &Rendered,
    before: Option<&BTreeMap<String, cache::Hash>>,
) -> BTreeMap<String, cache::Hash> {
    let mut out: BTreeMap<String, cache::Hash> = rendered
        .files
        .par_iter()
        .map(|(path, file)| {
            let id = match file {
                File::Bytes(b) | File::Hashed(b) => cache::hash(&[b]),
                File::Kept => match before.and_then(|b| b.get(path)) {
                    Some(h) => h.clone(),
                    // Only an earlier build without recorded contents gets here: its
                    // input key stands for the bytes it made.
                    None => rendered.keys.get(path).cloned().unwrap_or_default(),
                },
            };
            (path.clone(), id)
        })
        .collect();
    for (served, _) in site.media.outputs() {
        let id = cache::hash(&[served.as_bytes()]);
        out.insert(format!("{}/media/{served}", paths::ROOT), id);
    }
    out
}

pub struct Written {
    /// Files in the output.
    pub files: usize,
    pub bytes: u64,
    /// Files this build created or changed; the rest were already up to date.
    pub changed: usize,
}

/// Brings `out` up to date with `files` and the media folder: only files whose bytes
/// differ are written, and files the site no longer has are removed, of those the
/// bundler wrote (`ledger`; nothing else in the folder is touched, and nothing is
/// written through one of its symbolic links, `links`). A rebuild after one edit
/// therefore rewrites that article's bundle and the lists that show it, not the whole
/// site. (Validation runs before this, so a build with problems writes nothing.)
pub fn write(
    site: &Site,
    files: &BTreeMap<String, File>,
    out: &Path,
    mut ledger: crate::owned::Ledger,
    links: &[String],
) -> Result<Written, Diagnostic> {
    let io =
        |path: &Path, e: std::io::Error| Diagnostic::new(path, 1, format!("cannot write: {e}"));
    let owned = |e: crate::owned::Error| Diagnostic::new(out, 1, e.to_string());
    let mut wanted: BTreeMap<PathBuf, Source<'_>> = files
        .iter()
        .map(|(rel, file)| {
            let source = match file {
                File::Bytes(bytes) => Source::Bytes(bytes),
                File::Hashed(bytes) => Source::Hashed(bytes),
                File::Kept => Source::Kept,
            };
            (out.join(rel), source)
        })
        .collect();
    for (served, from) in site.media.outputs() {
        wanted.insert(
            out.join(paths::ROOT).join("media").join(served),
            match from {
                Some(rel) => Source::File(site.root.join("media").join(rel)),
                // A photo's variant, which the media scan made.
                None => Source::Kept,
            },
        );
    }
    // The bundler's own files beside the bundles are its too.
    let own = [
        cache::FILE.to_string(),
        search::cache::FILE.to_string(),
        search::cache::SEGMENTS_FILE.to_string(),
    ];
    let relative = |p: &Path| {
        p.strip_prefix(out)
            .ok()
            .and_then(Path::to_str)
            .map(str::to_string)
    };
    let names: std::collections::HashSet<String> = wanted
        .keys()
        .filter_map(|p| relative(p))
        .chain(own.iter().cloned())
        .collect();
    ledger
        .claim(names.iter().map(String::as_str), links)
        .map_err(owned)?;
    let mut dirs: Vec<&Path> = wanted.keys().filter_map(|p| p.parent()).collect();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    // Per file: (whether it was written, its size).
    let done = wanted
        .par_iter()
        .map(|(path, source)| {
            let bytes = match source {
                Source::Bytes(b) => std::borrow::Cow::Borrowed(*b),
                Source::Hashed(b) => {
                    let len = b.len() as u64;
                    if std::fs::metadata(path).is_ok_and(|m| m.len() == len) {
                        return Ok((0, len));
                    }
                    std::borrow::Cow::Borrowed(*b)
                }
                Source::File(f) => {
                    // Media is named by its content hash: a copy of the same size under
                    // the same name is the same file, and is not read again.
                    let len = std::fs::metadata(f).map_err(|e| io(f, e))?.len();
                    if std::fs::metadata(path).is_ok_and(|m| m.len() == len) {
                        return Ok((0, len));
                    }
                    std::borrow::Cow::Owned(std::fs::read(f).map_err(|e| io(f, e))?)
                }
                Source::Kept => {
                    let len = std::fs::metadata(path).map_err(|e| io(path, e))?.len();
                    return Ok((0, len));
                }
            };
            let len = bytes.len() as u64;
            let same = std::fs::metadata(path).is_ok_and(|m| m.len() == len)
                && std::fs::read(path).is_ok_and(|old| old == *bytes);
            if same {
                return Ok((0, len));
            }
            std::fs::write(path, &bytes).map_err(|e| io(path, e))?;
            Ok((1, len))
        })
        .collect::<Result<Vec<(usize, u64)>, Diagnostic>>()?;
    let changed = done.iter().map(|d| d.0).sum();
    let bytes = done.iter().map(|d| d.1).sum();
    // What the bundler wrote before and this build did not produce is stale.
    ledger
        .remove_unless(|rel| names.contains(rel))
        .map_err(owned)?;
    Ok(Written {
        files: wanted.len(),
        bytes,
        changed,
    })
}

enum Source<'a> {
    Bytes(&'a [u8]),
    Hashed(&'a [u8]),
    File(PathBuf),
    Kept,
}
