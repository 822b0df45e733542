//! A Markdown site (Hugo; Jekyll and Hexo write the same front matter) to articles: its
//! front matter read (TOML or YAML: title, date, slug, draft, categories, tags,
//! description, author, images, aliases), its shortcodes made ours
//! ([`trangtin_markdown::shortcodes`]), its pictures (a page bundle's own files, `static/` ones)
//! copied into `content/media/`, and its old addresses (the permalink, the aliases)
//! redirects.

use crate::site::{Article, Report};
use serde_json::Value;
use std::path::Path;

/// The site's permalink patterns per section (`[permalinks] posts = "/:year/:slug/"`).
fn permalinks(site: &Path) -> Vec<(String, String)> {
    for name in ["hugo.toml", "config.toml"] {
        if let Ok(text) = std::fs::read_to_string(site.join(name)) {
            let table: toml::Table = toml::from_str(&text).unwrap_or_default();
            return table
                .get("permalinks")
                .and_then(|p| p.as_table())
                .map(|t| {
                    t.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default();
        }
    }
    Vec::new()
}

/// The front matter (as JSON values, whichever language it was in) and the body.
fn split(text: &str) -> Result<(Value, &str), String> {
    let text = text.trim_start_matches('\u{feff}');
    for (fence, toml) in [("+++", true), ("---", false)] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let rest = rest.trim_start_matches([' ', '\t']);
        let rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .ok_or("no front matter")?;
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                let front = &rest[..offset];
                let body = &rest[offset + line.len()..];
                let value = if toml {
                    toml::from_str::<toml::Table>(front)
                        .map_err(|e| format!("bad front matter: {}", e.message()))
                        .and_then(|t| serde_json::to_value(t).map_err(|e| e.to_string()))?
                } else if front.trim().is_empty() {
                    Value::Object(Default::default())
                } else {
                    serde_saphyr::from_str::<Value>(front)
                        .map_err(|e| format!("bad front matter: {e}"))?
                };
                return Ok((value, body));
            }
            offset += line.len();
        }
        return Err("front matter is not closed".into());
    }
    Err("no front matter".into())
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        // A TOML datetime, as serialised.
        Value::Object(o) => o
            .values()
            .next()
            .and_then(|v| v.as_str())
            .map(str::to_string),
        _ => None,
    }
}

/// Imports the Markdown site at `site` (its `content/` folder) for a site whose
/// categories are `categories`; a post in none of them goes to `default_category`.
pub fn import(
    site: &Path,
    categories: &[(String, String)],
    default_category: &str,
) -> Result<Report, String> {
    let content = site.join("content");
    if !content.is_dir() {
        return Err(format!(
            "{} has no content/ folder: not a Hugo site",
            site.display()
        ));
    }
    let patterns = permalinks(site);
    let mut report = Report::default();
    for path in crate::site::files_under(&content, &["md", "markdown"]) {
        let rel = path.strip_prefix(&content).unwrap_or(&path);
        let shown = rel.display().to_string();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "_index" {
            report.dropped(&shown, "a section's list page, not an article".into());
            continue;
        }
        let raw = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (front, body) = match split(&raw) {
            Ok(x) => x,
            Err(why) => {
                report.dropped(&shown, why);
                continue;
            }
        };
        let get = |k: &str| front.get(k);
        let Some(title) = text(get("title")) else {
            report.dropped(&shown, "no title".into());
            continue;
        };
        let Some(date) = text(get("date")).or_else(|| text(get("publishDate"))) else {
            report.dropped(&shown, "no date".into());
            continue;
        };
        // A page bundle (`posts/khai-giang/index.md`) is named by its folder.
        let bundle = name == "index";
        let file_name = if bundle {
            path.parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            name.clone()
        };
        let slug = text(get("slug"))
            .map(|s| trangtin_content::slug::slugify(&s))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| trangtin_content::slug::slugify(&file_name));
        let section = rel
            .components()
            .next()
            .filter(|_| rel.components().count() > 1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let wanted = [strings(get("categories")), strings(get("category"))].concat();
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let category =
            crate::site::category(&mut report, &title, &wanted, categories, default_category);
        // The body: shortcodes made ours, then its pictures brought along.
        let converted = trangtin_markdown::shortcodes::convert(body);
        for (_, what) in &converted.dropped {
            report.dropped_part(&title, what.clone());
        }
        for what in &converted.converted {
            report.converted(&format!("{{{{< {what} >}}}}"));
        }
        let mut markdown = converted.text;
        let mut thumbnail = text(get("image"))
            .or_else(|| text(get("featured_image")))
            .or_else(|| strings(get("images")).into_iter().next())
            .or_else(|| get("cover").and_then(|c| text(c.get("image"))));
        if bundle {
            let dir = path.parent().unwrap_or(site);
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let file = entry.path();
                let Some(fname) = file.file_name().map(|s| s.to_string_lossy().into_owned()) else {
                    continue;
                };
                if file.is_dir() || fname.ends_with(".md") {
                    continue;
                }
                let to = format!("hugo/{slug}/{fname}");
                let used =
                    markdown.contains(&fname) || thumbnail.as_deref() == Some(fname.as_str());
                if used {
                    markdown = markdown
                        .replace(&format!("]({fname}"), &format!("](../media/{to}"))
                        .replace(
                            &format!("src=\"{fname}\""),
                            &format!("src=\"../media/{to}\""),
                        );
                    if thumbnail.as_deref() == Some(fname.as_str()) {
                        thumbnail = Some(format!("../media/{to}"));
                    }
                    report.media.push((file.clone(), to));
                }
            }
        }
        // Pictures of `static/`, referred to from the site's root.
        let static_dir = site.join("static");
        let mut rewritten = String::with_capacity(markdown.len());
        let mut rest = markdown.as_str();
        while let Some(at) = rest.find("](/").or_else(|| rest.find("src=\"/")) {
            let start = at + rest[at..].find('/').unwrap_or(0);
            let end = start
                + rest[start..]
                    .find([')', '"', ' '])
                    .unwrap_or(rest.len() - start);
            let target = &rest[start..end];
            rewritten.push_str(&rest[..start]);
            let file = static_dir.join(target.trim_start_matches('/'));
            if file.is_file() && !target.contains("..") {
                let to = format!("static{target}");
                rewritten.push_str(&format!("../media/{to}"));
                report.media.push((file, to));
            } else {
                rewritten.push_str(target);
            }
            rest = &rest[end..];
        }
        rewritten.push_str(rest);
        if let Some(t) = thumbnail.clone().filter(|t| t.starts_with('/')) {
            let file = static_dir.join(t.trim_start_matches('/'));
            if file.is_file() {
                thumbnail = Some(format!("../media/static{t}"));
                report.media.push((file, format!("static{t}")));
            }
        }
        let mut old_paths = vec![old_url(&patterns, &section, &slug, &file_name, &date)];
        old_paths.extend(
            strings(get("aliases"))
                .into_iter()
                .filter(|a| a.starts_with('/')),
        );
        let old_paths = old_paths
            .into_iter()
            .filter_map(|p| crate::site::old_path(&format!("x://h{p}")))
            .collect();
        report.converted("Markdown article");
        report.add(Article {
            slug,
            title,
            date: normalise_date(&date),
            category,
            tags: strings(get("tags")),
            author: text(get("author")).or_else(|| strings(get("authors")).into_iter().next()),
            summary: text(get("description")).or_else(|| text(get("summary"))),
            thumbnail,
            draft: get("draft").and_then(Value::as_bool).unwrap_or(false),
            body: rewritten,
            old_paths,
        });
    }
    Ok(report)
}

/// `2019-08-05 16:32:00 +0700` and `2019-08-05T16:32:00+07:00` as RFC 3339 when they
/// read so (the bundler reads both; TOML front matter wants one).
fn normalise_date(date: &str) -> String {
    trangtin_model::Timestamp::parse(date, 420)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| date.to_string())
}

/// The address Hugo gave the article: the section's permalink pattern, or
/// `/{section}/{slug}/`.
fn old_url(
    patterns: &[(String, String)],
    section: &str,
    slug: &str,
    file: &str,
    date: &str,
) -> String {
    let pattern = patterns
        .iter()
        .find(|(s, _)| s == section)
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| {
            if section.is_empty() {
                "/:slug/".into()
            } else {
                "/:section/:slug/".into()
            }
        });
    let part = |r: std::ops::Range<usize>| date.get(r).unwrap_or("");
    pattern
        .replace(":year", part(0..4))
        .replace(":month", part(5..7))
        .replace(":day", part(8..10))
        .replace(":section", section)
        .replace(":slug", slug)
        .replace(":title", slug)
        .replace(":filename", file)
        .replace(":contentbasename", file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_follow_the_sites_pattern() {
        let p = vec![("posts".to_string(), "/:year/:month/:slug/".to_string())];
        assert_eq!(
            old_url(&p, "posts", "khai-giang", "khai-giang", "2019-08-05"),
            "/2019/08/khai-giang/"
        );
        assert_eq!(old_url(&p, "news", "a", "a", "2019-08-05"), "/news/a/");
        assert_eq!(
            normalise_date("2019-08-05 16:32:00 +0700"),
            "2019-08-05T16:32:00+07:00"
        );
        // A date that is not one: its letters are never cut through.
        let _ = old_url(&p, "posts", "a", "a", "Thứ 2");
        let _ = old_url(&p, "posts", "a", "a", "ngày 5 tháng 8");
    }
}
