use serde::{Deserialize, Serialize};

/// HTML that went through the one sanitiser policy of the bundler.
///
/// Only [`sanitize`] (behind the `sanitize` feature) constructs one from a string. Readers
/// obtain it by deserialising a bundle that the bundler wrote, which is the trust boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SanitizedHtml(String);

impl SanitizedHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The body without a first heading that repeats `title` (a saved page's own title,
    /// a Hugo post's `# Title`): the page shows the title once, as its `h1`.
    #[cfg(feature = "sanitize")]
    pub fn without_repeated_title(self, title: &str) -> SanitizedHtml {
        let html = self.0.trim_start();
        let level = match html.as_bytes() {
            [b'<', b'h', d @ b'1'..=b'6', b'>' | b' ', ..] => *d as char,
            _ => return self,
        };
        let close = format!("</h{level}>");
        let Some(end) = html.find(&close) else {
            return self;
        };
        let mut text = String::new();
        let mut rest = &html[..end];
        for (start, stop) in tags(&html[..end]).into_iter().rev() {
            text.insert_str(0, &rest[stop..]);
            rest = &rest[..start];
        }
        text.insert_str(0, rest);
        let plain = |s: &str| {
            unescape(s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        if plain(&text) != plain(title) {
            return self;
        }
        let after = &html[end + close.len()..];
        SanitizedHtml(after.trim_start_matches('\n').to_string())
    }
}

/// The one sanitiser policy: the tags and attributes an article body may carry.
#[cfg(feature = "sanitize")]
pub fn sanitize(html: &str) -> SanitizedHtml {
    SanitizedHtml(body_policy().clean(&strip_formula_marks(html)).to_string())
}

/// `text` without the characters that mark the bundler's formulas: what an author
/// wrote never places one.
#[cfg(feature = "sanitize")]
pub fn strip_formula_marks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([FORMULA_OPEN, FORMULA_CLOSE]) {
        text.replace([FORMULA_OPEN, FORMULA_CLOSE], "").into()
    } else {
        text.into()
    }
}

#[cfg(feature = "sanitize")]
fn body_policy() -> &'static ammonia::Builder<'static> {
    use std::collections::HashSet;
    use std::sync::OnceLock;

    static POLICY: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    POLICY.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "caption",
            "code",
            "em",
            "figcaption",
            "figure",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "li",
            "ol",
            "p",
            "pre",
            "s",
            "small",
            "strong",
            "sub",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "u",
            "ul",
            "div",
            "span",
        ]
        .into_iter()
        .collect();
        let mut b = ammonia::Builder::default();
        // MathML and SVG written by an author go with everything in them: they are
        // where namespace-confusion attacks on sanitisers live, and a body's only
        // formulas are the bundler's own (`sanitize_with_pictures`).
        b.tags(tags)
            .clean_content_tags(HashSet::from(["script", "style", "math", "svg"]))
            .generic_attributes(HashSet::from(["id", "lang", "title"]))
            .tag_attributes(
                [
                    (
                        "img",
                        HashSet::from(["src", "alt", "width", "height", "loading"]),
                    ),
                    ("td", HashSet::from(["colspan", "rowspan"])),
                    ("th", HashSet::from(["colspan", "rowspan", "scope"])),
                    ("ol", HashSet::from(["start", "class"])),
                    ("a", HashSet::from(["href", "class", "aria-label"])),
                    ("pre", HashSet::from(["class"])),
                    ("code", HashSet::from(["class"])),
                    ("span", HashSet::from(["class"])),
                    ("div", HashSet::from(["class"])),
                    ("p", HashSet::from(["class"])),
                    ("sup", HashSet::from(["class"])),
                    ("hr", HashSet::from(["class"])),
                ]
                .into_iter()
                .collect(),
            )
            .attribute_filter(known_classes)
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        b
    })
}

/// A class names only what the bundler writes (code tokens, callouts, footnotes,
/// formula layout): an author's own classes are dropped.
#[cfg(feature = "sanitize")]
fn known_classes<'u>(
    _: &str,
    attribute: &str,
    value: &'u str,
) -> Option<std::borrow::Cow<'u, str>> {
    if attribute != "class" {
        return Some(value.into());
    }
    let kept: Vec<&str> = value
        .split_whitespace()
        .filter(|c| is_known_class(c))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" ").into())
}

/// The bundler's own MathML (from TeX), through MathML Core's allowlist: no links, no
/// styles, no event handlers, no `maction`.
#[cfg(feature = "sanitize")]
pub fn sanitize_formula(mathml: &str) -> String {
    use std::collections::HashSet;
    use std::sync::OnceLock;

    static POLICY: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let policy = POLICY.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.tags(MATHML_TAGS.iter().copied().collect())
            .generic_attributes(HashSet::new())
            .tag_attributes(
                MATHML_ATTRIBUTES
                    .iter()
                    .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect::<HashSet<&str>>()))
                    .collect(),
            )
            .attribute_filter(known_classes)
            .url_schemes(HashSet::new())
            .link_rel(None)
            .strip_comments(true);
        b
    });
    policy
        .clean(&mathml.replace([FORMULA_OPEN, FORMULA_CLOSE], ""))
        .to_string()
}

#[cfg(feature = "sanitize")]
const FORMULA_OPEN: char = '\u{E000}';
#[cfg(feature = "sanitize")]
const FORMULA_CLOSE: char = '\u{E001}';

/// Where the bundler puts its formula number `i` in the HTML it gives
/// [`sanitize_with_pictures`]: private-use characters, which the sanitiser removes from
/// what an author wrote, so that only the bundler's marks are there to expand.
#[cfg(feature = "sanitize")]
pub fn formula_mark(i: usize) -> String {
    format!("{FORMULA_OPEN}{i}{FORMULA_CLOSE}")
}

/// Pushes `text` (text between tags of sanitised HTML), each formula mark replaced by
/// that formula's sanitised MathML.
#[cfg(feature = "sanitize")]
fn push_with_formulas(text: &str, formulas: &[String], out: &mut String) {
    let mut rest = text;
    while let Some(open) = rest.find(FORMULA_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + FORMULA_OPEN.len_utf8()..];
        match after.find(FORMULA_CLOSE) {
            Some(close) => {
                if let Some(f) = after[..close]
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| formulas.get(i))
                {
                    out.push_str(&sanitize_formula(f));
                }
                rest = &after[close + FORMULA_CLOSE.len_utf8()..];
            }
            None => rest = after,
        }
    }
    out.push_str(&rest.replace(FORMULA_CLOSE, ""));
}

/// MathML Core's elements, as pulldown-latex writes them (no `<maction>`, no links).
#[cfg(feature = "sanitize")]
const MATHML_TAGS: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];

#[cfg(feature = "sanitize")]
const MATHML_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("math", &["display", "alttext", "class"]),
    ("annotation", &["encoding"]),
    ("mi", &["mathvariant", "class"]),
    (
        "mo",
        &[
            "stretchy",
            "fence",
            "separator",
            "lspace",
            "rspace",
            "largeop",
            "movablelimits",
            "symmetric",
            "minsize",
            "maxsize",
            "form",
            "class",
        ],
    ),
    ("mn", &["class"]),
    ("mtext", &["class"]),
    ("mrow", &["class"]),
    ("mspace", &["width", "height", "depth"]),
    ("mfrac", &["linethickness", "class"]),
    ("mover", &["accent", "class"]),
    ("munder", &["accentunder", "class"]),
    ("munderover", &["accent", "accentunder", "class"]),
    ("mstyle", &["displaystyle", "scriptlevel", "mathvariant"]),
    (
        "mpadded",
        &["width", "height", "depth", "lspace", "voffset"],
    ),
    (
        "mtable",
        &["class", "columnalign", "rowspacing", "columnspacing"],
    ),
    ("mtr", &["class"]),
    ("mtd", &["class", "columnspan", "rowspan", "columnalign"]),
    ("menclose", &["notation"]),
    ("msub", &["class"]),
    ("msup", &["class"]),
    ("msubsup", &["class"]),
];

/// Whether `class` is one the bundler itself writes.
#[cfg(feature = "sanitize")]
fn is_known_class(class: &str) -> bool {
    const EXACT: &[&str] = &[
        "hl",
        "callout",
        "callout-title",
        "fn-ref",
        "fn-rule",
        "fn-back",
        "footnotes",
        "math-display",
    ];
    const PREFIXES: &[&str] = &["hl-", "lang-", "callout-", "menv-", "cell-"];
    EXACT.contains(&class) || PREFIXES.iter().any(|p| class.starts_with(p))
}

/// The space an article body's pictures take: the body column at each layout width of
/// the reader app (`style/main.css`).
pub const BODY_SIZES: &str = "(min-width: 72rem) 43rem, (min-width: 64rem) calc(100vw - 29rem), (min-width: 48rem) calc(100vw - 7rem), calc(100vw - 4.5rem)";

/// [`sanitize`], then every `<img>` whose `src` is a picture of the site (`picture` maps
/// a `src` to it) gets its size, and a photo its variants: `<picture>` with a WebP
/// `<source>`, `srcset` and `sizes`. The first picture loads at once and with high
/// priority (it is the one a reader sees first); the others load when scrolled near.
/// Only the site's own URLs come in this way: an author's HTML never sets `srcset`.
#[cfg(feature = "sanitize")]
pub fn sanitize_with_pictures(
    html: &str,
    formulas: &[String],
    picture: impl Fn(&str) -> Option<crate::Image>,
) -> SanitizedHtml {
    // The formulas' marks go through the body's policy as text (the caller removed any
    // an author wrote: `strip_formula_marks`), and are expanded between its tags.
    let clean = body_policy().clean(html).to_string();
    let mut out = String::with_capacity(clean.len() + 512);
    let mut first = true;
    let mut last = 0;
    // Tag by tag, never inside an attribute's value (which may hold `<img` as text).
    for (start, end) in tags(&clean) {
        push_with_formulas(&clean[last..start], formulas, &mut out);
        last = end;
        // A mark inside an attribute (a formula in an image's description) is dropped:
        // MathML cannot go there.
        let tag = strip_formula_marks(&clean[start..end]);
        let tag = tag.as_ref();
        let attrs = match tag_attributes(tag) {
            Some((attrs, _)) if tag.starts_with("<img ") => attrs,
            _ => {
                push_scrollable(tag, &mut out);
                continue;
            }
        };
        let image = attrs
            .iter()
            .find(|(k, _)| *k == "src")
            .and_then(|(_, v)| picture(&unescape(v)));
        match image {
            Some(image) => {
                let kept: Vec<(&str, &str)> = attrs
                    .iter()
                    .copied()
                    .filter(|(k, _)| matches!(*k, "alt" | "title" | "id" | "lang"))
                    .collect();
                out.push_str(&picture_html(&image, &kept, BODY_SIZES, first));
                first = false;
            }
            None => {
                let src = attrs.iter().find(|(k, _)| *k == "src");
                if src.is_some_and(|(_, v)| !v.trim().is_empty()) {
                    out.push_str(tag);
                } else {
                    // An image that cannot be published (missing, on another site, an
                    // unsafe address): its description stands in for it.
                    let alt = attrs.iter().find(|(k, _)| *k == "alt");
                    out.push_str(&escape(&alt.map_or(String::new(), |(_, v)| unescape(v))));
                }
            }
        }
    }
    push_with_formulas(&clean[last..], formulas, &mut out);
    SanitizedHtml(out)
}

/// The byte ranges of the tags of serialised HTML (the sanitiser's output: text has its
/// `<` escaped; attribute values are double-quoted and may hold `<` and `>`).
#[cfg(feature = "sanitize")]
fn tags(html: &str) -> Vec<(usize, usize)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let mut j = start + 1;
        let mut quoted = false;
        while j < bytes.len() {
            match bytes[j] {
                b'"' => quoted = !quoted,
                b'>' if !quoted => break,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(bytes.len());
        found.push((start, end));
        i = end;
    }
    found
}

/// Pushes `tag` so that wide tables and long code lines scroll sideways inside the
/// article, never widening the page: each table goes into a scrolling box, and the box
/// and each `<pre>` can be reached with the keyboard to scroll it.
#[cfg(feature = "sanitize")]
fn push_scrollable(tag: &str, out: &mut String) {
    let opens = |name: &str| {
        tag.strip_prefix(name)
            .is_some_and(|r| r.starts_with('>') || r.starts_with(' '))
    };
    if opens("<table") {
        out.push_str("<div class=\"table-scroll\" tabindex=\"0\">");
        out.push_str(tag);
    } else if tag == "</table>" {
        out.push_str("</table></div>");
    } else if opens("<pre") {
        out.push_str("<pre tabindex=\"0\"");
        out.push_str(&tag["<pre".len()..]);
    } else if tag == "<span class=\"math-display\">" {
        out.push_str("<span class=\"math-display\" tabindex=\"0\">");
    } else {
        out.push_str(tag);
    }
}

/// `<picture>` (or, without variants, `<img>`) for `image`; `attrs` are further
/// attributes of the `<img>`, their values escaped already.
#[cfg(feature = "sanitize")]
fn picture_html(image: &crate::Image, attrs: &[(&str, &str)], sizes: &str, eager: bool) -> String {
    use crate::ImageFormat;
    use std::fmt::Write;
    let mut img = String::from("<img");
    let src = image.plain_src();
    let _ = write!(img, " src=\"{}\"", escape(&src));
    if let Some(set) = image.srcset(ImageFormat::Fallback) {
        let _ = write!(img, " srcset=\"{}\" sizes=\"{sizes}\"", escape(&set));
    } else {
        // One candidate: the file as it is (an SVG is sharp at any width).
        let _ = write!(img, " srcset=\"{}\"", escape(&image.src));
    }
    if let (Some(w), Some(h)) = (image.width, image.height) {
        let _ = write!(img, " width=\"{w}\" height=\"{h}\"");
    }
    for (k, v) in attrs {
        let _ = write!(img, " {k}=\"{v}\"");
    }
    img.push_str(if eager {
        " fetchpriority=\"high\" decoding=\"async\">"
    } else {
        " loading=\"lazy\" decoding=\"async\">"
    });
    match image.srcset(ImageFormat::Webp) {
        Some(set) => format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">{img}</picture>",
            escape(&set)
        ),
        None => img,
    }
}

/// The attributes of the tag `tag` starts with, as the sanitiser writes tags (values in
/// double quotes, `"` inside them escaped), and the tag's length.
#[cfg(feature = "sanitize")]
fn tag_attributes(tag: &str) -> Option<(Vec<(&str, &str)>, usize)> {
    let bytes = tag.as_bytes();
    let mut i = tag.find(' ')?;
    let mut attrs = Vec::new();
    loop {
        while bytes.get(i)?.is_ascii_whitespace() || bytes[i] == b'/' {
            i += 1;
        }
        if bytes[i] == b'>' {
            return Some((attrs, i + 1));
        }
        let name_start = i;
        while !matches!(bytes.get(i)?, b'=' | b' ' | b'>' | b'/') {
            i += 1;
        }
        let name = &tag[name_start..i];
        if bytes[i] == b'=' && bytes.get(i + 1) == Some(&b'"') {
            let value_start = i + 2;
            let value_len = tag[value_start..].find('"')?;
            attrs.push((name, &tag[value_start..value_start + value_len]));
            i = value_start + value_len + 1;
        } else {
            attrs.push((name, ""));
        }
    }
}

#[cfg(feature = "sanitize")]
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(feature = "sanitize")]
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(all(test, feature = "sanitize"))]
mod tests {
    use super::{formula_mark, sanitize, sanitize_with_pictures, strip_formula_marks};

    #[test]
    fn the_sites_photos_get_their_variants_and_the_first_loads_first() {
        use crate::Image;
        let photo = Image {
            src: "/content/media/a.0123456789ab-1600.jpg".into(),
            width: Some(1600),
            height: Some(1200),
            widths: vec![480, 800, 1200, 1600],
        };
        let lookup =
            |src: &str| (src == "/content/media/a.0123456789ab-1600.jpg").then(|| photo.clone());
        let html = r#"<figure><img src="/content/media/a.0123456789ab-1600.jpg" alt="Hội &quot;nghị&quot; > 1" loading="lazy"><figcaption>x</figcaption></figure>
<p><img src="/content/media/a.0123456789ab-1600.jpg" alt="b"><img src="/elsewhere.png" alt="c"></p>"#;
        let out = super::sanitize_with_pictures(html, &[], lookup);
        let out = out.as_str();
        assert_eq!(out.matches("<picture>").count(), 2, "{out}");
        assert!(
            out.contains(
                r#"<source type="image/webp" srcset="/content/media/a.0123456789ab-480.webp 480w, "#
            ),
            "{out}"
        );
        assert!(out.contains(r#"src="/content/media/a.0123456789ab-800.jpg" srcset="/content/media/a.0123456789ab-480.jpg 480w, "#), "{out}");
        assert!(out.contains(r#"width="1600" height="1200" alt="Hội &quot;nghị&quot; &gt; 1" fetchpriority="high""#), "{out}");
        assert_eq!(out.matches("fetchpriority").count(), 1, "{out}");
        assert_eq!(out.matches(r#"loading="lazy""#).count(), 1, "{out}");
        // Not a picture of the site: left as the sanitiser wrote it.
        assert!(
            out.contains(r#"<img src="/elsewhere.png" alt="c">"#),
            "{out}"
        );
    }

    #[test]
    fn an_authors_srcset_never_survives() {
        let out = sanitize(
            r#"<img src="/a.png" srcset="https://tracker.example/x.png 2x"><picture><source srcset="//evil.example/a.webp"></picture>"#,
        );
        assert!(!out.as_str().contains("srcset"), "{}", out.as_str());
        assert!(!out.as_str().contains("evil"), "{}", out.as_str());
    }

    #[test]
    fn figures_and_captions_survive() {
        let html = r#"<figure><img src="/content/media/a.svg" alt="Hội nghị"><figcaption>Quang cảnh</figcaption></figure>"#;
        let out = sanitize(html);
        assert!(out.as_str().contains("<figure>"));
        assert!(out.as_str().contains("<figcaption>Quang cảnh</figcaption>"));
        assert!(out.as_str().contains(r#"alt="Hội nghị""#));
    }

    fn pictures(html: &str) -> String {
        super::sanitize_with_pictures(html, &[], |_| None)
            .as_str()
            .to_string()
    }

    #[test]
    fn tables_and_code_scroll_inside_the_article_and_tags_in_attributes_stay_text() {
        let out = pictures("<table><tr><td>1</td></tr></table><pre><code>x</code></pre>");
        assert_eq!(
            out,
            "<div class=\"table-scroll\" tabindex=\"0\"><table><tbody><tr><td>1</td></tr></tbody></table></div><pre tabindex=\"0\"><code>x</code></pre>"
        );
        // `<table`, `<pre` and `<img` inside an attribute's value are its text: nothing
        // is inserted there (a quote would end the attribute).
        let out = pictures(
            r#"<p title="<table onmouseover=alert(1) x> <pre <img src=&quot;&quot; alt=&quot;a&quot;>">t</p>"#,
        );
        assert_eq!(out.matches('"').count(), 2, "{out}");
        assert!(
            !out.contains("table-scroll") && !out.contains("tabindex"),
            "{out}"
        );
    }

    #[test]
    fn an_image_that_cannot_be_published_leaves_its_description() {
        let out = pictures(
            r#"<p>a <img src="" alt="<b>x</b> &amp; y"> b <img src="javascript:alert(1)" alt="z"></p>"#,
        );
        assert_eq!(out, "<p>a &lt;b>x&lt;/b> &amp; y b z</p>");
    }

    #[test]
    fn a_first_heading_that_repeats_the_title_goes() {
        let body = |h: &str| super::sanitize(h).without_repeated_title("Lễ  khai giảng & “mừng”");
        assert_eq!(
            body("<h2 id=\"a\"><a href=\"#a\">Lễ khai  giảng &amp; “mừng”</a></h2>\n<p>x</p>")
                .as_str(),
            "<p>x</p>"
        );
        assert_eq!(
            body("<p>Lễ khai giảng</p><h2>Lễ khai giảng</h2>").as_str(),
            "<p>Lễ khai giảng</p><h2>Lễ khai giảng</h2>"
        );
        assert_eq!(body("<h2>Khác</h2>").as_str(), "<h2>Khác</h2>");
    }

    #[test]
    fn only_the_bundlers_own_classes_and_its_own_mathml_core_survive() {
        // The bundler's formula, with what an attacker would add to it.
        let formula = r#"<math alttext="x" display="block"><semantics><mi style="color:red" href="javascript:alert(1)" xlink:href="javascript:alert(2)" onclick="alert(3)">x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math>"#.to_string();
        let maction =
            "<math><maction actiontype=\"toggle\"><mi>y</mi></maction></math>".to_string();
        let html = format!(
            r#"<div class="callout callout-note evil"><span class="hl-k x">k</span></div><p class="big">p</p><span class="math-display">{}</span><p>{}</p>"#,
            formula_mark(0),
            formula_mark(1)
        );
        let out = sanitize_with_pictures(&html, &[formula, maction], |_| None);
        let out = out.as_str();
        assert!(
            out.contains(r#"<div class="callout callout-note"><span class="hl-k">k</span></div>"#),
            "{out}"
        );
        assert!(out.contains("<p>p</p>"), "{out}");
        assert!(out.contains(r#"<span class="math-display" tabindex="0"><math alttext="x" display="block"><semantics><mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math></span>"#), "{out}");
        for banned in [
            "style",
            "javascript",
            "onclick",
            "href",
            "maction",
            "evil",
            "big",
            "\u{E000}",
        ] {
            assert!(!out.contains(banned), "{banned} in {out}");
        }
    }

    /// The classic namespace-confusion vectors (DOMPurify's history), as an author might
    /// paste them into an HTML body.
    pub const MXSS: &[&str] = &[
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;\">",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    ];

    #[test]
    fn mathml_and_svg_written_by_an_author_never_survive() {
        for vector in MXSS {
            // Alone, beside the bundler's own formula, and with a forged formula mark.
            let forged = format!("{vector}\u{E000}0\u{E001}");
            for html in [vector.to_string(), forged] {
                let out = sanitize_with_pictures(
                    &strip_formula_marks(&html),
                    &["<math><mi>y</mi></math>".to_string()],
                    |_| None,
                );
                let out = out.as_str();
                // An `<img>` the parser lifts out of foreign content may stay, as any
                // image does, without its handler.
                for banned in [
                    "<math",
                    "<svg",
                    "onerror",
                    "javascript",
                    "<style",
                    "<mglyph",
                ] {
                    assert!(!out.contains(banned), "{banned} in {out} from {vector}");
                }
                let plain = sanitize(&html);
                assert!(
                    !plain.as_str().contains("<math") && !plain.as_str().contains("onerror"),
                    "{plain:?}"
                );
            }
        }
    }

    #[test]
    fn a_formula_mark_inside_an_attribute_is_dropped_not_expanded() {
        let html = format!(
            "<img src=\"\" alt=\"a {} b\"><p>{}</p>",
            formula_mark(0),
            formula_mark(7)
        );
        let out = sanitize_with_pictures(&html, &["<math><mi>x</mi></math>".to_string()], |_| None);
        assert!(!out.as_str().contains("<math"), "{out:?}");
        assert!(!out.as_str().contains('\u{E000}'), "{out:?}");
    }
}
