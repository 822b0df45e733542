//! Markdown bodies to HTML: CommonMark with tables, footnotes, task lists and
//! strikethrough; headings demoted below the article's title and given anchors; a
//! paragraph that holds only a titled image becomes a `<figure>`; code, formulas and
//! callouts handed to [`crate::rich`].

use crate::html::{resolve_or_report, rewrite_html};
use crate::{escape, words, Problem, Rendered};
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use trangtin_content::diagnostic::{line_of, Kind};

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
            .map(trangtin_content::slug::slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| trangtin_content::slug::slugify(&text));
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
