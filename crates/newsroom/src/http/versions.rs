//! An article's versions, and two of them compared.

use crate::compare;
use crate::http::session::Signed;

use crate::article::Fields;
use crate::articles_dir;
use crate::http::articles::open_readable;
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::Shared;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

pub(crate) async fn revisions(
    State(n): State<Shared>,
    Signed { user }: Signed,
    UrlPath(id): UrlPath<i64>,
) -> Answer {
    let (record, _) = open_readable(&n, &user, id)?;
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
pub(crate) struct CompareQuery {
    from: i64,
    to: i64,
}

/// Two versions of an article side by side (`compare::compare`).
pub(crate) async fn compare_versions(
    State(n): State<Shared>,
    Signed { user }: Signed,
    UrlPath(id): UrlPath<i64>,
    axum::extract::Query(q): axum::extract::Query<CompareQuery>,
) -> Answer {
    open_readable(&n, &user, id)?;
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
