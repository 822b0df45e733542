//! `trangtin crawl`: an old site read over HTTP, from its address, as a reader would
//! follow its links: politely (its robots.txt obeyed, one page at a time with a pause
//! between, a bounded number of pages, this site's own links only), each page that holds
//! an article imported as a saved page is ([`crate::page`]), its address a
//! redirect.

use crate::fetch::{fetch, join, Limits};
use crate::site::Report;
use std::collections::{BTreeSet, VecDeque};
use std::time::Duration;

pub struct Options {
    pub start: String,
    /// At most this many pages are fetched.
    pub max_pages: usize,
    /// The pause between two requests.
    pub delay: Duration,
    pub limits: Limits,
}

/// What a crawl did, besides its report.
#[derive(Debug, Default)]
pub struct Crawled {
    /// Pages fetched, and how many of them held an article.
    pub fetched: usize,
    pub articles: usize,
    /// Addresses the site's robots.txt keeps crawlers from.
    pub disallowed: usize,
    /// Addresses that could not be fetched, with why.
    pub failed: Vec<(String, String)>,
}

/// Scheme, host and port of `url` (`https://a.vn:8080`).
fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after + i);
    &url[..end]
}

/// The `Disallow` prefixes of robots.txt for every crawler (`User-agent: *`).
fn disallowed(robots: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut applies = false;
    let mut in_group = false;
    for line in robots.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
        match key.as_str() {
            "user-agent" => {
                if !in_group {
                    applies = false;
                }
                in_group = true;
                applies |= value == "*" || value.to_ascii_lowercase().contains("trangtin");
            }
            "disallow" => {
                in_group = false;
                if applies && !value.is_empty() {
                    out.push(value.to_string());
                }
            }
            _ => in_group = false,
        }
    }
    out
}

/// The links of a page that lead to other pages of the same site.
fn links(html: &str, page: &str, site: &str) -> Vec<String> {
    let doc = dom_query::Document::from(html);
    let mut out = Vec::new();
    for a in doc.select("a[href]").iter() {
        let Some(href) = a.attr("href") else { continue };
        let href = href.trim();
        if href.is_empty()
            || href.starts_with('#')
            || href.starts_with("javascript:")
            || href.starts_with("mailto:")
            || href.starts_with("tel:")
        {
            continue;
        }
        let url = join(page, href);
        let url = url.split('#').next().unwrap_or(&url).to_string();
        let path = url.split('?').next().unwrap_or(&url).to_ascii_lowercase();
        let file = [
            ".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx",
            ".zip", ".rar", ".mp4", ".mp3",
        ];
        if origin(&url) == site && !file.iter().any(|e| path.ends_with(e)) {
            out.push(url);
        }
    }
    out
}

/// Whether the article Readability found is an article, not a list of links.
fn is_article(content: &str, words: usize) -> bool {
    let doc = dom_query::Document::from(content);
    let linked: usize = doc
        .select("a")
        .iter()
        .map(|a| a.text().split_whitespace().count())
        .sum();
    words >= 60 && linked * 2 < words
}

/// Crawls the site at `options.start` into `report`, with `category` for its articles;
/// `progress` hears of each page.
pub fn crawl(
    options: &Options,
    category: &str,
    report: &mut Report,
    mut progress: impl FnMut(&str),
) -> Crawled {
    let site = origin(&options.start).to_string();
    let mut crawled = Crawled::default();
    let rules = fetch(&format!("{site}/robots.txt"), &options.limits)
        .map(|f| disallowed(&String::from_utf8_lossy(&f.bytes)))
        .unwrap_or_default();
    let allowed = |url: &str| {
        let path = &url[site.len()..];
        let path = if path.is_empty() { "/" } else { path };
        !rules.iter().any(|r| path.starts_with(r.as_str()))
    };
    let mut queue = VecDeque::from([options.start.clone()]);
    let mut seen = BTreeSet::from([options.start.clone()]);
    while let Some(url) = queue.pop_front() {
        if crawled.fetched >= options.max_pages {
            break;
        }
        if !allowed(&url) {
            crawled.disallowed += 1;
            continue;
        }
        if crawled.fetched > 0 {
            std::thread::sleep(options.delay);
        }
        crawled.fetched += 1;
        progress(&url);
        let page = match fetch(&url, &options.limits) {
            Ok(p) => p,
            Err(why) => {
                crawled.failed.push((url, why));
                continue;
            }
        };
        let html = String::from_utf8_lossy(&page.bytes).into_owned();
        for link in links(&html, &page.url, &site) {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
        // A page with an article: imported, its address kept as a redirect.
        let Ok(article) =
            dom_smoothie::Readability::new(html.as_str(), Some(page.url.as_str()), None)
                .and_then(|mut r| r.parse())
        else {
            continue;
        };
        if !is_article(
            &article.content,
            article.text_content.split_whitespace().count(),
        ) {
            continue;
        }
        let before = report.articles.len();
        crate::page::import_page(
            &html,
            std::path::Path::new(&page.url),
            Some(&page.url),
            category,
            report,
        );
        if let Some(a) = report.articles.get_mut(before) {
            if let Some(path) = crate::site::old_path(&page.url) {
                if !a.old_paths.contains(&path) {
                    a.old_paths.push(path);
                }
            }
            crawled.articles += 1;
        }
    }
    crawled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_and_links() {
        assert_eq!(
            disallowed("User-agent: Googlebot\nDisallow: /g/\n\nUser-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem # search\nAllow: /\n"),
            ["/admin/", "/tim-kiem"]
        );
        let html = r##"<a href="/tin/a.html">a</a><a href="b.html#x">b</a><a href="https://khac.vn/c">c</a><a href="/files/d.pdf">d</a><a href="#top">t</a><a href="mailto:x@y">m</a>"##;
        assert_eq!(
            links(html, "http://127.0.0.1:9/tin/", "http://127.0.0.1:9"),
            [
                "http://127.0.0.1:9/tin/a.html",
                "http://127.0.0.1:9/tin/b.html"
            ]
        );
        assert_eq!(origin("https://a.vn:8080/x?y"), "https://a.vn:8080");
    }
}
