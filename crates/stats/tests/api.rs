//! The real service on a random loopback port with a temporary database and a fake clock.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use trangtin_stats::{Config, FakeClock};

const ORIGIN: &str = "https://truong.example.vn";
const UA: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36";
/// 2024-06-25T10:00:00+07:00.
const T0: i64 = 1_719_284_400;

struct Service {
    runtime: tokio::runtime::Runtime,
    running: Option<trangtin_stats::Running>,
    clock: Arc<FakeClock>,
    dir: tempfile::TempDir,
}

impl Service {
    fn start() -> Service {
        Service::start_with(|_| {})
    }

    fn start_with(tweak: impl FnOnce(&mut Config)) -> Service {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FakeClock::new(T0));
        Service::start_in(dir, clock, tweak)
    }

    fn start_in(
        dir: tempfile::TempDir,
        clock: Arc<FakeClock>,
        tweak: impl FnOnce(&mut Config),
    ) -> Service {
        let mut config = Config {
            db: dir.path().join("stats.db"),
            listen: "127.0.0.1:0".parse().unwrap(),
            site_origins: vec![ORIGIN.into()],
            utc_offset_minutes: 420,
            trusted_proxies: Vec::new(),
            rate_limit_per_minute: 0,
        };
        tweak(&mut config);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let running = runtime
            .block_on(trangtin_stats::start(config, clock.clone()))
            .unwrap();
        Service {
            runtime,
            running: Some(running),
            clock,
            dir,
        }
    }

    fn addr(&self) -> SocketAddr {
        self.running.as_ref().unwrap().addr
    }

    /// Stops (flushing everything) and starts again on the same database.
    fn restart(mut self) -> Service {
        let running = self.running.take().unwrap();
        self.runtime.block_on(running.stop()).unwrap();
        let Service { dir, clock, .. } = self;
        Service::start_in(dir, clock, |_| {})
    }

    fn stop(mut self) -> (tempfile::TempDir, u64) {
        let running = self.running.take().unwrap();
        let accepted = self.runtime.block_on(running.stop()).unwrap();
        (self.dir, accepted)
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut s = TcpStream::connect(self.addr()).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: stats\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes()).unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head[9..12].parse().unwrap();
        let headers = head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// A page view by the reader with this user agent.
    fn hit(&self, path: &str, ua: &str) -> Reply {
        self.request(
            "POST",
            "/api/hit",
            &[
                ("User-Agent", ua),
                ("Content-Type", "text/plain;charset=UTF-8"),
            ],
            &format!("{{\"path\":{path:?},\"referrer\":\"\"}}"),
        )
    }

    fn stats(&self) -> serde_json::Value {
        let r = self.request("GET", "/api/stats", &[], "");
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

fn reader(n: usize) -> String {
    format!("{UA} reader/{n}")
}

#[test]
fn hits_are_counted_per_day_and_month_in_the_site_time_zone() {
    let s = Service::start();
    for i in 0..3 {
        assert_eq!(s.hit("/bai-viet/tin-a", &reader(i)).status, 204);
    }
    let st = s.stats();
    assert_eq!(st["schema_version"], trangtin_model::SCHEMA_VERSION);
    assert_eq!(
        (
            st["today"].as_u64(),
            st["this_month"].as_u64(),
            st["total"].as_u64()
        ),
        (Some(3), Some(3), Some(3))
    );
    assert_eq!(st["as_of"], "2024-06-25T10:00:00+07:00");

    // 23:59:59 in Hà Nội on 30 June is 16:59:59 UTC: still June, still "today".
    s.clock.set(T0 + 5 * 86_400 + 13 * 3600 + 59 * 60 + 59);
    s.hit("/", &reader(9));
    let st = s.stats();
    assert_eq!(st["today"], 1);
    assert_eq!(st["this_month"], 4);
    // One second later it is 1 July there: a new day and a new month.
    s.clock.advance(1);
    let st = s.stats();
    assert_eq!(
        (st["today"].as_u64(), st["yesterday"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        (
            st["this_month"].as_u64(),
            st["last_month"].as_u64(),
            st["total"].as_u64()
        ),
        (Some(0), Some(4), Some(4))
    );
    s.hit("/", &reader(10));
    assert_eq!(s.stats()["this_month"], 1);

    // Everything survives a restart: the counts are on disk.
    let s = s.restart();
    let st = s.stats();
    assert_eq!(
        (st["total"].as_u64(), st["last_month"].as_u64()),
        (Some(5), Some(4))
    );
    let views = s.request("GET", "/api/views/tin-a", &[], "");
    assert_eq!(views.json()["views"], 3);
}

#[test]
fn online_means_distinct_visitors_of_the_last_five_minutes() {
    let s = Service::start();
    s.hit("/", &reader(1));
    s.hit("/bai-viet/a", &reader(1));
    s.hit("/", &reader(2));
    let st = s.stats();
    assert_eq!(st["online"], 2);
    assert_eq!(st["online_window_minutes"], 5);
    s.clock.advance(4 * 60);
    s.hit("/", &reader(3));
    assert_eq!(s.stats()["online"], 3);
    s.clock.advance(61);
    assert_eq!(
        s.stats()["online"],
        1,
        "readers 1 and 2 were last seen 5:01 ago"
    );
}

#[test]
fn bots_and_prefetches_are_not_counted() {
    let s = Service::start();
    s.hit(
        "/",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    );
    s.hit("/", "facebookexternalhit/1.1");
    s.hit("/", "Mozilla/5.0 HeadlessChrome/120.0");
    s.hit("/", "");
    let prefetch = s.request(
        "POST",
        "/api/hit",
        &[("User-Agent", UA), ("Sec-Purpose", "prefetch")],
        "{\"path\":\"/\"}",
    );
    assert_eq!(prefetch.status, 204);
    assert_eq!(s.stats()["total"], 0);
    let vote = s.request(
        "POST",
        "/api/vote/tin-a",
        &[("User-Agent", "curl/8.5.0")],
        "",
    );
    assert_eq!(vote.status, 403);
}

#[test]
fn one_vote_per_visitor_and_article() {
    let s = Service::start();
    let vote = |ua: &str| s.request("POST", "/api/vote/tin-a", &[("User-Agent", ua)], "");
    let first = vote(&reader(1));
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["votes"], 1);
    assert_eq!(
        vote(&reader(1)).json()["votes"],
        1,
        "a repeat changes nothing"
    );
    assert_eq!(vote(&reader(2)).json()["votes"], 2);
    let mine = s.request("GET", "/api/votes/tin-a", &[("User-Agent", &reader(1))], "");
    assert_eq!(mine.json()["voted"], true);
    let other = s.request("GET", "/api/votes/tin-a", &[("User-Agent", &reader(3))], "");
    assert_eq!(
        (
            other.json()["voted"].as_bool(),
            other.json()["votes"].as_u64()
        ),
        (Some(false), Some(2))
    );
    // The next day the reader is still recognised through yesterday's salt.
    s.clock.advance(86_400);
    assert_eq!(vote(&reader(1)).json()["votes"], 2);
    let s = s.restart();
    let after = s.request("GET", "/api/votes/tin-a", &[("User-Agent", &reader(3))], "");
    assert_eq!(after.json()["votes"], 2);
    assert_eq!(
        s.request("POST", "/api/vote/Bad%20Slug", &[("User-Agent", UA)], "")
            .status,
        400
    );
}

#[test]
fn oversize_or_malformed_input_gets_a_400_with_a_json_error() {
    let s = Service::start();
    let post = |body: &str| s.request("POST", "/api/hit", &[("User-Agent", UA)], body);
    let long_path = format!("{{\"path\":\"/{}\"}}", "a".repeat(2048));
    let huge_body = format!("{{\"path\":\"/\",\"referrer\":\"{}\"}}", "r".repeat(3000));
    for bad in [
        "",
        "not json",
        "{\"path\": 5}",
        "{\"path\":\"relative\"}",
        &long_path,
        &huge_body,
    ] {
        let r = post(bad);
        assert_eq!(r.status, 400, "{bad:.40}: {}", r.body);
        assert!(r.json()["error"].is_string(), "{}", r.body);
    }
    assert_eq!(s.request("GET", "/api/views?top=abc", &[], "").status, 400);
    assert_eq!(s.request("GET", "/api/nothing", &[], "").status, 404);
    assert_eq!(s.stats()["total"], 0);
}

#[test]
fn the_rate_limit_answers_429_with_retry_after() {
    let s = Service::start_with(|c| c.rate_limit_per_minute = 3);
    for _ in 0..3 {
        assert_eq!(s.hit("/", &reader(1)).status, 204);
    }
    let limited = s.hit("/", &reader(1));
    assert_eq!(limited.status, 429);
    let retry: i64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(
        s.hit("/", &reader(2)).status,
        204,
        "another visitor is not limited"
    );
    s.clock.advance(60);
    assert_eq!(s.hit("/", &reader(1)).status, 204);
    assert_eq!(s.stats()["total"], 5);
}

#[test]
fn cors_allows_only_the_site_origins() {
    let s = Service::start();
    let from = |origin: &str| {
        s.request(
            "POST",
            "/api/hit",
            &[("User-Agent", UA), ("Origin", origin)],
            "{\"path\":\"/\"}",
        )
    };
    let ok = from(ORIGIN);
    assert_eq!(ok.status, 204);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    let evil = from("https://evil.example");
    assert_eq!(evil.status, 403);
    assert_eq!(evil.header("access-control-allow-origin"), None);
    let preflight = s.request(
        "OPTIONS",
        "/api/vote/tin-a",
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "POST"),
        ],
        "",
    );
    assert_eq!(preflight.status, 204);
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    assert_eq!(s.stats()["total"], 1);
}

#[test]
fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let direct = Service::start();
    let via = |s: &Service, ip: &str| {
        s.request(
            "POST",
            "/api/hit",
            &[("User-Agent", UA), ("X-Forwarded-For", ip)],
            "{\"path\":\"/\"}",
        )
    };
    via(&direct, "198.51.100.1");
    via(&direct, "198.51.100.2");
    assert_eq!(
        direct.stats()["online"],
        1,
        "untrusted X-Forwarded-For is ignored"
    );

    let proxied = Service::start_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]);
    via(&proxied, "198.51.100.1");
    via(&proxied, "198.51.100.2");
    via(&proxied, "203.0.113.7, 198.51.100.2");
    assert_eq!(proxied.stats()["online"], 2);
}

#[test]
fn the_database_holds_no_ip_address_or_user_agent() {
    let s = Service::start_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]);
    let ua = "Mozilla/5.0 MotDauVetRieng/7.7";
    s.request(
        "POST",
        "/api/hit",
        &[("User-Agent", ua), ("X-Forwarded-For", "198.51.100.77")],
        "{\"path\":\"/bai-viet/tin-a\",\"referrer\":\"https://ref.example/trang\"}",
    );
    s.request(
        "POST",
        "/api/vote/tin-a",
        &[("User-Agent", ua), ("X-Forwarded-For", "198.51.100.77")],
        "",
    );
    let (dir, _) = s.stop();
    let mut dump = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        dump.extend(std::fs::read(entry.path()).unwrap());
    }
    let conn = rusqlite::Connection::open(dir.path().join("stats.db")).unwrap();
    let votes: i64 = conn
        .query_row("SELECT COUNT(*) FROM votes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(votes, 1, "the vote is stored");
    let text = String::from_utf8_lossy(&dump);
    for secret in [
        "198.51.100.77",
        "MotDauVetRieng",
        "ref.example",
        "127.0.0.1",
    ] {
        assert!(!text.contains(secret), "{secret} is on disk");
    }
    // Nor as raw address bytes.
    let octets = [198u8, 51, 100, 77];
    assert!(!dump.windows(4).any(|w| w == octets));
}

#[test]
fn stopping_writes_everything_accepted() {
    let s = Service::start();
    for i in 0..500 {
        s.hit(&format!("/bai-viet/tin-{}", i % 7), &reader(i));
    }
    let (dir, accepted) = s.stop();
    assert_eq!(accepted, 500);
    let conn = trangtin_stats::store::open(&dir.path().join("stats.db")).unwrap();
    assert_eq!(trangtin_stats::store::total_hits(&conn).unwrap(), 500);
    let views = trangtin_stats::store::views(&conn).unwrap();
    assert_eq!(views.values().sum::<u64>(), 500);
    assert_eq!(views["tin-0"], 72);
}

#[test]
fn when_writing_fails_it_keeps_answering_and_catches_up_by_itself() {
    let s = Service::start();
    for i in 0..20 {
        s.hit("/bai-viet/tin-a", &reader(i));
    }
    // Another process holds the database (as a full disk or a backup tool would stop
    // writes): the service's writes fail for a while.
    let db = s.dir.path().join("stats.db");
    let blocker = rusqlite::Connection::open(&db).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    for i in 20..70 {
        let r = s.hit("/bai-viet/tin-a", &reader(i));
        assert_eq!(r.status, 204, "it keeps answering");
    }
    // Readers still see every count (they live in memory).
    assert_eq!(s.stats()["total"], 70);
    // Longer than twice the writer's wait for a lock (5 s): every write it tries, with
    // the hits queued meanwhile, fails; then it has nothing new to go on.
    std::thread::sleep(std::time::Duration::from_secs(11));
    let stored = blocker
        .query_row("SELECT COALESCE(SUM(hits), 0) FROM days", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    assert_eq!(stored, 20, "nothing half-written while it fails");
    blocker.execute_batch("COMMIT").unwrap();
    drop(blocker);
    // No new hit comes; it catches up by itself.
    let conn = trangtin_stats::store::open(&db).unwrap();
    let started = std::time::Instant::now();
    loop {
        let stored = trangtin_stats::store::total_hits(&conn).unwrap();
        if stored == 70 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "not caught up: {stored} of 70"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (_, accepted) = s.stop();
    assert_eq!(accepted, 70);
}
