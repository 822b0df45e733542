//! A WordPress export (Tools → Export: a WXR file) to articles: each published post (and
//! draft) becomes `content/articles/{slug}.md` with its title, date, category, tags,
//! author, excerpt and featured image, its HTML body as Markdown (WordPress's own
//! paragraphs, `[caption]` figures, `[embed]` videos), and its old address a redirect.
//! What is not an article (pages, attachments, trash) and what cannot be converted
//! (galleries, forms) is reported with the reason.

use crate::site::{Article, Report};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;

/// One `<item>` of the export, as read.
#[derive(Debug, Default, Clone)]
struct Item {
    id: String,
    title: String,
    link: String,
    creator: String,
    content: String,
    excerpt: String,
    date: String,
    name: String,
    status: String,
    kind: String,
    attachment_url: String,
    /// (domain, nicename, label)
    categories: Vec<(String, String, String)>,
    meta: Vec<(String, String)>,
}

/// The items and authors (login → display name) of a WXR text.
fn read(xml: &str) -> Result<(Vec<Item>, BTreeMap<String, String>), String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut items = Vec::new();
    let mut authors = BTreeMap::new();
    let mut item: Option<Item> = None;
    let mut author: Option<(String, String)> = None;
    let mut meta: Option<(String, String)> = None;
    let mut category: Option<(String, String)> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not a WordPress export (at byte {}): {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "item" => item = Some(Item::default()),
                    "wp:author" => author = Some(Default::default()),
                    "wp:postmeta" => meta = Some(Default::default()),
                    "category" if item.is_some() => {
                        let attr = |key: &str| {
                            e.attributes()
                                .flatten()
                                .find(|a| a.key.as_ref() == key)
                                .map(|a| a.value.to_string())
                                .unwrap_or_default()
                        };
                        category = Some((attr("domain"), attr("nicename")));
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(c) => text.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push_str(match r.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = std::mem::take(&mut text);
                if let Some((login, display)) = author.as_mut() {
                    match name.as_str() {
                        "wp:author_login" => *login = value.trim().to_string(),
                        "wp:author_display_name" => *display = value.trim().to_string(),
                        "wp:author" => {
                            let (login, display) = author.take().unwrap_or_default();
                            authors.insert(login, display);
                        }
                        _ => {}
                    }
                    continue;
                }
                if let Some((key, val)) = meta.as_mut() {
                    match name.as_str() {
                        "wp:meta_key" => *key = value.trim().to_string(),
                        "wp:meta_value" => *val = value.trim().to_string(),
                        "wp:postmeta" => {
                            if let (Some(m), Some(it)) = (meta.take(), item.as_mut()) {
                                it.meta.push(m);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                let Some(it) = item.as_mut() else { continue };
                match name.as_str() {
                    "title" => it.title = value.trim().to_string(),
                    "link" => it.link = value.trim().to_string(),
                    "dc:creator" => it.creator = value.trim().to_string(),
                    "content:encoded" => it.content = value,
                    "excerpt:encoded" => it.excerpt = value.trim().to_string(),
                    "wp:post_id" => it.id = value.trim().to_string(),
                    "wp:post_date" => it.date = value.trim().to_string(),
                    "wp:post_name" => it.name = value.trim().to_string(),
                    "wp:status" => it.status = value.trim().to_string(),
                    "wp:post_type" => it.kind = value.trim().to_string(),
                    "wp:attachment_url" => it.attachment_url = value.trim().to_string(),
                    "category" => {
                        let (domain, nicename) = category.take().unwrap_or_default();
                        it.categories
                            .push((domain, nicename, value.trim().to_string()));
                    }
                    "item" => items.push(item.take().unwrap_or_default()),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if items.is_empty() && !xml.contains("<rss") {
        return Err("not a WordPress export: no <rss> with <item>s".into());
    }
    Ok((items, authors))
}

/// Converts the export `xml` for a site whose categories are `categories` (slug, name);
/// a post in none of them goes to `default_category`.
pub fn import(
    xml: &str,
    categories: &[(String, String)],
    default_category: &str,
) -> Result<Report, String> {
    let (items, authors) = read(xml)?;
    let attachments: BTreeMap<&str, &str> = items
        .iter()
        .filter(|i| i.kind == "attachment" && !i.attachment_url.is_empty())
        .map(|i| (i.id.as_str(), i.attachment_url.as_str()))
        .collect();
    let mut report = Report::default();
    for item in &items {
        let title = trangtin_search::text::decode_entities(&item.title).into_owned();
        let label = if title.is_empty() {
            format!("#{}", item.id)
        } else {
            title.clone()
        };
        match (item.kind.as_str(), item.status.as_str()) {
            ("attachment", _) => continue,
            ("post", "publish" | "draft" | "future" | "pending") => {}
            ("post", status) => {
                report.dropped(&label, format!("status {status:?}: not published"));
                continue;
            }
            (kind, _) => {
                report.dropped(&label, format!("a {kind}, not a news post"));
                continue;
            }
        }
        let decoded = percent_encoding::percent_decode_str(&item.name)
            .decode_utf8_lossy()
            .into_owned();
        let slug = Some(trangtin_content::slug::slugify(&decoded))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| trangtin_content::slug::slugify(&title));
        if slug.is_empty() || title.is_empty() {
            report.dropped(&label, "no title".into());
            continue;
        }
        // `2019-08-05 16:32:00`, in the site's own time.
        let date = if item.date.len() >= 19 {
            format!("{}T{}", &item.date[..10], &item.date[11..19])
        } else {
            item.date.clone()
        };
        // Each category by its slug, then its name.
        let wanted: Vec<&str> = item
            .categories
            .iter()
            .filter(|c| c.0 == "category")
            .flat_map(|c| [c.1.as_str(), c.2.as_str()])
            .collect();
        let category =
            crate::site::category(&mut report, &label, &wanted, categories, default_category);
        let tags: Vec<String> = item
            .categories
            .iter()
            .filter(|c| c.0 == "post_tag")
            .map(|c| c.2.clone())
            .collect();
        let thumbnail = item
            .meta
            .iter()
            .find(|(k, _)| k == "_thumbnail_id")
            .and_then(|(_, id)| attachments.get(id.as_str()))
            .map(|s| s.to_string());
        let body_html = wordpress_html(&item.content, &mut report, &label);
        let body = crate::site::html_to_markdown(&body_html);
        let summary = Some(crate::site::plain_text(&item.excerpt)).filter(|s| !s.is_empty());
        let old = crate::site::old_path(&item.link);
        report.add(Article {
            slug,
            title,
            date,
            category,
            tags,
            author: authors
                .get(&item.creator)
                .cloned()
                .filter(|a| !a.is_empty()),
            summary,
            thumbnail,
            draft: item.status != "publish" && item.status != "future",
            body,
            old_paths: old.into_iter().collect(),
        });
    }
    // Links between the old site's posts lead to the articles here.
    let moved: Vec<(String, String)> = items
        .iter()
        .filter(|i| !i.link.is_empty())
        .filter_map(|i| {
            let path = crate::site::old_path(&i.link)?;
            let a = report
                .articles
                .iter()
                .find(|a| a.old_paths.contains(&path))?;
            Some((i.link.clone(), format!("/bai-viet/{}", a.slug)))
        })
        .collect();
    for article in &mut report.articles {
        for (old, new) in &moved {
            if article.body.contains(old.as_str()) {
                article.body = article
                    .body
                    .replace(&format!("]({old})"), &format!("]({new})"));
            }
        }
    }
    Ok(report)
}

/// WordPress's stored HTML as a browser shows it: its paragraphs (blank lines) made
/// `<p>`, line breaks `<br>`, `[caption]` a figure, `[embed]` and bare video addresses
/// links, editor comments gone; other shortcodes reported and left out.
fn wordpress_html(content: &str, report: &mut Report, label: &str) -> String {
    let mut html = strip_comments(content).replace("\r\n", "\n");
    // Written with its own paragraphs (the block editor), or as WordPress stores the
    // classic editor's text: blank lines between paragraphs.
    let has_paragraphs = html.contains("<p>") || html.contains("<p ");
    html = captions(&html, report);
    html = embeds(&html, report);
    html = other_shortcodes(&html, report, label);
    if has_paragraphs {
        return html;
    }
    // wpautop, simply: blocks stay, the rest is paragraphs.
    let block = [
        "<h",
        "<ul",
        "<ol",
        "<table",
        "<figure",
        "<blockquote",
        "<pre",
        "<div",
        "<hr",
        "<iframe",
        "<p>",
    ];
    html.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if block.iter().any(|b| p.starts_with(b)) {
                p.to_string()
            } else {
                format!("<p>{}</p>", p.replace('\n', "<br>"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("-->")
            .map_or("", |end| &rest[at + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// `[caption …]<img …> Chú thích[/caption]` → `<figure><img …><figcaption>…`.
fn captions(html: &str, report: &mut Report) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("[caption") {
        let Some(open_end) = rest[at..].find(']').map(|e| at + e + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("[/caption]").map(|e| open_end + e) else {
            break;
        };
        out.push_str(&rest[..at]);
        let inner = &rest[open_end..close];
        // The image (maybe in a link), then the caption's text.
        let img_end = inner
            .find("</a>")
            .map(|e| e + 4)
            .or_else(|| inner.find('>').map(|e| e + 1))
            .unwrap_or(0);
        let (image, caption) = inner.split_at(img_end);
        let image = match (image.find("<img"), image.rfind('>')) {
            (Some(s), Some(_)) => {
                let img = &image[s..];
                img[..img.find('>').map_or(img.len(), |e| e + 1)].to_string()
            }
            _ => image.to_string(),
        };
        out.push_str(&format!(
            "\n\n<figure>{image}<figcaption>{}</figcaption></figure>\n\n",
            caption.trim()
        ));
        report.converted("[caption] → figure");
        rest = &rest[close + "[/caption]".len()..];
    }
    out.push_str(rest);
    out
}

/// `[embed]https://youtu.be/x[/embed]` and a video address alone on its line → a link.
fn embeds(html: &str, report: &mut Report) -> String {
    let mut out = String::with_capacity(html.len());
    for line in html.split_inclusive('\n') {
        let trimmed = line.trim();
        let url = trimmed
            .strip_prefix("[embed]")
            .and_then(|r| r.strip_suffix("[/embed]"))
            .or_else(|| {
                (trimmed.starts_with("https://www.youtube.com/watch")
                    || trimmed.starts_with("https://youtu.be/")
                    || trimmed.starts_with("https://vimeo.com/"))
                .then_some(trimmed)
            });
        match url.filter(|u| !u.contains(['"', '<', '>', ' '])) {
            Some(url) => {
                let host = if url.contains("vimeo") {
                    "Vimeo"
                } else {
                    "YouTube"
                };
                out.push_str(&format!(
                    "\n<p><a href=\"{url}\">Xem video trên {host}</a></p>\n"
                ));
                report.converted("[embed] → video link");
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Shortcodes of WordPress and its plugins that have no meaning here: left out, their
/// content kept, and reported. Only names known to be shortcodes, or written with
/// attributes, are taken: `[1]` or `[Xem thêm]` in a text stay.
fn other_shortcodes(html: &str, report: &mut Report, label: &str) -> String {
    const KNOWN: &[&str] = &[
        "gallery",
        "video",
        "audio",
        "playlist",
        "contact-form-7",
        "gravityform",
        "wpforms",
        "youtube",
        "pdf-embedder",
        "table",
        "toc",
        "su_",
        "vc_",
        "et_pb_",
        "fusion_",
        "av_",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let closing = tail.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = tail[name_start..]
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'))
            .unwrap_or(0);
        let name = &tail[name_start..name_start + name_len];
        let end = tail.find(']');
        let attrs = end.map_or("", |e| &tail[(name_start + name_len).min(e)..e]);
        let is_shortcode = name_len > 0
            && end.is_some()
            && !tail[..end.unwrap_or(0)].contains('\n')
            && (KNOWN
                .iter()
                .any(|k| name == *k || k.ends_with('_') && name.starts_with(k))
                || attrs.contains('='));
        if is_shortcode {
            if !closing {
                report.dropped_part(label, format!("[{name}] left out"));
            }
            rest = &tail[end.unwrap_or(0) + 1..];
        } else {
            out.push('[');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_export_is_an_error_not_a_panic() {
        assert!(import("", &[], "tin").is_err());
        assert!(import("không phải XML", &[], "tin").is_err());
        // Cut off in the middle: what was read is reported, or the error says where.
        let cut = "<rss><channel><item><title>A</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><content:encoded><![CDATA[x";
        let _ = import(cut, &[], "tin");
        let r = import("<rss><channel><item><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>", &[], "tin").unwrap();
        assert!(r.articles.is_empty() && r.dropped.len() == 1, "{r:?}");
    }

    #[test]
    fn wordpress_paragraphs_captions_and_embeds() {
        let mut r = Report::default();
        let html = wordpress_html(
            "<!-- wp:paragraph -->Đoạn một\ndòng hai\n\n[caption id=\"a\" align=\"aligncenter\" width=\"300\"]<a href=\"x\"><img src=\"https://a.vn/1.jpg\" alt=\"Ảnh\" /></a> Lễ khai giảng[/caption]\n\nhttps://www.youtube.com/watch?v=abc\n\n[gallery ids=\"1,2\"] và [1] [Xem thêm] [su_note]ghi chú[/su_note]",
            &mut r,
            "bài",
        );
        assert!(html.contains("<p>Đoạn một<br>dòng hai</p>"), "{html}");
        assert!(html.contains("<figure><img src=\"https://a.vn/1.jpg\" alt=\"Ảnh\" /><figcaption>Lễ khai giảng</figcaption></figure>"), "{html}");
        assert!(
            html.contains(
                "<a href=\"https://www.youtube.com/watch?v=abc\">Xem video trên YouTube</a>"
            ),
            "{html}"
        );
        assert!(html.contains("và [1] [Xem thêm] ghi chú"), "{html}");
        assert!(
            !html.contains("wp:paragraph") && !html.contains("gallery"),
            "{html}"
        );
        assert_eq!(r.dropped_parts.len(), 2, "{:?}", r.dropped_parts);
    }
}
