//! What the web needs beside the bundles: RSS 2.0 feeds (the site's and each
//! category's), the sitemaps and `robots.txt`. Dates come from the articles, never from
//! the clock, so the same content gives the same bytes.

use crate::markdown::escape;
use crate::site::Site;
use trangtin_model::{Article, CategoryPage, Timestamp, Weekday};

/// Items per feed.
pub const FEED_LEN: usize = 30;

/// Where a feed lives below the site root.
pub fn feed_path(category: Option<&str>) -> String {
    match category {
        None => "feed.xml".into(),
        Some(slug) => format!("feeds/{slug}.xml"),
    }
}

/// An RSS 2.0 feed of the newest articles, of one category or of the whole site.
pub fn rss(site: &Site, category: Option<&str>) -> String {
    let base = site.config.site.base_url.trim_end_matches('/');
    let name = &site.config.site.name;
    let (title, link, description) =
        match category.and_then(|c| site.config.categories.iter().find(|x| x.slug == c)) {
            Some(c) => (
                format!("{} - {name}", c.name),
                format!("{base}/chuyen-muc/{}", c.slug),
                c.description
                    .clone()
                    .unwrap_or_else(|| format!("Tin bài chuyên mục {}", c.name)),
            ),
            None => (
                name.clone(),
                format!("{base}/"),
                site.config
                    .site
                    .tagline
                    .clone()
                    .map_or_else(|| format!("Tin bài của {name}"), |t| format!("{name}, {t}")),
            ),
        };
    let items: Vec<&Article> = site
        .articles
        .iter()
        .filter(|a| category.is_none_or(|c| a.category == c))
        .take(FEED_LEN)
        .collect();
    let mut x = String::with_capacity(1024 + items.len() * 512);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    x.push_str(&format!(
        "<title>{}</title>\n<link>{}</link>\n",
        escape(&title),
        escape(&link)
    ));
    x.push_str(&format!(
        "<description>{}</description>\n",
        escape(&description)
    ));
    x.push_str(&format!(
        "<language>{}</language>\n",
        escape(&site.config.site.language)
    ));
    x.push_str(&format!(
        "<atom:link href=\"{base}/{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        feed_path(category)
    ));
    if let Some(newest) = items.first() {
        x.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            rfc822(&newest.published)
        ));
    }
    for a in items {
        let url = format!("{base}/bai-viet/{}", a.slug);
        x.push_str("<item>\n");
        x.push_str(&format!(
            "<title>{}</title>\n<link>{}</link>\n",
            escape(&a.title),
            escape(&url)
        ));
        x.push_str(&format!(
            "<guid isPermaLink=\"true\">{}</guid>\n",
            escape(&url)
        ));
        x.push_str(&format!("<pubDate>{}</pubDate>\n", rfc822(&a.published)));
        if let Some(c) = site.config.categories.iter().find(|c| c.slug == a.category) {
            x.push_str(&format!("<category>{}</category>\n", escape(&c.name)));
        }
        if let Some(s) = a.summary.as_deref().or(a.lead.as_deref()) {
            x.push_str(&format!("<description>{}</description>\n", escape(s)));
        }
        if let Some((src, bytes, kind)) = a.thumbnail.as_ref().and_then(|t| site.media.share(t)) {
            let src = trangtin_model::absolute_url(base, &src);
            x.push_str(&format!(
                "<enclosure url=\"{}\" length=\"{bytes}\" type=\"{kind}\"/>\n",
                escape(&src)
            ));
        }
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// Where the sitemap index lives; it names the sitemaps below [`SITEMAP_DIR`].
pub const SITEMAP: &str = "sitemap.xml";
pub const SITEMAP_DIR: &str = "sitemaps";

/// Every page a crawler should know, with the date it last changed, as a sitemap index
/// (`sitemap.xml`) and the sitemaps it names: the front pages in one, each category's
/// archive pages in one, the articles in one per month of publication. A month's
/// articles stay in its file whatever is published later, so a new article changes its
/// month's sitemap, the front pages' and the index, not a file holding the whole
/// archive (1.7 MB on 10,000 articles). Paths and texts, the index first.
pub fn sitemaps(site: &Site, category_pages: &[CategoryPage]) -> Vec<(String, String)> {
    let base = site.config.site.base_url.trim_end_matches('/');
    // The front pages move with each new article; a category's archive pages keep
    // their articles and change when one fills, so each category's are a file apart.
    let mut fronts = Urlset::default();
    fronts.url(
        format!("{base}/"),
        site.articles.first().map(|a| &a.published),
    );
    let mut archives = std::collections::BTreeMap::<String, Urlset>::new();
    for page in category_pages {
        let slug = &page.category.slug;
        let newest = page.items.first().map(|a| &a.published);
        match page.page {
            0 => fronts.url(format!("{base}/chuyen-muc/{slug}"), newest),
            n => archives
                .entry(format!("{SITEMAP_DIR}/chuyen-muc-{slug}.xml"))
                .or_default()
                .url(format!("{base}/chuyen-muc/{slug}/trang-{n}"), newest),
        }
    }
    let mut months = std::collections::BTreeMap::<String, Urlset>::new();
    for a in &site.articles {
        let d = a.published.date;
        let path = format!("{SITEMAP_DIR}/bai-viet-{:04}-{:02}.xml", d.year, d.month);
        months
            .entry(path)
            .or_default()
            .url(format!("{base}/bai-viet/{}", a.slug), Some(&a.published));
    }
    // The front pages, the archives, then the months newest first.
    let sets: Vec<(String, Urlset)> = std::iter::once((format!("{SITEMAP_DIR}/trang.xml"), fronts))
        .chain(archives)
        .chain(months.into_iter().rev())
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, set) in &sets {
        index.push_str(&format!(
            "<sitemap><loc>{}</loc>",
            escape(&format!("{base}/{path}"))
        ));
        if let Some(t) = &set.newest {
            index.push_str(&format!("<lastmod>{t}</lastmod>"));
        }
        index.push_str("</sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    let mut files = vec![(SITEMAP.to_string(), index)];
    files.extend(sets.into_iter().map(|(path, set)| (path, set.finish())));
    files
}

/// One sitemap's text as it is written, and the newest date in it.
#[derive(Default)]
struct Urlset {
    xml: String,
    newest: Option<Timestamp>,
}

impl Urlset {
    fn url(&mut self, loc: String, lastmod: Option<&Timestamp>) {
        self.xml
            .push_str(&format!("<url><loc>{}</loc>", escape(&loc)));
        if let Some(t) = lastmod {
            self.xml.push_str(&format!("<lastmod>{t}</lastmod>"));
            if self
                .newest
                .is_none_or(|n| n.unix_seconds() < t.unix_seconds())
            {
                self.newest = Some(*t);
            }
        }
        self.xml.push_str("</url>\n");
    }

    fn finish(self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{}</urlset>\n",
            self.xml
        )
    }
}

pub fn robots(site: &Site) -> String {
    let base = site.config.site.base_url.trim_end_matches('/');
    format!("User-agent: *\nAllow: /\n\nSitemap: {base}/{SITEMAP}\n")
}

/// `Tue, 25 Jun 2024 00:00:00 +0700`
pub fn rfc822(t: &Timestamp) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = match t.date.weekday() {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    };
    let sign = if t.offset_minutes < 0 { '-' } else { '+' };
    let off = t.offset_minutes.unsigned_abs();
    format!(
        "{day}, {:02} {} {:04} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        t.date.day,
        MONTHS[usize::from(t.date.month) - 1],
        t.date.year,
        t.hour,
        t.minute,
        t.second,
        off / 60,
        off % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_dates_are_rfc_822_with_the_offset() {
        let t = Timestamp::parse("2024-06-25T14:05:09", 420).unwrap();
        assert_eq!(rfc822(&t), "Tue, 25 Jun 2024 14:05:09 +0700");
    }
}
