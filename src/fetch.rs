//! The one fetch layer: every bundle the SPA reads comes through here, with typed errors.
//! Every request has a time limit (a stalled answer is an error after [`TIMEOUT_MS`]);
//! a bundle that failed for a passing reason (the network, 502/503/504, 429) is asked for
//! again, at most twice; a page the reader has left aborts its request.

use serde::de::DeserializeOwned;
use trangtin_model::{paths, VersionProbe, SCHEMA_VERSION};

/// How long an answer may take, headers and body, before the reader is told.
pub const TIMEOUT_MS: u32 = 10_000;
/// The waits before asking again after a passing failure: at most two more tries.
const RETRY_WAITS_MS: [u32; 2] = [500, 1_500];
/// The longest wait a `Retry-After` may ask for before the reader is told instead.
const MAX_RETRY_AFTER_MS: u32 = 5_000;

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
    /// No whole answer within [`TIMEOUT_MS`].
    Timeout,
    /// The reader moved on; nothing is shown for it.
    Aborted,
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
            FetchError::Timeout => format!(
                "Máy chủ không trả lời sau {} giây. Mạng có thể đang yếu; vui lòng thử lại.",
                TIMEOUT_MS / 1000
            ),
            FetchError::Aborted => "Đã dừng tải vì bạn đã chuyển trang.".into(),
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

/// Whether an answer (or its absence) is worth asking again for, and after how long
/// (`None`: the usual wait). `retry_after` is the answer's `Retry-After` in seconds.
pub fn retry_wait(
    answer: &Result<u16, FetchError>,
    retry_after: Option<u32>,
) -> Option<Option<u32>> {
    match answer {
        Err(FetchError::Network(_)) => Some(None),
        Ok(502..=504) => Some(None),
        Ok(429) => match retry_after {
            Some(s) if s.saturating_mul(1000) > MAX_RETRY_AFTER_MS => None,
            Some(s) => Some(Some(s * 1000)),
            None => Some(None),
        },
        _ => None,
    }
}

/// Fetches and decodes the bundle at `path` (relative to the site root), asking again
/// after a passing failure. `leave` aborts it (the reader left the page).
pub async fn get<T: DeserializeOwned>(
    path: &str,
    leave: Option<&web_sys::AbortSignal>,
) -> Result<T, FetchError> {
    let url = format!("{}{path}", crate::base_path());
    let mut tries = 0;
    loop {
        let answer = send_within(gloo_net::http::Request::get(&url), Some(&url), leave).await;
        let status = answer.as_ref().map(|a| a.status).map_err(Clone::clone);
        let retry_after = answer.as_ref().ok().and_then(|a| a.retry_after);
        if let (Some(wait), Some(usual)) =
            (retry_wait(&status, retry_after), RETRY_WAITS_MS.get(tries))
        {
            sleep(wait.unwrap_or(*usual)).await;
            if leave.is_some_and(|s| s.aborted()) {
                return Err(FetchError::Aborted);
            }
            tries += 1;
            continue;
        }
        let a = answer?;
        return decode(a.status, a.content_type.as_deref(), &a.body);
    }
}

pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<u32>,
    pub body: String,
}

/// Sends a request and reads its answer: status, content type, body. Within
/// [`TIMEOUT_MS`], or [`FetchError::Timeout`].
pub async fn send(
    request: gloo_net::http::RequestBuilder,
) -> Result<(u16, Option<String>, String), FetchError> {
    send_within(request, None, None)
        .await
        .map(|a| (a.status, a.content_type, a.body))
}

/// `url`, when given, is the request's own address: the service worker, which fetches it
/// on the page's behalf, is told when the page gives it up, so that it gives it up too
/// (browsers do not pass the abort on to it).
async fn send_within(
    request: gloo_net::http::RequestBuilder,
    url: Option<&str>,
    leave: Option<&web_sys::AbortSignal>,
) -> Result<Answer, FetchError> {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    if leave.is_some_and(|s| s.aborted()) {
        return Err(FetchError::Aborted);
    }
    // One controller for this request: the clock and the page's leaving both abort it,
    // the headers and the body alike.
    let controller = web_sys::AbortController::new()
        .map_err(|_| FetchError::Network("AbortController".into()))?;
    let timed_out = Rc::new(Cell::new(false));
    let on_time = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        let url = url.map(str::to_string);
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
            if let Some(url) = &url {
                tell_worker_abort(url);
            }
        })
    };
    let window = web_sys::window();
    let timer = window.as_ref().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            on_time.as_ref().unchecked_ref(),
            TIMEOUT_MS as i32,
        )
        .ok()
    });
    let on_leave = {
        let controller = controller.clone();
        let url = url.map(str::to_string);
        Closure::<dyn Fn()>::new(move || {
            controller.abort();
            if let Some(url) = &url {
                tell_worker_abort(url);
            }
        })
    };
    if let Some(signal) = leave {
        let _ = signal.add_event_listener_with_callback("abort", on_leave.as_ref().unchecked_ref());
    }
    let failed = |e: gloo_net::Error| {
        if timed_out.get() {
            FetchError::Timeout
        } else if controller.signal().aborted() {
            FetchError::Aborted
        } else {
            FetchError::Network(e.to_string())
        }
    };
    let result = async {
        let response = request
            .abort_signal(Some(&controller.signal()))
            .send()
            .await
            .map_err(&failed)?;
        let headers = response.headers();
        let content_type = headers.get("content-type");
        let retry_after = headers
            .get("retry-after")
            .and_then(|v| v.trim().parse().ok());
        let body = response.text().await.map_err(&failed)?;
        Ok(Answer {
            status: response.status(),
            content_type,
            retry_after,
            body,
        })
    }
    .await;
    if let (Some(w), Some(t)) = (window, timer) {
        w.clear_timeout_with_handle(t);
    }
    if let Some(signal) = leave {
        let _ =
            signal.remove_event_listener_with_callback("abort", on_leave.as_ref().unchecked_ref());
    }
    result
}

/// Tells the service worker controlling the page, if any, that the page gave up `url`.
fn tell_worker_abort(url: &str) {
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return;
    };
    let get = |on: &JsValue, key: &str| Reflect::get(on, &JsValue::from_str(key)).ok();
    let Some(worker) = get(&window.navigator(), "serviceWorker")
        .filter(|c| !c.is_undefined())
        .and_then(|c| get(&c, "controller"))
        .filter(|w| w.is_object())
    else {
        return;
    };
    let Some(post) =
        get(&worker, "postMessage").and_then(|p| p.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = Reflect::set(
        &message,
        &JsValue::from_str("abort"),
        &JsValue::from_str(url),
    );
    let _ = post.call1(&worker, &message);
}

/// Waits `ms` milliseconds.
async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Where a route's bundle lives, or why there is none to fetch.
pub type BundlePath = Result<String, FetchError>;

pub fn article_path(slug: &str) -> BundlePath {
    check_slug(slug)?;
    Ok(paths::article(slug))
}

/// `page` 0 is the category's front page; archive pages count from 1.
pub fn category_path(slug: &str, page: u32) -> BundlePath {
    check_slug(slug)?;
    Ok(paths::category_page(slug, page))
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

    /// A manifest of the version this build reads.
    fn site_json() -> String {
        format!(
            r#"{{"schema_version":{},"site":{{"name":"A","base_url":"https://a.example","language":"vi"}},"categories":[]}}"#,
            trangtin_model::SCHEMA_VERSION
        )
    }

    fn site(status: u16, ty: Option<&str>, body: &str) -> Result<SiteManifest, FetchError> {
        decode(status, ty, body)
    }

    #[test]
    fn a_good_bundle_decodes() {
        assert_eq!(
            site(200, Some("application/json"), &site_json())
                .unwrap()
                .site
                .name,
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
            site(200, Some("application/json"), &site_json()[..40]),
            Err(FetchError::Malformed(_))
        ));
        assert!(matches!(
            site(
                200,
                None,
                &format!(r#"{{"schema_version":{}}}"#, trangtin_model::SCHEMA_VERSION)
            ),
            Err(FetchError::Malformed(_))
        ));
    }

    #[test]
    fn another_schema_version_is_refused() {
        let body = site_json().replace(
            &format!("\"schema_version\":{}", trangtin_model::SCHEMA_VERSION),
            "\"schema_version\":99",
        );
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
            category_path("tin", 2).unwrap(),
            "content/chuyen-muc/tin/2.json"
        );
        assert_eq!(
            category_path("tin", 0).unwrap(),
            "content/chuyen-muc/tin.json"
        );
        for bad in ["", "Tin", "../site", "a/b", "tin.json"] {
            assert_eq!(article_path(bad), Err(FetchError::NotFound), "{bad:?}");
        }
        assert_eq!(category_path("../x", 0), Err(FetchError::NotFound));
    }

    #[test]
    fn passing_failures_are_asked_again_and_lasting_ones_are_not() {
        let net = Err(FetchError::Network("x".into()));
        assert_eq!(retry_wait(&net, None), Some(None));
        for s in [502, 503, 504] {
            assert_eq!(retry_wait(&Ok(s), None), Some(None), "{s}");
        }
        assert_eq!(retry_wait(&Ok(429), Some(2)), Some(Some(2000)));
        assert_eq!(retry_wait(&Ok(429), None), Some(None));
        // A server that asks for a minute: the reader is told at once instead.
        assert_eq!(retry_wait(&Ok(429), Some(60)), None);
        for s in [200, 404, 500, 403] {
            assert_eq!(retry_wait(&Ok(s), None), None, "{s}");
        }
        assert_eq!(retry_wait(&Err(FetchError::Timeout), None), None);
        assert_eq!(retry_wait(&Err(FetchError::Aborted), None), None);
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
            FetchError::Timeout,
            FetchError::Aborted,
        ] {
            assert!(!e.message().is_empty());
        }
    }
}
