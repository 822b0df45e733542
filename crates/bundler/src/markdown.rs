//! Markdown bodies to HTML. A paragraph that holds only an image with a title,
//! `![alt](media/a.jpg "Caption")`, becomes a `<figure>` with that caption.

use crate::diagnostic::{line_of, Diagnostic, Kind};

/// A problem of a body: its file line, what it is, and the message.
pub type Problem = (usize, Kind, String);
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

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

/// Renders `body`. `resolve_image` maps an image reference as written to the URL the
/// site serves, or explains why it cannot; `body_line` is the file line the body starts on.
pub fn render(
    body: &str,
    body_line: usize,
    mut resolve_image: impl FnMut(&str) -> Result<String, String>,
    mut rewrite_link: impl FnMut(&str) -> Option<String>,
    problems: &mut Vec<Problem>,
) -> Rendered {
    // Only the bundler marks where its formulas go.
    let stripped = trangtin_model::strip_formula_marks(body);
    let body = stripped.as_ref();
    let mut formulas = Vec::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(body, options).into_offset_iter().collect();
    let events = footnotes(headings(events));
    let line = |offset: usize| body_line + line_of(body, offset) - 1;

    let mut word_count = 0u32;
    let mut internal_links = Vec::new();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Some((figure, used)) = figure_at(&events[i..], &mut resolve_image, line, problems) {
            word_count += words(&figure.1);
            out.push(Event::Html(CowStr::from(figure.0)));
            i += used;
            continue;
        }
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest =
                    resolve_or_report(dest_url, &mut resolve_image, line(range.start), problems);
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Text(t) | Event::Code(t) => {
                word_count += words(t);
                out.push(event.clone());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                    internal_links.push((line(range.start), dest_url.to_string()));
                }
                out.push(match rewrite_link(dest_url) {
                    Some(dest) => Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: CowStr::from(dest),
                        title: title.clone(),
                        id: id.clone(),
                    }),
                    None => event.clone(),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                while let Some((Event::Text(t), _)) = events.get(i + 1) {
                    code.push_str(t);
                    i += 1;
                }
                word_count += words(&code);
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => crate::rich::fence_language(info),
                    CodeBlockKind::Indented => None,
                };
                let html = crate::rich::code_block(&code, lang.as_deref());
                out.push(Event::Html(CowStr::from(html)));
                // The block's end.
                i += 1;
            }
            Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                let display = matches!(event, Event::DisplayMath(_));
                let html = match crate::rich::math(tex, display) {
                    Ok(mathml) => {
                        let mark = trangtin_model::formula_mark(formulas.len());
                        formulas.push(mathml);
                        // A formula on its own line scrolls sideways in its box when it
                        // is wider than the column (MathML itself does not scroll).
                        if display {
                            format!("<span class=\"math-display\">{mark}</span>")
                        } else {
                            mark
                        }
                    }
                    Err(message) => {
                        problems.push((line(range.start), Kind::Math, message));
                        format!("<code>{}</code>", escape(tex))
                    }
                };
                out.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = crate::rich::callout_title(*kind);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\"><p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            // HTML written into a Markdown body refers to images and pages the same way.
            Event::Html(t) | Event::InlineHtml(t) => {
                let html = rewrite_html(
                    t,
                    line(range.start),
                    &mut resolve_image,
                    &mut rewrite_link,
                    problems,
                    &mut internal_links,
                );
                out.push(match event {
                    Event::Html(_) => Event::Html(CowStr::from(html)),
                    _ => Event::InlineHtml(CowStr::from(html)),
                });
            }
            _ => out.push(event.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    Rendered {
        html: html_out,
        formulas,
        word_count,
        internal_links,
    }
}

type Spanned<'a> = (Event<'a>, std::ops::Range<usize>);

/// Body headings under the page's own `h1` (the title): when the body has a first-level
/// heading, every heading goes one level down. Each gets a stable id (its own `{#id}`,
/// or one made from its text, unique in the article) and becomes a link to itself, so a
/// section can be linked to.
fn headings(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    use pulldown_cmark::HeadingLevel::*;
    let has_h1 = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Heading { level: H1, .. })));
    let mut used = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::Heading { level, id, .. }), range) = &events[i] else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |n| i + n);
        let inner = &events[i + 1..end];
        let text: String = inner
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let level = if has_h1 {
            match level {
                H1 => 2,
                H2 => 3,
                H3 => 4,
                H4 => 5,
                _ => 6,
            }
        } else {
            (*level as usize).max(2)
        };
        let wanted = id
            .as_deref()
            .map(crate::slug::slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| crate::slug::slugify(&text));
        let base = if wanted.is_empty() {
            "muc".to_string()
        } else {
            wanted
        };
        let mut anchor = base.clone();
        let mut n = 2;
        while !used.insert(anchor.clone()) {
            anchor = format!("{base}-{n}");
            n += 1;
        }
        let linked = inner
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::Link { .. })));
        let open = if linked {
            format!("<h{level} id=\"{anchor}\">")
        } else {
            format!("<h{level} id=\"{anchor}\"><a href=\"#{anchor}\">")
        };
        out.push((Event::Html(CowStr::from(open)), range.clone()));
        out.extend(inner.iter().cloned());
        let close = if linked {
            format!("</h{level}>\n")
        } else {
            format!("</a></h{level}>\n")
        };
        out.push((Event::Html(CowStr::from(close)), range.clone()));
        i = end + 1;
    }
    out
}

/// Footnotes numbered in the order they are first referred to: each reference a
/// superscript link to its note, the notes in a list at the end of the body, each with a
/// link back. A note never referred to comes after those that are.
fn footnotes(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let has_notes = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))));
    if !has_notes {
        return events;
    }
    let mut notes: Vec<(CowStr, Vec<Spanned>)> = Vec::new();
    let mut rest = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::FootnoteDefinition(label)) = event else {
            rest.push((event, range));
            continue;
        };
        let mut inner = Vec::new();
        let mut depth = 0;
        for (e, r) in iter.by_ref() {
            match &e {
                Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                _ => {}
            }
            inner.push((e, r));
        }
        if !notes.iter().any(|(l, _)| *l == label) {
            notes.push((label, inner));
        }
    }
    // Numbers by first reference; each reference its own id for the way back.
    let mut order: Vec<CowStr> = Vec::new();
    let mut seen_refs: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(rest.len() + notes.len() * 4);
    for (event, range) in rest {
        let Event::FootnoteReference(label) = &event else {
            out.push((event, range));
            continue;
        };
        if !notes.iter().any(|(l, _)| l == label) {
            out.push((Event::Text(CowStr::from(format!("[^{label}]"))), range));
            continue;
        }
        let n = match order.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                order.push(label.clone());
                seen_refs.push(0);
                order.len()
            }
        };
        seen_refs[n - 1] += 1;
        let id = match seen_refs[n - 1] {
            1 => format!("fnref-{n}"),
            k => format!("fnref-{n}-{k}"),
        };
        out.push((
            Event::InlineHtml(CowStr::from(format!(
                "<sup class=\"fn-ref\" id=\"{id}\"><a href=\"#fn-{n}\">{n}</a></sup>"
            ))),
            range,
        ));
    }
    for (label, _) in &notes {
        if !order.contains(label) {
            order.push(label.clone());
        }
    }
    out.push((
        Event::Html(CowStr::from(
            "<hr class=\"fn-rule\">\n<ol class=\"footnotes\">\n",
        )),
        0..0,
    ));
    for (i, label) in order.iter().enumerate() {
        let n = i + 1;
        let (_, inner) = notes
            .iter_mut()
            .find(|(l, _)| l == label)
            .expect("every label in order has its note");
        out.push((
            Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">"))),
            0..0,
        ));
        out.append(inner);
        let back = if seen_refs.get(i).copied().unwrap_or(0) > 0 {
            format!(" <a class=\"fn-back\" href=\"#fnref-{n}\" aria-label=\"Quay lại chỗ chú thích {n}\">↩</a>")
        } else {
            String::new()
        };
        out.push((Event::Html(CowStr::from(format!("{back}</li>\n"))), 0..0));
    }
    out.push((Event::Html(CowStr::from("</ol>\n")), 0..0));
    out
}

/// Matches `Start(Paragraph) Start(Image) Text* End(Image) End(Paragraph)` where the image
/// has a title; returns the figure HTML with its caption text, and how many events it used.
fn figure_at(
    events: &[Spanned<'_>],
    resolve_image: &mut impl FnMut(&str) -> Result<String, String>,
    line: impl Fn(usize) -> usize,
    problems: &mut Vec<Problem>,
) -> Option<((String, String), usize)> {
    let [(Event::Start(Tag::Paragraph), _), (
        Event::Start(Tag::Image {
            dest_url, title, ..
        }),
        range,
    ), rest @ ..] = events
    else {
        return None;
    };
    if title.trim().is_empty() {
        return None;
    }
    let mut alt = String::new();
    let mut n = 0;
    for (event, _) in rest {
        match event {
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            Event::End(TagEnd::Image) => break,
            _ => return None,
        }
        n += 1;
    }
    if !matches!(rest.get(n + 1), Some((Event::End(TagEnd::Paragraph), _))) {
        return None;
    }
    let src = resolve_or_report(dest_url, resolve_image, line(range.start), problems);
    let html = if src.is_empty() {
        // Left out (a warning says why); its description stands in for it, as a browser
        // shows it for an image that does not load.
        if alt.trim().is_empty() {
            String::new()
        } else {
            format!("<p>{}</p>\n", escape(&alt))
        }
    } else {
        format!(
            "<figure><img src=\"{}\" alt=\"{}\" loading=\"lazy\"><figcaption>{}</figcaption></figure>\n",
            escape(&src),
            escape(&alt),
            escape(title)
        )
    };
    Some(((html, title.to_string()), 2 + n + 2))
}

/// The URL of image `dest`, or `""` when it cannot be published: the problem is noted
/// as a warning, and the sanitiser's pass puts the image's description in its place.
fn resolve_or_report(
    dest: &str,
    resolve_image: &mut impl FnMut(&str) -> Result<String, String>,
    line: usize,
    problems: &mut Vec<Problem>,
) -> String {
    resolve_image(dest).unwrap_or_else(|message| {
        let kind = if crate::refs::is_remote(dest) {
            Kind::RemoteImage
        } else {
            Kind::MissingImage
        };
        problems.push((line, kind, message));
        String::new()
    })
}

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

fn rewrite_html(
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
fn words(text: &str) -> u32 {
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
    fn an_html_body_with_a_first_level_heading_goes_one_level_down() {
        assert_eq!(
            demote_html_headings("<H1 class=x>A</H1><h2>B</h2><h6>C</h6><hr><header>"),
            "<H2 class=x>A</H2><h3>B</h3><h6>C</h6><hr><header>"
        );
        assert_eq!(demote_html_headings("<h2>B</h2>"), "<h2>B</h2>");
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
