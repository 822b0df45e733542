//! `trangtin import`: the text scraped from an existing portal's page becomes a Markdown
//! article (saved HTML pages go through [`crate::page`]). The repeated title and
//! the site's chrome (menus, banners, counters) are dropped; paragraphs, photo captions
//! and the byline are kept.
//! Whatever the importer cannot classify is reported, never guessed silently.

use trangtin_content::slug::slugify;

/// Lines at which a portal page's chrome begins: everything from there on is dropped.
const CHROME: [&str; 12] = [
    "Bài mới hơn",
    "Bài cùng chuyên mục",
    "Bài viết liên quan",
    "Tin liên quan",
    "Quảng cáo",
    "Tin mới",
    "Tin tiêu điểm",
    "Tin đọc nhiều",
    "Website liên kết",
    "Fanpage",
    "Thống kê truy cập",
    "Video",
];

/// A paragraph is at least this long, or indented, or a full sentence.
const PARAGRAPH_CHARS: usize = 120;

/// The picture that stands in for a photo the scrape did not carry.
pub const PLACEHOLDER: &str = "../media/anh-thay-the.svg";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub slug: String,
    pub markdown: String,
    /// What the editor should know: dropped chrome, placeholders, a missing date.
    pub notes: Vec<String>,
    /// (1-based line of the input, what it was): lines kept as paragraphs without
    /// certainty.
    pub unclassified: Vec<(usize, String)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Block {
    Paragraph(String),
    Caption(String),
}

/// Imports the text of a scraped page.
pub fn import_text(text: &str, category: &str) -> Imported {
    let mut out = Imported::default();
    let lines: Vec<(usize, &str, String)> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw, clean(raw)))
        .filter(|(_, _, t)| !t.is_empty())
        .collect();
    let Some((_, _, title)) = lines.first() else {
        out.notes.push("the page has no text".into());
        return out;
    };
    let title = title.clone();
    let mut rest = &lines[1..];
    let mut repeats = 0;
    while rest
        .first()
        .is_some_and(|(_, _, t)| t.to_lowercase() == title.to_lowercase())
    {
        rest = &rest[1..];
        repeats += 1;
    }
    if repeats > 0 {
        out.notes
            .push(format!("dropped the title repeated {repeats} time(s)"));
    }
    let end = rest
        .iter()
        .position(|(_, _, t)| is_chrome(t))
        .unwrap_or(rest.len());
    if end < rest.len() {
        out.notes.push(format!(
            "dropped {} line(s) of site chrome from line {} on (votes, menus, banners, counters)",
            rest.len() - end,
            rest[end].0
        ));
    }
    let body = &rest[..end];

    let mut blocks = Vec::new();
    let mut byline = None;
    for (i, (line, raw, text)) in body.iter().enumerate() {
        let indented = raw.starts_with("    ") || raw.starts_with('\t');
        let sentence = text.ends_with(['.', '…', '!', '?', ';', ':']);
        let long = text.chars().count() >= PARAGRAPH_CHARS;
        if long || indented || (sentence && text.split_whitespace().count() >= 12) {
            blocks.push(Block::Paragraph(text.clone()));
        } else if i + 1 == body.len() && looks_like_byline(text) {
            byline = Some(text.clone());
        } else if text.split_whitespace().count() >= 3 && !text.ends_with(':') {
            blocks.push(Block::Caption(text.clone()));
        } else {
            out.unclassified
                .push((*line, format!("kept as a paragraph: {text:?}")));
            blocks.push(Block::Paragraph(text.clone()));
        }
    }

    let date = blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => find_date(p),
        Block::Caption(_) => None,
    });
    if date.is_none() {
        out.notes
            .push("no date found in the text: set `date` by hand".into());
    }
    if byline.is_none() {
        out.notes
            .push("no byline found: set `author` by hand".into());
    }
    let captions = blocks
        .iter()
        .filter(|b| matches!(b, Block::Caption(_)))
        .count();
    if captions > 0 {
        out.notes.push(format!(
            "{captions} caption(s) without their photo: {PLACEHOLDER} stands in until the photos are added"
        ));
    }

    out.slug = slugify(&title);
    let mut md = String::from("+++\n");
    md.push_str(&format!("title = {}\n", toml_string(&title)));
    match date {
        Some((y, m, d)) => md.push_str(&format!("date = {y:04}-{m:02}-{d:02}\n")),
        None => md.push_str("# date = YYYY-MM-DD  (not found in the page)\n"),
    }
    md.push_str(&format!("category = {}\n", toml_string(category)));
    if let Some(b) = &byline {
        md.push_str(&format!("author = {}\n", toml_string(b)));
    }
    md.push_str("+++\n");
    for block in &blocks {
        md.push('\n');
        match block {
            Block::Paragraph(p) => md.push_str(&escape_markdown(p)),
            Block::Caption(c) => md.push_str(&format!(
                "![{}]({PLACEHOLDER} {})",
                escape_markdown(c),
                toml_string(c)
            )),
        }
        md.push('\n');
    }
    out.markdown = md;
    out
}

fn is_chrome(line: &str) -> bool {
    let votes = line
        .strip_suffix("vote")
        .or_else(|| line.strip_suffix("votes"))
        .is_some_and(|n| !n.trim().is_empty() && n.trim().bytes().all(|b| b.is_ascii_digit()));
    votes || CHROME.iter().any(|c| line.eq_ignore_ascii_case(c))
}

/// A name and position: a few comma-separated parts, no sentence.
fn looks_like_byline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=20).contains(&words) && !line.ends_with(['.', ':', ';'])
}

fn clean(raw: &str) -> String {
    raw.replace(['\u{a0}', '\u{200b}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `d/m/yyyy` in the text.
fn find_date(text: &str) -> Option<(u32, u32, u32)> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        if !chars[start].is_ascii_digit() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            continue;
        }
        let rest: String = chars[start..chars.len().min(start + 10)].iter().collect();
        let mut parts = rest.splitn(3, '/');
        let (Some(d), Some(m), Some(y)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let y: String = y.chars().take_while(char::is_ascii_digit).collect();
        let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<u32>()) else {
            continue;
        };
        if (1900..2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
            return Some((y, m, d));
        }
    }
    None
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Escapes what Markdown would read as markup, so that the text stays text.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that starts like a list item or a numbered list stays a paragraph.
    let first = out.chars().next();
    if matches!(first, Some('-' | '+')) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines_are_recognised() {
        assert!(is_chrome("0 vote"));
        assert!(is_chrome("12 votes"));
        assert!(is_chrome("Thống kê truy cập"));
        assert!(!is_chrome("vote"));
        assert!(!is_chrome("Tin mới nhất về hội nghị"));
    }

    #[test]
    fn dates_are_found_in_vietnamese_order() {
        assert_eq!(
            find_date("Chiều ngày 25/6/2024, Cụm Thi đua"),
            Some((2024, 6, 25))
        );
        assert_eq!(
            find_date("Quy định số 11-QĐ/TW ngày 19/5/2021"),
            Some((2021, 5, 19))
        );
        assert_eq!(find_date("97 lớp/3864 học viên"), None);
    }

    #[test]
    fn markdown_markup_in_text_is_escaped() {
        assert_eq!(escape_markdown("1. a *b* [c]"), "1\\. a \\*b\\* \\[c\\]");
        assert_eq!(
            escape_markdown("- không phải danh sách"),
            "\\- không phải danh sách"
        );
    }
}
