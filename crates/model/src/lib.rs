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

/// Version of the bundle schema. Bump it on any change a reader cannot ignore; readers
/// refuse bundles of another version instead of mis-rendering them.
pub const SCHEMA_VERSION: u32 = 1;
