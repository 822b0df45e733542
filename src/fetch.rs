//! The one fetch layer: every bundle the SPA reads comes through here, with typed errors.

use serde::de::DeserializeOwned;
use trangtin_model::{paths, VersionProbe, SCHEMA_VERSION};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The request never got an answer: offline, DNS, connection refused.
    Network(String),
    /// The server says the bundle does not exist.
    NotFound,
    /// Any other non-success status.
    Status(u16),
    /// HTML (or something else) came back where a JSON bundle was expected.
    NotJson,
    /// JSON that does not have the bundle's shape.
    Malformed(String),
    /// A bundle written for another schema version.
    Version { found: u32 },
}

impl FetchError {
    /// What the reader is told, in Vietnamese.
    pub fn message(&self) -> String {
        match self {
            FetchError::Network(_) => {
                "Không kết nối được tới máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.".into()
            }
            FetchError::NotFound => "Không tìm thấy nội dung được yêu cầu.".into(),
            FetchError::Status(code) => format!("Máy chủ trả lời lỗi {code}. Vui lòng thử lại sau."),
            FetchError::NotJson => {
                "Máy chủ trả về một trang web thay cho dữ liệu nội dung. Vui lòng thử lại sau.".into()
            }
            FetchError::Malformed(_) => "Dữ liệu nội dung bị hỏng hoặc không đúng định dạng.".into(),
            FetchError::Version { found } => format!(
                "Dữ liệu nội dung thuộc phiên bản {found}, trang này đọc phiên bản {SCHEMA_VERSION}. Hãy tải lại trang."
            ),
        }
    }

    /// Technical detail for the curious and for bug reports.
    pub fn detail(&self) -> Option<&str> {
        match self {
            FetchError::Network(d) | FetchError::Malformed(d) => Some(d),
            _ => None,
        }
    }
}

/// Turns an HTTP answer into a bundle. Pure, so that every failure mode is unit-tested.
pub fn decode<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<T, FetchError> {
    check(status, content_type, body)?;
    let probe: VersionProbe =
        serde_json::from_str(body).map_err(|e| FetchError::Malformed(e.to_string()))?;
    if probe.schema_version != SCHEMA_VERSION {
        return Err(FetchError::Version {
            found: probe.schema_version,
        });
    }
    serde_json::from_str(body).map_err(|e| FetchError::Malformed(e.to_string()))
}

/// Like [`decode`], for JSON that carries no schema version (the counter service's votes).
pub fn decode_plain<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<T, FetchError> {
    check(status, content_type, body)?;
    serde_json::from_str(body).map_err(|e| FetchError::Malformed(e.to_string()))
}

/// A success status, and no HTML where JSON is expected.
fn check(status: u16, content_type: Option<&str>, body: &str) -> Result<(), FetchError> {
    match status {
        200..=299 => {}
        404 | 410 => return Err(FetchError::NotFound),
        other => return Err(FetchError::Status(other)),
    }
    let looks_html =
        content_type.is_some_and(|t| t.contains("html")) || body.trim_start().starts_with('<');
    if looks_html {
        return Err(FetchError::NotJson);
    }
    Ok(())
}

/// Fetches and decodes the bundle at `path` (relative to the site root).
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, FetchError> {
    let url = format!("{}{path}", crate::base_path());
    let (status, content_type, body) = send(gloo_net::http::Request::get(&url)).await?;
    decode(status, content_type.as_deref(), &body)
}

/// Sends a request and reads its answer: status, content type, body.
pub async fn send(
    request: gloo_net::http::RequestBuilder,
) -> Result<(u16, Option<String>, String), FetchError> {
    let response = request
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let content_type = response.headers().get("content-type");
    let body = response
        .text()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    Ok((response.status(), content_type, body))
}

/// Where a route's bundle lives, or why there is none to fetch.
pub type BundlePath = Result<String, FetchError>;

pub fn article_path(slug: &str) -> BundlePath {
    check_slug(slug)?;
    Ok(paths::article(slug))
}

/// `page` is `None` when the request named no valid page.
pub fn category_path(slug: &str, page: Option<u32>) -> BundlePath {
    check_slug(slug)?;
    match page {
        Some(page) if page >= 1 => Ok(paths::category_page(slug, page)),
        _ => Err(FetchError::NotFound),
    }
}

/// A slug that the bundler could not have written is not worth a request.
fn check_slug(slug: &str) -> Result<(), FetchError> {
    if slug.len() <= 200 && trangtin_model::is_valid_slug(slug) {
        Ok(())
    } else {
        Err(FetchError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trangtin_model::SiteManifest;

    const SITE: &str = r#"{"schema_version":2,"site":{"name":"A","base_url":"https://a.example","language":"vi"},"categories":[],"latest":[]}"#;

    fn site(status: u16, ty: Option<&str>, body: &str) -> Result<SiteManifest, FetchError> {
        decode(status, ty, body)
    }

    #[test]
    fn a_good_bundle_decodes() {
        assert_eq!(
            site(200, Some("application/json"), SITE).unwrap().site.name,
            "A"
        );
    }

    #[test]
    fn a_404_is_not_found() {
        assert_eq!(
            site(404, Some("text/plain"), "404").unwrap_err(),
            FetchError::NotFound
        );
    }

    #[test]
    fn html_served_where_json_was_expected_is_named_as_such() {
        let html = "<!doctype html><html></html>";
        assert_eq!(
            site(200, Some("text/html"), html).unwrap_err(),
            FetchError::NotJson
        );
        assert_eq!(site(200, None, html).unwrap_err(), FetchError::NotJson);
    }

    #[test]
    fn truncated_json_is_malformed() {
        assert!(matches!(
            site(200, Some("application/json"), &SITE[..40]),
            Err(FetchError::Malformed(_))
        ));
        assert!(matches!(
            site(200, None, r#"{"schema_version":2}"#),
            Err(FetchError::Malformed(_))
        ));
    }

    #[test]
    fn another_schema_version_is_refused() {
        let body = SITE.replace("\"schema_version\":2", "\"schema_version\":99");
        assert_eq!(
            site(200, None, &body).unwrap_err(),
            FetchError::Version { found: 99 }
        );
    }

    #[test]
    fn server_errors_keep_their_status() {
        assert_eq!(site(503, None, "").unwrap_err(), FetchError::Status(503));
    }

    #[test]
    fn only_plausible_slugs_and_pages_are_fetched() {
        assert_eq!(
            article_path("tin-a").unwrap(),
            "content/bai-viet/tin-a.json"
        );
        assert_eq!(
            category_path("tin", Some(2)).unwrap(),
            "content/chuyen-muc/tin/2.json"
        );
        for bad in ["", "Tin", "../site", "a/b", "tin.json"] {
            assert_eq!(article_path(bad), Err(FetchError::NotFound), "{bad:?}");
        }
        assert_eq!(category_path("tin", None), Err(FetchError::NotFound));
        assert_eq!(category_path("tin", Some(0)), Err(FetchError::NotFound));
    }

    #[test]
    fn every_error_has_a_vietnamese_message() {
        for e in [
            FetchError::Network("x".into()),
            FetchError::NotFound,
            FetchError::Status(500),
            FetchError::NotJson,
            FetchError::Malformed("x".into()),
            FetchError::Version { found: 2 },
        ] {
            assert!(!e.message().is_empty());
        }
    }
}
