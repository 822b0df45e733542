//! Articles: the list (filtered and paged in SQL), a new article, reading one, saving
//! one against the version it was opened at.

use crate::article::Fields;
use crate::articles_dir;
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::error::Refusal;
use crate::http::publish_site;
use crate::http::session::Changer;
use crate::http::session::Signed;
use crate::listing;
use crate::store;
use crate::store::ArticleRecord;
use crate::store::Role;
use crate::store::Status;
use crate::store::Store;
use crate::store::User;
use crate::Newsroom;
use crate::Shared;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::path::Path;

pub(crate) fn site_config(n: &Newsroom) -> Result<trangtin_bundler::config::SiteConfig, Refusal> {
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

pub(crate) fn categories(n: &Newsroom) -> Result<Vec<String>, Refusal> {
    Ok(site_config(n)?
        .categories
        .into_iter()
        .map(|c| c.slug)
        .collect())
}

/// Now, in the site's time (+07:00), as a front matter date.
pub(crate) fn now_text() -> String {
    trangtin_model::Timestamp::from_unix(store::now(), 420).to_string()
}

pub(crate) fn read_fields(n: &Newsroom, record: &ArticleRecord) -> Result<Fields, Refusal> {
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
pub(crate) fn open_article(n: &Newsroom, id: i64) -> Result<(ArticleRecord, Fields), Refusal> {
    let record = find(n, id)?;
    let fields = read_fields(n, &record)?;
    Ok((record, fields))
}

/// An article opened for the logged-in person, who must work in its category (or be an
/// administrator).
pub(crate) fn open_readable(
    n: &Newsroom,
    user: &User,
    id: i64,
) -> Result<(ArticleRecord, Fields), Refusal> {
    let (record, fields) = open_article(n, id)?;
    if !user.covers(&fields.category) && user.role != Role::Admin {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Bài này thuộc chuyên mục bạn không phụ trách.",
        ));
    }
    Ok((record, fields))
}

pub(crate) fn find(n: &Newsroom, id: i64) -> Result<ArticleRecord, Refusal> {
    n.store
        .lock()
        .map_err(internal)?
        .article(id)
        .map_err(internal)?
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, "Không có bài viết này."))
}

/// Writes the article file whole (through a temporary file), so a reader of the folder
/// never sees half of it.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), Refusal> {
    let tmp = path.with_extension("md.saving");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| internal(format!("{}: {e}", path.display())))
}

/// The list's index learns what the newsroom just wrote to `file`.
pub(crate) fn listed(n: &Newsroom, store: &Store, file: &str) -> Result<(), Refusal> {
    listing::refresh_file(store, &articles_dir(n), file).map_err(internal)
}

/// Whether `user` may change the article (its text) as it stands.
pub(crate) fn may_edit(user: &User, record: &ArticleRecord, category: &str) -> bool {
    if user.role.edits() {
        return user.covers(category);
    }
    record.author_id == Some(user.id)
        && matches!(record.status, Status::Draft | Status::Rejected)
        && user.covers(category)
}

pub(crate) fn summary(
    record: &ArticleRecord,
    listed: &listing::Listed,
    names: &[User],
) -> serde_json::Value {
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
pub(crate) struct ListQuery {
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
pub(crate) const PER_PAGE: usize = 50;

pub(crate) async fn list(
    State(n): State<Shared>,
    Signed { user }: Signed,
    axum::extract::Query(query): axum::extract::Query<ListQuery>,
) -> Answer {
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
pub(crate) struct Edit {
    /// The version the edit started from.
    version: i64,
    fields: Fields,
}

/// The file name a slug gets, unless another article has it.
pub(crate) fn file_for(n: &Newsroom, slug: &str, own: Option<&str>) -> Result<String, Refusal> {
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

pub(crate) fn check_fields(n: &Newsroom, fields: &Fields) -> Result<(), Refusal> {
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

pub(crate) async fn create(
    State(n): State<Shared>,
    Changer(user): Changer,
    Json(fields): Json<Fields>,
) -> Answer {
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

pub(crate) async fn read(
    State(n): State<Shared>,
    Signed { user }: Signed,
    UrlPath(id): UrlPath<i64>,
) -> Answer {
    let (record, fields) = open_readable(&n, &user, id)?;
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

pub(crate) async fn save(
    State(n): State<Shared>,
    Changer(user): Changer,
    UrlPath(id): UrlPath<i64>,
    Json(edit): Json<Edit>,
) -> Answer {
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
        Some(publish_site(&n).await?)
    } else {
        None
    };
    Ok(Json(json!({ "version": version, "published": published })).into_response())
}
