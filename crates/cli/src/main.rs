mod serve;

// Publishing allocates and frees a great deal on every core (a page, its compressed
// forms, the encoders' tables): mimalloc does that faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// trangtin: checks, publishes, serves and imports a news portal's content.
#[derive(Parser)]
#[command(name = "trangtin", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where an import goes.
#[derive(clap::Args)]
struct ImportInto {
    /// The content folder the articles go into (its site.toml names the categories).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The category (a slug of site.toml) of posts whose own category is not there.
    #[arg(long)]
    category: String,
    /// Replace article files that exist already.
    #[arg(long)]
    force: bool,
}

/// What a site is published from.
#[derive(clap::Args)]
struct Sources {
    /// The content folder (site.toml, articles/, media/).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The app's build (`make app`: trunk's output).
    #[arg(long, default_value = "target/app")]
    app: PathBuf,
    /// The bundler's working folder (bundles and its build cache).
    #[arg(long, default_value = "public")]
    work: PathBuf,
    /// The path the site is served under, such as /portal/.
    #[arg(long, env = "TRANGTIN_BASE_PATH", default_value = "/", value_parser = base_path)]
    base_path: String,
    /// Any problem, a warning too, publishes nothing (for CI). Without it an article with
    /// a problem of its own is left out, and what a reader can live with (a missing or
    /// remote image, a broken link, an empty body) is a warning.
    #[arg(long)]
    strict: bool,
}

impl Sources {
    fn into_options(self, out: PathBuf) -> trangtin_publish::Options {
        trangtin_publish::Options {
            content: self.content,
            app: self.app,
            work: self.work,
            out,
            base_path: self.base_path,
            now: None,
            strict: self.strict,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Validate and write the bundles.
    Build {
        /// The content folder (site.toml, articles/, media/).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where the site's generated files go (content/, feeds, sitemap.xml, robots.txt);
        /// trunk copies them into dist/.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// The path the site is served under, such as /portal/.
        #[arg(long, env = "TRANGTIN_BASE_PATH", default_value = "/", value_parser = base_path)]
        base_path: String,
        /// Any problem, a warning too, writes nothing (for CI).
        #[arg(long)]
        strict: bool,
    },
    /// Publish CONTENT with the app's last build (APP) into the deployable site OUT:
    /// bundles, search index, feeds, sitemap, every route's page, .br/.gz beside the
    /// app's wasm, JavaScript and CSS, `_headers`. Only what changed since the last publish is written.
    Publish {
        #[command(flatten)]
        from: Sources,
        /// The site folder.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Print how long each step took.
        #[arg(long)]
        timings: bool,
        /// Keep running: publish again when CONTENT or APP changes, and when a scheduled
        /// article goes live or one expires.
        #[arg(long)]
        watch: bool,
    },
    /// Send a published site (SITE) to a folder served by nginx or an S3-compatible
    /// bucket: only what changed since the last deploy, bundles and assets before pages,
    /// removed files deleted last. A failed deploy leaves the previous site whole; run it
    /// again to complete it.
    Deploy {
        #[arg(default_value = "dist")]
        site: PathBuf,
        /// A folder, or s3://bucket[/prefix] (credentials from AWS_ACCESS_KEY_ID and
        /// AWS_SECRET_ACCESS_KEY).
        #[arg(long)]
        to: String,
        /// The bucket's server when it is not AWS, such as http://127.0.0.1:9000.
        #[arg(long, env = "TRANGTIN_S3_ENDPOINT")]
        endpoint: Option<String>,
        #[arg(long, env = "AWS_REGION")]
        region: Option<String>,
        /// How long files of an earlier release named by their hash (the app's wasm, CSS,
        /// media) stay after they leave the site, for pages still open in readers' tabs.
        #[arg(long, default_value_t = 48)]
        grace_hours: u64,
    },
    /// Turn scraped portal pages (text, or saved .html) into Markdown articles.
    Import {
        /// The scraped pages.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The category (a slug from site.toml) of the imported articles.
        #[arg(long)]
        category: String,
        /// Where the articles go.
        #[arg(long, default_value = "content/articles")]
        out: PathBuf,
        /// Replace an article file that already exists.
        #[arg(long)]
        force: bool,
    },
    /// Import a WordPress site from its export file (Tools → Export, a WXR .xml): posts
    /// become articles, their old addresses redirects (content/_redirects); the report
    /// says what was converted and what was left out, and why.
    ImportWordpress {
        export: PathBuf,
        #[command(flatten)]
        into: ImportInto,
    },
    /// Import a Hugo site (its folder, with content/ and static/; Jekyll's and Hexo's
    /// front matter read the same): posts become articles, shortcodes ours, pictures
    /// copied into content/media/, old addresses redirects.
    ImportHugo {
        site: PathBuf,
        #[command(flatten)]
        into: ImportInto,
    },
    /// Read an old site over HTTP from its address, following its own links politely
    /// (robots.txt obeyed, a pause between pages, at most --max-pages), and import each
    /// page that holds an article as `import` does a saved one; old addresses redirect.
    Crawl {
        url: String,
        #[command(flatten)]
        into: ImportInto,
        #[arg(long, default_value_t = 500)]
        max_pages: usize,
        /// The pause between two requests, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        delay_ms: u64,
        /// Also crawl a site at a loopback or private address (inside the school's
        /// network). Off by default.
        #[arg(long)]
        allow_private: bool,
    },
    /// Fetch the images the articles still take from other sites (`![…](https://…)`,
    /// `<img src="https://…">`, `thumbnail = "https://…"`) once into CONTENT/media/YYYY/MM/,
    /// and point the articles at the copies. What cannot be fetched is named and left as
    /// it was.
    FetchMedia {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Also fetch from loopback and private addresses (an old site inside the
        /// school's own network). Off by default.
        #[arg(long)]
        allow_private: bool,
    },
    /// Run the same checks as a build without writing anything. Fails when an article
    /// would be left out; with --strict (for CI and the newsroom), on warnings too.
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Warnings (a missing or remote image, a broken link, an empty body) fail too.
        #[arg(long)]
        strict: bool,
    },
    /// Write .br and .gz files beside the app's wasm, JavaScript and CSS in a built site
    /// (content is compressed by the server as it is sent), and report their sizes.
    Compress {
        #[arg(default_value = "dist")]
        dir: PathBuf,
    },
    /// Write the hosting configuration of a built site: DIR/_headers (Netlify, Cloudflare)
    /// and an nginx server block, both with the build's Content-Security-Policy.
    DeployConfig {
        #[arg(default_value = "dist")]
        dir: PathBuf,
        /// Where the nginx example goes.
        #[arg(long, default_value = "target/deploy/nginx.conf")]
        nginx: PathBuf,
        /// The address nginx listens on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        #[arg(long, env = "TRANGTIN_BASE_PATH", default_value = "/", value_parser = base_path)]
        base_path: String,
    },
    /// Serve DIST like `preview`, and publish CONTENT with APP into it whenever a file
    /// in either changes; open pages reload themselves (`make serve` runs `trunk watch`
    /// beside it, which rebuilds APP when the app's code changes).
    Serve {
        #[command(flatten)]
        from: Sources,
        /// The site folder served.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
    },
    /// Serve a built site folder the way a CDN would (routes fall back to index.html).
    Preview {
        #[arg(default_value = "dist")]
        dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// The path the site is served under, such as /portal/.
        #[arg(long, env = "TRANGTIN_BASE_PATH", default_value = "/", value_parser = base_path)]
        base_path: String,
    },
}

fn main() -> ExitCode {
    // Output piped into `head` or a pager that quits ends the command quietly, as it
    // does other Unix tools, instead of a panic at the next line written.
    #[cfg(unix)]
    // SAFETY: done first, before any thread starts; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match Cli::parse().command {
        Command::Build {
            content,
            out,
            base_path,
            strict,
        } => {
            let built = trangtin_bundler::schedule::now()
                .map_err(|e| vec![trangtin_bundler::Diagnostic::new(&content, 1, e)])
                .and_then(|now| {
                    trangtin_bundler::build_with(&content, &out, &base_path, now, policy(strict))
                });
            match built {
                Ok(s) => {
                    println!(
                        "built {} articles: {} files ({} changed), {} bytes in {:.2} s → {}",
                        s.articles,
                        s.files,
                        s.changed,
                        s.bytes,
                        s.elapsed.as_secs_f64(),
                        out.display()
                    );
                    print_problems(&s.left_out, &s.warnings);
                    ExitCode::SUCCESS
                }
                Err(problems) => report(problems),
            }
        }
        Command::Publish {
            from,
            out,
            timings,
            watch,
        } => {
            let options = from.into_options(out);
            if watch {
                return serve::publish_and_watch(options);
            }
            match trangtin_publish::publish(&options) {
                Ok(s) => {
                    print_published(&s, &options.out);
                    if timings {
                        for (step, t) in &s.steps {
                            println!("  {step}: {:.3} s", t.as_secs_f64());
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => publish_failed(e),
            }
        }
        Command::Deploy {
            site,
            to,
            endpoint,
            region,
            grace_hours,
        } => deploy(
            &site,
            &to,
            endpoint.as_deref(),
            region.as_deref(),
            grace_hours,
        ),
        Command::Import {
            files,
            category,
            out,
            force,
        } => import(&files, &category, &out, force),
        Command::ImportWordpress { export, into } => import_site(&into, |categories| {
            let xml = std::fs::read_to_string(&export)
                .map_err(|e| format!("{}: {e}", export.display()))?;
            trangtin_import::wordpress::import(&xml, categories, &into.category)
        }),
        Command::ImportHugo { site, into } => import_site(&into, |categories| {
            trangtin_import::hugo::import(&site, categories, &into.category)
        }),
        Command::Crawl {
            url,
            into,
            max_pages,
            delay_ms,
            allow_private,
        } => import_site(&into, |_| {
            let options = trangtin_import::crawl::Options {
                start: url.clone(),
                max_pages,
                delay: std::time::Duration::from_millis(delay_ms),
                limits: trangtin_import::fetch::Limits {
                    allow_private,
                    max_bytes: 10 * 1024 * 1024,
                    user_agent: "trangtin (moving this site's articles to their new home)",
                    ..Default::default()
                },
            };
            let mut r = trangtin_import::site::Report::default();
            let crawled = trangtin_import::crawl::crawl(&options, &into.category, &mut r, |page| {
                eprintln!("crawling {page}");
            });
            for (page, why) in &crawled.failed {
                r.dropped(page, why.clone());
            }
            r.note(format!(
                "crawled {} page(s), {} with an article; {} address(es) kept from crawlers by robots.txt",
                crawled.fetched, crawled.articles, crawled.disallowed
            ));
            Ok(r)
        }),
        Command::FetchMedia {
            content,
            allow_private,
        } => fetch_media(&content, allow_private),
        Command::Check { content, strict } => {
            match trangtin_bundler::check_with(&content, policy(strict)) {
                Ok(site) if site.left_out.is_empty() => {
                    println!("ok: {} articles", site.articles.len());
                    print_problems(&[], &site.warnings);
                    ExitCode::SUCCESS
                }
                Ok(site) => {
                    print_problems(&site.left_out, &site.warnings);
                    ExitCode::FAILURE
                }
                Err(problems) => report(problems),
            }
        }
        Command::DeployConfig {
            dir,
            nginx,
            listen,
            base_path,
        } => match deploy_config(&dir, &nginx, &listen, &base_path) {
            Ok(()) => {
                println!(
                    "wrote {} and {}",
                    dir.join("_headers").display(),
                    nginx.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("trangtin: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Serve { from, dist, listen } => serve::serve(from.into_options(dist), &listen),
        Command::Compress { dir } => match trangtin_publish::compress::compress_dir(&dir) {
            Ok(files) => {
                let total: u64 = files.iter().map(|f| f.brotli).sum();
                for f in files.iter().filter(|f| {
                    f.path.parent() == Some(dir.as_path())
                        && f.path
                            .extension()
                            .is_some_and(|e| e == "wasm" || e == "js" || e == "css")
                }) {
                    println!(
                        "{}: {} bytes, {} gzip, {} brotli",
                        f.path.display(),
                        f.raw,
                        f.gzip,
                        f.brotli
                    );
                }
                println!("compressed {} files ({total} bytes brotli)", files.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("trangtin: cannot compress {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        },
        Command::Preview {
            dir,
            listen,
            base_path,
        } => {
            let options = trangtin_server::Options {
                root: dir.clone(),
                base_path: base_path.clone(),
                live: None,
            };
            println!("serving {} on http://{listen}{base_path}", dir.display());
            match trangtin_server::run(options, &listen) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("trangtin: cannot listen on {listen}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn deploy(
    site: &std::path::Path,
    to: &str,
    endpoint: Option<&str>,
    region: Option<&str>,
    grace_hours: u64,
) -> ExitCode {
    use trangtin_publish::deploy;
    let target: Box<dyn deploy::Target> = if to.starts_with("s3://") {
        match deploy::s3::Bucket::new(to, endpoint, region) {
            Ok(b) => Box::new(b),
            Err(e) => {
                eprintln!("trangtin: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        Box::new(deploy::folder::Folder { root: to.into() })
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let grace = std::time::Duration::from_secs(grace_hours * 3600);
    match deploy::deploy(site, target.as_ref(), grace, now) {
        Ok(r) => {
            println!(
                "deployed {} files to {}: {} sent ({} bytes), {} deleted, {} of earlier releases kept, {} requests, in {:.2} s",
                r.files,
                target.describe(),
                r.uploaded,
                r.uploaded_bytes,
                r.deleted,
                r.kept,
                r.requests,
                r.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("trangtin: {e}");
            eprintln!("trangtin: nothing was deleted; the previous site stays whole; deploy again to complete it");
            ExitCode::FAILURE
        }
    }
}

fn import(files: &[PathBuf], category: &str, out: &std::path::Path, force: bool) -> ExitCode {
    use trangtin_import::scraped;
    // Saved pages (a folder of them, too) go through the article finder; scraped text
    // through the text importer.
    let mut pages = Vec::new();
    let mut texts = Vec::new();
    for path in files {
        if path.is_dir() {
            use trangtin_import::site::files_under;
            pages.extend(files_under(path, &["html", "htm"]));
            texts.extend(files_under(path, &["txt"]));
        } else if path.extension().is_some_and(|e| e == "html" || e == "htm") {
            pages.push(path.clone());
        } else {
            texts.push(path.clone());
        }
    }
    let mut failed = false;
    if !pages.is_empty() {
        let mut r = trangtin_import::site::Report::default();
        for page in &pages {
            match std::fs::read(page) {
                Ok(bytes) => trangtin_import::page::import_page(
                    &String::from_utf8_lossy(&bytes),
                    page,
                    None,
                    category,
                    &mut r,
                ),
                Err(e) => {
                    eprintln!("{}:1: cannot read: {e}", page.display());
                    failed = true;
                }
            }
        }
        let content = out.parent().unwrap_or(std::path::Path::new("."));
        match trangtin_import::site::write_to(&mut r, out, content, force) {
            Ok(written) => print_import(&r, &written, content),
            Err(e) => {
                eprintln!("trangtin: {e}");
                return ExitCode::FAILURE;
            }
        }
        failed |= !r.dropped.is_empty();
    }
    for file in &texts {
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{}:1: cannot read: {e}", file.display());
                failed = true;
                continue;
            }
        };
        let imported = scraped::import_text(&text, category);
        if imported.slug.is_empty() {
            eprintln!("{}:1: no title found; nothing imported", file.display());
            failed = true;
            continue;
        }
        let target = out.join(format!("{}.md", imported.slug));
        if target.exists() && !force {
            eprintln!(
                "{}:1: {} exists; nothing overwritten (use --force to replace it)",
                file.display(),
                target.display()
            );
            failed = true;
            continue;
        }
        if let Err(e) =
            std::fs::create_dir_all(out).and_then(|_| std::fs::write(&target, &imported.markdown))
        {
            eprintln!("{}: cannot write: {e}", target.display());
            failed = true;
            continue;
        }
        println!("{} → {}", file.display(), target.display());
        for note in &imported.notes {
            println!("  note: {note}");
        }
        for (line, what) in &imported.unclassified {
            eprintln!("{}:{line}: could not classify; {what}", file.display());
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs an importer of a whole site into `into.content` and prints its report.
fn import_site(
    into: &ImportInto,
    importer: impl FnOnce(&[(String, String)]) -> Result<trangtin_import::site::Report, String>,
) -> ExitCode {
    let config =
        match trangtin_bundler::config::SiteConfig::load(&into.content.join("site.toml"), "/") {
            Ok(c) => c,
            Err(problems) => return report(problems),
        };
    let categories: Vec<(String, String)> = config
        .categories
        .iter()
        .map(|c| (c.slug.clone(), c.name.clone()))
        .collect();
    if !categories.iter().any(|(slug, _)| *slug == into.category) {
        eprintln!(
            "trangtin: --category {:?} is not in site.toml ({})",
            into.category,
            categories
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    let mut r = match importer(&categories) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("trangtin: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = match trangtin_import::site::write(&mut r, &into.content, into.force) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("trangtin: {e}");
            return ExitCode::FAILURE;
        }
    };
    print_import(&r, &written, &into.content);
    ExitCode::SUCCESS
}

/// An import's report: what was written, converted, not imported and left out, why.
fn print_import(
    r: &trangtin_import::site::Report,
    written: &trangtin_import::site::Written,
    content: &std::path::Path,
) {
    for file in &written.files {
        println!("wrote {file}");
    }
    for file in &written.kept {
        eprintln!("{file} exists; kept (--force replaces it)");
    }
    println!("converted:");
    for (what, n) in &r.converted {
        println!("  {n} × {what}");
    }
    if !r.dropped.is_empty() {
        println!("not imported:");
        for (what, why) in &r.dropped {
            println!("  {what}: {why}");
        }
    }
    if !r.dropped_parts.is_empty() {
        println!("left out of imported articles:");
        for (article, what) in &r.dropped_parts {
            println!("  “{article}”: {what}");
        }
    }
    for note in &r.notes {
        println!("note: {note}");
    }
    let remote = r
        .articles
        .iter()
        .filter(|a| {
            a.body.contains("](http")
                || a.body.contains("src=\"http")
                || a.thumbnail
                    .as_deref()
                    .is_some_and(|t| t.starts_with("http"))
        })
        .count();
    println!(
        "imported {} article(s) ({} written, {} kept), {} file(s) into media/, {} redirect(s) added to {}",
        r.articles.len(),
        written.files.len(),
        written.kept.len(),
        written.media,
        written.redirects,
        content.join(trangtin_bundler::redirects::FILE).display()
    );
    if remote > 0 {
        println!("{remote} article(s) still show images of the old site: `trangtin fetch-media` brings them in");
    }
}

fn fetch_media(content: &std::path::Path, allow_private: bool) -> ExitCode {
    let limits = trangtin_import::fetch::Limits {
        allow_private,
        ..Default::default()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    match trangtin_import::media::fetch_media(content, &limits, now) {
        Ok(r) => {
            for (file, line, url, rel) in &r.fetched {
                println!("{}:{line}: {url} → media/{rel}", file.display());
            }
            for (file, line, url, why) in &r.failed {
                eprintln!("{}:{line}: cannot fetch {url}: {why}", file.display());
            }
            let images: std::collections::BTreeSet<_> = r.fetched.iter().map(|f| &f.3).collect();
            println!(
                "fetched {} image reference(s) ({} file(s) in media/) into {} article(s); {} could not be fetched",
                r.fetched.len(),
                images.len(),
                r.files,
                r.failed.len()
            );
            if r.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("trangtin: {}: {e}", content.display());
            ExitCode::FAILURE
        }
    }
}

fn deploy_config(
    dir: &std::path::Path,
    nginx: &std::path::Path,
    listen: &str,
    base_path: &str,
) -> std::io::Result<()> {
    use trangtin_publish::serving;
    let build = serving::Build::read(dir)?;
    // `trangtin publish` writes the same file; an unchanged one is left as it is.
    let headers = serving::headers_file(&build, base_path);
    let path = dir.join("_headers");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(headers.as_str()) {
        std::fs::write(path, headers)?;
    }
    if let Some(parent) = nginx.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let root = std::fs::canonicalize(dir)?;
    std::fs::write(nginx, serving::nginx_conf(&build, &root, listen))
}

fn base_path(s: &str) -> Result<String, String> {
    let valid = s.starts_with('/') && s.ends_with('/') && !s.contains("//") || s == "/";
    if valid {
        Ok(s.to_string())
    } else {
        Err("a base path starts and ends with a slash, such as /portal/".into())
    }
}

fn print_published(s: &trangtin_publish::Summary, out: &std::path::Path) {
    println!(
        "published {} articles, {} pages ({} rendered): {} files, {} written, {} compressed, \
         {} removed in {:.2} s → {}",
        s.articles,
        s.pages,
        s.rendered,
        s.files,
        s.written,
        s.compressed,
        s.removed,
        s.elapsed.as_secs_f64(),
        out.display()
    );
    print_problems(&s.left_out, &s.warnings);
    if let Some(t) = s.next_change {
        let at = trangtin_bundler::schedule::display(t);
        println!("next scheduled change (an article goes live or expires): {at}");
    }
}

fn publish_failed(e: trangtin_publish::Error) -> ExitCode {
    match e {
        trangtin_publish::Error::Content(problems) => report(problems),
        other => {
            eprintln!("trangtin: {other}");
            ExitCode::FAILURE
        }
    }
}

fn policy(strict: bool) -> trangtin_bundler::Policy {
    if strict {
        trangtin_bundler::Policy::Strict
    } else {
        trangtin_bundler::Policy::KeepGoing
    }
}

/// The articles left out and the warnings, each on its line, then counted by kind: what
/// the owner of an imported site reads first.
fn print_problems(
    left_out: &[trangtin_bundler::Diagnostic],
    warnings: &[trangtin_bundler::Diagnostic],
) {
    for p in left_out.iter().chain(warnings) {
        eprintln!("{p}");
    }
    if !left_out.is_empty() {
        let articles: std::collections::BTreeSet<_> = left_out.iter().map(|p| &p.file).collect();
        eprintln!(
            "trangtin: {} article(s) with {} problem(s) above are left out until they are \
             fixed; the others publish",
            articles.len(),
            left_out.len()
        );
    }
    if !warnings.is_empty() {
        eprintln!(
            "trangtin: {} warning(s), each article publishing without the part: {}",
            warnings.len(),
            trangtin_bundler::diagnostic::summary(warnings).join(", ")
        );
    }
}

fn report(problems: Vec<trangtin_bundler::Diagnostic>) -> ExitCode {
    for p in &problems {
        eprintln!("{p}");
    }
    let summary = trangtin_bundler::diagnostic::summary(&problems);
    eprintln!(
        "trangtin: {} problem(s) ({}); nothing was written",
        problems.len(),
        summary.join(", ")
    );
    ExitCode::FAILURE
}
