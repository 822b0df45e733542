//! An article as the newsroom edits it, and as the Markdown file it is: the same front
//! matter the bundler reads (`trangtin check`, Git and hand edits keep working beside
//! the newsroom), written in one canonical order so that saving an unchanged article
//! gives the same bytes.

use serde::{Deserialize, Serialize};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// The fields staff fill in, as NukeViet has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fields {
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    pub category: String,
    /// `2024-06-25` or `2024-06-25T14:30:00+07:00`; empty: today.
    pub date: String,
    pub author: String,
    /// Where the news comes from ("Nguồn"): a name or an address.
    pub source: String,
    pub summary: String,
    pub lead: String,
    pub tags: Vec<String>,
    pub featured: bool,
    pub thumbnail: String,
    /// What the thumbnail shows, for those who cannot see it.
    pub thumbnail_alt: String,
    /// When a scheduled article goes live, and when it expires (RFC 3339).
    pub publish_at: String,
    pub expire_at: String,
    /// The body, in the bundler's Markdown.
    pub body: String,
}

impl Fields {
    /// Every text in Unicode NFC: Vietnamese typed or pasted with combining marks
    /// (decomposed, as some tools write it) becomes the precomposed letters search and
    /// slugs expect. Surrounding spaces go; the body keeps its lines.
    pub fn normalised(mut self) -> Fields {
        let nfc = |s: &str| s.nfc().collect::<String>();
        for s in [
            &mut self.title,
            &mut self.slug,
            &mut self.category,
            &mut self.date,
            &mut self.author,
            &mut self.source,
            &mut self.summary,
            &mut self.lead,
            &mut self.thumbnail,
            &mut self.thumbnail_alt,
            &mut self.publish_at,
            &mut self.expire_at,
        ] {
            *s = nfc(s.trim());
        }
        self.tags = self
            .tags
            .iter()
            .map(|t| nfc(t.trim()))
            .filter(|t| !t.is_empty())
            .collect();
        self.body = nfc(&self.body);
        self
    }

    /// The article file: front matter in a fixed order, then the body. `draft` keeps it
    /// out of the public site (drafts and articles waiting for approval).
    pub fn to_file(&self, draft: bool) -> String {
        let mut out = String::from("+++\n");
        let mut text = |key: &str, value: &str| {
            if !value.is_empty() {
                out.push_str(&format!("{key} = {}\n", toml::Value::from(value)));
            }
        };
        text("title", &self.title);
        text("slug", &self.slug);
        text("date", &self.date);
        text("category", &self.category);
        text("author", &self.author);
        text("source", &self.source);
        text("summary", &self.summary);
        text("lead", &self.lead);
        text("thumbnail", &self.thumbnail);
        text("thumbnail_alt", &self.thumbnail_alt);
        text("publish_at", &self.publish_at);
        text("expire_at", &self.expire_at);
        if !self.tags.is_empty() {
            let tags: Vec<toml::Value> = self.tags.iter().map(|t| t.as_str().into()).collect();
            out.push_str(&format!("tags = {}\n", toml::Value::Array(tags)));
        }
        if self.featured {
            out.push_str("featured = true\n");
        }
        if draft {
            out.push_str("draft = true\n");
        }
        out.push_str("+++\n");
        out.push_str(self.body.trim_end_matches('\n'));
        out.push('\n');
        out
    }

    /// Reads an article file (TOML or YAML front matter, as the bundler does). Returns
    /// the fields and whether it is a draft.
    pub fn from_file(path: &Path, text: &str) -> Result<(Fields, bool), String> {
        let source =
            trangtin_bundler::source::Source::parse(path, text).map_err(|d| d.to_string())?;
        let fm = &source.front;
        let value = |v: &Option<toml::Value>| match v {
            None => String::new(),
            Some(toml::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let fields = Fields {
            title: fm.title.clone().unwrap_or_default(),
            slug: fm.slug.clone().unwrap_or_default(),
            category: fm
                .category
                .clone()
                .or_else(|| fm.categories.first().cloned())
                .unwrap_or_default(),
            date: value(&fm.date),
            author: fm.author.clone().unwrap_or_default(),
            source: fm.source.clone().unwrap_or_default(),
            summary: fm.summary.clone().unwrap_or_default(),
            lead: fm.lead.clone().unwrap_or_default(),
            tags: fm.tags.clone(),
            featured: fm.featured,
            thumbnail: fm.thumbnail.clone().unwrap_or_default(),
            thumbnail_alt: fm.thumbnail_alt.clone().unwrap_or_default(),
            publish_at: value(&fm.publish_at),
            expire_at: value(&fm.expire_at),
            body: source.body.trim_start_matches('\n').to_string(),
        };
        Ok((fields, fm.draft))
    }

    /// The slug the article is published under: its own, or its title's.
    pub fn effective_slug(&self) -> String {
        if self.slug.is_empty() {
            trangtin_bundler::slug::slugify(&self.title)
        } else {
            self.slug.clone()
        }
    }

    /// What keeps the article from being saved, in Vietnamese; `categories` are the
    /// site's category slugs.
    pub fn problems(&self, categories: &[String]) -> Vec<String> {
        let mut problems = Vec::new();
        if self.title.is_empty() {
            problems.push("Chưa có tiêu đề.".to_string());
        }
        let slug = self.effective_slug();
        if !trangtin_model::is_valid_slug(&slug) {
            problems.push(format!(
                "Đường dẫn \"{slug}\" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang."
            ));
        }
        if !categories.contains(&self.category) {
            problems.push(
                "Chưa chọn chuyên mục, hoặc chuyên mục không có trong site.toml.".to_string(),
            );
        }
        for (name, value) in [
            ("Ngày đăng", &self.date),
            ("Giờ đăng hẹn trước", &self.publish_at),
            ("Giờ hết hạn", &self.expire_at),
        ] {
            if !value.is_empty() && trangtin_model::Timestamp::parse(value, 420).is_err() {
                problems.push(format!(
                    "{name} \"{value}\" không đúng dạng (ví dụ 2024-06-25 hoặc 2024-06-25T14:30:00+07:00)."
                ));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Fields {
        Fields {
            title: "Hội nghị \"sơ kết\" 6 tháng".into(),
            slug: String::new(),
            category: "tin-tuc".into(),
            date: "2024-06-25T14:30:00+07:00".into(),
            author: "Phòng Hành chính".into(),
            source: "https://baoquangninh.vn/bai-goc".into(),
            summary: "Tóm tắt.".into(),
            lead: String::new(),
            tags: vec!["thi đua".into(), "hội nghị".into()],
            featured: true,
            thumbnail: "../media/a.jpg".into(),
            thumbnail_alt: "Quang cảnh hội nghị".into(),
            publish_at: String::new(),
            expire_at: String::new(),
            body: "Đoạn một.\n\n## Mục\n\nĐoạn hai.\n".into(),
        }
    }

    #[test]
    fn a_file_reads_back_to_the_same_fields_and_writes_the_same_bytes() {
        let fields = sample();
        let file = fields.to_file(true);
        let (read, draft) = Fields::from_file(Path::new("a.md"), &file).unwrap();
        assert!(draft);
        assert_eq!(read, fields);
        assert_eq!(read.to_file(true), file);
    }

    #[test]
    fn decomposed_vietnamese_is_made_nfc() {
        let decomposed: String = "Hội nghị".nfd().collect();
        assert_ne!(decomposed, "Hội nghị");
        let f = Fields {
            title: format!("  {decomposed} "),
            ..Fields::default()
        }
        .normalised();
        assert_eq!(f.title, "Hội nghị");
    }

    #[test]
    fn problems_are_named_in_vietnamese() {
        let cats = vec!["tin-tuc".to_string()];
        assert!(sample().problems(&cats).is_empty());
        let bad = Fields {
            category: "khac".into(),
            date: "hôm qua".into(),
            ..sample()
        };
        let p = bad.problems(&cats);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(sample().effective_slug(), "hoi-nghi-so-ket-6-thang");
    }
}
