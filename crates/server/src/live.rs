//! Live reload: the publisher calls `Live::reload` after it changed the site; each open
//! page listens on an event stream and reloads. A page carries the generation it was
//! served at, so that a change between serving it and its listening still reloads it.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::watch;

#[derive(Clone)]
pub struct Live {
    generation: Arc<AtomicU64>,
    changed: watch::Sender<u64>,
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

impl Live {
    pub fn new() -> Live {
        Live {
            generation: Arc::new(AtomicU64::new(0)),
            changed: watch::channel(0).0,
        }
    }

    /// Tells every open page to reload.
    pub fn reload(&self) {
        let next = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.changed.send_replace(next);
    }

    fn current(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The page with the script that listens, before `</body>`.
    pub(crate) async fn inject(&self, response: Response, base_path: &str) -> Response {
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, 64 << 20).await else {
            return (parts.status, "cannot read the page\n").into_response();
        };
        let script = format!(
            "<script>new EventSource(\"{base_path}{}?seen={}\").onmessage = function () {{ location.reload(); }};</script>",
            crate::LIVE_PATH,
            self.current()
        );
        let html = String::from_utf8_lossy(&bytes);
        let page = match html.rfind("</body>") {
            Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
            None => format!("{html}{script}"),
        };
        for name in [
            header::CONTENT_LENGTH,
            header::ETAG,
            header::LAST_MODIFIED,
            header::ACCEPT_RANGES,
        ] {
            parts.headers.remove(name);
        }
        Response::from_parts(parts, Body::from(page))
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct Seen {
    #[serde(default)]
    seen: u64,
}

/// One `reload` event as soon as the site is newer than the page, then the stream ends.
pub(crate) async fn events(
    State(site): State<Arc<crate::Site>>,
    Query(seen): Query<Seen>,
) -> Response {
    let Some(live) = site.live.clone() else {
        return crate::plain_404();
    };
    Sse::new(reload_after(live, seen.seen))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn reload_after(live: Live, seen: u64) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut changes = live.changed.subscribe();
    stream::once(async move {
        // A page served before the latest change reloads at once.
        while *changes.borrow_and_update() <= seen {
            if changes.changed().await.is_err() {
                break;
            }
        }
        Ok(Event::default().data("reload"))
    })
}
