//! Publishing: `content/` and the app's last build in, the deployable site out.
//!
//! The bundler makes the bundles (incrementally, in its own folder); the publisher
//! brings the site folder up to date with them, with the app's assets, and with the
//! prerendered page of every route, compressing what it writes. Each file of the site is
//! keyed by the hash of its inputs: a page by its template and the bundles it shows, a
//! bundle by what the bundler made it from, an asset by its bytes. What is unchanged and
//! still as it was written is not touched, so one edit rewrites the files that show it
//! and nothing else. Publishing never runs trunk: the app is built once per code change.

pub mod compress;
pub mod deploy;
pub mod serving;
pub mod state;
pub mod tree;

use rayon::prelude::*;
use state::{Entry, State};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use trangtin::prerender::{PageSpec, Renderer};
use trangtin_bundler::Diagnostic;
use trangtin_model::paths;
use tree::Stamp;

/// Where things are.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder: `site.toml`, `articles/`, `media/`.
    pub content: PathBuf,
    /// The app's build (trunk's output): `index.html`, the wasm, loader, CSS, scripts.
    pub app: PathBuf,
    /// The bundler's own output folder, with its build cache.
    pub work: PathBuf,
    /// The site folder to bring up to date.
    pub out: PathBuf,
    /// `/`, or `/portal/` for a site served below a path.
    pub base_path: String,
    /// The time to publish for (Unix seconds); the clock (or `TRANGTIN_NOW`) when `None`.
    pub now: Option<i64>,
    /// Any problem, a warning too, publishes nothing (for CI). Otherwise an article with a
    /// problem of its own is left out, and warnings are reported.
    pub strict: bool,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub pages: usize,
    /// Pages rendered by this publish; the others were up to date.
    pub rendered: usize,
    /// Files of the site, not counting the compressed siblings.
    pub files: usize,
    /// Files this publish wrote (a page, bundle or asset), and the files it wrote
    /// compressed copies of (the app's assets).
    pub written: usize,
    pub compressed: usize,
    pub removed: usize,
    /// When a scheduled article goes live or one expires next (Unix seconds): the site
    /// must be published again then.
    pub next_change: Option<i64>,
    /// Articles left out for problems of their own, each as `file:line: message`.
    pub left_out: Vec<Diagnostic>,
    /// What published articles lack that a reader can live with (images left out,
    /// broken links, empty bodies).
    pub warnings: Vec<Diagnostic>,
    /// How long each step took.
    pub steps: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the content, each as `file:line: message`; nothing was published.
    #[error("{} problem(s) in the content", .0.len())]
    Content(Vec<Diagnostic>),
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{0}")]
    App(String),
    /// Pages that could not be rendered; the others were published.
    #[error("{}", .0.join("\n"))]
    Pages(Vec<String>),
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// What a file of the site is made from.
enum Source {
    /// A file of the app's build or the bundler's output, copied as it is.
    File(PathBuf),
    /// The page `plan[i]`, rendered.
    Page(usize),
    Bytes(Vec<u8>),
}

struct Item {
    /// The hash of the file's inputs.
    id: String,
    source: Source,
}

/// Brings `options.out` up to date. An article with a problem of its own is left out and
/// named (`Summary::left_out`); a problem of the site itself publishes nothing and says
/// so with `file:line`. Otherwise the site folder holds the whole site afterwards.
pub fn publish(options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let mut laps = trangtin_bundler::Laps::default();
    let out = options.out.as_path();
    // A folder the publisher did not write is refused before anything is done, and only
    // what it wrote is ever removed from it.
    let mut ledger = trangtin_bundler::owned::Ledger::open(out, &[state::FILE])
        .map_err(|e| Error::App(e.to_string()))?;

    // What the site folder holds now is read while the bundler works: neither needs the
    // other, and the bundler leaves a core idle much of the time.
    let fingerprint = fingerprint(&options.base_path);
    let (built, (previous, existing)) = rayon::join(
        || {
            // One broken article must not keep the others from publishing: it is left
            // out and reported (`Summary::left_out`).
            let now = match options.now {
                Some(now) => now,
                None => trangtin_bundler::schedule::now()
                    .map_err(|e| vec![Diagnostic::new(&options.content, 1, e)])?,
            };
            trangtin_bundler::build_with(
                &options.content,
                &options.work,
                &options.base_path,
                now,
                if options.strict {
                    trangtin_bundler::Policy::Strict
                } else {
                    trangtin_bundler::Policy::KeepGoing
                },
            )
        },
        || {
            // A compressed copy is trusted while it is there and its original is what was
            // written: stamping 60,000 of them would cost more than the rest of an edit.
            let stamped = |rel: &str| !compress::is_compressed_copy(rel);
            (
                State::load(out, &fingerprint),
                tree::list_with(out, &stamped),
            )
        },
    );
    let built = built.map_err(Error::Content)?;
    let tree::Tree {
        files: existing,
        links,
    } = existing.map_err(io_error(out))?;
    // The bundler's own steps, then the whole of it (the site folder was read beside it).
    laps.steps.extend(built.steps.iter().copied());
    laps.lap("bundles, and the site as it is");

    if !trangtin::set_base_path(&options.base_path) {
        return Err(Error::App(format!(
            "this process already renders for {}, not {}",
            trangtin::base_path(),
            options.base_path
        )));
    }
    let template_path = options.app.join("index.html");
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        Error::App(format!(
            "{}: {e}; the app is not built there (`make app` builds it)",
            template_path.display()
        ))
    })?;
    let site_path = options.work.join(paths::SITE);
    let site_json = std::fs::read_to_string(&site_path).map_err(io_error(&site_path))?;
    let renderer = Renderer::new(&template, &site_json).map_err(Error::App)?;
    let plan = trangtin::prerender::plan(built.outputs.keys().map(String::as_str));

    // Every file of the site, keyed by the hash of its inputs.
    // Sorted: the service worker is stamped with this list, and a listing's order is
    // the hash map's (it rewrote the worker on every publish).
    let mut app_files: Vec<String> = tree::list(&options.app)
        .map_err(io_error(&options.app))?
        .into_keys()
        .filter(|p| p != "index.html" && !p.starts_with('.'))
        .collect();
    app_files.sort();
    let mut wanted: BTreeMap<String, Item> = app_files
        .par_iter()
        .map(|rel| {
            let path = options.app.join(rel);
            let bytes = std::fs::read(&path).map_err(io_error(&path))?;
            let item = Item {
                id: hash(&[&bytes]),
                source: Source::File(path),
            };
            Ok((rel.clone(), item))
        })
        .collect::<Result<_, Error>>()?;
    for (rel, id) in &built.outputs {
        let item = Item {
            id: id.clone(),
            source: Source::File(options.work.join(rel)),
        };
        wanted.insert(rel.clone(), item);
    }
    let template_id = hash(&[renderer.template().as_bytes()]);
    offline_files(&mut wanted, &app_files, renderer.template(), &template_id)?;
    for (i, page) in plan.iter().enumerate() {
        let mut parts: Vec<&[u8]> = vec![template_id.as_bytes(), page.route.as_bytes()];
        for b in &page.bundles {
            parts.push(
                built
                    .outputs
                    .get(b)
                    .map_or(&b"missing"[..], |id| id.as_bytes()),
            );
        }
        let item = Item {
            id: hash(&parts),
            source: Source::Page(i),
        };
        wanted.insert(page.file.clone(), item);
    }
    let headers = {
        let build = crate::serving::Build::from_parts(
            &template,
            app_files.iter().map(String::as_str),
            site_json.as_bytes(),
        );
        crate::serving::headers_file(&build, &options.base_path).into_bytes()
    };
    wanted.insert(
        "_headers".into(),
        Item {
            id: hash(&[&headers]),
            source: Source::Bytes(headers),
        },
    );
    // Old addresses kept, in the host's own format (and read by `trangtin preview`).
    if !built.redirects.is_empty() {
        let text =
            trangtin_bundler::redirects::to_text(&built.redirects, &options.base_path).into_bytes();
        wanted.insert(
            trangtin_bundler::redirects::FILE.into(),
            Item {
                id: hash(&[&text]),
                source: Source::Bytes(text),
            },
        );
    }
    laps.lap("plan");

    let todo: Vec<(&String, &Item, Work)> = wanted
        .iter()
        .filter_map(|(rel, item)| {
            let work = work(rel, item, previous.files.get(rel), &existing);
            (work != Work::None).then_some((rel, item, work))
        })
        .collect();
    if !todo.is_empty() {
        State::forget(out).map_err(io_error(out))?;
    }
    // Every file this publish may write, recorded before it is written.
    let names: std::collections::HashSet<&str> = wanted.keys().map(String::as_str).collect();
    {
        let siblings: Vec<String> = todo
            .iter()
            .flat_map(|(rel, _, _)| {
                compress::copies_for(rel)
                    .iter()
                    .map(move |ext| format!("{rel}.{ext}"))
            })
            .collect();
        let claimed = names
            .iter()
            .copied()
            .chain(siblings.iter().map(String::as_str))
            .chain([state::FILE]);
        ledger
            .claim(claimed, &links)
            .map_err(|e| Error::App(e.to_string()))?;
    }
    laps.lap("compare");

    // Bundles and assets first, pages after them: a page never names a file not there.
    let texts = Texts {
        work: &options.work,
        site: site_json.clone(),
    };
    let (first, pages): (Vec<_>, Vec<_>) = todo
        .into_iter()
        .partition(|(_, item, _)| !matches!(item.source, Source::Page(_)));
    type Placed = Result<(String, Entry, Work), String>;
    let done = |batch: Vec<(&String, &Item, Work)>| -> Vec<Placed> {
        batch
            .into_par_iter()
            .map(|(rel, item, work)| {
                let entry = place(out, rel, item, work, previous.files.get(rel), |i| {
                    texts.render(&renderer, &plan[i])
                })?;
                Ok((rel.clone(), entry, work))
            })
            .collect()
    };
    let mut entries: HashMap<String, Entry> = HashMap::with_capacity(wanted.len());
    let mut failed = Vec::new();
    let mut count = |results: Vec<Placed>| -> (usize, usize) {
        let (mut written, mut compressed) = (0, 0);
        for r in results {
            match r {
                Ok((rel, entry, work)) => {
                    written += usize::from(work == Work::Write);
                    compressed += usize::from(entry.compressed);
                    entries.insert(rel, entry);
                }
                Err(e) => failed.push(e),
            }
        }
        (written, compressed)
    };
    let (w1, c1) = count(done(first));
    laps.lap("assets and bundles");
    let rendered = pages.len();
    let (w2, c2) = count(done(pages));
    laps.lap("pages");

    // What the publisher wrote before that the site no longer has; nothing else.
    let removed = ledger
        .remove_unless(|rel| {
            names.contains(rel)
                || compress::original_of(rel).is_some_and(|(o, _)| {
                    names.contains(o)
                        && compress::copies_for(o)
                            .iter()
                            .any(|ext| rel.len() == o.len() + 1 + ext.len() && rel.ends_with(ext))
                })
                || rel == state::FILE
        })
        .map_err(|e| Error::App(e.to_string()))?;
    laps.lap("cleanup");

    for (rel, _) in wanted.iter() {
        if !entries.contains_key(rel) {
            if let Some(e) = previous.files.get(rel) {
                entries.insert(rel.clone(), e.clone());
            }
        }
    }
    let state = State {
        fingerprint,
        files: entries,
    };
    state.save(out).map_err(io_error(out))?;
    laps.lap("state");
    if !failed.is_empty() {
        failed.sort();
        return Err(Error::Pages(failed));
    }
    Ok(Summary {
        articles: built.articles,
        pages: plan.len(),
        rendered,
        files: wanted.len(),
        written: w1 + w2,
        compressed: c1 + c2,
        removed,
        next_change: built.next_change,
        left_out: built.left_out,
        warnings: built.warnings,
        steps: laps.steps,
        elapsed: started.elapsed(),
    })
}

/// What a file of the site needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    None,
    /// Its compressed siblings are missing.
    Compress,
    Write,
}

/// The service worker stamped for this build of the app (when the build has one), and
/// the bare page it opens offline for an article the reader reached inside the app.
fn offline_files(
    wanted: &mut BTreeMap<String, Item>,
    app_files: &[String],
    template: &str,
    template_id: &str,
) -> Result<(), Error> {
    const WORKER: &str = "sw.js";
    let Some(Item {
        source: Source::File(path),
        ..
    }) = wanted.get(WORKER)
    else {
        return Ok(());
    };
    let script = std::fs::read_to_string(path).map_err(io_error(path))?;
    // The build: every file of the app but the worker, and the page template.
    let mut parts: Vec<&[u8]> = vec![template_id.as_bytes()];
    for rel in app_files.iter().filter(|r| *r != WORKER) {
        parts.push(rel.as_bytes());
        parts.push(wanted[rel].id.as_bytes());
    }
    let build = hash(&parts);
    // What the app's page loads (wasm, loader and its snippets, styles, icons, the search
    // module), but not the worker itself nor the scripts other sites embed.
    let shell: Vec<String> = app_files
        .iter()
        .filter(|r| !matches!(r.as_str(), WORKER | "embed.js" | "widget.js"))
        .cloned()
        .collect();
    let stamped =
        crate::serving::stamp_service_worker(&script, &build[..16.min(build.len())], &shell)
            .map_err(Error::App)?
            .into_bytes();
    wanted.insert(
        WORKER.into(),
        Item {
            id: hash(&[&stamped]),
            source: Source::Bytes(stamped),
        },
    );
    // The app's page with nothing rendered in it: the app starts on its own there.
    let mut page = template.to_string();
    if let Some(at) = page.find("</head>") {
        page.insert_str(at, "<meta name=\"robots\" content=\"noindex\">");
    }
    let page = page.into_bytes();
    wanted.insert(
        "shell.html".into(),
        Item {
            id: hash(&[&page]),
            source: Source::Bytes(page),
        },
    );
    Ok(())
}

fn work(rel: &str, item: &Item, before: Option<&Entry>, existing: &HashMap<String, Stamp>) -> Work {
    let Some(before) = before.filter(|b| b.id == item.id && existing.get(rel) == Some(&b.stamp))
    else {
        return Work::Write;
    };
    if compress::copies_for(rel).is_empty() {
        return Work::None;
    }
    let current = before.compressed
        && compress::copies_for(rel)
            .iter()
            .all(|ext| existing.contains_key(&format!("{rel}.{ext}")));
    if current {
        Work::None
    } else {
        Work::Compress
    }
}

/// Writes one file of the site (and its compressed siblings) as `work` says; returns
/// what the state records about it.
fn place(
    out: &Path,
    rel: &str,
    item: &Item,
    work: Work,
    before: Option<&Entry>,
    render: impl Fn(usize) -> Result<String, String>,
) -> Result<Entry, String> {
    let path = out.join(rel);
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    let (bytes, stamp) = match work {
        Work::Write => {
            let bytes = match &item.source {
                Source::File(from) => {
                    std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?
                }
                Source::Page(i) => render(*i)?.into_bytes(),
                Source::Bytes(b) => b.clone(),
            };
            let stamp = tree::write_stamped(&path, &bytes).map_err(fail)?;
            (bytes, stamp)
        }
        _ => {
            let stamp = before.map(|b| b.stamp).unwrap_or_default();
            (std::fs::read(&path).map_err(fail)?, stamp)
        }
    };
    // Only the app's own assets get copies (`compress`).
    let compressed = !compress::copies_for(rel).is_empty();
    let mut hashes = state::Hashes {
        bytes: hash(&[&bytes]),
        br: None,
        gz: None,
    };
    if compressed {
        for (ext, copy) in compress::copies(rel, &bytes).map_err(fail)? {
            tree::write_atomic(&compress::beside(&path, ext), &copy).map_err(fail)?;
            let h = Some(hash(&[&copy]));
            match ext {
                "br" => hashes.br = h,
                _ => hashes.gz = h,
            }
        }
    }
    Ok(Entry {
        id: item.id.clone(),
        stamp,
        compressed,
        hashes: Some(hashes),
    })
}

/// The bundles pages are rendered from: the manifest, read once, and each route's own
/// bundle from the bundler's folder.
struct Texts<'a> {
    work: &'a Path,
    site: String,
}

impl Texts<'_> {
    fn render(&self, renderer: &Renderer, page: &PageSpec) -> Result<String, String> {
        let texts = page
            .bundles
            .iter()
            .map(|b| match b.as_str() {
                paths::SITE => Ok(self.site.clone()),
                _ => {
                    let path = self.work.join(b);
                    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
                }
            })
            .collect::<Result<Vec<String>, String>>()?;
        renderer
            .render(page, texts)
            .map_err(|e| format!("{}: {e}", page.route))
    }
}

/// A 128-bit hash of `parts`, as hex: the bundler's, so that both key files alike.
pub use trangtin_bundler::cache::hash;

/// What every file of the site depends on besides its own inputs: this publisher (the
/// components that render pages are compiled into it), the base path and the levels.
fn fingerprint(base_path: &str) -> String {
    // The copies each kind of file gets are part of it too.
    let levels = format!(
        "{:?} {:?} {:?} {:?}",
        compress::APP,
        compress::CONTENT,
        compress::copies_for("a.wasm"),
        compress::copies_for("a/index.html")
    );
    hash(&[
        trangtin_bundler::cache::executable_stamp().as_bytes(),
        base_path.as_bytes(),
        levels.as_bytes(),
    ])
}
