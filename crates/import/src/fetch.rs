//! Fetching a remote photo once, to keep it in `content/media/` (a site never hot-links
//! another site's pictures at read time). Bounded: a size limit, a time limit, a few
//! redirects, and by default no address inside the server's own network.

use std::io::Read;
use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;

pub struct Limits {
    pub max_bytes: u64,
    pub timeout: Duration,
    /// Whether loopback and private addresses may be fetched (tests; a newsroom inside
    /// a school's own network). Off by default: a URL from a pasted page must not
    /// reach the server's neighbours.
    pub allow_private: bool,
    /// How the fetch names itself to the other server.
    pub user_agent: &'static str,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 40 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            allow_private: false,
            user_agent: "trangtin (fetching a photo once into a site's own media)",
        }
    }
}

#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The address it came from after redirects.
    pub url: String,
}

fn private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                // 100.64.0.0/10, carrier-grade NAT
                || (v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link local
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| private(IpAddr::V4(v4)))
        }
    }
}

/// Host and port of an http(s) URL, or why it is not one.
fn host_port(url: &str) -> Result<(String, u16), String> {
    let (rest, port) = if let Some(r) = url.strip_prefix("https://") {
        (r, 443)
    } else if let Some(r) = url.strip_prefix("http://") {
        (r, 80)
    } else {
        return Err(format!(
            "{url}: only http:// and https:// addresses can be fetched"
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    if authority.is_empty() {
        return Err(format!("{url}: no host"));
    }
    if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("{url}: bad host"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().map_err(|_| format!("{url}: bad port"))?,
            None => port,
        };
        return Ok((host.to_string(), port));
    }
    match authority.rsplit_once(':') {
        Some((host, p)) => Ok((
            host.to_string(),
            p.parse().map_err(|_| format!("{url}: bad port"))?,
        )),
        None => Ok((authority.to_string(), port)),
    }
}

fn check_address(url: &str, limits: &Limits) -> Result<(), String> {
    let (host, port) = host_port(url)?;
    if limits.allow_private {
        return Ok(());
    }
    let addrs: Vec<_> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| format!("{url}: cannot find {host}: {e}"))?
        .collect();
    if addrs.iter().any(|a| private(a.ip())) {
        return Err(format!(
            "{url}: {host} is an address inside this server's network; it is not fetched"
        ));
    }
    Ok(())
}

/// `url`'s body, following up to 5 redirects, each checked as the first address was.
pub fn fetch(url: &str, limits: &Limits) -> Result<Fetched, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(limits.user_agent)
        .build()
        .into();
    let mut at = url.trim().to_string();
    for _ in 0..=5 {
        check_address(&at, limits)?;
        let mut answer = agent.get(&at).call().map_err(|e| format!("{at}: {e}"))?;
        let status = answer.status().as_u16();
        if (300..400).contains(&status) {
            let location = answer
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("{at}: redirect without a Location"))?;
            at = join(&at, location);
            continue;
        }
        if status != 200 {
            return Err(format!("{at}: the server answered {status}"));
        }
        let mut bytes = Vec::new();
        answer
            .body_mut()
            .as_reader()
            .take(limits.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{at}: {e}"))?;
        if bytes.len() as u64 > limits.max_bytes {
            return Err(format!(
                "{at}: larger than {} MB",
                limits.max_bytes / 1024 / 1024
            ));
        }
        return Ok(Fetched { bytes, url: at });
    }
    Err(format!("{url}: more than 5 redirects"))
}

/// `location` (absolute, or relative to `base`) as an absolute URL.
pub fn join(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}{rest}", &base[..scheme_end]);
    }
    if location.starts_with('/') {
        return format!("{}{location}", &base[..host_end]);
    }
    let dir_end = base
        .rfind('/')
        .filter(|&i| i >= host_end)
        .map_or(base.len(), |i| i + 1);
    let dir = &base[..dir_end];
    if dir_end == base.len() && !dir.ends_with('/') {
        return format!("{dir}/{location}");
    }
    format!("{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_inside_the_network_are_refused() {
        let limits = Limits::default();
        for url in [
            "http://127.0.0.1/a.jpg",
            "http://10.0.0.5/a.jpg",
            "http://192.168.1.1:8080/a.jpg",
            "http://[::1]/a.jpg",
            "http://169.254.169.254/latest/meta-data",
            "http://localhost/a.jpg",
        ] {
            let e = fetch(url, &limits).err().unwrap();
            assert!(
                e.contains("inside this server's network") || e.contains("cannot find"),
                "{url}: {e}"
            );
        }
        assert!(fetch("ftp://example.org/a.jpg", &limits)
            .unwrap_err()
            .contains("only http"));
        assert!(fetch("file:///etc/passwd", &limits)
            .unwrap_err()
            .contains("only http"));
    }

    #[test]
    fn redirects_resolve_against_the_address() {
        assert_eq!(
            join("https://a.vn/x/y.html", "/img/b.jpg"),
            "https://a.vn/img/b.jpg"
        );
        assert_eq!(
            join("https://a.vn/x/y.html", "b.jpg"),
            "https://a.vn/x/b.jpg"
        );
        assert_eq!(join("https://a.vn", "b.jpg"), "https://a.vn/b.jpg");
        assert_eq!(
            join("http://a.vn/x", "//cdn.vn/b.jpg"),
            "http://cdn.vn/b.jpg"
        );
        assert_eq!(join("http://a.vn/x", "https://c.vn/d"), "https://c.vn/d");
    }
}
