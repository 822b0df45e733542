//! Photos from the editor: uploaded one request each (the body is the file, so the
//! browser can show its progress), checked by the photo pipeline, kept in
//! `content/media/YYYY/MM/`, and shown back to staff from there.
use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::session::Changer;
use crate::http::session::Signed;
use crate::Shared;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::path::{Component, Path, PathBuf};

/// The largest photo accepted: a phone's full-size photo is 3–12 MB.
pub const MAX_BYTES: usize = 40 * 1024 * 1024;

#[derive(Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    name: String,
}

/// What a file is inside, whatever its name says.
fn kind(bytes: &[u8]) -> Option<&'static str> {
    trangtin_import::media::image_kind(bytes)
}

/// The file's new home: `YYYY/MM/{slug}.{ext}` under `media/`; the same photo uploaded
/// again is the same file.
fn place(media: &Path, stem: &str, ext: &str, bytes: &[u8]) -> (String, bool) {
    trangtin_import::media::place(media, stem, ext, bytes, crate::store::now())
}

pub async fn upload(
    State(n): State<Shared>,
    Changer(user): Changer,
    Query(query): Query<UploadQuery>,
    bytes: Bytes,
) -> Answer {
    keep(n, user, query.name, bytes.to_vec()).await
}

#[derive(Deserialize)]
pub struct FetchForm {
    url: String,
}

/// A photo of another site (pasted from a web page) fetched once by the newsroom and
/// kept as an upload would be: the site never hot-links it.
pub async fn fetch(
    State(n): State<Shared>,
    Changer(user): Changer,
    axum::Json(form): axum::Json<FetchForm>,
) -> Answer {
    let limits = trangtin_import::fetch::Limits {
        max_bytes: MAX_BYTES as u64,
        allow_private: n.options.fetch_private,
        ..Default::default()
    };
    let url = form.url.clone();
    let fetched =
        tokio::task::spawn_blocking(move || trangtin_import::fetch::fetch(&url, &limits))
            .await
            .map_err(internal)?
            .map_err(|why| {
                refuse(
            StatusCode::BAD_GATEWAY,
            format!("Không tải được ảnh từ trang kia ({why}). Hãy lưu ảnh về máy rồi kéo vào bài."),
        )
            })?;
    let name = fetched
        .url
        .split(['?', '#'])
        .next()
        .and_then(|u| u.rsplit('/').next())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    keep(n, user, name, fetched.bytes).await
}

/// Keeps a photo's bytes under `content/media/YYYY/MM/`, named from `name`, once the
/// photo pipeline has accepted it.
async fn keep(n: Shared, user: crate::store::User, name: String, bytes: Vec<u8>) -> Answer {
    let query = UploadQuery { name };
    let ext = kind(&bytes).ok_or_else(|| {
        refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Tệp này không phải ảnh JPEG, PNG, WebP hay GIF, nên không đưa lên được.",
        )
    })?;
    let stem = Path::new(&query.name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // One upload at a time is written and read back in, under the preview's lock: the
    // media scan never meets another upload's half-written file.
    let n2 = n.clone();
    let (rel, existed, checked) = tokio::task::spawn_blocking(move || {
        let mut previewer = n2.previewer.lock().unwrap_or_else(|e| e.into_inner());
        let o = &n2.options;
        let media = o.content.join("media");
        let (rel, existed) = place(&media, &stem, ext, &bytes);
        let path = media.join(&rel);
        if !existed {
            let dir = path.parent().expect("YYYY/MM");
            let tmp = path.with_extension("uploading");
            std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&tmp, &bytes))
                .and_then(|()| std::fs::rename(&tmp, &path))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        // The preview's renderer reads the media again, which makes this photo's
        // variants (as the next publish would) and says whether it is a usable photo.
        *previewer = Some(
            trangtin_bundler::site::Previewer::new(&o.content, &o.base_path, &o.work).map_err(
                |d| {
                    d.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                },
            )?,
        );
        let checked = previewer.as_ref().and_then(|p| p.photo(&rel));
        Ok::<_, String>((rel, existed, checked))
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    let path = n.options.content.join("media").join(&rel);
    let image = match checked {
        Some(Ok(image)) => image,
        Some(Err(why)) => {
            if !existed {
                let _ = std::fs::remove_file(&path);
            }
            return Err(refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "Không dùng được ảnh “{}”: {why}. Hãy chụp hoặc xuất lại ảnh rồi thử lại.",
                    query.name
                ),
            ));
        }
        None => return Err(internal(format!("{rel}: not found after saving"))),
    };
    n.store
        .lock()
        .map_err(internal)?
        .audit(Some(user.id), "upload", None, &rel)
        .map_err(internal)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "src": format!("../media/{rel}"),
            "width": image.width,
            "height": image.height,
        })),
    )
        .into_response())
}

/// A photo of `content/media/` as it was uploaded, for the editor (staff only).
pub async fn original(State(n): State<Shared>, _: Signed, UrlPath(rel): UrlPath<String>) -> Answer {
    let rel = PathBuf::from(&rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(refuse(StatusCode::NOT_FOUND, "Không có ảnh này."));
    }
    let path = n.options.content.join("media").join(&rel);
    let bytes =
        std::fs::read(&path).map_err(|_| refuse(StatusCode::NOT_FOUND, "Không có ảnh này."))?;
    let mime = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, max-age=60"),
            // An SVG opened on its own runs no script of its own.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}
