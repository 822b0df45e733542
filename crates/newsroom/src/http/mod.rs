//! The newsroom's HTTP side, one module per resource: [`auth`] (log in and out, who
//! is in, passwords), [`users`], [`articles`], [`workflow`] (send, send back, publish,
//! schedule, the edit lock), [`versions`], [`preview`], [`media`], [`settings`] and
//! [`audit`]. Every handler takes the signed-in person from an extractor
//! ([`session::Signed`] to read, [`session::Changer`] to change, which also checks the
//! CSRF token), so none can forget either; every refusal is an [`error::Refusal`].
//!
//! What this module may not do: touch SQLite or the files but through the store and the
//! article helpers, or publish but through [`crate::publishing`].
use crate::http::error::refuse;
use crate::http::error::Refusal;

use crate::http::articles::create;
use crate::http::articles::list;
use crate::http::articles::read;
use crate::http::articles::save;
use crate::http::audit::audit_log;
use crate::http::auth::change_password;
use crate::http::auth::login;
use crate::http::auth::logout;
use crate::http::auth::me;
use crate::http::error::internal;
use crate::http::preview::preview;
use crate::http::users::add_user;
use crate::http::users::users;
use crate::http::versions::compare_versions;
use crate::http::versions::revisions;
use crate::http::workflow::lock;
use crate::http::workflow::publish;
use crate::http::workflow::reject;
use crate::http::workflow::submit;
use crate::Shared;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::path::{Path, PathBuf};

pub mod articles;
pub mod audit;
pub mod auth;
pub mod error;
pub mod media;
pub mod preview;
pub mod session;
pub mod settings;
pub mod users;
pub mod versions;
pub mod workflow;

/// What an address the app has no file for gets: the app's page for a route, a 404
/// for a missing file (an address whose last part has an extension).
pub(crate) async fn app_page(index: &Path, path: &str) -> Response {
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

/// Every address of the newsroom: the API, the preview's pictures (`media`, as the site
/// will serve them), and the admin app's files and page (`app`).
pub(crate) fn router(newsroom: Shared, media: PathBuf, app: Option<PathBuf>) -> Router {
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
    router
}

/// Publishes the site after a change that shows there, as a handler answers it: what
/// the run did, or a refusal that says the change is saved and the site is as it was.
pub(crate) async fn publish_site(n: &Shared) -> Result<Option<String>, Refusal> {
    match crate::publishing::run_publisher(n).await {
        Ok(done) => Ok(done),
        Err(crate::publishing::Failure::Internal(e)) => Err(internal(e)),
        Err(crate::publishing::Failure::Publisher(e)) => Err(refuse(
            StatusCode::BAD_GATEWAY,
            format!(
                "Đã lưu bài, nhưng chưa đưa lên trang được: {e}. Trang công khai vẫn như trước; hãy báo quản trị."
            ),
        )),
    }
}
