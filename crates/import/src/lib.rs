//! Old sites into trangtin content. Each importer reads what a portal left behind and
//! writes Markdown articles into a content folder, with a report of what it converted,
//! what it left out and why, and redirects from the old addresses:
//!
//! - [`scraped`]: the text scraped from one portal page (`trangtin import`);
//! - [`page`]: a saved HTML page of an old portal (`trangtin import-page`);
//! - [`wordpress`]: a WordPress export (WXR);
//! - [`hugo`]: a Markdown site (Hugo, Jekyll, Hexo front matter);
//! - [`crawl`]: an old site read over HTTP, politely, each page imported as a saved page;
//! - [`media`]: remote photos that imported articles still point at, fetched once into
//!   `content/media/` ([`fetch`] is the bounded fetch they share);
//! - [`site`]: what the importers share (the article they make, the report, writing).
//!
//! What this crate may not do: build or publish a site. It writes only content (the
//! articles, their media, the redirects file), which the bundler then reads like any
//! an editor wrote; it uses the bundler's slugs, shortcodes and text helpers, never its
//! output.

pub mod crawl;
pub mod fetch;
pub mod hugo;
pub mod media;
pub mod page;
pub mod scraped;
pub mod site;
pub mod wordpress;
