//! What editors write, read and checked: the site's settings (`site.toml`), an
//! article's front matter and body as written (`+++` TOML or `---` YAML), the data files
//! beside them, the redirects file, publishing times, slugs, and the problems found,
//! each tied to its file and line ([`Diagnostic`]).
//!
//! What this crate may not do: render, sanitise or write anything. It reads what is in
//! `content/` and says what is wrong with it; Markdown (crates/markdown), photos and the
//! bundles (crates/bundler) come after it, and it knows none of them.

pub mod config;
pub mod data;
pub mod diagnostic;
pub mod redirects;
pub mod schedule;
pub mod slug;
pub mod source;

pub use diagnostic::Diagnostic;

/// Whether an address an editor wrote points outside the site (another host, or data
/// carried in the address itself): such pictures are refused, never hot-linked.
pub fn is_remote(dest: &str) -> bool {
    dest.contains("://") || dest.starts_with("//") || dest.starts_with("data:")
}
