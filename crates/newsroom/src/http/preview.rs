//! The preview: the article as the site will show it, while it is written.

use crate::article::Fields;
use crate::http::articles::now_text;
use crate::http::error::internal;
use crate::http::error::Answer;
use crate::http::session::Signed;
use crate::Shared;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

/// The article as the reader will see it: what the bundler makes of the fields (a
/// sanitised body, pictures with their variants), or its problems.
pub(crate) async fn preview(
    State(n): State<Shared>,
    _: Signed,
    Json(fields): Json<Fields>,
) -> Answer {
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
