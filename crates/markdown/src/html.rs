//! Bodies written in HTML (an import, a paste from Word): headings demoted, pictures
//! resolved, links rewritten, and MathML or SVG written by hand named at its line.

use crate::{escape, Problem, Rendered};
use trangtin_content::diagnostic::{line_of, Kind};

/// An HTML body: `src` references are resolved like Markdown images, `href`s like
/// Markdown links. The word count is left to the caller, which counts the sanitised text.
pub fn render_html(
    body: &str,
    body_line: usize,
    mut resolve_image: impl FnMut(&str) -> Result<String, String>,
    mut rewrite_link: impl FnMut(&str) -> Option<String>,
    problems: &mut Vec<Problem>,
) -> Rendered {
    let mut internal_links = Vec::new();
    let stripped = trangtin_model::strip_formula_marks(body);
    let demoted = demote_html_headings(stripped.as_ref());
    let body = demoted.as_ref();
    let html = rewrite_html(
        body,
        body_line,
        &mut resolve_image,
        &mut rewrite_link,
        problems,
        &mut internal_links,
    );
    Rendered {
        html,
        formulas: Vec::new(),
        word_count: 0,
        internal_links,
    }
}

/// An HTML body with a first-level heading (a saved page's own title, Word's "Heading
/// 1") has every heading one level down, under the page's `h1`, as a Markdown body
/// does; the sanitiser would drop an `h1` with its text.
fn demote_html_headings(html: &str) -> std::borrow::Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    let is_heading_tag = |at: usize, level: u8| {
        let b = lower.as_bytes();
        let name = if b.get(at + 1) == Some(&b'/') {
            at + 2
        } else {
            at + 1
        };
        b.get(name) == Some(&b'h')
            && b.get(name + 1).is_some_and(|d| (b'1'..=level).contains(d))
            && b.get(name + 2)
                .is_some_and(|c| matches!(c, b'>' | b' ' | b'/' | b'\t' | b'\n'))
    };
    let has_h1 = lower
        .match_indices('<')
        .any(|(at, _)| is_heading_tag(at, b'1'));
    if !has_h1 {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (at, _) in lower.match_indices('<') {
        if !is_heading_tag(at, b'6') {
            continue;
        }
        let digit = if lower.as_bytes()[at + 1] == b'/' {
            at + 3
        } else {
            at + 2
        };
        let level = lower.as_bytes()[digit] - b'0';
        out.push_str(&html[last..digit]);
        out.push(char::from(b'0' + (level + 1).min(6)));
        last = digit + 1;
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

/// `html` (starting on file line `first_line`) with its `src` references resolved like
/// Markdown images and its `href`s like Markdown links.
/// Warns at each `<math>` or `<svg>` an author wrote: the sanitiser removes them with
/// everything in them (namespace-confusion attacks on sanitisers live there), and a
/// body's formulas come only from TeX.
fn hand_written_markup(html: &str, first_line: usize, problems: &mut Vec<Problem>) {
    let lower = html.to_ascii_lowercase();
    for (name, what) in [("<math", "MathML"), ("<svg", "SVG")] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(name) {
            let start = from + at;
            from = start + name.len();
            let next = lower.as_bytes().get(from).copied();
            if !matches!(
                next,
                None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
            ) {
                continue;
            }
            let hint = if what == "MathML" {
                "write the formula in TeX between $ and $ ($$ … $$ on a line of its own)"
            } else {
                "put the drawing in as an image: ![mô tả](media/hinh.svg)"
            };
            problems.push((
                first_line + line_of(html, start) - 1,
                Kind::HandMarkup,
                format!("{what} written by hand is removed with what it holds; {hint}"),
            ));
        }
    }
}

pub(crate) fn rewrite_html(
    html: &str,
    first_line: usize,
    resolve_image: &mut impl FnMut(&str) -> Result<String, String>,
    rewrite_link: &mut impl FnMut(&str) -> Option<String>,
    problems: &mut Vec<Problem>,
    internal_links: &mut Vec<(usize, String)>,
) -> String {
    hand_written_markup(html, first_line, problems);
    let mut out = String::with_capacity(html.len());
    let mut rest = 0;
    for (start, end, is_src) in attribute_values(html) {
        let value = &html[start..end];
        let line = first_line + line_of(html, start) - 1;
        let new = if is_src {
            Some(resolve_or_report(value, resolve_image, line, problems))
        } else {
            if value.starts_with('/') && !value.starts_with("//") {
                internal_links.push((line, value.to_string()));
            }
            rewrite_link(value)
        };
        if let Some(new) = new {
            out.push_str(&html[rest..start]);
            out.push_str(&escape(&new));
            rest = end;
        }
    }
    out.push_str(&html[rest..]);
    out
}

/// The byte ranges of the quoted values of `src` and `href` attributes in `html`, with
/// whether each is a `src`. Values with entities or without quotes are left out: the
/// sanitiser still judges them.
fn attribute_values(html: &str) -> Vec<(usize, usize, bool)> {
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut in_tag = false;
    // Only an image's `src` is a picture to publish: the sanitiser drops the elements
    // whose `src` would load something else (iframe, script, video).
    let mut in_img = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                in_tag = true;
                in_img = lower[i + 1..].starts_with("img")
                    && lower
                        .as_bytes()
                        .get(i + 4)
                        .is_some_and(|b| b.is_ascii_whitespace());
            }
            b'>' => in_tag = false,
            b if in_tag && b.is_ascii_whitespace() => {
                let name_start = i + 1;
                let is_src = lower[name_start..].starts_with("src");
                if is_src && !in_img {
                    i += 1;
                    continue;
                }
                let name_len = if is_src {
                    3
                } else if lower[name_start..].starts_with("href") {
                    4
                } else {
                    i += 1;
                    continue;
                };
                let mut j = name_start + name_len;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'=') {
                    i += 1;
                    continue;
                }
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                let quote = match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => q,
                    _ => {
                        i = j;
                        continue;
                    }
                };
                let start = j + 1;
                let Some(len) = bytes[start..].iter().position(|&b| b == quote) else {
                    break;
                };
                let end = start + len;
                if !html[start..end].contains('&') && !html[start..end].is_empty() {
                    found.push((start, end, is_src));
                }
                i = end + 1;
                continue;
            }
            b'"' | b'\'' if in_tag => {
                // Another attribute's quoted value: skip it whole.
                let q = bytes[i];
                match bytes[i + 1..].iter().position(|&b| b == q) {
                    Some(len) => i += len + 1,
                    None => break,
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The URL of image `dest`, or `""` when it cannot be published: the problem is noted
/// as a warning, and the sanitiser's pass puts the image's description in its place.
pub(crate) fn resolve_or_report(
    dest: &str,
    resolve_image: &mut impl FnMut(&str) -> Result<String, String>,
    line: usize,
    problems: &mut Vec<Problem>,
) -> String {
    resolve_image(dest).unwrap_or_else(|message| {
        let kind = if trangtin_content::is_remote(dest) {
            Kind::RemoteImage
        } else {
            Kind::MissingImage
        };
        problems.push((line, kind, message));
        String::new()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_body_with_a_first_level_heading_goes_one_level_down() {
        assert_eq!(
            demote_html_headings("<H1 class=x>A</H1><h2>B</h2><h6>C</h6><hr><header>"),
            "<H2 class=x>A</H2><h3>B</h3><h6>C</h6><hr><header>"
        );
        assert_eq!(demote_html_headings("<h2>B</h2>"), "<h2>B</h2>");
    }
}
