//! `trangtin fetch-media`: the images an imported site still takes from elsewhere
//! (`![…](https://old-site/…)`, `<img src="https://…">`, `thumbnail = "https://…"`) are
//! fetched once into `content/media/YYYY/MM/`, and each article then refers to its own
//! copy. The site never hot-links them at read time. What cannot be fetched stays as it
//! was, named with its file and line.

use crate::fetch::{fetch, Limits};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_content::is_remote;

/// The kind of image in `bytes`, by its first bytes, as a file extension.
pub fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("jpg"),
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [b'G', b'I', b'F', b'8', ..] => Some("gif"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("webp"),
        _ => None,
    }
}

/// A new file's home: `YYYY/MM/{slug}.{ext}` under `media/` (the month of `now`, in the
/// site's time), a number added when that name holds another file. The same bytes again
/// are the same file: gives the name, and whether it exists already.
pub fn place(media: &Path, stem: &str, ext: &str, bytes: &[u8], now: i64) -> (String, bool) {
    let at = trangtin_model::Timestamp::from_unix(now, 420);
    let dir = format!("{:04}/{:02}", at.date.year, at.date.month);
    let mut slug = trangtin_content::slug::slugify(stem);
    if slug.is_empty() {
        slug = "anh".into();
    }
    slug.truncate(60);
    let slug = slug.trim_end_matches('-').to_string();
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{dir}/{slug}.{ext}")
        } else {
            format!("{dir}/{slug}-{n}.{ext}")
        };
        match std::fs::read(media.join(&name)) {
            Ok(old) if old == bytes => return (name, true),
            Ok(_) => n += 1,
            Err(_) => return (name, false),
        }
    }
}

/// The file name a URL names (`…/2019/hoi-nghi.jpg?x=1` → `hoi-nghi`), decoded.
fn url_stem(url: &str) -> String {
    let last = url
        .split(['?', '#'])
        .next()
        .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
        .unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(last)
        .decode_utf8_lossy()
        .into_owned();
    match decoded.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => decoded,
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// Each remote image brought in: file, line, the address, the media file.
    pub fetched: Vec<(PathBuf, usize, String, String)>,
    /// Each one that could not be: file, line, the address, why.
    pub failed: Vec<(PathBuf, usize, String, String)>,
    /// Article files rewritten.
    pub files: usize,
}

/// One remote reference in an article file: where its address is (byte range) and line.
struct Reference {
    start: usize,
    end: usize,
    line: usize,
}

/// The remote image addresses in an article's text, with their byte ranges.
fn references(text: &str, is_html: bool) -> Vec<Reference> {
    let mut found = Vec::new();
    let line = |at: usize| trangtin_content::diagnostic::line_of(text, at);
    let mut push = |start: usize, end: usize| {
        if is_remote(&text[start..end]) && !text[start..end].starts_with("data:") {
            found.push(Reference {
                start,
                end,
                line: line(start),
            });
        }
    };
    // The thumbnail in the front matter.
    if let Some(front_end) = front_matter_end(text) {
        let mut offset = 0;
        for l in text[..front_end].split_inclusive('\n') {
            let key = l.trim_start();
            if let Some(rest) = key.strip_prefix("thumbnail") {
                let rest = rest.trim_start();
                if rest.starts_with('=') || rest.starts_with(':') {
                    if let Some(q1) = l.find(['"', '\'']) {
                        let quote = &l[q1..q1 + 1];
                        if let Some(len) = l[q1 + 1..].find(quote) {
                            push(offset + q1 + 1, offset + q1 + 1 + len);
                        }
                    }
                }
            }
            offset += l.len();
        }
    }
    let body_start = front_matter_end(text).unwrap_or(0);
    let body = &text[body_start..];
    if is_html {
        for (start, end) in img_sources(body) {
            push(body_start + start, body_start + end);
        }
        return found;
    }
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                // The address as written inside the image's source text.
                let source = &body[range.clone()];
                if let Some(at) = source.find(dest_url.as_ref()) {
                    let start = body_start + range.start + at;
                    push(start, start + dest_url.len());
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let source = &body[range.clone()];
                if let Some(at) = source.find(html.as_ref()) {
                    for (s, e) in img_sources(&html) {
                        let start = body_start + range.start + at + s;
                        push(start, body_start + range.start + at + e);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Where the front matter ends (after its closing line), if the text has one.
fn front_matter_end(text: &str) -> Option<usize> {
    let text_start = text.len() - text.trim_start_matches('\u{feff}').len();
    let rest = &text[text_start..];
    let fence = ["+++", "---"].into_iter().find(|f| rest.starts_with(f))?;
    let mut offset = text_start;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        offset += line.len();
        if i > 0 && line.trim_end() == fence {
            return Some(offset);
        }
    }
    None
}

/// The byte ranges of the quoted `src` values of `<img>` tags in `html`.
fn img_sources(html: &str) -> Vec<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("<img") {
        let Some(end) = lower[at..].find('>') else {
            continue;
        };
        let tag = &lower[at..at + end];
        let Some(src) = tag.find(" src=").or_else(|| tag.find("\nsrc=")) else {
            continue;
        };
        let value = at + src + 5;
        let Some(quote) = html[value..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        else {
            continue;
        };
        if let Some(len) = html[value + 1..].find(quote) {
            found.push((value + 1, value + 1 + len));
        }
    }
    found
}

/// Fetches every remote image of the articles of `content` into `content/media/` and
/// points the articles at the copies. `now` names the month folder.
pub fn fetch_media(content: &Path, limits: &Limits, now: i64) -> std::io::Result<Report> {
    let media = content.join("media");
    let mut report = Report::default();
    // Each address once, however many articles use it.
    let mut done: BTreeMap<String, Result<String, String>> = BTreeMap::new();
    for path in crate::site::files_under(&content.join("articles"), &["md", "html"]) {
        let text = std::fs::read_to_string(&path)?;
        let is_html = path.extension().is_some_and(|e| e == "html");
        let refs = references(&text, is_html);
        if refs.is_empty() {
            continue;
        }
        let shown = path
            .strip_prefix(content.parent().unwrap_or(content))
            .unwrap_or(&path)
            .to_path_buf();
        // From the article's folder back to content/: `../` per level below it.
        let depth = path
            .parent()
            .and_then(|p| p.strip_prefix(content).ok())
            .map_or(1, |p| p.components().count());
        let up = "../".repeat(depth);
        let mut out = text.clone();
        let mut changed = false;
        // From the end, so the earlier ranges stay where they are.
        for r in refs.iter().rev() {
            let url = text[r.start..r.end].to_string();
            let url = url.replace("&amp;", "&");
            let result = done
                .entry(url.clone())
                .or_insert_with(|| keep(&media, &url, limits, now))
                .clone();
            match result {
                Ok(rel) => {
                    out.replace_range(r.start..r.end, &format!("{up}media/{rel}"));
                    changed = true;
                    report.fetched.push((shown.clone(), r.line, url, rel));
                }
                Err(why) => report.failed.push((shown.clone(), r.line, url, why)),
            }
        }
        if changed {
            let tmp = path.with_extension("fetching");
            std::fs::write(&tmp, &out)?;
            std::fs::rename(&tmp, &path)?;
            report.files += 1;
        }
    }
    report.fetched.sort();
    report.failed.sort();
    Ok(report)
}

/// Fetches `url` and keeps it under `media/`, or says why not.
fn keep(media: &Path, url: &str, limits: &Limits, now: i64) -> Result<String, String> {
    let fetched = fetch(url, limits)?;
    let ext = image_kind(&fetched.bytes)
        .or_else(|| {
            let head = String::from_utf8_lossy(&fetched.bytes[..fetched.bytes.len().min(512)]);
            (head.contains("<svg")).then_some("svg")
        })
        .ok_or("not an image (JPEG, PNG, WebP, GIF or SVG)")?;
    let (rel, existed) = place(media, &url_stem(&fetched.url), ext, &fetched.bytes, now);
    if !existed {
        let path = media.join(&rel);
        let dir = path.parent().expect("YYYY/MM");
        let tmp = path.with_extension("fetching");
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, &fetched.bytes))
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_references_are_found_where_they_are_written() {
        let text = "+++\ntitle = \"A\"\nthumbnail = \"https://a.example/t.jpg\"\n+++\n\
                    ![x](https://a.example/1.png \"Chú thích\") ![y](../media/local.jpg)\n\
                    <p><img alt=\"z\" src=\"https://a.example/2.jpg?w=1&amp;h=2\"></p>\n\
                    `![code](https://a.example/not.png)`\n";
        let found: Vec<&str> = references(text, false)
            .iter()
            .map(|r| &text[r.start..r.end])
            .collect();
        assert_eq!(
            found,
            [
                "https://a.example/t.jpg",
                "https://a.example/1.png",
                "https://a.example/2.jpg?w=1&amp;h=2"
            ]
        );
        let lines: Vec<usize> = references(text, false).iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5, 6]);
        assert_eq!(
            url_stem("https://a.example/2019/H%E1%BB%99i-ngh%E1%BB%8B.jpg?x=1"),
            "Hội-nghị"
        );
    }
}
