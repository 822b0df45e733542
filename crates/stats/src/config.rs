//! The service's settings: from the command line, environment variables (`TRANGTIN_STATS_*`)
//! or a TOML file with the same keys.

use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    pub listen: SocketAddr,
    /// The portal's origins (`https://truong.example.vn`): the only ones CORS allows. The
    /// first one also keys the visitor hash.
    pub site_origins: Vec<String>,
    /// The site's time zone as minutes east of UTC (Asia/Ho_Chi_Minh: 420).
    pub utc_offset_minutes: i16,
    /// Proxies whose `X-Forwarded-For` is believed. Without any, the peer address is the
    /// client's.
    pub trusted_proxies: Vec<IpAddr>,
    /// Requests per visitor per minute; more get 429. 0 turns the limit off.
    pub rate_limit_per_minute: u32,
}

/// The TOML file's shape; every key is optional there.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub db: Option<PathBuf>,
    pub listen: Option<SocketAddr>,
    pub site_origins: Option<Vec<String>>,
    pub timezone: Option<String>,
    pub trusted_proxies: Option<Vec<IpAddr>>,
    pub rate_limit_per_minute: Option<u32>,
}

impl FileConfig {
    pub fn read(path: &std::path::Path) -> Result<FileConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))
    }
}

/// `Asia/Ho_Chi_Minh` (and the other zones of Việt Nam), `UTC`, or an offset `+07:00`.
pub fn parse_timezone(tz: &str) -> Result<i16, String> {
    match tz {
        "Asia/Ho_Chi_Minh" | "Asia/Saigon" | "Asia/Bangkok" | "Asia/Jakarta" => return Ok(420),
        "UTC" | "Etc/UTC" | "Z" => return Ok(0),
        _ => {}
    }
    let bad = || {
        format!("unknown time zone {tz:?}: use Asia/Ho_Chi_Minh, UTC or an offset such as +07:00")
    };
    let (sign, rest) = match tz.as_bytes().first() {
        Some(b'+') => (1, &tz[1..]),
        Some(b'-') => (-1, &tz[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(bad)?;
    let h: i16 = h.parse().map_err(|_| bad())?;
    let m: i16 = m.parse().map_err(|_| bad())?;
    if h > 14 || m > 59 {
        return Err(bad());
    }
    Ok(sign * (h * 60 + m))
}

/// `https://Example.org/` → `https://example.org`: how browsers send `Origin`.
pub fn normalize_origin(origin: &str) -> Result<String, String> {
    let o = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
        .ok_or_else(|| format!("site origin {origin:?} must start with https:// or http://"))?;
    if rest.is_empty() || rest.contains('/') {
        return Err(format!(
            "site origin {origin:?} must be a scheme and host (and port), without a path"
        ));
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_origins() {
        assert_eq!(parse_timezone("Asia/Ho_Chi_Minh"), Ok(420));
        assert_eq!(parse_timezone("+07:00"), Ok(420));
        assert_eq!(parse_timezone("-03:30"), Ok(-210));
        assert!(parse_timezone("Mars/Base").is_err());
        assert_eq!(
            normalize_origin("https://Truong.Example.vn/").unwrap(),
            "https://truong.example.vn"
        );
        assert!(normalize_origin("truong.example.vn").is_err());
        assert!(normalize_origin("https://a.vn/x").is_err());
    }
}
