//! The bundle types of trangtin: everything that crosses the wire between the bundler,
//! the SPA, the widgets and the counter service. No I/O lives here, and the crate builds
//! for wasm32 as well as natively.

mod bundle;
mod html;
mod time;

pub use bundle::*;
pub use html::SanitizedHtml;
pub use html::BODY_SIZES;
#[cfg(feature = "sanitize")]
pub use html::{
    formula_mark, sanitize, sanitize_formula, sanitize_with_pictures, strip_formula_marks,
};
pub use time::{Date, Timestamp, TimestampError, Weekday};

/// A slug as the bundler writes it and an editor may: lowercase ASCII words joined by
/// single hyphens. Readers use it to refuse paths no bundle can have.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The absolute URL of `url`, a URL as the bundles hold them: already absolute, or a path
/// from the host's root (which includes the site's base path, `/portal/content/…`).
/// `base_url` is the site's public address (`https://host/portal`).
pub fn absolute_url(base_url: &str, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        return url.to_string();
    }
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    let origin = match base_url[after_scheme..].find('/') {
        Some(i) => &base_url[..after_scheme + i],
        None => base_url,
    };
    format!("{origin}/{}", url.trim_start_matches('/'))
}

/// Version of the bundle schema. Bump it on any change a reader cannot ignore; readers
/// refuse bundles of another version instead of mis-rendering them.
pub const SCHEMA_VERSION: u32 = 4;

#[cfg(test)]
mod tests {
    #[test]
    fn absolute_urls_join_the_host_not_the_base_path_twice() {
        let abs = super::absolute_url;
        assert_eq!(
            abs("https://t.example.vn/portal", "/portal/content/a.jpg"),
            "https://t.example.vn/portal/content/a.jpg"
        );
        assert_eq!(
            abs("https://t.example.vn", "/content/a.jpg"),
            "https://t.example.vn/content/a.jpg"
        );
        assert_eq!(abs("https://t.example.vn/", "/a"), "https://t.example.vn/a");
        assert_eq!(
            abs("https://t.example.vn", "https://cdn.example/a"),
            "https://cdn.example/a"
        );
    }
}
