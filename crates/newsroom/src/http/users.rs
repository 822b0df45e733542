//! Staff accounts, for administrators.

use crate::auth;
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::session::Changer;
use crate::http::session::Signed;
use crate::store::Role;
use crate::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

pub(crate) async fn users(State(n): State<Shared>, Signed { user }: Signed) -> Answer {
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
pub(crate) struct NewUser {
    username: String,
    display_name: String,
    role: Role,
    #[serde(default)]
    categories: Vec<String>,
    password: String,
}

pub(crate) async fn add_user(
    State(n): State<Shared>,
    Changer(admin): Changer,
    Json(form): Json<NewUser>,
) -> Answer {
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
