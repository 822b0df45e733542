//! What real articles hold beyond prose, rendered at build time with no reader
//! JavaScript: code highlighted by syntect, TeX math as MathML (pulldown-latex), GitHub's
//! callouts (`> [!NOTE]`) and footnotes.

use crate::escape;
use std::sync::OnceLock;
use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, ScopeSelectors, StyleModifier, Theme, ThemeItem};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The kinds of token a code block colours, each a class the stylesheet gives a colour
/// in light and dark. A handful, not a theme's hundreds: the page carries `hl-k` rather
/// than `source rust keyword control`.
const TOKENS: &[(&str, &str)] = &[
    ("comment, punctuation.definition.comment", "hl-c"),
    ("string, constant.character.escape, markup.raw", "hl-s"),
    (
        "keyword, storage, variable.language, markup.heading, entity.name.section",
        "hl-k",
    ),
    ("constant.numeric, constant.language, constant.character, constant.other, support.constant", "hl-n"),
    ("entity.name.function, support.function, variable.function, meta.function-call.identifier", "hl-f"),
    ("entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, entity.other.inherited-class, support.type, support.class, storage.type.class", "hl-t"),
    ("entity.name.tag, meta.tag punctuation.definition.tag", "hl-g"),
    ("entity.other.attribute-name, support.type.property-name, meta.mapping.key string", "hl-a"),
    ("markup.inserted", "hl-i"),
    ("markup.deleted", "hl-d"),
    // Operators read as the text around them.
    ("keyword.operator, punctuation.separator", ""),
];

struct Highlighter {
    syntaxes: SyntaxSet,
    /// A theme whose "colour" is the index of the token's class in [`TOKENS`], plus
    /// one: syntect's own selector scoring decides which class a scope gets.
    theme: Theme,
}

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(|| {
        let mut theme = Theme::default();
        theme.settings.foreground = Some(Color {
            r: 0,
            g: 0,
            b: 0,
            a: 255,
        });
        for (i, (selectors, _)) in TOKENS.iter().enumerate() {
            theme.scopes.push(ThemeItem {
                scope: selectors
                    .parse::<ScopeSelectors>()
                    .expect("valid selectors"),
                style: StyleModifier {
                    foreground: Some(Color {
                        r: i as u8 + 1,
                        g: 0,
                        b: 0,
                        a: 255,
                    }),
                    background: None,
                    font_style: None,
                },
            });
        }
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme,
        }
    })
}

/// The language named by a fence's info string (` ```rust title="x" `), lowercased.
pub fn fence_language(info: &str) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()?
        .trim_start_matches('.')
        .trim_start_matches("language-");
    (!word.is_empty()).then(|| word.to_ascii_lowercase())
}

/// A code block as HTML: `<pre class="hl"><code>` with its tokens in classed spans when
/// `lang` is one syntect knows, else the plain text, escaped either way.
pub fn code_block(code: &str, lang: Option<&str>) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 64);
    match lang {
        Some(lang) => out.push_str(&format!(
            "<pre class=\"hl\"><code class=\"lang-{}\">",
            escape(&class_safe(lang))
        )),
        None => out.push_str("<pre class=\"hl\"><code>"),
    }
    let h = highlighter();
    let syntax = lang.and_then(|l| {
        h.syntaxes
            .find_syntax_by_token(l)
            .or_else(|| h.syntaxes.find_syntax_by_token(alias(l)))
    });
    match syntax {
        Some(syntax) => {
            let mut lines = HighlightLines::new(syntax, &h.theme);
            let mut open: u8 = 0;
            for line in LinesWithEndings::from(code) {
                let Ok(ranges) = lines.highlight_line(line, &h.syntaxes) else {
                    // A grammar that fails on a line: the rest stays plain.
                    if open != 0 {
                        out.push_str("</span>");
                        open = 0;
                    }
                    out.push_str(&escape(line));
                    continue;
                };
                for (style, text) in ranges {
                    let token = match style.foreground.r {
                        0 => 0,
                        n if TOKENS[n as usize - 1].1.is_empty() => 0,
                        n => n,
                    };
                    // Whitespace takes the class around it: fewer spans.
                    if token != open && !text.trim().is_empty() {
                        if open != 0 {
                            out.push_str("</span>");
                        }
                        if token != 0 {
                            out.push_str("<span class=\"");
                            out.push_str(TOKENS[token as usize - 1].1);
                            out.push_str("\">");
                        }
                        open = token;
                    }
                    out.push_str(&escape(text));
                }
            }
            if open != 0 {
                out.push_str("</span>");
            }
        }
        None => out.push_str(&escape(code)),
    }
    out.push_str("</code></pre>\n");
    out
}

/// Names writers use that syntect's grammars know by another.
fn alias(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "zsh" | "console" | "shell-session" => "bash",
        "js" | "jsx" | "mjs" | "ts" | "typescript" | "tsx" => "javascript",
        "py" | "python3" => "python",
        "yml" => "yaml",
        "rs" => "rust",
        "c++" | "cc" | "hpp" => "cpp",
        "cs" | "csharp" => "c#",
        "golang" => "go",
        "htm" | "xhtml" | "vue" | "svelte" => "html",
        "patch" => "diff",
        "jsonc" | "json5" => "json",
        "rb" => "ruby",
        "kt" | "kotlin" => "java",
        "ps1" | "powershell" | "bat" | "cmd" => "batch file",
        other => other,
    }
}

/// `lang` as a class name: letters, digits and `-` only.
fn class_safe(lang: &str) -> String {
    lang.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(32)
        .collect()
}

/// TeX as MathML, with the source kept for screen readers and copying (`alttext` and an
/// `application/x-tex` annotation), or why it does not parse (then it is shown as TeX,
/// in `<code>`).
pub fn math(tex: &str, display: bool) -> Result<String, String> {
    use pulldown_latex::config::DisplayMode;
    use pulldown_latex::{Parser, RenderConfig, Storage};
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        let e = e.to_string();
        let why = e.lines().next().unwrap_or_default();
        return Err(format!("math that does not parse ({why}): {tex:?}"));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(tex),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    pulldown_latex::push_mathml(&mut out, events.into_iter(), config)
        .map_err(|e| format!("math that cannot be written: {e}"))?;
    // The source again as the formula's text alternative.
    let alt = format!("<math alttext=\"{}\"", escape(tex));
    Ok(out.replacen("<math", &alt, 1))
}

/// The Vietnamese title of a GitHub callout kind.
pub fn callout_title(kind: pulldown_cmark::BlockQuoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind::*;
    match kind {
        Note => ("note", "Ghi chú"),
        Tip => ("tip", "Mẹo"),
        Important => ("important", "Quan trọng"),
        Warning => ("warning", "Cảnh báo"),
        Caution => ("caution", "Thận trọng"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_highlighted_with_a_few_classes_and_escaped() {
        let html = code_block("fn main() {\n    let s = \"<b>\"; // hi\n}\n", Some("rust"));
        assert!(
            html.starts_with("<pre class=\"hl\"><code class=\"lang-rust\">"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-k\">fn </span><span class=\"hl-f\">main</span>"),
            "{html}"
        );
        assert!(html.contains(" s = <span"), "{html}");
        assert!(
            html.contains("<span class=\"hl-s\">&quot;&lt;b&gt;&quot;</span>")
                || html.contains("&lt;b&gt;"),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-c\">// hi"), "{html}");
        assert!(!html.contains("<b>"));
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
    }

    #[test]
    fn unknown_languages_and_aliases() {
        assert_eq!(
            code_block("a < b\n", Some("khong-biet")),
            "<pre class=\"hl\"><code class=\"lang-khong-biet\">a &lt; b\n</code></pre>\n"
        );
        assert!(
            code_block("echo hi\n", Some("sh")).contains("hl-f")
                || code_block("echo hi\n", Some("sh")).contains("<span")
        );
        assert_eq!(fence_language("Rust ignore"), Some("rust".into()));
        assert_eq!(fence_language("{.python}"), None);
        assert_eq!(fence_language(".python"), Some("python".into()));
        assert_eq!(fence_language(""), None);
        assert!(class_safe("c\"><script>")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }

    #[test]
    fn math_is_mathml_with_its_source() {
        let m = math("x^2 + \\frac{1}{2}", false).unwrap();
        assert!(m.starts_with("<math alttext=\"x^2 + \\frac{1}{2}\""), "{m}");
        assert!(m.contains("<msup>") && m.contains("<mfrac>"), "{m}");
        assert!(
            m.contains("<annotation encoding=\"application/x-tex\">"),
            "{m}"
        );
        assert!(math("\\frac{1}{", true).is_err());
        let block = math("a<b", true).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
        assert!(block.contains("alttext=\"a&lt;b\""), "{block}");
    }
}
