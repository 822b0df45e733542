//! Old addresses that keep working: `content/_redirects`, one rule per line in the format
//! of Netlify and Cloudflare Pages (`/old/path /bai-viet/new 301`). The importers write
//! it (an imported article's address on the old site → its address here); `trangtin
//! publish` puts it beside the site as `_redirects`, `deploy-config` turns it into nginx
//! `location`s, and `trangtin preview` and `serve` answer with it.

use std::path::Path;

/// The file in the content folder, and beside a published site.
pub const FILE: &str = "_redirects";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// A path of this site (`/index.php/vi/news/a-123.html`), with no query.
    pub from: String,
    /// A path of this site or an absolute address.
    pub to: String,
    /// 301, 302, 307 or 308.
    pub status: u16,
    /// Its line in the file (0 for a rule not read from one).
    pub line: usize,
}

/// The rules of a `_redirects` text, and each line that is not one (line, why).
pub fn parse(text: &str) -> (Vec<Redirect>, Vec<(usize, String)>) {
    let mut rules = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let status = match parts.get(2).map(|s| s.trim_end_matches('!')) {
            None => Ok(301),
            Some(s) => match s.parse::<u16>() {
                Ok(n @ (301 | 302 | 307 | 308)) => Ok(n),
                _ => Err(format!("status {s:?}: use 301, 302, 307 or 308")),
            },
        };
        let rule = match (parts.as_slice(), status) {
            (_, Err(why)) => Err(why),
            ([from, to, ..], Ok(status)) if parts.len() <= 3 => {
                if !from.starts_with('/') || from.starts_with("//") {
                    Err(format!(
                        "{from:?} must be a path of this site, starting with /"
                    ))
                } else if !(to.starts_with('/') && !to.starts_with("//")
                    || to.starts_with("https://")
                    || to.starts_with("http://"))
                {
                    Err(format!(
                        "{to:?} must be a path of this site or an http(s) address"
                    ))
                } else if from.contains(['*', ':', '?', '#']) {
                    Err(format!(
                        "{from:?}: patterns and queries are not supported; name each path"
                    ))
                } else if [from, to]
                    .iter()
                    .any(|s| s.contains(['"', '\'', '{', '}', ';', '\\']))
                {
                    Err("quotes, braces, semicolons and backslashes are not allowed".into())
                } else {
                    Ok(Redirect {
                        from: from.to_string(),
                        to: to.to_string(),
                        status,
                        line: i + 1,
                    })
                }
            }
            _ => Err("expected `/old/path /new/path [301]`".into()),
        };
        match rule {
            Ok(r) => rules.push(r),
            Err(why) => bad.push((i + 1, why)),
        }
    }
    (rules, bad)
}

/// `rules` as a `_redirects` text, for a site served under `base_path`.
pub fn to_text(rules: &[Redirect], base_path: &str) -> String {
    let base = base_path.trim_end_matches('/');
    let mut out = String::from("# Old addresses and where they are now (trangtin).\n");
    for r in rules {
        let to = if r.to.starts_with('/') {
            format!("{base}{}", r.to)
        } else {
            r.to.clone()
        };
        out.push_str(&format!("{base}{} {to} {}\n", r.from, r.status));
    }
    out
}

/// The rules of a site's content folder (none without the file).
pub fn load(content: &Path) -> Result<Vec<Redirect>, crate::Diagnostic> {
    let path = content.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(crate::Diagnostic::new(
                &path,
                1,
                format!("cannot read: {e}"),
            ))
        }
    };
    let (rules, bad) = parse(&text);
    match bad.first() {
        Some((line, why)) => Err(crate::Diagnostic::new(&path, *line, why.clone())),
        None => Ok(rules),
    }
}

/// Adds `new` to the content folder's rules (an address already there keeps its rule),
/// and says how many were added.
pub fn add(content: &Path, new: &[Redirect]) -> Result<usize, String> {
    let path = content.join(FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (existing, _) = parse(&text);
    let mut out = text.clone();
    if out.is_empty() {
        out.push_str("# Old addresses and where they are now: `/old /new 301` per line.\n");
    } else if !out.ends_with('\n') {
        out.push('\n');
    }
    let mut added = 0;
    let mut seen: std::collections::BTreeSet<&str> =
        existing.iter().map(|r| r.from.as_str()).collect();
    for r in new {
        if r.from == r.to || !seen.insert(r.from.as_str()) {
            continue;
        }
        out.push_str(&format!("{} {} {}\n", r.from, r.to, r.status));
        added += 1;
    }
    if added > 0 {
        std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(added)
}

/// The nginx `location`s that answer each rule of a published `_redirects` text.
pub fn nginx_locations(text: &str) -> String {
    let (rules, _) = parse(text);
    rules
        .iter()
        .map(|r| {
            format!(
                "    location = {} {{\n        return {} {};\n    }}\n",
                r.from, r.status, r.to
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_read_and_bad_lines_named() {
        let (rules, bad) = parse(
            "# cũ\n/index.php/vi/news/a-123.html /bai-viet/a\n/?p=12 /bai-viet/b 302\n\
             /x https://example.org/y 308\nkhong-co-gach /a\n/a /b 200\n/a*/ /b\n/a /b\"; x\n",
        );
        assert_eq!(
            rules,
            [
                Redirect {
                    from: "/index.php/vi/news/a-123.html".into(),
                    to: "/bai-viet/a".into(),
                    status: 301,
                    line: 2,
                },
                Redirect {
                    from: "/x".into(),
                    to: "https://example.org/y".into(),
                    status: 308,
                    line: 4,
                },
            ]
        );
        let lines: Vec<usize> = bad.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 5, 6, 7, 8]);
        assert_eq!(
            to_text(&rules[..1], "/portal/"),
            "# Old addresses and where they are now (trangtin).\n/portal/index.php/vi/news/a-123.html /portal/bai-viet/a 301\n"
        );
        assert!(nginx_locations("/a /b 301\n").contains("location = /a {\n        return 301 /b;"));
    }

    #[test]
    fn adding_keeps_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let r = |from: &str, to: &str| Redirect {
            from: from.into(),
            to: to.into(),
            status: 301,
            line: 0,
        };
        assert_eq!(
            add(
                dir.path(),
                &[r("/a", "/bai-viet/a"), r("/b", "/bai-viet/b")]
            )
            .unwrap(),
            2
        );
        assert_eq!(
            add(
                dir.path(),
                &[r("/a", "/bai-viet/khac"), r("/c", "/bai-viet/c")]
            )
            .unwrap(),
            1
        );
        let rules = load(dir.path()).unwrap();
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].to, "/bai-viet/a");
    }
}
