//! The HTTP API: routes, the rules on who and what is counted, CORS and limits.

use crate::config::Config;
use crate::store::{Event, Loaded};
use crate::visitor::Salts;
use crate::{Clock, Msg, MAX_BODY, MAX_PATH, ONLINE_WINDOW_SECONDS};
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;
use trangtin_model::{
    is_valid_slug, ArticleViews as Views, Date, Stats, Timestamp, Votes, SCHEMA_VERSION,
};

pub struct App {
    clock: Arc<dyn Clock>,
    offset_minutes: i16,
    origins: Vec<String>,
    trusted_proxies: Vec<IpAddr>,
    rate_limit: u32,
    events: UnboundedSender<Msg>,
    inner: Mutex<Inner>,
    /// Hits counted since the service started.
    pub accepted: std::sync::atomic::AtomicU64,
}

struct Inner {
    salts: Salts,
    days: BTreeMap<i64, u64>,
    total: u64,
    views: HashMap<String, u64>,
    votes: HashMap<String, u64>,
    /// (slug, voter id) → the day of the vote; kept while its salt is.
    voters: HashMap<(String, u64), i64>,
    voters_day: i64,
    /// Visitor id → last page view.
    online: HashMap<u64, i64>,
    /// Size at which `online` is next pruned: twice what the last pruning left, so that
    /// pruning costs O(1) per hit on average however many readers are online.
    online_prune_at: usize,
    /// The minute the rate counts are for, and requests per visitor in it.
    rate_minute: i64,
    rate: HashMap<u64, u32>,
}

impl Inner {
    /// Whether the visitor voted for `slug`, under today's salt or yesterday's.
    fn has_voted(&self, slug: &str, v: &Visitor) -> bool {
        [Some(v.id), v.yesterday]
            .into_iter()
            .flatten()
            .any(|id| self.voters.contains_key(&(slug.to_string(), id)))
    }
}

impl App {
    pub fn new(
        config: &Config,
        clock: Arc<dyn Clock>,
        loaded: Loaded,
        events: UnboundedSender<Msg>,
    ) -> App {
        let site = config.site_origins.first().cloned().unwrap_or_default();
        App {
            clock,
            offset_minutes: config.utc_offset_minutes,
            origins: config.site_origins.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            rate_limit: config.rate_limit_per_minute,
            events,
            accepted: std::sync::atomic::AtomicU64::new(0),
            inner: Mutex::new(Inner {
                salts: Salts::new(&site),
                total: loaded.days.values().sum(),
                days: loaded.days,
                views: loaded.views,
                votes: loaded.votes,
                voters: HashMap::new(),
                voters_day: 0,
                online: HashMap::new(),
                online_prune_at: 1024,
                rate_minute: 0,
                rate: HashMap::new(),
            }),
        }
    }

    fn day(&self, now: i64) -> i64 {
        (now + i64::from(self.offset_minutes) * 60).div_euclid(86_400)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while counting leaves numbers that are still numbers.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The client's address: the peer's, or from `X-Forwarded-For` when the peer is a
    /// trusted proxy (the right-most address that is not one of them).
    fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        forwarded
            .iter()
            .rev()
            .filter_map(|a| a.parse::<IpAddr>().ok())
            .find(|ip| !self.trusted_proxies.contains(ip))
            .unwrap_or(peer)
    }
}

type Shared = Arc<App>;

pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/api/hit", post(hit))
        .route("/api/stats", get(stats))
        .route("/api/views", get(top_views))
        .route("/api/views/{slug}", get(views))
        .route("/api/vote/{slug}", post(vote))
        .route("/api/votes/{slug}", get(votes))
        .route(
            "/api/health",
            get(|| async { Json(serde_json::json!({ "ok": true })) }),
        )
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such endpoint") })
        .layer(axum::middleware::from_fn_with_state(app.clone(), cors))
        .with_state(app)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Only the portal's origins may call from a browser. A request without `Origin` (a
/// server, curl) passes; one from another origin is refused, so other sites cannot
/// inflate the counts through their readers' browsers.
async fn cors(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(|o| o.to_ascii_lowercase());
    let Some(origin) = origin else {
        return no_store(next.run(req).await);
    };
    if !app.origins.contains(&origin) {
        return error(StatusCode::FORBIDDEN, "this origin may not use the counter");
    }
    let mut res = if req.method() == Method::OPTIONS {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        res
    } else {
        no_store(next.run(req).await)
    };
    if let Ok(v) = HeaderValue::from_str(&origin) {
        res.headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Origin"));
    res
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Crawlers, link previews, headless browsers and tools are not readers.
pub fn is_bot(user_agent: &str) -> bool {
    const MARKS: [&str; 16] = [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "headless",
        "lighthouse",
        "facebookexternalhit",
        "preview",
        "curl/",
        "wget/",
        "python-",
        "go-http-client",
        "java/",
        "okhttp",
        "axios/",
        "phantomjs",
    ];
    let ua = user_agent.to_ascii_lowercase();
    ua.trim().is_empty() || MARKS.iter().any(|m| ua.contains(m))
}

/// A prefetch or prerender is not a visit (yet).
fn is_prefetch(headers: &HeaderMap) -> bool {
    ["sec-purpose", "purpose", "x-purpose", "x-moz"]
        .iter()
        .any(|h| {
            headers
                .get(*h)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("prefetch") || v.contains("prerender"))
        })
}

/// A visitor over the rate limit, and the seconds until the next minute.
struct Limited {
    retry_after: i64,
}

impl IntoResponse for Limited {
    fn into_response(self) -> Response {
        let mut res = error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests; try again later",
        );
        if let Ok(v) = HeaderValue::from_str(&self.retry_after.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// The visitor behind a request.
struct Visitor {
    id: u64,
    yesterday: Option<u64>,
    now: i64,
    day: i64,
    bot: bool,
}

fn visitor(
    app: &App,
    peer: SocketAddr,
    headers: &HeaderMap,
    inner: &mut Inner,
) -> Result<Visitor, Limited> {
    let now = app.clock.now();
    let day = app.day(now);
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ip = app.client_ip(peer.ip(), headers);
    let (id, yesterday) = inner.salts.ids(day, ip, ua);
    if app.rate_limit > 0 {
        let minute = now.div_euclid(60);
        if minute != inner.rate_minute {
            inner.rate_minute = minute;
            inner.rate.clear();
        }
        let n = inner.rate.entry(id).or_default();
        *n += 1;
        if *n > app.rate_limit {
            return Err(Limited {
                retry_after: 60 - now.rem_euclid(60),
            });
        }
    }
    Ok(Visitor {
        id,
        yesterday,
        now,
        day,
        bot: is_bot(ua),
    })
}

#[derive(Deserialize)]
struct HitBody {
    path: String,
    #[serde(default)]
    referrer: Option<String>,
}

/// `POST /api/hit` with `{"path": "/bai-viet/x", "referrer": "..."}`, as JSON or as the
/// text/plain body `navigator.sendBeacon` sends. The referrer is checked, not stored.
async fn hit(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error(
            StatusCode::BAD_REQUEST,
            "the body is larger than 2048 bytes",
        );
    };
    let hit: HitBody = match serde_json::from_slice(&bytes) {
        Ok(h) => h,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("expected {{\"path\": \"/...\", \"referrer\": \"...\"}}: {e}"),
            )
        }
    };
    if hit.path.len() > MAX_PATH || !hit.path.starts_with('/') {
        return error(
            StatusCode::BAD_REQUEST,
            "path must start with / and be at most 2048 bytes",
        );
    }
    if hit.referrer.as_ref().is_some_and(|r| r.len() > MAX_PATH) {
        return error(
            StatusCode::BAD_REQUEST,
            "referrer must be at most 2048 bytes",
        );
    }
    let slug = article_slug(&hit.path);
    let prefetch = is_prefetch(&headers);
    {
        let mut inner = app.lock();
        let v = match visitor(&app, peer, &headers, &mut inner) {
            Ok(v) => v,
            Err(limited) => return limited.into_response(),
        };
        if v.bot || prefetch {
            return StatusCode::NO_CONTENT.into_response();
        }
        *inner.days.entry(v.day).or_default() += 1;
        inner.total += 1;
        if let Some(slug) = &slug {
            *inner.views.entry(slug.clone()).or_default() += 1;
        }
        // A reader active across midnight is one reader, not two.
        if let Some(yesterday) = v.yesterday {
            inner.online.remove(&yesterday);
        }
        inner.online.insert(v.id, v.now);
        if inner.online.len() >= inner.online_prune_at {
            let since = v.now - ONLINE_WINDOW_SECONDS;
            inner.online.retain(|_, seen| *seen > since);
            inner.online_prune_at = (inner.online.len() * 2).max(1024);
        }
        // Queued while the lock is held: the writer sees events in counting order.
        let _ = app.events.send(Msg::Event(Event::Hit { day: v.day, slug }));
        app.accepted
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// `/bai-viet/{slug}` (below any base path, with any query) names an article.
fn article_slug(path: &str) -> Option<String> {
    let (_, rest) = path.split_once("/bai-viet/")?;
    let slug = rest.split(['/', '?', '#']).next()?;
    is_valid_slug(slug).then(|| slug.to_string())
}

async fn stats(State(app): State<Shared>) -> Response {
    let now = app.clock.now();
    let today = app.day(now);
    let mut inner = app.lock();
    let since = now - ONLINE_WINDOW_SECONDS;
    inner.online.retain(|_, seen| *seen > since);
    let date = Date::from_days_since_epoch(today);
    let month_start = |y: i32, m: u8| Date::new(y, m, 1).map_or(0, Date::days_since_epoch);
    let this_month = month_start(date.year, date.month);
    let (py, pm) = if date.month == 1 {
        (date.year - 1, 12)
    } else {
        (date.year, date.month - 1)
    };
    let last_month = month_start(py, pm);
    let sum = |from: i64, to: i64| inner.days.range(from..to).map(|(_, n)| n).sum::<u64>();
    let body = Stats {
        schema_version: SCHEMA_VERSION,
        online: inner.online.len() as u64,
        online_window_minutes: (ONLINE_WINDOW_SECONDS / 60) as u32,
        today: inner.days.get(&today).copied().unwrap_or(0),
        yesterday: inner.days.get(&(today - 1)).copied().unwrap_or(0),
        this_month: sum(this_month, today + 1),
        last_month: sum(last_month, this_month),
        total: inner.total,
        as_of: Some(Timestamp::from_unix(now, app.offset_minutes)),
    };
    Json(body).into_response()
}

/// `GET /api/views?top=N` (1–100, default 10): the most viewed articles.
async fn top_views(State(app): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let mut top = 10;
    for pair in query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("top", n)) => match n.parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => top = n,
                _ => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        "top must be a number from 1 to 100",
                    )
                }
            },
            _ => return error(StatusCode::BAD_REQUEST, "the only parameter is top"),
        }
    }
    let inner = app.lock();
    let mut all: Vec<(&String, &u64)> = inner.views.iter().collect();
    all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list: Vec<Views> = all
        .into_iter()
        .take(top)
        .map(|(slug, &views)| Views {
            slug: slug.clone(),
            views,
        })
        .collect();
    Json(list).into_response()
}

/// The 400 answer for a path segment that is not a slug.
fn bad_slug(slug: &str) -> Option<Response> {
    (!is_valid_slug(slug)).then(|| {
        error(
            StatusCode::BAD_REQUEST,
            "a slug is lowercase ASCII words joined by hyphens",
        )
    })
}

async fn views(State(app): State<Shared>, Path(slug): Path<String>) -> Response {
    if let Some(res) = bad_slug(&slug) {
        return res;
    }
    let views = app.lock().views.get(&slug).copied().unwrap_or(0);
    Json(Views { slug, views }).into_response()
}

/// `POST /api/vote/{slug}`: one vote per visitor and article; a repeat changes nothing.
async fn vote(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    votes_answer(&app, peer, &headers, slug, true)
}

/// `GET /api/votes/{slug}`: the count, and whether this visitor has voted.
async fn votes(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    votes_answer(&app, peer, &headers, slug, false)
}

/// The article's votes after the visitor's vote, when `cast`.
fn votes_answer(
    app: &App,
    peer: SocketAddr,
    headers: &HeaderMap,
    slug: String,
    cast: bool,
) -> Response {
    if let Some(res) = bad_slug(&slug) {
        return res;
    }
    let mut inner = app.lock();
    let v = match visitor(app, peer, headers, &mut inner) {
        Ok(v) => v,
        Err(limited) => return limited.into_response(),
    };
    let mut voted = inner.has_voted(&slug, &v);
    if cast && !voted {
        if v.bot {
            return error(StatusCode::FORBIDDEN, "automated clients do not vote");
        }
        // Votes of salts no longer kept cannot be recognised again: forget them.
        if inner.voters_day != v.day {
            inner.voters_day = v.day;
            inner.voters.retain(|_, day| *day >= v.day - 1);
        }
        inner.voters.insert((slug.clone(), v.id), v.day);
        *inner.votes.entry(slug.clone()).or_default() += 1;
        let _ = app.events.send(Msg::Event(Event::Vote {
            slug: slug.clone(),
            voter: v.id,
            day: v.day,
        }));
        voted = true;
    }
    let votes = inner.votes.get(&slug).copied().unwrap_or(0);
    Json(Votes { slug, votes, voted }).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_paths_give_their_slug() {
        assert_eq!(article_slug("/bai-viet/tin-a").as_deref(), Some("tin-a"));
        assert_eq!(
            article_slug("/portal/bai-viet/tin-a/?x=1").as_deref(),
            Some("tin-a")
        );
        assert_eq!(article_slug("/chuyen-muc/tin"), None);
        assert_eq!(article_slug("/bai-viet/<script>"), None);
    }

    #[test]
    fn bots_and_tools_are_recognised() {
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(is_bot("Mozilla/5.0 HeadlessChrome/120"));
        assert!(is_bot("curl/8.5.0"));
        assert!(is_bot(""));
        assert!(!is_bot(
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
        ));
    }
}
