//! A saved page of an old portal (NukeViet and its kin, an agency's site) to an article.
//! The article is found in the page by dom_smoothie, a port of Mozilla's Readability, not
//! by rules of our own: menus, "Sign In", search boxes, sidebars and footers stay behind.
//! The title is the article's own heading (the page's `<title>` names the site on such
//! portals, the same on every page), the date the one the page shows near it
//! ("(05.08.2019 16:32)"), and the page's own address (`rel=canonical`, `og:url`) a
//! redirect.

use crate::site::{html_to_markdown, Article, Report};
use dom_query::Document;
use std::path::Path;

/// Collapsed text of a selection.
fn text_of(s: &dom_query::Selection) -> String {
    s.text().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The article's own heading: the first of these that reads as a title and is not the
/// site's name.
const HEADINGS: &[&str] = &[
    "[itemprop=headline]",
    "article h1",
    ".detail-title, .title-detail, .news-title, .title-news, .news-detail-title, .post-title, .entry-title, .article-title, .tieu-de, h1.title, h2.title, .title",
    "h1",
    "h2",
    "h3",
];

fn heading(doc: &Document, site_title: &str) -> Option<String> {
    for selector in HEADINGS {
        for node in doc.select(selector).iter() {
            let t = text_of(&node);
            let words = t.split_whitespace().count();
            if (3..=60).contains(&words) && t != site_title && !site_title.starts_with(&t) {
                return Some(t);
            }
        }
    }
    None
}

/// A date as a portal shows it: `05.08.2019 16:32`, `5/8/2019`, `05-08-2019 - 16:32`,
/// `2019-08-05 16:32`, in the site's time; the first in `text`.
pub fn find_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |at: usize, n: usize| -> Option<u32> {
        let s = text.get(at..at + n)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || i > 0 && b[i - 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        // d[d] sep m[m] sep yyyy, or yyyy-mm-dd.
        let parsed = (|| {
            if let (Some(y), Some(m), Some(d)) = (digits(i, 4), digits(i + 5, 2), digits(i + 8, 2))
            {
                if b.get(i + 4) == Some(&b'-') && b.get(i + 7) == Some(&b'-') {
                    return Some((y, m, d, i + 10));
                }
            }
            let dl = if b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                2
            } else {
                1
            };
            let d = digits(i, dl)?;
            let sep = *b.get(i + dl)?;
            if !matches!(sep, b'.' | b'/' | b'-') {
                return None;
            }
            let j = i + dl + 1;
            let ml = if b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                2
            } else {
                1
            };
            let m = digits(j, ml)?;
            if b.get(j + ml) != Some(&sep) {
                return None;
            }
            let y = digits(j + ml + 1, 4)?;
            Some((y, m, d, j + ml + 5))
        })();
        let Some((y, m, d, end)) = parsed else {
            i += 1;
            continue;
        };
        if !(1990..2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            i += 1;
            continue;
        }
        // A time after it, within a few characters: ` 16:32`, ` - 16:32`, `, 16:32`.
        let rest = &text[end..floor(text, end + 8)];
        let time = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .and_then(|(k, _)| {
                let t = &rest[k..];
                let h: u32 = t.get(0..2)?.parse().ok()?;
                let min: u32 = t
                    .get(3..5)
                    .filter(|_| t.as_bytes().get(2) == Some(&b':'))?
                    .parse()
                    .ok()?;
                (h < 24 && min < 60).then_some((h, min))
            });
        let (h, min) = time.unwrap_or((0, 0));
        return Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:00"));
    }
    None
}

/// Imports the page `html` into `report`: saved as the file `file` (its pictures beside
/// it), or fetched from `url` (its pictures' addresses made absolute, for
/// `trangtin fetch-media`).
pub fn import_page(
    html: &str,
    file: &Path,
    url: Option<&str>,
    category: &str,
    report: &mut Report,
) {
    let label = file.display().to_string();
    let doc = Document::from(html);
    let site_title = text_of(&doc.select("title"));
    let address = doc
        .select(r#"link[rel="canonical"]"#)
        .attr("href")
        .or_else(|| doc.select(r#"meta[property="og:url"]"#).attr("content"))
        .map(|s| s.to_string());
    let own_heading = heading(&doc, &site_title);
    let body_text = text_of(&doc.select("body"));
    let page_words = body_text.split_whitespace().count();
    let article = match dom_smoothie::Readability::new(html, url, None).and_then(|mut r| r.parse())
    {
        Ok(a) => a,
        Err(e) => {
            report.dropped(&label, format!("no article found in the page ({e})"));
            return;
        }
    };
    // The article's heading; Readability's title when it is not the site's name.
    let title = own_heading.or_else(|| {
        Some(article.title.trim().to_string()).filter(|t| !t.is_empty() && *t != site_title)
    });
    let Some(title) = title else {
        report.dropped(
            &label,
            "no title: the page has no heading of its own".into(),
        );
        return;
    };
    // The date the page shows after its title, else its metadata, else any.
    let after_title = body_text.find(&title).map_or("", |at| &body_text[at..]);
    let date = find_date(&after_title[..after_title.len().min(floor(after_title, 600))])
        .or_else(|| article.published_time.as_deref().and_then(find_date))
        .or_else(|| find_date(&body_text));
    let Some(date) = date else {
        report.dropped(&label, format!("“{title}”: no date on the page"));
        return;
    };
    let mut body = without_title_and_date(&html_to_markdown(&article.content), &title);
    // Pictures saved beside the page (`Trang_files/anh.jpg`) come along.
    let slug = trangtin_content::slug::slugify(&title);
    let folder = file.parent().unwrap_or(Path::new("."));
    for node in Document::from(article.content.as_ref())
        .select("img")
        .iter()
    {
        let Some(src) = node.attr("src").map(|s| s.to_string()) else {
            continue;
        };
        if trangtin_content::is_remote(&src) || src.starts_with('/') || src.contains("..") {
            continue;
        }
        let decoded = percent_encoding::percent_decode_str(&src)
            .decode_utf8_lossy()
            .into_owned();
        let path = folder.join(&decoded);
        if path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let to = format!("imported/{slug}/{name}");
            body = body.replace(&format!("]({src}"), &format!("](../media/{to}"));
            report.media.push((path, to));
        }
    }
    let kept = article.text_content.split_whitespace().count();
    report.note(format!(
        "{label}: “{title}”, {date}; kept {kept} of the page's {page_words} words (menus, sidebars and footer left)"
    ));
    report.converted("saved page");
    report.add(Article {
        slug,
        title,
        date,
        category: category.to_string(),
        tags: Vec::new(),
        author: article.byline.filter(|b| b.split_whitespace().count() <= 8),
        summary: article
            .excerpt
            .filter(|e| e.split_whitespace().count() >= 8 && !body.starts_with(e.as_str())),
        thumbnail: None,
        draft: false,
        body,
        old_paths: address
            .and_then(|a| crate::site::old_path(&a))
            .into_iter()
            .collect(),
    });
}

/// The body without the blocks it starts with that the page showed above it: the title
/// again, and the line with the date (the article shows both from its front matter).
fn without_title_and_date(markdown: &str, title: &str) -> String {
    let mut rest = markdown.trim_start();
    loop {
        let (block, after) = rest.split_once("\n\n").unwrap_or((rest, ""));
        let text = block.trim_start_matches('#').trim();
        let is_title = text == title;
        let is_date = text.split_whitespace().count() <= 10 && find_date(text).is_some();
        if !(is_title || is_date) || after.is_empty() {
            return rest.to_string();
        }
        rest = after.trim_start();
    }
}

/// The largest char boundary at or below `n`.
fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_and_date_above_the_text_go() {
        assert_eq!(
            without_title_and_date(
                "## Lễ khai giảng\n\n(05.08.2019 16:32)\n\nĐoạn một.\n\n05.08.2019\n",
                "Lễ khai giảng"
            ),
            "Đoạn một.\n\n05.08.2019\n"
        );
    }

    #[test]
    fn dates_as_portals_show_them() {
        assert_eq!(
            find_date("Cập nhật (05.08.2019 16:32)").as_deref(),
            Some("2019-08-05T16:32:00")
        );
        assert_eq!(
            find_date("Thứ hai, 5/8/2019 - 07:05").as_deref(),
            Some("2019-08-05T07:05:00")
        );
        assert_eq!(
            find_date("Ngày 2019-08-05 lúc 9").as_deref(),
            Some("2019-08-05T00:00:00")
        );
        assert_eq!(
            find_date("Số 12/2019/NĐ-CP, ngày 31-12-2019").as_deref(),
            Some("2019-12-31T00:00:00")
        );
        assert_eq!(find_date("điểm 10.5.2 và 99/99/2019"), None);
        // A letter of several bytes where the time would be.
        assert_eq!(
            find_date("05.08.2019 Thứ ứng").as_deref(),
            Some("2019-08-05T00:00:00")
        );
        assert_eq!(
            find_date("5/8/2019ệệệệ").as_deref(),
            Some("2019-08-05T00:00:00")
        );
    }

    #[test]
    fn pages_that_are_not_articles_are_reported_not_panicked_on() {
        let mut r = Report::default();
        for (i, page) in ["", "\u{0}\u{1}không phải HTML <<<", "<html><body><h1>Chỉ tiêu đề</h1></body></html>", "<title>x</title><p>Không có ngày tháng, nhưng có một đoạn văn dài đủ để được coi là nội dung của một bài viết thật sự trên trang.</p>"].iter().enumerate() {
            import_page(page, Path::new(&format!("{i}.html")), None, "tin", &mut r);
        }
        assert!(r.articles.is_empty(), "{:?}", r.articles);
        assert_eq!(r.dropped.len(), 4, "{:?}", r.dropped);
    }
}
