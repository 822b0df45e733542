//! The approval flow: send for approval, send back with a note, publish now or at a
//! time, and the edit lock that tells two people they are on the same article.

use crate::articles_dir;
use crate::http::articles::check_fields;
use crate::http::articles::find;
use crate::http::articles::listed;
use crate::http::articles::now_text;
use crate::http::articles::open_article;
use crate::http::articles::write_file;
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::publish_site;
use crate::http::session::Changer;
use crate::listing;
use crate::publishing::commit_content_as;
use crate::store::Status;
use crate::Shared;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

pub(crate) async fn submit(
    State(n): State<Shared>,
    Changer(user): Changer,
    UrlPath(id): UrlPath<i64>,
) -> Answer {
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
pub(crate) struct RejectForm {
    note: String,
}

pub(crate) async fn reject(
    State(n): State<Shared>,
    Changer(user): Changer,
    UrlPath(id): UrlPath<i64>,
    Json(form): Json<RejectForm>,
) -> Answer {
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
pub(crate) struct PublishForm {
    /// A later time to go live at (RFC 3339); empty: now.
    publish_at: String,
    expire_at: String,
}

pub(crate) async fn publish(
    State(n): State<Shared>,
    Changer(user): Changer,
    UrlPath(id): UrlPath<i64>,
    Json(form): Json<PublishForm>,
) -> Answer {
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
    let published = publish_site(&n).await?;
    Ok(
        Json(json!({ "status": status, "published": published, "commit": committed }))
            .into_response(),
    )
}

pub(crate) const LOCK_LAPSES: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct LockForm {
    /// Take the article over from whoever holds it.
    take: bool,
    /// Let it go (the page is closing).
    release: bool,
}

/// The edit lock: the page that edits an article renews it every few seconds. Another
/// person sees who holds it ("đang được sửa bởi …") and may take it over; the one who
/// lost it is told at the next renewal. Saves stay guarded by the version either way.
pub(crate) async fn lock(
    State(n): State<Shared>,
    Changer(user): Changer,
    UrlPath(id): UrlPath<i64>,
    Json(form): Json<LockForm>,
) -> Answer {
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
