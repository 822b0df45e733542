//! Problems found in the content, each tied to a file and line.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    pub message: String,
    pub kind: Kind,
}

/// What a problem is. An error makes a page wrong: the article it is in is left out (or,
/// strict, nothing is written). A warning is something a reader can live with: the
/// article publishes without the broken part, and the build names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Error,
    /// An image on another site: never hot-linked (`trangtin fetch-media` brings it in).
    RemoteImage,
    /// An image that is not in `content/media/`, or cannot be read as one.
    MissingImage,
    BrokenLink,
    EmptyBody,
    /// A shortcode or template tag of another generator, left out.
    Template,
    /// TeX math that does not parse: shown as its source.
    Math,
    /// MathML or SVG written by hand: removed with what it holds.
    HandMarkup,
    /// A front-matter field this site does not use (another generator's).
    UnknownField,
}

impl Kind {
    pub fn is_warning(self) -> bool {
        self != Kind::Error
    }

    /// How a summary names problems of this kind, counted.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Error => "errors",
            Kind::RemoteImage => "remote images (trangtin fetch-media brings them in)",
            Kind::MissingImage => "missing or unreadable images",
            Kind::BrokenLink => "broken internal links",
            Kind::EmptyBody => "empty bodies",
            Kind::Template => "template tags of another generator, left out",
            Kind::Math => "formulas that do not parse, shown as TeX",
            Kind::HandMarkup => "MathML or SVG written by hand, removed",
            Kind::UnknownField => "front-matter fields not used",
        }
    }
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: line.max(1),
            message: message.into(),
            kind: Kind::Error,
        }
    }

    /// A warning of `kind`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: usize,
        kind: Kind,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            kind,
            ..Diagnostic::new(file, line, message)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.kind.is_warning()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.is_warning() { "warning: " } else { "" };
        write!(
            f,
            "{}:{}: {level}{}",
            self.file.display(),
            self.line,
            self.message
        )
    }
}

/// One line per kind of problem in `problems`, with how many there are, most first:
/// what a build of a whole imported site says at its end.
pub fn summary(problems: &[Diagnostic]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<Kind, usize> = Default::default();
    for p in problems {
        *counts.entry(p.kind).or_default() += 1;
    }
    let mut counts: Vec<(Kind, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
        .into_iter()
        .map(|(kind, n)| format!("{n} {}", kind.plural()))
        .collect()
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
