//! How search sees text: NFC-normalised, lower-cased tokens, each also folded (marks
//! stripped, `đ` → `d`) so that a query typed without accents finds accented words.
//!
//! The browser side (`assets/search.js`) implements the same rules; the cases in
//! `tests/search-cases.json` are checked against both.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Longer runs of letters are not words a reader types (hashes, encoded data).
pub const MAX_TOKEN_CHARS: usize = 40;

/// Calls `f` with each token of `text`, in order: NFC, lower case. A number keeps the
/// dots and commas between its digits (`12.378`, `3,5`).
pub fn tokens(text: &str, mut f: impl FnMut(&str)) {
    let nfc: std::borrow::Cow<'_, str> = if surely_nfc(text) {
        text.into()
    } else {
        match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => text.into(),
            _ => text.nfc().collect::<String>().into(),
        }
    };
    let mut token = String::new();
    let mut chars = 0usize;
    let mut iter = nfc.chars().peekable();
    let mut emit = |token: &mut String, chars: &mut usize| {
        if !token.is_empty() && *chars <= MAX_TOKEN_CHARS {
            f(token);
        }
        token.clear();
        *chars = 0;
    };
    while let Some(c) = iter.next() {
        if is_word_char(c) || (!c.is_ascii() && !token.is_empty() && is_combining_mark(c)) {
            match lower_fast(c) {
                Some(l) => token.push(l),
                None => token.extend(c.to_lowercase()),
            }
            chars += 1;
        } else if (c == '.' || c == ',')
            && token.ends_with(|l: char| l.is_ascii_digit())
            && iter.peek().is_some_and(|n| n.is_ascii_digit())
        {
            token.push(c);
            chars += 1;
        } else {
            emit(&mut token, &mut chars);
        }
    }
    emit(&mut token, &mut chars);
}

/// Whether `text` is in NFC without looking characters up: true when every character is
/// ASCII, a precomposed Latin letter (as Vietnamese is written) or common punctuation.
fn surely_nfc(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c, '\0'..='\u{7f}' | '\u{a0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' | '\u{2010}'..='\u{2027}')
    })
}

/// The lower case of the letters Vietnamese is written in, without a table lookup.
fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0..=0x7f => c.to_ascii_lowercase() as u32,
        0xc0..=0xde if u != 0xd7 => u + 0x20,
        0xdf..=0xff => u,
        // Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư: capital at the even code point.
        0x102 | 0x103 | 0x110 | 0x111 | 0x128 | 0x129 | 0x168 | 0x169 | 0x1a0 | 0x1a1 => u | 1,
        0x1af | 0x1b0 => 0x1b0,
        // Latin Extended Additional, Vietnamese part: capital at the even code point.
        0x1ea0..=0x1ef9 => u | 1,
        _ => return None,
    };
    char::from_u32(l)
}

/// Letters and digits, with a fast path for the Latin letters Vietnamese is written in.
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The folded form of a token: marks stripped, `đ` as `d`.
pub fn fold(token: &str) -> String {
    if token.is_ascii() {
        return token.to_string();
    }
    token
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect()
}

/// The readable text of sanitised article HTML: tags dropped (block ends become line
/// breaks so words do not run together), entities decoded, whitespace collapsed.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        // A picture's description is part of the text (as its caption is).
        if name == "img" {
            if let Some(alt) = attribute(tag, "alt").filter(|a| !a.trim().is_empty()) {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                push_text(&mut out, &alt);
                out.push('\n');
            }
        }
        let block = is_block(&name);
        if block && !out.ends_with('\n') && !out.is_empty() {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
        }
        rest = &rest[lt + gt + 1..];
    }
    push_text(&mut out, rest);
    out.trim().to_string()
}

/// Whether an element of this (lower-case) name ends a run of text: its text does not
/// run into the next element's.
pub(crate) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "div"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figcaption"
            | "figure"
            | "tr"
            | "td"
            | "th"
            | "blockquote"
            | "ul"
            | "ol"
            | "table"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
    )
}

/// The value of attribute `name` in the inside of a tag (`img src="…" alt="…"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let after = &rest[at + name.len()..];
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.trim_start().strip_prefix('=') {
                let value = value.trim_start();
                let (quote, value) = match value.chars().next() {
                    Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
                    _ => (None, value),
                };
                let end = match quote {
                    Some(q) => value.find(q),
                    None => value.find(|c: char| c.is_whitespace() || c == '/'),
                }
                .unwrap_or(value.len());
                return Some(decode_entities(&value[..end]).into_owned());
            }
        }
        rest = after;
    }
    None
}

fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    let starts_blank = decoded.starts_with(char::is_whitespace);
    let mut first = true;
    for word in decoded.split_whitespace() {
        let at_line_start = out.is_empty() || out.ends_with(' ') || out.ends_with('\n');
        if (!first || starts_blank) && !at_line_start {
            out.push(' ');
        }
        out.push_str(word);
        first = false;
    }
    // Whitespace after the last word (or only whitespace) still parts it from the next.
    let at_line_start = out.is_empty() || out.ends_with(' ') || out.ends_with('\n');
    if decoded.ends_with(char::is_whitespace) && !at_line_start {
        out.push(' ');
    }
}

/// Text with HTML's character references decoded (`&#8211;`, `&#x2013;`, `&ndash;`,
/// `&amp;`); an unknown one stays as written.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "copy" => Some('©'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokens(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn folding_strips_marks_and_d_with_stroke() {
        assert_eq!(fold("đào"), "dao");
        assert_eq!(fold("tạo"), "tao");
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("dương"), "duong");
        assert_eq!(fold("nguyễn"), "nguyen");
        assert_eq!(fold("abc"), "abc");
    }

    #[test]
    fn tokens_are_nfc_and_lower_case() {
        assert_eq!(all("ĐÀO Tạo"), ["đào", "tạo"]);
        // Decomposed input (as some keyboards type it) gives the same tokens.
        let nfd: String = "Đào tạo Nguyễn".nfd().collect();
        assert_ne!(nfd, "Đào tạo Nguyễn");
        assert_eq!(all(&nfd), ["đào", "tạo", "nguyễn"]);
        assert_eq!(all("Đ"), ["đ"]);
    }

    #[test]
    fn the_fast_lower_case_agrees_with_the_standard_one() {
        for c in ('\0'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}') {
            if let Some(l) = lower_fast(c) {
                assert_eq!(c.to_lowercase().collect::<String>(), l.to_string(), "{c:?}");
            }
        }
    }

    #[test]
    fn the_fast_nfc_check_agrees_with_the_standard_one() {
        for c in ('\0'..='\u{24f}')
            .chain('\u{1e00}'..='\u{1eff}')
            .chain('\u{2010}'..='\u{2027}')
        {
            let s = c.to_string();
            if surely_nfc(&s) {
                assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            }
        }
    }

    /// The cases the browser's engine is tested with too (tests/search/engine.test.mjs).
    #[test]
    fn the_shared_cases_hold() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/search/cases.json")).unwrap();
        for case in cases["tokens"].as_array().unwrap() {
            let expected: Vec<&str> = case[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert_eq!(all(case[0].as_str().unwrap()), expected, "{case}");
        }
        for case in cases["fold"].as_array().unwrap() {
            assert_eq!(
                fold(case[0].as_str().unwrap()),
                case[1].as_str().unwrap(),
                "{case}"
            );
        }
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            all("tổng 12.378 lượt, 3,5%."),
            ["tổng", "12.378", "lượt", "3,5"]
        );
        assert_eq!(all("năm 2024. Sau đó"), ["năm", "2024", "sau", "đó"]);
        assert_eq!(all("COVID-19"), ["covid", "19"]);
        assert_eq!(all("a.b"), ["a", "b"]);
    }

    #[test]
    fn overlong_runs_are_not_tokens() {
        let long = "x".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(all(&format!("một {long} hai")), ["một", "hai"]);
    }

    #[test]
    fn html_text_keeps_words_apart() {
        let html = "<p>Hội&nbsp;nghị <b>đào</b> <i>tạo</i></p><figure><img src=\"a.jpg\" alt=\"Quang cảnh &amp; hội trường\"><figcaption>Ảnh: &quot;A&quot; &amp; B</figcaption></figure><p>Hết&#46;</p><img alt=\"\" src=\"b.png\">";
        assert_eq!(
            html_text(html),
            "Hội nghị đào tạo\nQuang cảnh & hội trường\nẢnh: \"A\" & B\nHết."
        );
    }
}
