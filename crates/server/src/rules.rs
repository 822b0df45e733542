//! The site's `_headers` file (the format of Cloudflare Pages and Netlify, which
//! `trangtin deploy-config` writes): a path pattern on a line of its own, `*` matching
//! any run of characters, then its headers indented below it. Served here as a host
//! would serve it, so the Content-Security-Policy readers get is the one tested.

use axum::http::{HeaderName, HeaderValue};

#[derive(Clone)]
pub struct Rules(Vec<(String, Vec<(HeaderName, HeaderValue)>)>);

impl Rules {
    pub fn parse(text: &str) -> Rules {
        let mut rules: Vec<(String, Vec<(HeaderName, HeaderValue)>)> = Vec::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if !line.starts_with([' ', '\t']) {
                rules.push((trimmed.to_string(), Vec::new()));
                continue;
            }
            let (Some(rule), Some((name, value))) = (rules.last_mut(), trimmed.split_once(':'))
            else {
                continue;
            };
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.trim().as_bytes()),
                HeaderValue::from_str(value.trim()),
            ) {
                rule.1.push((name, value));
            }
        }
        Rules(rules)
    }

    /// The headers for `path`, in the file's order (a later rule's header replaces an
    /// earlier one of the same name).
    pub fn for_path<'a>(
        &'a self,
        path: &'a str,
    ) -> impl Iterator<Item = &'a (HeaderName, HeaderValue)> + 'a {
        self.0
            .iter()
            .filter(move |(pattern, _)| matches(pattern, path))
            .flat_map(|(_, headers)| headers)
    }
}

/// A site's rules, read again when its `_headers` changes (a new publish).
pub struct Watched {
    path: std::path::PathBuf,
    current: std::sync::Mutex<(Option<std::time::SystemTime>, std::sync::Arc<Rules>)>,
}

impl Watched {
    pub fn new(root: &std::path::Path) -> Watched {
        Watched {
            path: root.join("_headers"),
            current: std::sync::Mutex::new((None, std::sync::Arc::new(Rules(Vec::new())))),
        }
    }

    pub fn get(&self) -> std::sync::Arc<Rules> {
        let modified = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok();
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.0 != modified || modified.is_none() && !current.1 .0.is_empty() {
            let text = std::fs::read_to_string(&self.path).unwrap_or_default();
            *current = (modified, std::sync::Arc::new(Rules::parse(&text)));
        }
        current.1.clone()
    }
}

/// `pattern` with `*` for any run of characters, against the whole of `path`.
fn matches(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return rest.is_empty();
    }
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_hosts_match_them() {
        assert!(matches("/*", "/"));
        assert!(matches("/*", "/bai-viet/a"));
        assert!(matches("/content/bai-viet/*", "/content/bai-viet/a.json"));
        assert!(!matches("/content/bai-viet/*", "/content/site.json"));
        assert!(matches("/content/site.json", "/content/site.json"));
        assert!(!matches("/content/site.json", "/content/site.json.br"));
        assert!(matches("/a/*/b", "/a/x/y/b"));
    }

    #[test]
    fn rules_give_their_headers_in_order() {
        let rules = Rules::parse(
            "# a comment\n/*\n  Content-Security-Policy: default-src 'self'\n  X-A: 1\n/content/*\n  X-A: 2\n",
        );
        let got: Vec<String> = rules
            .for_path("/content/x.json")
            .map(|(n, v)| format!("{n}={}", v.to_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                "content-security-policy=default-src 'self'",
                "x-a=1",
                "x-a=2"
            ]
        );
        assert_eq!(rules.for_path("/").count(), 2);
    }
}
