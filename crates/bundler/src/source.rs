//! The input layer: an article file split into its front matter and Markdown body.

use crate::diagnostic::{line_of, Diagnostic};
use serde::Deserialize;
use std::path::Path;

/// Front matter as editors write it (TOML between `+++` lines).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// A TOML date or datetime, or a string in the same shapes.
    pub date: Option<toml::Value>,
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub lead: Option<String>,
    pub author: Option<String>,
    #[serde(default)]
    pub featured: bool,
    pub thumbnail: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// Marks sample content of the example site.
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub votes: u32,
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
}

impl<'a> Source<'a> {
    pub fn parse(path: &Path, text: &'a str) -> Result<Source<'a>, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let Some(after_open) = strip_fence(text) else {
            return Err(Diagnostic::new(
                path,
                1,
                "missing front matter: the file must start with a `+++` line",
            ));
        };
        let open_len = text.len() - after_open.len();
        let Some((front_text, close_len)) = find_close(after_open) else {
            return Err(Diagnostic::new(
                path,
                1,
                "front matter is not closed: add a `+++` line after it",
            ));
        };
        let body_start = open_len + front_text.len() + close_len;
        let front: FrontMatter = toml::from_str(front_text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(front_text, s.start) - 1);
            Diagnostic::new(path, 2 + line, format!("bad front matter: {}", e.message()))
        })?;
        Ok(Source {
            front,
            front_text,
            front_line: 2,
            body: &text[body_start..],
            body_line: line_of(text, body_start),
        })
    }

    /// The line on which a front-matter key is set, or the first front-matter line.
    pub fn key_line(&self, key: &str) -> usize {
        self.front_text
            .lines()
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map_or(self.front_line - 1, |i| self.front_line + i)
    }
}

fn strip_fence(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
}

/// Finds the closing `+++` line; returns the front-matter text and the closing line's length.
fn find_close(s: &str) -> Option<(&str, usize)> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_end() == "+++" {
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
    fn unknown_keys_are_errors_not_silently_dropped() {
        let e = parse("+++\ntitel = \"A\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("titel"), "{e}");
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
    fn accepts_crlf_and_a_byte_order_mark() {
        let s = parse("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("A"));
        assert_eq!(s.body, "Body");
    }
}
