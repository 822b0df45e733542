//! `content/site.toml`: the portal's identity, categories and side parts.

use crate::diagnostic::{line_of, Diagnostic};
use serde::Deserialize;
use std::path::Path;
use trangtin_model::{Category, Contact, Link, Video, VideoSource};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub site: SiteSection,
    pub categories: Vec<Category>,
    /// The header menu; when absent it is the home page followed by every category.
    #[serde(default)]
    pub menu: Option<Vec<Link>>,
    #[serde(default)]
    pub banners: Vec<BannerConfig>,
    #[serde(default)]
    pub videos: Vec<VideoConfig>,
    #[serde(default)]
    pub images: ImagesSection,
    #[serde(default)]
    pub linked_sites: Vec<Link>,
    #[serde(default)]
    pub fanpage: Option<Link>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSection {
    pub name: String,
    pub tagline: Option<String>,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub logo: Option<String>,
    /// Offset of the site's time zone, used for dates written without one.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default)]
    pub contact: Contact,
    /// Articles per category listing page.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Whether every local image must exist under content/media/. Sites imported from
    /// elsewhere may serve their pictures from another folder of the web server; with
    /// `false` such paths are kept as written. Remote images are refused either way.
    #[serde(default = "yes")]
    pub check_media: bool,
    /// The counter service (`trangtin-stats`) the portal reports to, such as
    /// `https://thongke.example.vn`. `TRANGTIN_STATS_API` overrides it ("" for none).
    pub stats_api: Option<String>,
}

/// A "Quảng cáo" banner: a picture (under content/media/) linking somewhere.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BannerConfig {
    pub label: String,
    pub href: String,
    pub image: String,
    #[serde(default)]
    pub example: bool,
}

/// `[images]`: how photos are made.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesSection {
    /// Photos with more pixels than this are refused (with a message naming them), not
    /// decoded: a photo of 40 megapixels takes 160 MB to decode.
    #[serde(default = "default_max_megapixels")]
    pub max_megapixels: u32,
}

impl Default for ImagesSection {
    fn default() -> Self {
        ImagesSection {
            max_megapixels: default_max_megapixels(),
        }
    }
}

/// Above this many pixels a photo is refused: decoding it would take gigabytes (a
/// decompression bomb takes a few kilobytes on disk).
pub const DEFAULT_MAX_MEGAPIXELS: u32 = 40;

fn default_max_megapixels() -> u32 {
    DEFAULT_MAX_MEGAPIXELS
}

impl ImagesSection {
    pub fn max_pixels(&self) -> u64 {
        self.max_megapixels as u64 * 1_000_000
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoConfig {
    pub title: String,
    pub youtube: Option<String>,
    pub file: Option<String>,
    pub poster: Option<String>,
    pub duration: Option<u32>,
    #[serde(default)]
    pub example: bool,
}

fn default_language() -> String {
    "vi".into()
}

/// The origin (`https://host:port`) of a counter service URL, if it is one.
pub fn stats_origin(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next()?;
    let ok = !host.is_empty()
        && !url.contains(['?', '#', '"', '\'', ' ', '<', '>'])
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| url[..url.len() - rest.len() + host.len()].to_ascii_lowercase())
}

pub fn is_safe_link(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    let web = ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p));
    let local = href.starts_with('/') && !href.starts_with("//");
    (web || local)
        && !href
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '<' || c == '>')
}

fn yes() -> bool {
    true
}

fn default_page_size() -> usize {
    10
}

fn default_timezone() -> String {
    "Asia/Ho_Chi_Minh".into()
}

/// The site's public address for a site served under `base_path`. `base_url` may name the
/// origin alone (`https://truong.example.org`), and then the base path is added to it, so
/// that one option moves the whole site; or the full address, whose path must then be
/// the base path. Canonical URLs, Open Graph tags, feeds and the sitemap start with it.
pub fn public_url(base_url: &str, base_path: &str) -> Result<String, String> {
    let url = base_url.trim_end_matches('/');
    let path_start = url
        .find("://")
        .map(|scheme| scheme + 3)
        .and_then(|host| url[host..].find('/').map(|p| host + p));
    let base = base_path.trim_end_matches('/');
    match path_start.map(|at| &url[at..]) {
        None => Ok(format!("{url}{base}")),
        Some(path) if path == base => Ok(url.to_string()),
        Some(path) => Err(format!(
            "base_url {base_url:?} is under {path}/, but the site is built for {base_path}: \
             give base_url without a path, or with the same one as TRANGTIN_BASE_PATH"
        )),
    }
}

impl SiteConfig {
    /// Reads and checks `site.toml` for a site served under `base_path`.
    pub fn load(path: &Path, base_path: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::new(
                path,
                1,
                format!("cannot read site config: {e}"),
            )]
        })?;
        let mut config: SiteConfig = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(&text, s.start));
            vec![Diagnostic::new(
                path,
                line,
                format!("bad site config: {}", e.message()),
            )]
        })?;
        let mut problems = Vec::new();
        let key_line = |needle: &str| text.find(needle).map_or(1, |at| line_of(&text, at));
        match public_url(&config.site.base_url, base_path) {
            Ok(url) => config.site.base_url = url,
            Err(e) => problems.push(Diagnostic::new(path, key_line("base_url"), e)),
        }
        if config.categories.is_empty() {
            problems.push(Diagnostic::new(
                path,
                1,
                "no [[categories]]: a portal needs at least one",
            ));
        }
        for (i, c) in config.categories.iter().enumerate() {
            if !crate::slug::is_valid_slug(&c.slug) {
                problems.push(Diagnostic::new(
                    path,
                    key_line(&format!("\"{}\"", c.slug)),
                    format!(
                        "category slug {:?} must be lowercase ASCII words joined by hyphens",
                        c.slug
                    ),
                ));
            }
            if config.categories[..i].iter().any(|o| o.slug == c.slug) {
                problems.push(Diagnostic::new(
                    path,
                    key_line(&format!("\"{}\"", c.slug)),
                    format!("category slug {:?} is used twice", c.slug),
                ));
            }
        }
        if config.offset_minutes().is_none() {
            problems.push(Diagnostic::new(
                path,
                key_line("timezone"),
                format!(
                    "unknown timezone {:?}: use Asia/Ho_Chi_Minh or an offset such as +07:00",
                    config.site.timezone
                ),
            ));
        }
        if !(1..=100).contains(&config.site.page_size) {
            problems.push(Diagnostic::new(
                path,
                key_line("page_size"),
                "page_size must be between 1 and 100",
            ));
        }
        for v in &config.videos {
            if v.youtube.is_some() == v.file.is_some() {
                problems.push(Diagnostic::new(
                    path,
                    key_line(&v.title),
                    format!(
                        "video {:?} needs exactly one of `youtube` or `file`",
                        v.title
                    ),
                ));
            }
            if let Some(id) = &v.youtube {
                let valid = (6..=32).contains(&id.len())
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if !valid {
                    problems.push(Diagnostic::new(
                        path,
                        key_line(id),
                        format!("youtube id {id:?} is not a video id (letters, digits, - and _)"),
                    ));
                }
            }
        }
        // Every link the site shows goes somewhere safe: the web, mail, phone, or a page
        // of the site. Anything else (javascript:, data:) is refused.
        let links = config
            .menu
            .iter()
            .flatten()
            .chain(config.linked_sites.iter())
            .chain(config.fanpage.iter())
            .map(|l| &l.href)
            .chain(config.banners.iter().map(|b| &b.href));
        for href in links {
            if !is_safe_link(href) {
                problems.push(Diagnostic::new(
                    path,
                    key_line(href),
                    format!("link {href:?} must start with https://, http://, mailto:, tel: or /"),
                ));
            }
        }
        if let Ok(api) = std::env::var("TRANGTIN_STATS_API") {
            config.site.stats_api = Some(api).filter(|a| !a.trim().is_empty());
        }
        if let Some(api) = &mut config.site.stats_api {
            match stats_origin(api) {
                Some(_) => *api = api.trim().trim_end_matches('/').to_string(),
                None => problems.push(Diagnostic::new(
                    path,
                    key_line("stats_api"),
                    format!(
                        "stats_api {api:?} must be an http(s) URL such as https://thongke.example.vn"
                    ),
                )),
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The site's UTC offset in minutes. Vietnam keeps +07:00 all year.
    pub fn offset_minutes(&self) -> Option<i16> {
        match self.site.timezone.as_str() {
            "Asia/Ho_Chi_Minh" | "Asia/Saigon" | "Asia/Bangkok" | "Asia/Jakarta" => Some(420),
            "UTC" | "Etc/UTC" => Some(0),
            other => trangtin_model::Timestamp::parse(&format!("2000-01-01T00:00{other}"), 0)
                .ok()
                .map(|t| t.offset_minutes),
        }
    }

    pub fn menu(&self) -> Vec<Link> {
        self.menu.clone().unwrap_or_else(|| {
            std::iter::once(Link {
                label: "Trang chủ".into(),
                href: "/".into(),
                example: false,
            })
            .chain(self.categories.iter().map(|c| Link {
                label: c.name.clone(),
                href: format!("/chuyen-muc/{}", c.slug),
                example: false,
            }))
            .collect()
        })
    }

    pub fn videos(&self) -> Vec<Video> {
        self.videos
            .iter()
            .map(|v| Video {
                title: v.title.clone(),
                source: match (&v.youtube, &v.file) {
                    (Some(id), _) => VideoSource::Youtube { id: id.clone() },
                    (None, file) => VideoSource::File {
                        src: file.clone().unwrap_or_default(),
                    },
                },
                poster: v.poster.clone().map(trangtin_model::Image::plain),
                duration: v.duration,
                example: v.example,
            })
            .collect()
    }
}

impl SiteConfig {
    /// Every media path the config refers to.
    pub fn media_refs(&self) -> impl Iterator<Item = &str> {
        self.site
            .logo
            .iter()
            .chain(self.banners.iter().map(|b| &b.image))
            .chain(self.videos.iter().filter_map(|v| v.poster.as_ref()))
            .chain(self.videos.iter().filter_map(|v| v.file.as_ref()))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::{public_url, stats_origin};

    #[test]
    fn the_base_path_moves_the_public_address_too() {
        let ok = |url, base| public_url(url, base).unwrap();
        assert_eq!(ok("https://t.example.vn", "/"), "https://t.example.vn");
        assert_eq!(ok("https://t.example.vn/", "/"), "https://t.example.vn");
        assert_eq!(
            ok("https://t.example.vn", "/portal/"),
            "https://t.example.vn/portal"
        );
        assert_eq!(
            ok("https://t.example.vn/portal/", "/portal/"),
            "https://t.example.vn/portal"
        );
        assert_eq!(
            ok("https://t.example.vn/a/b", "/a/b/"),
            "https://t.example.vn/a/b"
        );
        let err = public_url("https://t.example.vn/tin", "/portal/").unwrap_err();
        assert!(err.contains("/tin/") && err.contains("/portal/"), "{err}");
        assert!(public_url("https://t.example.vn/tin", "/").is_err());
    }

    #[test]
    fn a_counter_service_url_gives_its_origin() {
        assert_eq!(
            stats_origin("https://ThongKe.example.vn/").as_deref(),
            Some("https://thongke.example.vn")
        );
        assert_eq!(
            stats_origin("http://127.0.0.1:8090").as_deref(),
            Some("http://127.0.0.1:8090")
        );
        assert_eq!(
            stats_origin("https://example.vn/dem").as_deref(),
            Some("https://example.vn")
        );
        for bad in [
            "javascript:alert(1)",
            "https://",
            "ftp://x",
            "https://a b",
            "https://x/?q",
        ] {
            assert_eq!(stats_origin(bad), None, "{bad}");
        }
    }
}
