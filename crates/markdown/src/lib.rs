//! An article's body to HTML, from Markdown ([`render`]) or from HTML ([`render_html`]).
//! A paragraph that holds only an image with a title, `![alt](media/a.jpg "Caption")`,
//! becomes a `<figure>` with that caption; code is highlighted, TeX becomes MathML and
//! callouts become asides ([`rich`]); Hugo's and WordPress's shortcodes become ours
//! ([`shortcodes`]).
//!
//! What this crate may not do: read files, or decide what is safe. Pictures are resolved
//! and links rewritten by the functions its caller hands it; the HTML it gives is
//! unsanitised, and the bundler passes it through the one sanitiser (`trangtin_model`).

pub mod html;
pub mod render;
pub mod rich;
pub mod shortcodes;

pub use html::render_html;
pub use render::render;

use trangtin_content::diagnostic::{Diagnostic, Kind};

/// A problem of a body: its file line, what it is, and the message.
pub type Problem = (usize, Kind, String);

pub struct Rendered {
    /// Unsanitised HTML; the caller passes it through the sanitiser with `formulas`.
    pub html: String,
    /// The MathML of each TeX formula, which `html` holds as a mark
    /// (`trangtin_model::formula_mark`): the only MathML a body may carry.
    pub formulas: Vec<String>,
    pub word_count: u32,
    /// Links to pages of this site (`/…`), with the file line they are on.
    pub internal_links: Vec<(usize, String)>,
}

/// Words in the text of an HTML fragment.
pub fn html_words(html: &str) -> u32 {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    words(&text)
}

/// Words: runs of non-space that hold a letter or a digit.
/// Whitespace-separated words that hold a letter or digit (a lone "–" is no word).
pub(crate) fn words(text: &str) -> u32 {
    // One pass over the characters: this runs over every article's whole text.
    let mut count = 0;
    let mut counted = false;
    for c in text.chars() {
        if c.is_whitespace() {
            counted = false;
        } else if !counted && c.is_alphanumeric() {
            counted = true;
            count += 1;
        }
    }
    count
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The problems of a body, each at its file line.
pub fn to_diagnostics(file: &std::path::Path, problems: Vec<Problem>) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|(line, kind, message)| Diagnostic {
            kind,
            ..Diagnostic::new(file, line, message)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(src: &str) -> Result<String, String> {
        if src.starts_with("media/") {
            Ok(format!("/content/{src}"))
        } else {
            Err(format!("image not found: {src}"))
        }
    }

    fn link(dest: &str) -> Option<String> {
        dest.strip_prefix("/content/media/")
            .map(|rel| format!("/content/media/{rel}?v=1"))
    }

    fn md(body: &str) -> (Rendered, Vec<Problem>) {
        let mut problems = Vec::new();
        let r = render(body, 10, resolve, link, &mut problems);
        (r, problems)
    }

    fn html(body: &str) -> (Rendered, Vec<Problem>) {
        let mut problems = Vec::new();
        let r = render_html(body, 10, resolve, link, &mut problems);
        (r, problems)
    }

    #[test]
    fn words_are_counted_when_they_hold_a_letter_or_digit() {
        assert_eq!(words("Học viên – lớp\u{a0}K12 , 12.378 đ"), 6);
        assert_eq!(words(""), 0);
        assert_eq!(words(" – ... "), 0);
    }

    #[test]
    fn media_links_follow_the_served_name() {
        let (r, _) = md("[Kế hoạch](/content/media/ke-hoach.pdf) [tin](/bai-viet/a)\n");
        assert!(r.html.contains("href=\"/content/media/ke-hoach.pdf?v=1\""));
        assert!(r.html.contains("href=\"/bai-viet/a\""));
        assert_eq!(r.internal_links.len(), 2);
    }

    #[test]
    fn html_bodies_resolve_images_and_report_missing_ones() {
        let (r, p) = html(
            "<p class=\"x\" title='src=\"no\"'>Một</p>\n<img alt=\"a\" src=\"media/a.svg\">\n\
             <IMG SRC='khong-co.png'>\n<a href=\"/content/media/b.pdf\">b</a> <img srcset=\"x 2x\">\n",
        );
        assert!(
            r.html
                .contains("<img alt=\"a\" src=\"/content/media/a.svg\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"/content/media/b.pdf?v=1\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("title='src=\"no\"'"), "{}", r.html);
        assert!(r.html.contains("srcset=\"x 2x\""));
        assert_eq!(
            p,
            vec![(
                12,
                Kind::MissingImage,
                "image not found: khong-co.png".to_string()
            )]
        );
        assert_eq!(
            r.internal_links,
            vec![(13, "/content/media/b.pdf".to_string())]
        );
    }

    #[test]
    fn a_lone_titled_image_becomes_a_figure_with_its_caption() {
        let (r, p) = md("Before.\n\n![Hội nghị](media/a.svg \"Quang cảnh hội nghị\")\n\nAfter.\n");
        assert!(p.is_empty());
        assert!(r.html.contains(
            "<figure><img src=\"/content/media/a.svg\" alt=\"Hội nghị\" loading=\"lazy\"><figcaption>Quang cảnh hội nghị</figcaption></figure>"
        ), "{}", r.html);
        assert!(r.html.contains("<p>Before.</p>") && r.html.contains("<p>After.</p>"));
    }

    #[test]
    fn an_image_inside_text_stays_inline() {
        let (r, _) = md("Text ![x](media/a.svg \"t\") more\n");
        assert!(!r.html.contains("<figure>"));
        assert!(r.html.contains("src=\"/content/media/a.svg\""));
    }

    #[test]
    fn a_missing_image_is_reported_at_its_file_line() {
        let (_, p) = md("One.\n\n![x](gone.png \"Caption\")\n");
        assert_eq!(
            p,
            vec![(
                12,
                Kind::MissingImage,
                "image not found: gone.png".to_string()
            )]
        );
    }

    #[test]
    fn captions_are_escaped() {
        let (r, _) = md("![a<b](media/a.svg \"<b>x</b> & y\")\n");
        assert!(r.html.contains("alt=\"a&lt;b\""), "{}", r.html);
        assert!(r
            .html
            .contains("<figcaption>&lt;b&gt;x&lt;/b&gt; &amp; y</figcaption>"));
    }

    #[test]
    fn counts_words_of_text_and_captions() {
        let (r, _) = md("Một hai ba.\n\n![x](media/a.svg \"bốn năm\")\n");
        assert_eq!(r.word_count, 5);
    }

    fn headed(body: &str) -> String {
        md(body).0.html
    }

    #[test]
    fn body_headings_go_under_the_title_with_ids_and_links_to_themselves() {
        let out = headed("# Kết quả\n\nĐoạn.\n\n## Chi tiết {#chi-tiet-rieng}\n\n# Kết quả\n");
        assert!(
            out.contains(r##"<h2 id="ket-qua"><a href="#ket-qua">Kết quả</a></h2>"##),
            "{out}"
        );
        assert!(
            out.contains(
                r##"<h3 id="chi-tiet-rieng"><a href="#chi-tiet-rieng">Chi tiết</a></h3>"##
            ),
            "{out}"
        );
        assert!(out.contains(r##"<h2 id="ket-qua-2">"##), "unique: {out}");
        assert!(!out.contains("{#"), "{out}");
        // Without a first-level heading, levels stay.
        let out = headed("## Mục\n\n### Mục con\n");
        assert!(
            out.contains(r##"<h2 id="muc"><a href="#muc">Mục</a></h2>"##),
            "{out}"
        );
        assert!(out.contains(r##"<h3 id="muc-con">"##), "{out}");
        // A heading that holds a link is not wrapped in another.
        let out = headed("## Xem [trang](https://a.vn)\n");
        assert!(
            out.contains(r##"<h2 id="xem-trang">Xem <a href="https://a.vn">trang</a></h2>"##),
            "{out}"
        );
    }

    #[test]
    fn headings_survive_the_sanitiser_with_their_ids() {
        let clean = trangtin_model::sanitize(&headed("# Một\n\n## Hai\n"));
        assert!(
            clean.as_str().contains(
                r##"<h2 id="mot"><a href="#mot" rel="noopener noreferrer">Một</a></h2>"##
            ),
            "{}",
            clean.as_str()
        );
        assert!(clean.as_str().contains(r##"<h3 id="hai">"##));
    }
}
