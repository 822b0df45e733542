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
}

/// The one sanitiser policy: the tags and attributes an article body may carry.
#[cfg(feature = "sanitize")]
pub fn sanitize(html: &str) -> SanitizedHtml {
    use std::collections::HashSet;
    use std::sync::OnceLock;

    static POLICY: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let policy = POLICY.get_or_init(|| {
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
        ]
        .into_iter()
        .collect();
        let mut b = ammonia::Builder::default();
        b.tags(tags)
            .generic_attributes(HashSet::from(["id", "lang", "title"]))
            .tag_attributes(
                [
                    ("a", HashSet::from(["href"])),
                    (
                        "img",
                        HashSet::from(["src", "alt", "width", "height", "loading"]),
                    ),
                    ("td", HashSet::from(["colspan", "rowspan"])),
                    ("th", HashSet::from(["colspan", "rowspan", "scope"])),
                    ("ol", HashSet::from(["start"])),
                ]
                .into_iter()
                .collect(),
            )
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true);
        b
    });
    SanitizedHtml(policy.clean(html).to_string())
}

#[cfg(all(test, feature = "sanitize"))]
mod tests {
    use super::sanitize;

    #[test]
    fn figures_and_captions_survive() {
        let html = r#"<figure><img src="/content/media/a.svg" alt="Hội nghị"><figcaption>Quang cảnh</figcaption></figure>"#;
        let out = sanitize(html);
        assert!(out.as_str().contains("<figure>"));
        assert!(out.as_str().contains("<figcaption>Quang cảnh</figcaption>"));
        assert!(out.as_str().contains(r#"alt="Hội nghị""#));
    }
}
