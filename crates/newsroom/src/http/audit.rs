//! The audit log, for administrators.

use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::session::Signed;
use crate::store::Role;
use crate::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;

pub(crate) async fn audit_log(State(n): State<Shared>, Signed { user }: Signed) -> Answer {
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
