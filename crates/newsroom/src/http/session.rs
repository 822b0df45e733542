//! Sessions: the cookie, and the extractors that give a handler the signed-in person.

use crate::auth;
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Refusal;
use crate::store::User;
use crate::Newsroom;
use crate::Shared;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};

pub(crate) const COOKIE: &str = "tt_session";

pub(crate) fn cookie_token(headers: &HeaderMap) -> Option<String> {
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
pub(crate) fn session(n: &Newsroom, headers: &HeaderMap) -> Result<(User, String), Refusal> {
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
pub(crate) fn changer(n: &Newsroom, headers: &HeaderMap) -> Result<User, Refusal> {
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

pub(crate) fn session_cookie(n: &Newsroom, token: &str, max_age: i64) -> HeaderValue {
    let secure = if n.options.secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .expect("a cookie is ASCII")
}

/// The signed-in person, for a handler that reads: a request without a live session is
/// refused (401) before the handler runs.
pub(crate) struct Signed {
    pub(crate) user: User,
}

impl FromRequestParts<Shared> for Signed {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, n: &Shared) -> Result<Self, Refusal> {
        let (user, _) = session(n, &parts.headers)?;
        Ok(Signed { user })
    }
}

/// The signed-in person of a request that changes something: refused without a live
/// session (401) or without the session's CSRF token (403), before the handler runs.
pub(crate) struct Changer(pub(crate) User);

impl FromRequestParts<Shared> for Changer {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, n: &Shared) -> Result<Self, Refusal> {
        changer(n, &parts.headers).map(Changer)
    }
}
