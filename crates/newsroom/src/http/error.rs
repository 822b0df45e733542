//! One error type for every handler: a status and a message in Vietnamese that tells
//! staff what to do (and, for a conflict, what stands in the way).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// What a request gets when it cannot be done: a status and a message in Vietnamese.
pub struct Refusal(
    pub(crate) StatusCode,
    pub(crate) String,
    pub(crate) Option<serde_json::Value>,
);

pub(crate) fn refuse(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal(status, message.into(), None)
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Refusal {
    eprintln!("newsroom: {e}");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lỗi máy chủ: thao tác chưa được thực hiện, không có gì bị mất. Hãy thử lại.",
    )
}

pub(crate) type Answer = Result<Response, Refusal>;

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.1 });
        if let Some(extra) = self.2 {
            body["detail"] = extra;
        }
        (self.0, Json(body)).into_response()
    }
}
