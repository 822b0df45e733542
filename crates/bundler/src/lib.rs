//! The trangtin content bundler: reads `content/` (site.toml, articles, media), validates
//! and sanitises it, and writes the versioned JSON bundles the SPA reads.
//!
//! Layers: `source` and `config` read what editors write; `site` validates it into the
//! model's domain types; `output` computes lists and writes bundles.

pub mod article;
pub mod bundles;
pub mod cache;
pub mod digest;
pub mod feeds;
pub mod output;
pub mod owned;
pub mod photo;
pub mod progress;
pub mod refs;
pub mod related;
pub mod site;

use trangtin_search as search;
// What editors write, read and checked (crates/content), under the names the bundler's
// modules and its users have always used.
pub use trangtin_content::{config, data, diagnostic, redirects, schedule, slug, source};
// Bodies to HTML (crates/markdown).
pub use trangtin_markdown::{self as markdown, rich, shortcodes};

pub use diagnostic::Diagnostic;
pub use site::Site;

use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct BuildSummary {
    pub articles: usize,
    pub files: usize,
    /// Files this build created or changed.
    pub changed: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Every file of the output (below the output folder) with a hash that changes
    /// whenever its bytes do: what the publisher keys pages and copies on.
    pub outputs: std::collections::BTreeMap<String, cache::Hash>,
    /// The next time (Unix seconds) at which a scheduled article goes live or one
    /// expires: the site must be built again then.
    pub next_change: Option<i64>,
    /// With [`Policy::KeepGoing`]: the problems of the articles left out, each as
    /// `file:line: message`.
    pub left_out: Vec<Diagnostic>,
    /// With [`Policy::KeepGoing`]: what published articles lack that a reader can live
    /// with (images left out, broken links, empty bodies).
    pub warnings: Vec<Diagnostic>,
    /// Old addresses and where they lead now (`content/_redirects`).
    pub redirects: Vec<redirects::Redirect>,
    /// How long each step took, in order (`trangtin publish --timings` prints them).
    pub steps: Vec<(&'static str, Duration)>,
}

/// How long each step of a run took, in order (`--timings`).
pub struct Laps {
    pub steps: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Default for Laps {
    fn default() -> Self {
        Laps {
            steps: Vec::new(),
            last: Instant::now(),
        }
    }
}

impl Laps {
    /// Ends the step `name`: the time since the last one ended (or since the start).
    pub fn lap(&mut self, name: &'static str) {
        self.steps.push((name, self.last.elapsed()));
        self.last = Instant::now();
    }
}

/// Validates `content` without writing anything: any problem, warnings included, is
/// an error.
pub fn check(content: &Path) -> Result<Site, Vec<Diagnostic>> {
    Site::load(content, "/", clock(content)?)
}

/// [`check`] with a policy: with [`Policy::KeepGoing`], the articles with problems of
/// their own are in [`Site::left_out`] and the warnings in [`Site::warnings`].
pub fn check_with(content: &Path, policy: Policy) -> Result<Site, Vec<Diagnostic>> {
    let now = clock(content)?;
    let keep_going = policy == Policy::KeepGoing;
    Site::load_cached(content, "/", None, now, keep_going, site::Photos::Inspect)
}

/// The time to publish for (`schedule::now`), as a build error when it is malformed.
fn clock(content: &Path) -> Result<i64, Vec<Diagnostic>> {
    schedule::now().map_err(|e| vec![Diagnostic::new(content, 1, e)])
}

/// Builds `content` into `out` for a site served under `base_path` (`/` or `/portal/`),
/// as it stands now (scheduled articles that are due, expired ones archived or gone).
/// On any problem nothing is written.
pub fn build(content: &Path, out: &Path, base_path: &str) -> Result<BuildSummary, Vec<Diagnostic>> {
    build_at(content, out, base_path, clock(content)?)
}

/// How a build meets a broken article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Any problem, a warning too, stops the build; nothing is written.
    Strict,
    /// An article with a problem of its own is left out and reported
    /// ([`BuildSummary::left_out`]); the others publish. What a reader can live with
    /// is a warning ([`BuildSummary::warnings`]). Problems of the site itself (its
    /// config, statistics, media folder) still stop the build.
    KeepGoing,
}

/// [`build`] as the site stands at `now` (Unix seconds).
pub fn build_at(
    content: &Path,
    out: &Path,
    base_path: &str,
    now: i64,
) -> Result<BuildSummary, Vec<Diagnostic>> {
    build_with(content, out, base_path, now, Policy::Strict)
}

/// [`build_at`] with a policy for broken articles.
pub fn build_with(
    content: &Path,
    out: &Path,
    base_path: &str,
    now: i64,
    policy: Policy,
) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut laps = Laps::default();
    // Before anything is written there (photos' variants are, while loading): a folder
    // the bundler did not write is refused, and only what it wrote is ever removed.
    let mut ledger = owned::Ledger::open(out, &[cache::FILE])
        .map_err(|e| vec![Diagnostic::new(out, 1, e.to_string())])?;
    let listing = owned::list(out).map_err(|e| vec![Diagnostic::new(out, 1, e.to_string())])?;
    laps.lap("build: list the work folder");
    let previous = cache::Cache::load(out);
    laps.lap("build: load the build cache");
    let keep_going = policy == Policy::KeepGoing;
    let photos = site::Photos::Make { out };
    let loaded = Site::load_cached(
        content,
        base_path,
        previous.as_ref(),
        now,
        keep_going,
        photos,
    );
    let site = match loaded {
        Ok(site) => site,
        Err(problems) => {
            // Photos' variants may have been written before the problem was found: they
            // are the bundler's, so that the next build does not refuse the folder.
            if let Err(e) = ledger.claim_new_since(&listing) {
                eprintln!("warning: {e}");
            }
            return Err(problems);
        }
    };
    laps.lap("build: read the sources");
    let previous = previous.filter(|c| c.fingerprint == site.fingerprint);
    let files: std::collections::HashSet<std::path::PathBuf> =
        listing.files.iter().map(|rel| out.join(rel)).collect();
    let earlier = previous.as_ref().map(|c| output::Previous {
        keys: &c.outputs,
        files: &files,
        out,
    });
    let rendered = output::render(&site, earlier, || {
        search::cache::SearchCache::load(out, &site.fingerprint)
    })?;
    laps.lap("build: render the bundles");
    let outputs = output::identities(&site, &rendered, previous.as_ref().map(|c| &c.contents));
    // While the output changes, no cache vouches for it: a build stopped halfway leaves
    // none, and the next build renders everything again.
    if previous.is_some() {
        let _ = std::fs::remove_file(out.join(cache::FILE));
    }
    // The next build's cache is made while the output is written, and saved after it.
    let (written, cache) = rayon::join(
        || output::write(&site, &rendered.files, out, ledger, &listing.links),
        || {
            cache::Cache {
                fingerprint: site.fingerprint.clone(),
                sources: site.cached_sources(),
                outputs: rendered.keys.clone(),
                media: site.media.stamps().clone(),
                contents: outputs.clone(),
            }
            .write_pending(out)
        },
    );
    let written = written.map_err(|d| vec![d])?;
    laps.lap("build: write the bundles");
    let saved = match &rendered.search_cache {
        Some((bytes, segments)) => search::cache::save(bytes, out)
            .and_then(|()| search::cache::save_segments(segments, out)),
        None => Ok(()),
    };
    if let Err(e) = saved.and_then(|()| cache.and_then(|()| cache::Cache::commit(out))) {
        // Only the next build's speed depends on it.
        eprintln!("warning: cannot write the build cache: {e}");
    }
    laps.lap("build: save the build cache");
    Ok(BuildSummary {
        articles: site.articles.len(),
        files: written.files,
        changed: written.changed,
        bytes: written.bytes,
        elapsed: started.elapsed(),
        outputs,
        next_change: site.next_change,
        left_out: site.left_out.clone(),
        warnings: site.warnings.clone(),
        redirects: site.redirects.clone(),
        steps: laps.steps,
    })
}
