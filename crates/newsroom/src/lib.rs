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

pub mod article;
pub mod auth;
mod compare;
mod git;
pub mod listing;
mod media;
mod settings;
pub mod store;

use article::Fields;
use axum::extract::{ConnectInfo, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use store::{ArticleRecord, Role, Status, Store, User};

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

/// What a request gets when it cannot be done: a status and a message in Vietnamese.
pub struct Refusal(StatusCode, String, Option<serde_json::Value>);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.1 });
        if let Some(extra) = self.2 {
            body["detail"] = extra;
        }
        (self.0, Json(body)).into_response()
    }
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal(status, message.into(), None)
}

fn internal(e: impl std::fmt::Display) -> Refusal {
    eprintln!("newsroom: {e}");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lỗi máy chủ: thao tác chưa được thực hiện, không có gì bị mất. Hãy thử lại.",
    )
}

type Answer = Result<Response, Refusal>;

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
    let api = Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/password", post(change_password))
        .route("/api/users", get(users).post(add_user))
        .route("/api/articles", get(list).post(create))
        .route("/api/articles/{id}", get(read).put(save))
        .route("/api/articles/{id}/submit", post(submit))
        .route("/api/articles/{id}/reject", post(reject))
        .route("/api/articles/{id}/publish", post(publish))
        .route("/api/articles/{id}/revisions", get(revisions))
        .route("/api/articles/{id}/compare", get(compare_versions))
        .route("/api/articles/{id}/lock", post(lock))
        .route("/api/audit", get(audit_log))
        .route("/api/preview", post(preview))
        .route(
            "/api/media",
            post(media::upload).layer(axum::extract::DefaultBodyLimit::max(media::MAX_BYTES)),
        )
        .route("/api/media/fetch", post(media::fetch))
        .route("/api/media/{*path}", get(media::original))
        .route("/api/settings", get(settings::get).put(settings::put))
        .with_state(newsroom)
        // The preview's pictures, as the site will serve them.
        .nest_service("/content/media", tower_http::services::ServeDir::new(media));
    let router = match app {
        // The app's files, and for every other address the app's page, which routes in
        // the browser. A missing file of the app (its wasm, a script) is a 404 that
        // says so, never the page in its place: staff saw a blank page.
        Some(app) => {
            let index = app.join("index.html");
            let page = move |uri: axum::http::Uri| {
                let index = index.clone();
                async move { app_page(&index, uri.path()).await }
            };
            api.fallback_service(
                tower_http::services::ServeDir::new(&app)
                    .fallback(axum::handler::HandlerWithoutStateExt::into_service(page)),
            )
        }
        None => api,
    };
    Ok(Service {
        router,
        first_password: first,
        shared,
    })
}

/// What an address the app has no file for gets: the app's page for a route, a 404
/// for a missing file (an address whose last part has an extension).
async fn app_page(index: &Path, path: &str) -> Response {
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (
            StatusCode::NOT_FOUND,
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            format!("Không có tệp {path} trong bản dựng của Tòa soạn: hãy dựng lại (make admin)."),
        )
            .into_response();
    }
    match tokio::fs::read_to_string(index).await {
        Ok(html) => (
            [(axum::http::header::CACHE_CONTROL, "no-cache")],
            axum::response::Html(html),
        )
            .into_response(),
        Err(e) => internal(format!("{}: {e}", index.display())).into_response(),
    }
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

// ---------------------------------------------------------------------------------
// Sessions

const COOKIE: &str = "tt_session";

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The logged-in user and the session's CSRF token.
fn session(n: &Newsroom, headers: &HeaderMap) -> Result<(User, String), Refusal> {
    let token = cookie_token(headers).ok_or_else(|| {
        refuse(
            StatusCode::UNAUTHORIZED,
            "Bạn chưa đăng nhập hoặc phiên đã hết hạn.",
        )
    })?;
    let store = n.store.lock().map_err(internal)?;
    store
        .session(&auth::token_hash(&token))
        .map_err(internal)?
        .ok_or_else(|| {
            refuse(
                StatusCode::UNAUTHORIZED,
                "Bạn chưa đăng nhập hoặc phiên đã hết hạn.",
            )
        })
}

/// The user of a request that changes something: logged in, and carrying the session's
/// CSRF token.
fn changer(n: &Newsroom, headers: &HeaderMap) -> Result<User, Refusal> {
    let (user, csrf) = session(n, headers)?;
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !auth::same(sent.as_bytes(), csrf.as_bytes()) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Yêu cầu thiếu mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.",
        ));
    }
    Ok(user)
}

fn session_cookie(n: &Newsroom, token: &str, max_age: i64) -> HeaderValue {
    let secure = if n.options.secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .expect("a cookie is ASCII")
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(
    State(n): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(form): Json<LoginForm>,
) -> Answer {
    if !n.logins.allow(peer.ip()) {
        return Err(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "Đăng nhập sai quá nhiều lần từ máy này. Hãy đợi vài phút rồi thử lại.",
        ));
    }
    let username = form.username.trim().to_lowercase();
    let record = n
        .store
        .lock()
        .map_err(internal)?
        .login_record(&username)
        .map_err(internal)?;
    let wrong = || refuse(StatusCode::UNAUTHORIZED, "Sai tên đăng nhập hoặc mật khẩu.");
    let Some((id, hash, failed, locked_until)) = record else {
        // The same work as for a real account, so timing does not tell names apart.
        let password = form.password.clone();
        let _ = tokio::task::spawn_blocking(move || {
            auth::verify_password(&password, auth::dummy_hash())
        })
        .await;
        return Err(wrong());
    };
    let now = store::now();
    if locked_until > now {
        let minutes = (locked_until - now + 59) / 60;
        return Err(refuse(
            StatusCode::LOCKED,
            format!(
                "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Hãy thử lại sau {minutes} phút."
            ),
        ));
    }
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&form.password, &hash))
        .await
        .map_err(internal)?;
    let store = n.store.lock().map_err(internal)?;
    if !ok {
        let failed = failed + 1;
        let lock = if failed >= n.options.lock_after {
            now + n.options.lock_seconds
        } else {
            0
        };
        store
            .set_login_failures(id, if lock > 0 { 0 } else { failed }, lock)
            .map_err(internal)?;
        store
            .audit(
                Some(id),
                "login-failed",
                None,
                if lock > 0 { "account locked" } else { "" },
            )
            .map_err(internal)?;
        return Err(wrong());
    }
    store.set_login_failures(id, 0, 0).map_err(internal)?;
    let token = auth::random_token();
    let csrf = auth::random_token();
    let days = 7;
    store
        .add_session(&auth::token_hash(&token), id, &csrf, now + days * 86_400)
        .map_err(internal)?;
    store.audit(Some(id), "login", None, "").map_err(internal)?;
    let user = store.user(id).map_err(internal)?.ok_or_else(wrong)?;
    let mut response = Json(json!({ "user": user, "csrf": csrf })).into_response();
    response.headers_mut().insert(
        axum::http::header::SET_COOKIE,
        session_cookie(&n, &token, days * 86_400),
    );
    Ok(response)
}

async fn logout(State(n): State<Shared>, headers: HeaderMap) -> Answer {
    let user = changer(&n, &headers)?;
    if let Some(token) = cookie_token(&headers) {
        let store = n.store.lock().map_err(internal)?;
        store
            .end_session(&auth::token_hash(&token))
            .map_err(internal)?;
        store
            .audit(Some(user.id), "logout", None, "")
            .map_err(internal)?;
    }
    let mut response = Json(json!({})).into_response();
    response
        .headers_mut()
        .insert(axum::http::header::SET_COOKIE, session_cookie(&n, "", 0));
    Ok(response)
}

/// Who is logged in: `{"user": null}` when no one is (an answer, not an error: the app
/// asks this first, and then shows the login).
async fn me(State(n): State<Shared>, headers: HeaderMap) -> Answer {
    let (user, csrf) = match session(&n, &headers) {
        Ok(found) => found,
        Err(Refusal(StatusCode::UNAUTHORIZED, ..)) => {
            return Ok(Json(json!({ "user": null })).into_response())
        }
        Err(other) => return Err(other),
    };
    // The categories this person writes in, with their names.
    let config = site_config(&n)?;
    let categories: Vec<serde_json::Value> = config
        .categories
        .iter()
        .filter(|c| user.covers(&c.slug))
        .map(|c| json!({ "slug": c.slug, "name": c.name }))
        .collect();
    Ok(Json(json!({ "user": user, "csrf": csrf, "categories": categories })).into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
}

async fn change_password(
    State(n): State<Shared>,
    headers: HeaderMap,
    Json(form): Json<PasswordForm>,
) -> Answer {
    let user = changer(&n, &headers)?;
    if form.new.chars().count() < 10 {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Mật khẩu mới cần ít nhất 10 ký tự.",
        ));
    }
    let record = n
        .store
        .lock()
        .map_err(internal)?
        .login_record(&user.username)
        .map_err(internal)?;
    let Some((_, hash, _, _)) = record else {
        return Err(refuse(StatusCode::UNAUTHORIZED, "Tài khoản không còn."));
    };
    let new_hash = tokio::task::spawn_blocking(move || {
        auth::verify_password(&form.current, &hash)
            .then(|| auth::hash_password(&form.new))
            .transpose()
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    let Some(new_hash) = new_hash else {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Mật khẩu hiện tại không đúng.",
        ));
    };
    let store = n.store.lock().map_err(internal)?;
    store.set_password(user.id, &new_hash).map_err(internal)?;
    store
        .audit(Some(user.id), "password", None, "")
        .map_err(internal)?;
    Ok(Json(json!({})).into_response())
}

// ---------------------------------------------------------------------------------
// Staff

async fn users(State(n): State<Shared>, headers: HeaderMap) -> Answer {
    let (user, _) = session(&n, &headers)?;
    if user.role != Role::Admin {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Chỉ quản trị xem được danh sách người dùng.",
        ));
    }
    let users = n
        .store
        .lock()
        .map_err(internal)?
        .users()
        .map_err(internal)?;
    Ok(Json(users).into_response())
}

#[derive(Deserialize)]
struct NewUser {
    username: String,
    display_name: String,
    role: Role,
    #[serde(default)]
    categories: Vec<String>,
    password: String,
}

async fn add_user(
    State(n): State<Shared>,
    headers: HeaderMap,
    Json(form): Json<NewUser>,
) -> Answer {
    let admin = changer(&n, &headers)?;
    if admin.role != Role::Admin {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Chỉ quản trị thêm được người dùng.",
        ));
    }
    let username = form.username.trim().to_lowercase();
    if username.is_empty()
        || !username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tên đăng nhập chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
        ));
    }
    if form.password.chars().count() < 10 {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Mật khẩu cần ít nhất 10 ký tự.",
        ));
    }
    let hash = auth::hash_password(&form.password).map_err(internal)?;
    let store = n.store.lock().map_err(internal)?;
    let id = store
        .add_user(
            &username,
            form.display_name.trim(),
            form.role,
            &form.categories,
            &hash,
            true,
        )
        .map_err(|_| refuse(StatusCode::CONFLICT, "Tên đăng nhập này đã có người dùng."))?;
    store
        .audit(Some(admin.id), "add-user", None, &username)
        .map_err(internal)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

// ---------------------------------------------------------------------------------
// Articles

fn site_config(n: &Newsroom) -> Result<trangtin_bundler::config::SiteConfig, Refusal> {
    trangtin_bundler::config::SiteConfig::load(&n.options.content.join("site.toml"), "/").map_err(
        |d| {
            internal(
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        },
    )
}

fn categories(n: &Newsroom) -> Result<Vec<String>, Refusal> {
    Ok(site_config(n)?
        .categories
        .into_iter()
        .map(|c| c.slug)
        .collect())
}

/// Now, in the site's time (+07:00), as a front matter date.
fn now_text() -> String {
    trangtin_model::Timestamp::from_unix(store::now(), 420).to_string()
}

fn articles_dir(n: &Newsroom) -> PathBuf {
    n.options.content.join("articles")
}

fn read_fields(n: &Newsroom, record: &ArticleRecord) -> Result<Fields, Refusal> {
    let path = articles_dir(n).join(&record.file);
    let text =
        std::fs::read_to_string(&path).map_err(|e| internal(format!("{}: {e}", path.display())))?;
    Fields::from_file(&path, &text)
        .map(|(f, _)| f)
        .map_err(|e| {
            refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("Tệp bài viết có lỗi: {e}"),
            )
        })
}

/// An article's record and the fields of its file.
fn open_article(n: &Newsroom, id: i64) -> Result<(ArticleRecord, Fields), Refusal> {
    let record = find(n, id)?;
    let fields = read_fields(n, &record)?;
    Ok((record, fields))
}

/// An article opened for the logged-in person, who must work in its category (or be an
/// administrator).
fn open_readable(
    n: &Newsroom,
    headers: &HeaderMap,
    id: i64,
) -> Result<(User, ArticleRecord, Fields), Refusal> {
    let (user, _) = session(n, headers)?;
    let (record, fields) = open_article(n, id)?;
    if !user.covers(&fields.category) && user.role != Role::Admin {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Bài này thuộc chuyên mục bạn không phụ trách.",
        ));
    }
    Ok((user, record, fields))
}

fn find(n: &Newsroom, id: i64) -> Result<ArticleRecord, Refusal> {
    n.store
        .lock()
        .map_err(internal)?
        .article(id)
        .map_err(internal)?
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Không có bài viết này."))
}

/// Writes the article file whole (through a temporary file), so a reader of the folder
/// never sees half of it.
fn write_file(path: &Path, text: &str) -> Result<(), Refusal> {
    let tmp = path.with_extension("md.saving");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| internal(format!("{}: {e}", path.display())))
}

/// The list's index learns what the newsroom just wrote to `file`.
fn listed(n: &Newsroom, store: &Store, file: &str) -> Result<(), Refusal> {
    listing::refresh_file(store, &articles_dir(n), file).map_err(internal)
}

/// Whether `user` may change the article (its text) as it stands.
fn may_edit(user: &User, record: &ArticleRecord, category: &str) -> bool {
    if user.role.edits() {
        return user.covers(category);
    }
    record.author_id == Some(user.id)
        && matches!(record.status, Status::Draft | Status::Rejected)
        && user.covers(category)
}

fn summary(record: &ArticleRecord, listed: &listing::Listed, names: &[User]) -> serde_json::Value {
    json!({
        "id": record.id,
        "file": record.file,
        "title": listed.title,
        "slug": listed.slug,
        "category": listed.category,
        "date": listed.date,
        "status": record.status,
        "version": record.version,
        // Who wrote it in the newsroom; for a file from elsewhere, its byline.
        "author": record
            .author_id
            .and_then(|a| names.iter().find(|u| u.id == a))
            .map(|u| u.display_name.clone())
            .or_else(|| (!listed.author.is_empty()).then(|| listed.author.clone())),
        "note": record.note,
        "updated_at": record.updated_at,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    /// Words the title holds, with or without their marks.
    q: String,
    /// One state (`pending`, `draft`, …); empty: every state.
    status: String,
    /// One category's slug; empty: every category the person works in.
    category: String,
    /// From 1; past the last page: the last page.
    page: usize,
    /// Rows to a page: 50 unless asked, at most 200.
    per_page: usize,
}

/// Rows to a page of the article list, unless asked otherwise.
const PER_PAGE: usize = 50;

async fn list(
    State(n): State<Shared>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<ListQuery>,
) -> Answer {
    let (user, _) = session(&n, &headers)?;
    let words: Vec<String> = query.q.split_whitespace().map(listing::fold).collect();
    // From the index (`listing`): no article file is read, and only a page of rows is
    // built and sent, with the count of each state for the filter.
    let per_page = match query.per_page {
        0 => PER_PAGE,
        n => n.min(200),
    };
    let (page, names) = {
        let store = n.store.lock().map_err(internal)?;
        let filter = listing::Filter {
            categories: (user.role != Role::Admin && !user.categories.is_empty())
                .then_some(user.categories.as_slice()),
            category: &query.category,
            status: &query.status,
            words: &words,
            page: query.page,
            per_page,
        };
        (
            store.list_page(&filter).map_err(internal)?,
            store.users().map_err(internal)?,
        )
    };
    let listing::Page {
        rows,
        total,
        page,
        pages,
        counts,
    } = page;
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| summary(&r.record, &r.listed, &names))
        .collect();
    Ok(Json(json!({
        "items": items,
        "total": total,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "counts": counts,
    }))
    .into_response())
}

#[derive(Deserialize)]
struct Edit {
    /// The version the edit started from.
    version: i64,
    fields: Fields,
}

/// The file name a slug gets, unless another article has it.
fn file_for(n: &Newsroom, slug: &str, own: Option<&str>) -> Result<String, Refusal> {
    let name = format!("{slug}.md");
    let taken = articles_dir(n).join(&name).exists() && own != Some(name.as_str());
    if taken {
        return Err(refuse(
            StatusCode::CONFLICT,
            format!("Đường dẫn \"{slug}\" đã có bài khác dùng. Hãy sửa đường dẫn (slug)."),
        ));
    }
    Ok(name)
}

fn check_fields(n: &Newsroom, fields: &Fields) -> Result<(), Refusal> {
    let problems = fields.problems(&categories(n)?);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            problems.join(" "),
            Some(json!(problems)),
        ))
    }
}

async fn create(State(n): State<Shared>, headers: HeaderMap, Json(fields): Json<Fields>) -> Answer {
    let user = changer(&n, &headers)?;
    let fields = Fields {
        author: if fields.author.is_empty() {
            user.display_name.clone()
        } else {
            fields.author
        },
        ..fields
    }
    .normalised();
    check_fields(&n, &fields)?;
    if !user.covers(&fields.category) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Bạn không được viết bài trong chuyên mục này.",
        ));
    }
    let file = file_for(&n, &fields.effective_slug(), None)?;
    let text = fields.to_file(true);
    // Held from the write on, so that the folder's watcher cannot register the file
    // before its record is made.
    let store = n.store.lock().map_err(internal)?;
    write_file(&articles_dir(&n).join(&file), &text)?;
    let id = store
        .add_article(&file, Status::Draft, Some(user.id), &text)
        .map_err(internal)?;
    listed(&n, &store, &file)?;
    store
        .audit(Some(user.id), "create", Some(id), &file)
        .map_err(internal)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id, "version": 1 }))).into_response())
}

async fn read(State(n): State<Shared>, headers: HeaderMap, UrlPath(id): UrlPath<i64>) -> Answer {
    let (user, record, fields) = open_readable(&n, &headers, id)?;
    Ok(Json(json!({
        "id": record.id,
        "status": record.status,
        "version": record.version,
        "note": record.note,
        "file": record.file,
        "editable": may_edit(&user, &record, &fields.category),
        "fields": fields,
    }))
    .into_response())
}

async fn save(
    State(n): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    Json(edit): Json<Edit>,
) -> Answer {
    let user = changer(&n, &headers)?;
    let (record, current) = open_article(&n, id)?;
    if !may_edit(&user, &record, &current.category) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Bạn không được sửa bài này ở trạng thái hiện tại.",
        ));
    }
    let fields = edit.fields.normalised();
    if edit.version != record.version {
        return Err(Refusal(
            StatusCode::CONFLICT,
            "Bài đã được người khác lưu sau khi bạn mở. Bản của bạn chưa được lưu; hãy so sánh hai bản bên dưới.".into(),
            Some(json!({ "version": record.version, "theirs": current, "yours": fields })),
        ));
    }
    check_fields(&n, &fields)?;
    if !user.covers(&fields.category) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Bạn không được chuyển bài sang chuyên mục này.",
        ));
    }
    // The file stays where it is (a sub-folder, a name of its own) unless the slug
    // changed.
    let file = if fields.effective_slug() == current.effective_slug() {
        record.file.clone()
    } else {
        file_for(&n, &fields.effective_slug(), Some(&record.file))?
    };
    // A live article stays live; anything else stays out of the public site.
    let text = fields.to_file(!record.status.is_live());
    let dir = articles_dir(&n);
    let version = {
        let store = n.store.lock().map_err(internal)?;
        let Some(version) = store
            .save_revision(id, record.version, &file, user.id, &text)
            .map_err(internal)?
        else {
            return Err(refuse(
                StatusCode::CONFLICT,
                "Bài vừa được người khác lưu. Hãy tải lại.",
            ));
        };
        write_file(&dir.join(&file), &text)?;
        if file != record.file {
            let _ = std::fs::remove_file(dir.join(&record.file));
        }
        listed(&n, &store, &file)?;
        store
            .audit(
                Some(user.id),
                "save",
                Some(id),
                &format!("version {version}"),
            )
            .map_err(internal)?;
        version
    };
    let published = if record.status.is_live() {
        Some(run_publisher(&n).await?)
    } else {
        None
    };
    Ok(Json(json!({ "version": version, "published": published })).into_response())
}

async fn submit(State(n): State<Shared>, headers: HeaderMap, UrlPath(id): UrlPath<i64>) -> Answer {
    let user = changer(&n, &headers)?;
    let (record, fields) = open_article(&n, id)?;
    let own = record.author_id == Some(user.id) || user.role.edits();
    if !own
        || !matches!(record.status, Status::Draft | Status::Rejected)
        || !user.covers(&fields.category)
    {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Không gửi duyệt được bài này.",
        ));
    }
    let store = n.store.lock().map_err(internal)?;
    store
        .set_status(id, Status::Pending, None)
        .map_err(internal)?;
    store
        .audit(Some(user.id), "submit", Some(id), "")
        .map_err(internal)?;
    Ok(Json(json!({ "status": Status::Pending })).into_response())
}

#[derive(Deserialize)]
struct RejectForm {
    note: String,
}

async fn reject(
    State(n): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    Json(form): Json<RejectForm>,
) -> Answer {
    let user = changer(&n, &headers)?;
    let (record, fields) = open_article(&n, id)?;
    if !user.role.edits() || !user.covers(&fields.category) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Chỉ biên tập viên phụ trách chuyên mục được trả lại bài.",
        ));
    }
    if record.status != Status::Pending {
        return Err(refuse(
            StatusCode::CONFLICT,
            "Bài không ở trạng thái chờ duyệt.",
        ));
    }
    let note = form.note.trim();
    if note.is_empty() {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Hãy ghi lý do trả lại để tác giả sửa.",
        ));
    }
    let store = n.store.lock().map_err(internal)?;
    store
        .set_status(id, Status::Rejected, Some(note))
        .map_err(internal)?;
    store
        .audit(Some(user.id), "reject", Some(id), note)
        .map_err(internal)?;
    Ok(Json(json!({ "status": Status::Rejected })).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PublishForm {
    /// A later time to go live at (RFC 3339); empty: now.
    publish_at: String,
    expire_at: String,
}

async fn publish(
    State(n): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    Json(form): Json<PublishForm>,
) -> Answer {
    let user = changer(&n, &headers)?;
    let (record, mut fields) = open_article(&n, id)?;
    if !user.role.edits() || !user.covers(&fields.category) {
        let store = n.store.lock().map_err(internal)?;
        store
            .audit(Some(user.id), "publish-refused", Some(id), "")
            .map_err(internal)?;
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Chỉ biên tập viên phụ trách chuyên mục được đăng bài.",
        ));
    }
    fields.publish_at = form.publish_at.trim().to_string();
    fields.expire_at = form.expire_at.trim().to_string();
    if fields.date.is_empty() {
        fields.date = now_text();
    }
    check_fields(&n, &fields)?;
    let status = if listing::scheduled_later(&fields) {
        Status::Scheduled
    } else {
        Status::Published
    };
    let text = fields.to_file(false);
    {
        let store = n.store.lock().map_err(internal)?;
        let Some(version) = store
            .save_revision(id, record.version, &record.file, user.id, &text)
            .map_err(internal)?
        else {
            return Err(refuse(
                StatusCode::CONFLICT,
                "Bài vừa được người khác lưu. Hãy tải lại.",
            ));
        };
        write_file(&articles_dir(&n).join(&record.file), &text)?;
        listed(&n, &store, &record.file)?;
        store.set_status(id, status, None).map_err(internal)?;
        store
            .audit(
                Some(user.id),
                status.as_str(),
                Some(id),
                &format!("version {version}"),
            )
            .map_err(internal)?;
    }
    let action = if status == Status::Scheduled {
        "Hẹn giờ đăng"
    } else {
        "Đăng"
    };
    let committed = commit_content_as(&n, &user, format!("{action}: {}", fields.title)).await;
    let published = run_publisher(&n).await?;
    Ok(
        Json(json!({ "status": status, "published": published, "commit": committed }))
            .into_response(),
    )
}

/// Commits the content when it is in a Git repository, as the person who published. A
/// failure is logged and does not stop the publishing: the files are saved either way.
async fn commit_content_as(n: &Shared, user: &User, message: String) -> Option<String> {
    if !n.options.git {
        return None;
    }
    let name = user.display_name.clone();
    let email = format!("{}@toa-soan.invalid", user.username);
    let content = n.options.content.clone();
    tokio::task::spawn_blocking(move || git::commit(&content, &name, &email, &message))
        .await
        .map_err(|e| e.to_string())
        .and_then(|committed| committed)
        .unwrap_or_else(|e| {
            eprintln!("newsroom: {e}");
            None
        })
}

async fn run_publisher(n: &Shared) -> Result<Option<String>, Refusal> {
    let Some(publisher) = n.options.publisher.clone() else {
        return Ok(None);
    };
    let _one_at_a_time = n.publishing.lock().await;
    match tokio::task::spawn_blocking(move || publisher()).await.map_err(internal)? {
        Ok(published) => {
            *n.next_change.lock().map_err(internal)? = published.next_change;
            n.wake.notify_one();
            Ok(Some(published.summary))
        }
        Err(e) => Err(refuse(
            StatusCode::BAD_GATEWAY,
            format!(
                "Đã lưu bài, nhưng chưa đưa lên trang được: {e}. Trang công khai vẫn như trước; hãy báo quản trị."
            ),
        )),
    }
}

async fn revisions(
    State(n): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
) -> Answer {
    let (_, record, _) = open_readable(&n, &headers, id)?;
    let revisions = n
        .store
        .lock()
        .map_err(internal)?
        .revisions(id)
        .map_err(internal)?;
    // Each with its fields, so that one can be compared and taken back (saved anew, as
    // any edit is, against the version open).
    let path = articles_dir(&n).join(&record.file);
    let revisions: Vec<serde_json::Value> = revisions
        .into_iter()
        .map(|r| {
            let fields = Fields::from_file(&path, &r.text).ok().map(|(f, _)| f);
            json!({ "version": r.version, "user": r.user, "at": r.at, "fields": fields })
        })
        .collect();
    Ok(Json(revisions).into_response())
}

#[derive(Deserialize)]
struct CompareQuery {
    from: i64,
    to: i64,
}

/// Two versions of an article side by side (`compare::compare`).
async fn compare_versions(
    State(n): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    axum::extract::Query(q): axum::extract::Query<CompareQuery>,
) -> Answer {
    open_readable(&n, &headers, id)?;
    let (old, new) = {
        let store = n.store.lock().map_err(internal)?;
        (
            store.revision_text(id, q.from).map_err(internal)?,
            store.revision_text(id, q.to).map_err(internal)?,
        )
    };
    let (Some(old), Some(new)) = (old, new) else {
        return Err(refuse(StatusCode::NOT_FOUND, "Không có phiên bản này."));
    };
    Ok(
        Json(json!({ "from": q.from, "to": q.to, "rows": compare::compare(&old, &new) }))
            .into_response(),
    )
}

async fn audit_log(State(n): State<Shared>, headers: HeaderMap) -> Answer {
    let (user, _) = session(&n, &headers)?;
    if user.role != Role::Admin {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Chỉ quản trị xem được nhật ký.",
        ));
    }
    let log = n
        .store
        .lock()
        .map_err(internal)?
        .audit_log(500)
        .map_err(internal)?;
    Ok(Json(log).into_response())
}

/// The article as the reader will see it: what the bundler makes of the fields (a
/// sanitised body, pictures with their variants), or its problems.
async fn preview(
    State(n): State<Shared>,
    headers: HeaderMap,
    Json(fields): Json<Fields>,
) -> Answer {
    session(&n, &headers)?;
    let mut fields = fields.normalised();
    // Undated, it would be dated when published: now.
    if fields.date.is_empty() {
        fields.date = now_text();
    }
    let name = format!("{}.md", fields.effective_slug());
    let text = fields.to_file(false);
    let n2 = n.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        let mut previewer = n2.previewer.lock().unwrap_or_else(|e| e.into_inner());
        if previewer.is_none() {
            let o = &n2.options;
            *previewer = Some(
                trangtin_bundler::site::Previewer::new(&o.content, &o.base_path, &o.work)
                    .map_err(|d| d.iter().map(ToString::to_string).collect::<Vec<_>>())?,
            );
        }
        previewer
            .as_ref()
            .expect("made above")
            .render(&name, &text)
            .map_err(|d| d.iter().map(|p| p.message.clone()).collect::<Vec<_>>())
    })
    .await
    .map_err(internal)?;
    match rendered {
        Ok(article) => Ok(Json(json!({ "article": article })).into_response()),
        Err(problems) => Ok(Json(json!({ "problems": problems })).into_response()),
    }
}

/// Publishes the site whenever a scheduled article is due or one expires, and moves the
/// articles' states along: scheduled → published, published → expired. Runs for the
/// newsroom's life; the first run learns when the next change is.
async fn schedule(n: Shared) {
    loop {
        let _ = run_publisher(&n).await;
        if let Err(e) = advance_states(&n) {
            eprintln!("newsroom: {e}");
        }
        loop {
            let next = *n.next_change.lock().unwrap_or_else(|e| e.into_inner());
            let now = trangtin_bundler::schedule::now().unwrap_or_else(|_| store::now());
            match next {
                Some(at) if at <= now => break,
                Some(at) => {
                    let wait = std::time::Duration::from_secs((at - now) as u64);
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        () = n.wake.notified() => {}
                    }
                }
                None => n.wake.notified().await,
            }
        }
    }
}

/// Scheduled articles whose time has come are published; published ones past their
/// expiry have expired.
fn advance_states(n: &Newsroom) -> Result<(), String> {
    let now = trangtin_bundler::schedule::now()?;
    let rows = n
        .store
        .lock()
        .map_err(|e| e.to_string())?
        .listing()
        .map_err(|e| e.to_string())?;
    let due = |at: &str| {
        !at.is_empty()
            && trangtin_model::Timestamp::parse(at, 420).is_ok_and(|t| t.unix_seconds() <= now)
    };
    for listing::Row {
        record,
        listed: fields,
    } in rows
    {
        let next = match record.status {
            Status::Scheduled if due(&fields.publish_at) => Status::Published,
            Status::Published if due(&fields.expire_at) => Status::Expired,
            _ => continue,
        };
        let store = n.store.lock().map_err(|e| e.to_string())?;
        store
            .set_status(record.id, next, None)
            .map_err(|e| e.to_string())?;
        store
            .audit(None, next.as_str(), Some(record.id), "at its time")
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

const LOCK_LAPSES: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Deserialize, Default)]
#[serde(default)]
struct LockForm {
    /// Take the article over from whoever holds it.
    take: bool,
    /// Let it go (the page is closing).
    release: bool,
}

/// The edit lock: the page that edits an article renews it every few seconds. Another
/// person sees who holds it ("đang được sửa bởi …") and may take it over; the one who
/// lost it is told at the next renewal. Saves stay guarded by the version either way.
async fn lock(
    State(n): State<Shared>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    Json(form): Json<LockForm>,
) -> Answer {
    let user = changer(&n, &headers)?;
    find(&n, id)?;
    let mut locks = n.locks.lock().map_err(internal)?;
    let now = std::time::Instant::now();
    locks.retain(|_, (_, _, seen)| now.duration_since(*seen) < LOCK_LAPSES);
    let holder = locks.get(&id).cloned();
    let mine = match holder {
        Some((who, _, _)) if who == user.id => {
            if form.release {
                locks.remove(&id);
            } else {
                locks.insert(id, (user.id, user.display_name.clone(), now));
            }
            true
        }
        Some((_, _, _)) if !form.take => false,
        _ if form.release => false,
        _ => {
            if let Some((_, from, _)) = &holder {
                let store = n.store.lock().map_err(internal)?;
                store
                    .audit(Some(user.id), "take-over", Some(id), from)
                    .map_err(internal)?;
            }
            locks.insert(id, (user.id, user.display_name.clone(), now));
            true
        }
    };
    let held_by = if mine {
        None
    } else {
        locks.get(&id).map(|(_, name, _)| name.clone())
    };
    Ok(Json(json!({ "mine": mine, "held_by": held_by })).into_response())
}
