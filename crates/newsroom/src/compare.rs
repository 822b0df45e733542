//! Two versions of an article side by side: the file's lines paired, and inside a
//! changed line (a paragraph is one line) the words that changed.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A piece of a line, changed or not.
#[derive(Debug, PartialEq, Serialize)]
pub struct Piece {
    pub text: String,
    pub changed: bool,
}

/// One row of the comparison: the line as it was (left) and as it became (right);
/// `None` where a side has no line (added or removed).
#[derive(Debug, PartialEq, Serialize)]
pub struct Row {
    pub left: Option<Vec<Piece>>,
    pub right: Option<Vec<Piece>>,
}

fn whole(line: &str, changed: bool) -> Vec<Piece> {
    vec![Piece {
        text: line.trim_end_matches('\n').to_string(),
        changed,
    }]
}

/// The words of `a` and `b` that differ, as pieces of each.
fn words(a: &str, b: &str) -> (Vec<Piece>, Vec<Piece>) {
    let diff = TextDiff::from_words(a.trim_end_matches('\n'), b.trim_end_matches('\n'));
    let (mut left, mut right): (Vec<Piece>, Vec<Piece>) = (Vec::new(), Vec::new());
    let push = |side: &mut Vec<Piece>, text: &str, changed: bool| match side.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => side.push(Piece {
            text: text.to_string(),
            changed,
        }),
    };
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut left, text, false);
                push(&mut right, text, false);
            }
            ChangeTag::Delete => push(&mut left, text, true),
            ChangeTag::Insert => push(&mut right, text, true),
        }
    }
    (left, right)
}

/// `old` and `new`, line by line. Lines removed and added at one place are paired, so a
/// changed paragraph shows beside its old self with its changed words marked.
pub fn compare(old: &str, new: &str) -> Vec<Row> {
    let diff = TextDiff::from_lines(old, new);
    let mut rows = Vec::new();
    for op in diff.ops() {
        let changes: Vec<_> = diff.iter_changes(op).collect();
        let removed: Vec<&str> = changes
            .iter()
            .filter(|c| c.tag() == ChangeTag::Delete)
            .map(|c| c.value())
            .collect();
        let added: Vec<&str> = changes
            .iter()
            .filter(|c| c.tag() == ChangeTag::Insert)
            .map(|c| c.value())
            .collect();
        for c in changes.iter().filter(|c| c.tag() == ChangeTag::Equal) {
            rows.push(Row {
                left: Some(whole(c.value(), false)),
                right: Some(whole(c.value(), false)),
            });
        }
        for i in 0..removed.len().max(added.len()) {
            rows.push(match (removed.get(i), added.get(i)) {
                (Some(a), Some(b)) => {
                    let (left, right) = words(a, b);
                    Row {
                        left: Some(left),
                        right: Some(right),
                    }
                }
                (Some(a), None) => Row {
                    left: Some(whole(a, true)),
                    right: None,
                },
                (None, Some(b)) => Row {
                    left: None,
                    right: Some(whole(b, true)),
                },
                (None, None) => unreachable!("within the longer side"),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &Option<Vec<Piece>>) -> String {
        pieces
            .iter()
            .flatten()
            .map(|p| {
                if p.changed {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn a_changed_paragraph_shows_its_changed_words_beside_the_old() {
        let old = "title = \"Hội nghị\"\n\nSáng nay Nhà trường tổ chức hội nghị.\n\nĐoạn cuối.\n";
        let new = "title = \"Hội nghị\"\n\nSáng 1/12 Nhà trường tổ chức hội nghị tổng kết.\n\nĐoạn cuối.\n\nĐoạn mới.\n";
        let rows = compare(old, new);
        let shown: Vec<(String, String)> = rows
            .iter()
            .map(|r| (text(&r.left), text(&r.right)))
            .collect();
        assert_eq!(
            shown[0],
            ("title = \"Hội nghị\"".into(), "title = \"Hội nghị\"".into())
        );
        assert!(
            shown.contains(&(
                "Sáng [nay] Nhà trường tổ chức hội [nghị.]".into(),
                "Sáng [1/12] Nhà trường tổ chức hội [nghị tổng kết.]".into()
            )),
            "{shown:?}"
        );
        assert_eq!(
            shown.last().unwrap(),
            &(String::new(), "[Đoạn mới.]".into())
        );
    }

    #[test]
    fn the_same_text_has_nothing_changed() {
        let rows = compare("a\nb\n", "a\nb\n");
        assert!(rows.iter().all(|r| r.left == r.right));
    }
}
