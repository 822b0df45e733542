//! The bundle types of trangtin: everything that crosses the wire between the bundler,
//! the SPA, the widgets and the counter service. No I/O lives here, and the crate builds
//! for wasm32 as well as natively.

mod bundle;
mod html;
mod time;

pub use bundle::*;
#[cfg(feature = "sanitize")]
pub use html::sanitize;
pub use html::SanitizedHtml;
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

/// Version of the bundle schema. Bump it on any change a reader cannot ignore; readers
/// refuse bundles of another version instead of mis-rendering them.
pub const SCHEMA_VERSION: u32 = 1;
