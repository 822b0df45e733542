//! Tòa soạn, the newsroom: staff log in, write, send for approval, and editors approve,
//! reject with a note, publish and schedule. Articles stay the Markdown files of
//! `content/articles/`; the workflow, revisions, sessions and the audit log live in
//! SQLite.
//!
//! Security: passwords are hashed with argon2id; the session cookie is HttpOnly,
//! SameSite=Strict (and Secure behind HTTPS); every change needs the session's CSRF token
//! in `X-CSRF-Token`; logins are rate-limited per address and an account locks after
//! repeated failures; every action goes into the audit log; what a role may not do is
//! refused with 403 whatever the request claims.
use crate::publishing::schedule;

pub mod article;
pub mod auth;
mod compare;
mod git;
mod http;
pub mod listing;
mod publishing;
pub mod store;

use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use store::{Role, Store};

/// Runs the public site's publishing after a change that shows there; returns what it
/// did, or what went wrong.
pub type Publisher = Arc<dyn Fn() -> Result<Published, String> + Send + Sync>;

/// What a publishing run did.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// For the person who asked, in Vietnamese.
    pub summary: String,
    /// When a scheduled article goes live or one expires next (Unix seconds): the site
    /// is published again then.
    pub next_change: Option<i64>,
}

pub struct Options {
    /// The content folder: `site.toml`, `articles/`, `media/`.
    pub content: PathBuf,
    /// The newsroom's database.
    pub db: PathBuf,
    /// Whether the newsroom is served over HTTPS (behind a proxy): cookies get `Secure`.
    pub secure: bool,
    /// Failed logins in a row that lock an account, and for how long (seconds).
    pub lock_after: i64,
    pub lock_seconds: i64,
    pub publisher: Option<Publisher>,
    /// The admin app's build (trunk's output), served at `/`.
    pub app: Option<PathBuf>,
    /// The bundler's working folder: the preview's photos come from (and are made in) it.
    pub work: PathBuf,
    pub base_path: String,
    /// Publish again by itself when a scheduled article is due (and once at start).
    pub scheduled: bool,
    /// Commit what is published when `content` is in a Git repository.
    pub git: bool,
    /// Whether photos may be fetched from addresses inside the server's network.
    pub fetch_private: bool,
}

impl Options {
    pub fn new(content: PathBuf, db: PathBuf) -> Options {
        Options {
            content,
            db,
            secure: false,
            lock_after: 5,
            lock_seconds: 15 * 60,
            publisher: None,
            app: None,
            work: PathBuf::from("public"),
            base_path: "/".into(),
            scheduled: true,
            git: true,
            fetch_private: false,
        }
    }
}

struct Newsroom {
    store: Mutex<Store>,
    /// One publishing run at a time: two would write the same folders, and an earlier
    /// run finishing last would report a stale next change.
    publishing: tokio::sync::Mutex<()>,
    /// The next time the site must be published again, and a bell for when it changes.
    next_change: Mutex<Option<i64>>,
    wake: tokio::sync::Notify,
    /// Who is editing which article: (user, name, last heard from). A lock lapses a
    /// minute after its holder's page stops renewing it.
    locks: Mutex<std::collections::HashMap<i64, (i64, String, std::time::Instant)>>,
    /// The preview's renderer, made on first use.
    previewer: Mutex<Option<trangtin_bundler::site::Previewer>>,
    options: Options,
    logins: auth::RateLimit,
}

type Shared = Arc<Newsroom>;

/// Opens the database, creates the first administrator when there is none (returning
/// the one-time password to show), and registers the article files already there.
pub fn open(options: Options) -> Result<Service, String> {
    let store = Store::open(&options.db).map_err(|e| format!("{}: {e}", options.db.display()))?;
    let mut first = None;
    if store.user_count().map_err(|e| e.to_string())? == 0 {
        let password = auth::random_password();
        let hash = auth::hash_password(&password)?;
        store
            .add_user("admin", "Quản trị", Role::Admin, &[], &hash, true)
            .map_err(|e| e.to_string())?;
        first = Some(password);
    }
    listing::refresh(&store, &options.content.join("articles"))?;
    let app = options.app.clone();
    let media = options.work.join("content/media");
    let newsroom = Arc::new(Newsroom {
        store: Mutex::new(store),
        publishing: tokio::sync::Mutex::new(()),
        next_change: Mutex::new(None),
        wake: tokio::sync::Notify::new(),
        previewer: Mutex::new(None),
        locks: Mutex::new(std::collections::HashMap::new()),
        options,
        logins: auth::RateLimit::new(30, std::time::Duration::from_secs(600)),
    });
    let shared = newsroom.clone();
    let router = http::router(newsroom, media, app);
    Ok(Service {
        router,
        first_password: first,
        shared,
    })
}

/// The newsroom, opened.
pub struct Service {
    pub router: Router,
    /// The first administrator's one-time password, when the database was new.
    pub first_password: Option<String>,
    shared: Shared,
}

/// Serves the newsroom on `listener` until the process ends; with a publisher and
/// `scheduled`, also publishes the site whenever a scheduled article is due.
pub async fn serve(listener: tokio::net::TcpListener, service: Service) -> std::io::Result<()> {
    if service.shared.options.publisher.is_some() && service.shared.options.scheduled {
        tokio::spawn(schedule(service.shared.clone()));
    }
    // Files added or edited by hand, by Git or by an import reach the list while the
    // newsroom runs.
    let newsroom = Arc::downgrade(&service.shared);
    let dir = articles_dir(&service.shared);
    listing::watch(dir.clone(), std::time::Duration::from_secs(10), move || {
        let Some(n) = newsroom.upgrade() else {
            return false;
        };
        let refreshed = match n.store.lock() {
            Ok(store) => listing::refresh(&store, &dir),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = refreshed {
            eprintln!("newsroom: the article list: {e}");
        }
        true
    });
    axum::serve(
        listener,
        service
            .router
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

fn articles_dir(n: &Newsroom) -> PathBuf {
    n.options.content.join("articles")
}
