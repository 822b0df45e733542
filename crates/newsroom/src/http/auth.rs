//! Logging in and out, who is logged in, and changing one's password.

use crate::auth;
use crate::http::articles::site_config;
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::error::Refusal;
use crate::http::session::cookie_token;
use crate::http::session::session;
use crate::http::session::session_cookie;
use crate::http::session::Changer;
use crate::store;
use crate::Shared;
use crate::SocketAddr;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
}

pub(crate) async fn login(
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

pub(crate) async fn logout(
    State(n): State<Shared>,
    Changer(user): Changer,
    headers: HeaderMap,
) -> Answer {
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
pub(crate) async fn me(State(n): State<Shared>, headers: HeaderMap) -> Answer {
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
pub(crate) struct PasswordForm {
    current: String,
    new: String,
}

pub(crate) async fn change_password(
    State(n): State<Shared>,
    Changer(user): Changer,
    Json(form): Json<PasswordForm>,
) -> Answer {
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
