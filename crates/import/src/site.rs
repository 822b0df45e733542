//! What the importers of whole sites share: the article they make, the report of what
//! was converted and what was left out and why, writing the articles and the redirects
//! from their old addresses.

use std::collections::BTreeMap;
use std::path::Path;

/// An article as an importer makes it, before it is written.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub slug: String,
    pub title: String,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM:SS` in the site's time.
    pub date: String,
    pub category: String,
    pub tags: Vec<String>,
    pub author: Option<String>,
    pub summary: Option<String>,
    pub thumbnail: Option<String>,
    pub draft: bool,
    /// Markdown.
    pub body: String,
    /// Paths of the old site that showed it (`/2019/08/khai-giang/`).
    pub old_paths: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub articles: Vec<Article>,
    /// What was converted, by kind, and how often.
    pub converted: BTreeMap<String, usize>,
    /// Whole entries not imported: what, and why.
    pub dropped: Vec<(String, String)>,
    /// Parts of imported articles left out: the article, and what.
    pub dropped_parts: Vec<(String, String)>,
    pub notes: Vec<String>,
    /// Files to copy: from, and to (below `content/media/`).
    pub media: Vec<(std::path::PathBuf, String)>,
}

impl Report {
    pub fn add(&mut self, article: Article) {
        self.articles.push(article);
    }
    pub fn converted(&mut self, what: &str) {
        *self.converted.entry(what.to_string()).or_default() += 1;
    }
    pub fn dropped(&mut self, what: &str, why: String) {
        self.dropped.push((what.to_string(), why));
    }
    pub fn dropped_part(&mut self, article: &str, what: String) {
        self.dropped_parts.push((article.to_string(), what));
    }
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }
}

impl Article {
    /// The article file: TOML front matter, then the body.
    pub fn to_file(&self) -> String {
        #[derive(serde::Serialize)]
        struct Front<'a> {
            title: &'a str,
            date: toml::Value,
            category: &'a str,
            slug: &'a str,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            tags: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            author: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            summary: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            thumbnail: Option<&'a str>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            draft: bool,
        }
        let date = self
            .date
            .parse::<toml::value::Datetime>()
            .map(toml::Value::Datetime)
            .unwrap_or_else(|_| toml::Value::String(self.date.clone()));
        let front = Front {
            title: &self.title,
            date,
            category: &self.category,
            slug: &self.slug,
            tags: &self.tags,
            author: self.author.as_deref(),
            summary: self.summary.as_deref(),
            thumbnail: self.thumbnail.as_deref(),
            draft: self.draft,
        };
        let toml = toml::to_string(&front).unwrap_or_default();
        format!("+++\n{toml}+++\n{}\n", self.body.trim_end())
    }
}

/// What writing an import did.
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<String>,
    /// Articles whose file exists already (kept; `--force` replaces them).
    pub kept: Vec<String>,
    pub redirects: usize,
    /// Files copied into `content/media/`.
    pub media: usize,
}

/// Writes the report's articles into `content/articles/` and their old addresses into
/// `content/_redirects`. Two articles with one slug get `-2`, `-3`.
pub fn write(report: &mut Report, content: &Path, force: bool) -> Result<Written, String> {
    write_to(report, &content.join("articles"), content, force)
}

/// [`write`] with the articles in `dir`.
pub fn write_to(
    report: &mut Report,
    dir: &Path,
    content: &Path,
    force: bool,
) -> Result<Written, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Written::default();
    let mut taken = std::collections::BTreeSet::new();
    let mut redirects = Vec::new();
    for article in &mut report.articles {
        let base = article.slug.clone();
        let mut n = 2;
        while !taken.insert(article.slug.clone()) {
            article.slug = format!("{base}-{n}");
            n += 1;
        }
        let path = dir.join(format!("{}.md", article.slug));
        if path.exists() && !force {
            written.kept.push(path.display().to_string());
            continue;
        }
        std::fs::write(&path, article.to_file()).map_err(|e| format!("{}: {e}", path.display()))?;
        written.files.push(path.display().to_string());
        for old in &article.old_paths {
            redirects.push(trangtin_content::redirects::Redirect {
                from: old.clone(),
                to: format!("/bai-viet/{}", article.slug),
                status: 301,
                line: 0,
            });
        }
    }
    written.redirects = trangtin_content::redirects::add(content, &redirects)?;
    for (from, to) in &report.media {
        let dest = content.join("media").join(to);
        if dest.exists() && !force {
            continue;
        }
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::copy(from, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        written.media += 1;
    }
    Ok(written)
}

/// The path of an old address (`https://truong.vn/2019/08/a/` → `/2019/08/a/`), if it
/// is one a redirect can name (no query).
pub fn old_path(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &rest[rest.find('/')?..];
    let path = path.split('#').next().unwrap_or(path);
    // As servers match it: decoded (`th%c3%b4ng` is `thông`).
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    (path.len() > 1 && !path.contains(['?', ' ', '"', '\'', '{', '}', ';', '\\', '*', ':']))
        .then(|| path.to_string())
}

/// HTML as Markdown (htmd, a port of Turndown): figures keep their captions as our
/// `![alt](src "caption")`.
pub fn html_to_markdown(html: &str) -> String {
    let html = figures_as_titled_images(html);
    let markdown = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec![
            "script", "style", "noscript", "iframe", "form", "nav", "button",
        ])
        .build()
        .convert(&html)
        .unwrap_or_else(|_| plain_text(&html));
    markdown.trim().to_string() + "\n"
}

/// `<figure><img …><figcaption>C</figcaption></figure>` → `<p><img … title="C"></p>`.
fn figures_as_titled_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<figure") {
        let Some(end) = rest[at..].find("</figure>").map(|e| at + e) else {
            break;
        };
        out.push_str(&rest[..at]);
        let inner = &rest[at..end];
        let caption = inner
            .find("<figcaption")
            .and_then(|s| inner[s..].find('>').map(|e| s + e + 1))
            .map(|s| {
                &inner[s..inner[s..]
                    .find("</figcaption>")
                    .map_or(inner.len(), |e| s + e)]
            })
            .map(plain_text)
            .unwrap_or_default();
        match inner.find("<img") {
            Some(s) => {
                let img = &inner[s..];
                let img = &img[..img.find('>').map_or(img.len(), |e| e + 1)];
                let img = img.trim_end_matches('>').trim_end_matches('/').trim_end();
                let title = caption.replace('"', "&quot;");
                if title.is_empty() {
                    out.push_str(&format!("<p>{img}></p>"));
                } else {
                    out.push_str(&format!("<p>{img} title=\"{title}\"></p>"));
                }
            }
            None => out.push_str(inner),
        }
        rest = &rest[end + "</figure>".len()..];
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment, entities decoded, spaces collapsed.
pub fn plain_text(html: &str) -> String {
    trangtin_search::text::html_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The site's category for an entry that named `wanted` (slugs or names, first match
/// wins), else `default`, with a note naming the one the site lacks.
pub fn category(
    report: &mut Report,
    entry: &str,
    wanted: &[&str],
    categories: &[(String, String)],
    default: &str,
) -> String {
    let found = wanted.iter().find_map(|name| {
        categories.iter().find(|(slug, label)| {
            *slug == trangtin_content::slug::slugify(name)
                || label.to_lowercase() == name.to_lowercase()
        })
    });
    match found {
        Some((slug, _)) => slug.clone(),
        None => {
            if let Some(name) = wanted.first() {
                report.note(format!(
                    "“{entry}”: category “{name}” is not in site.toml; put in {default}"
                ));
            }
            default.to_string()
        }
    }
}

/// The files under `dir` (all its folders) whose extension is one of `extensions`, sorted.
pub fn files_under(dir: &Path, extensions: &[&str]) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_written_as_our_files() {
        let a = Article {
            slug: "khai-giang".into(),
            title: "Lễ \"khai giảng\"".into(),
            date: "2019-08-05T16:32:00".into(),
            category: "tin-tuc".into(),
            tags: vec!["a".into()],
            body: "Nội dung.\n".into(),
            ..Default::default()
        };
        let file = a.to_file();
        assert!(file.starts_with("+++\ntitle = 'Lễ \"khai giảng\"'\ndate = 2019-08-05T16:32:00\ncategory = \"tin-tuc\"\nslug = \"khai-giang\"\ntags = [\"a\"]\n+++\nNội dung.\n"), "{file}");
        assert_eq!(old_path("https://truong.vn/2019/08/a/?x=1"), None);
        assert_eq!(
            old_path("https://truong.vn/2019/08/a/#top").as_deref(),
            Some("/2019/08/a/")
        );
        assert_eq!(old_path("https://truong.vn/"), None);
        assert_eq!(
            old_path("https://truong.vn/2019/th%c3%b4ng-b%C3%A1o/").as_deref(),
            Some("/2019/thông-báo/")
        );
        assert_eq!(
            trangtin_search::text::decode_entities(
                "Năm 2019 &#8211; 2020 &amp; &#x1EC7; &ndash; &bogus; & x"
            ),
            "Năm 2019 – 2020 & ệ – &bogus; & x"
        );
    }

    #[test]
    fn html_becomes_markdown_with_our_figures() {
        let md = html_to_markdown("<h2>Mục</h2><p>Chữ <strong>đậm</strong>.</p><figure><img src=\"a.jpg\" alt=\"Ảnh\"><figcaption>Chú <em>thích</em></figcaption></figure><script>x()</script>");
        assert!(md.contains("## Mục"), "{md}");
        assert!(md.contains("Chữ **đậm**."), "{md}");
        assert!(md.contains("![Ảnh](a.jpg \"Chú thích\")"), "{md}");
        assert!(!md.contains("x()"), "{md}");
    }
}
