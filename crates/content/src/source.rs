//! The input layer: an article file split into its front matter and Markdown body.

use crate::diagnostic::{line_of, Diagnostic};
use serde::Deserialize;
use std::path::Path;

/// Front matter as editors write it (TOML between `+++` lines). Fields of other
/// generators (`layout`, `permalink`, `aliases`) are not errors: [`Source::unknown`]
/// names them for a warning.
#[derive(Debug, Default, Deserialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// A TOML date or datetime, or a string in the same shapes.
    pub date: Option<toml::Value>,
    pub category: Option<String>,
    /// Hugo's spelling: the first entry is the category. (Jekyll also writes one name,
    /// or several separated by spaces.)
    #[serde(default, deserialize_with = "one_or_many")]
    pub categories: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    /// Hugo's and Jekyll's `description` is the summary.
    #[serde(alias = "description")]
    pub summary: Option<String>,
    pub lead: Option<String>,
    pub author: Option<String>,
    #[serde(default)]
    pub featured: bool,
    pub thumbnail: Option<String>,
    /// What the thumbnail shows, for those who cannot see it (share cards).
    pub thumbnail_alt: Option<String>,
    /// Where the news comes from ("Nguồn"): a name, or an address.
    pub source: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// When the article goes live (scheduled publishing); a date or datetime.
    pub publish_at: Option<toml::Value>,
    /// When it expires.
    pub expire_at: Option<toml::Value>,
    /// What expiry does: "archive" (the default: the page stays, the lists drop it) or
    /// "withdraw" (it is gone).
    pub on_expiry: Option<String>,
    /// Marks sample content of the example site.
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub votes: u32,
}

/// The fields [`FrontMatter`] reads (with their aliases).
const KNOWN: &[&str] = &[
    "title",
    "date",
    "category",
    "categories",
    "tags",
    "summary",
    "description",
    "lead",
    "author",
    "featured",
    "thumbnail",
    "thumbnail_alt",
    "source",
    "slug",
    "draft",
    "publish_at",
    "expire_at",
    "on_expiry",
    "sample",
    "votes",
];

/// A list written as a list, one string, or words separated by spaces (Jekyll).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => s.split_whitespace().map(str::to_string).collect(),
        OneOrMany::Many(v) => v,
    })
}

/// An article file, split.
#[derive(Debug)]
pub struct Source<'a> {
    pub front: FrontMatter,
    front_text: &'a str,
    /// 1-based line of the first front-matter line.
    front_line: usize,
    pub body: &'a str,
    /// 1-based line on which the body starts.
    pub body_line: usize,
    /// Front-matter fields this site does not use, as written.
    pub unknown: Vec<String>,
}

impl<'a> Source<'a> {
    pub fn parse(path: &Path, text: &'a str) -> Result<Source<'a>, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // TOML between `+++` lines, or YAML between `---` lines.
        let (fence, after_open) = match (strip_fence(text, "+++"), strip_fence(text, "---")) {
            (Some(rest), _) => ("+++", rest),
            (None, Some(rest)) => ("---", rest),
            (None, None) => {
                return Err(Diagnostic::new(
                    path,
                    1,
                    "missing front matter: the file must start with a `+++` (TOML) or `---` (YAML) line",
                ))
            }
        };
        let open_len = text.len() - after_open.len();
        let Some((front_text, close_len)) = find_close(after_open, fence) else {
            return Err(Diagnostic::new(
                path,
                1,
                format!("front matter is not closed: add a `{fence}` line after it"),
            ));
        };
        let body_start = open_len + front_text.len() + close_len;
        let front: FrontMatter = if fence == "+++" {
            toml::from_str(front_text).map_err(|e| {
                let line = e.span().map_or(0, |s| line_of(front_text, s.start) - 1);
                Diagnostic::new(path, 2 + line, format!("bad front matter: {}", e.message()))
            })?
        } else if front_text.trim().is_empty() {
            FrontMatter::default()
        } else {
            // serde-saphyr: maintained (serde_yaml is archived), pure Rust, and with a
            // budget against alias bombs by default.
            let mut options = serde_saphyr::options::Options::default();
            options.with_snippet = false;
            serde_saphyr::from_str_with_options(front_text, options).map_err(|e| {
                let line = e
                    .location()
                    .map_or(0, |l| l.line().saturating_sub(1) as usize);
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                Diagnostic::new(path, 2 + line, format!("bad front matter: {message}"))
            })?
        };
        // The keys, read again as a map (only when the file has a key beyond ours).
        let unknown = if fence == "+++" {
            toml::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(front_text)
                .map(|m| m.into_keys().collect::<Vec<_>>())
                .unwrap_or_default()
        } else {
            serde_saphyr::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(
                front_text,
            )
            .map(|m| m.into_keys().collect::<Vec<_>>())
            .unwrap_or_default()
        }
        .into_iter()
        .filter(|k| !KNOWN.contains(&k.as_str()))
        .collect();
        Ok(Source {
            front,
            front_text,
            front_line: 2,
            body: &text[body_start..],
            body_line: line_of(text, body_start),
            unknown,
        })
    }

    /// The line on which a front-matter key is set, or the first front-matter line.
    pub fn key_line(&self, key: &str) -> usize {
        self.front_text
            .lines()
            .position(|l| {
                l.trim_start().strip_prefix(key).is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with('=') || rest.starts_with(':')
                })
            })
            .map_or(self.front_line - 1, |i| self.front_line + i)
    }
}

fn strip_fence<'t>(text: &'t str, fence: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(fence)?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
}

/// Finds the closing `+++` line; returns the front-matter text and the closing line's length.
fn find_close<'t>(s: &'t str, fence: &str) -> Option<(&'t str, usize)> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((&s[..pos], line.len()));
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Source<'_>, Diagnostic> {
        Source::parse(Path::new("a.md"), text)
    }

    #[test]
    fn splits_front_matter_and_body_with_line_numbers() {
        let s = parse("+++\ntitle = \"A\"\ncategory = \"tin\"\n+++\n\nBody\n").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("A"));
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
        assert_eq!(s.key_line("category"), 3);
        assert_eq!(s.key_line("date"), 1);
    }

    #[test]
    fn a_toml_error_points_at_its_line() {
        let e = parse("+++\ntitle = \"A\"\ndate = \n+++\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.starts_with("bad front matter"), "{e}");
    }

    #[test]
    fn unknown_keys_are_named_not_silently_dropped() {
        // Another generator's fields, or a typo: named (the loader warns at their line).
        let s = parse("+++\ntitel = \"A\"\nlayout = \"post\"\ndescription = \"Tóm tắt\"\n+++\n")
            .unwrap();
        assert_eq!(s.unknown, ["layout", "titel"]);
        assert_eq!(s.key_line("titel"), 2);
        assert_eq!(s.front.summary.as_deref(), Some("Tóm tắt"));
        let s = parse("---\ntitel: A\ncategories: tin-tuc\ntags: a b\n---\n").unwrap();
        assert_eq!(s.unknown, ["titel"]);
        assert_eq!(s.front.categories, ["tin-tuc"]);
        assert_eq!(s.front.tags, ["a", "b"]);
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_reported() {
        assert!(parse("# Title\n")
            .unwrap_err()
            .message
            .contains("missing front matter"));
        assert!(parse("+++\ntitle = \"A\"\n")
            .unwrap_err()
            .message
            .contains("not closed"));
    }

    #[test]
    fn yaml_front_matter_reads_like_toml() {
        let s = parse("---\ntitle: Bài YAML\ndate: 2024-06-25\ncategory: tin\ntags: [a, b]\nfeatured: true\n---\nBody").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Bài YAML"));
        assert_eq!(s.front.date, Some(toml::Value::String("2024-06-25".into())));
        assert_eq!(s.front.tags, ["a", "b"]);
        assert!(s.front.featured);
        assert_eq!(s.key_line("category"), 4);
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn a_yaml_error_points_at_its_line() {
        let e = parse("---\ntitle: A\nfeatured: [\n---\n").unwrap_err();
        assert!(e.message.starts_with("bad front matter"), "{e}");
        assert!((3..=4).contains(&e.line), "{e}");
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let s = parse("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("A"));
        assert_eq!(s.body, "Body");
    }
}
