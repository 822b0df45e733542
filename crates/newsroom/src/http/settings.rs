//! The site's settings, for administrators: its name, categories and side parts
//! (banners, linked sites, videos, the fanpage), read from `site.toml` and written back
//! into it in place, so its comments and every other setting stay as they were.

use crate::http::error::internal;
use crate::http::error::refuse;
use crate::http::error::Answer;
use crate::http::publish_site;
use crate::http::session::Changer;
use crate::http::session::Signed;
use crate::publishing::commit_content_as;
use crate::Shared;

use crate::article::Fields;
use crate::store::Role;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub name: String,
    #[serde(default)]
    pub tagline: String,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub banners: Vec<Banner>,
    #[serde(default)]
    pub linked_sites: Vec<Link>,
    #[serde(default)]
    pub videos: Vec<Video>,
    /// Empty label and address: no fanpage.
    #[serde(default)]
    pub fanpage: Link,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    /// An address not confirmed yet (the example site's).
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Banner {
    pub label: String,
    pub href: String,
    /// Under the content folder: `media/banners/x.png`.
    pub image: String,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Video {
    pub title: String,
    #[serde(default)]
    pub youtube: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub poster: String,
    #[serde(default)]
    pub example: bool,
}

fn text(t: &Table, key: &str) -> String {
    t.get(key)
        .and_then(Item::as_str)
        .unwrap_or_default()
        .to_string()
}

fn flag(t: &Table, key: &str) -> bool {
    t.get(key).and_then(Item::as_bool).unwrap_or(false)
}

fn tables<'a>(doc: &'a DocumentMut, key: &str) -> Vec<&'a Table> {
    doc.get(key)
        .and_then(Item::as_array_of_tables)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn link_of(t: &Table) -> Link {
    Link {
        label: text(t, "label"),
        href: text(t, "href"),
        example: flag(t, "example"),
    }
}

/// The settings `site.toml` holds.
pub fn read(doc: &DocumentMut) -> Settings {
    let empty = Table::new();
    let site = doc.get("site").and_then(Item::as_table).unwrap_or(&empty);
    Settings {
        name: text(site, "name"),
        tagline: text(site, "tagline"),
        categories: tables(doc, "categories")
            .into_iter()
            .map(|t| Category {
                slug: text(t, "slug"),
                name: text(t, "name"),
                description: text(t, "description"),
            })
            .collect(),
        banners: tables(doc, "banners")
            .into_iter()
            .map(|t| Banner {
                label: text(t, "label"),
                href: text(t, "href"),
                image: text(t, "image"),
                example: flag(t, "example"),
            })
            .collect(),
        linked_sites: tables(doc, "linked_sites")
            .into_iter()
            .map(link_of)
            .collect(),
        videos: tables(doc, "videos")
            .into_iter()
            .map(|t| Video {
                title: text(t, "title"),
                youtube: text(t, "youtube"),
                file: text(t, "file"),
                poster: text(t, "poster"),
                example: flag(t, "example"),
            })
            .collect(),
        fanpage: doc
            .get("fanpage")
            .and_then(Item::as_table)
            .map(link_of)
            .unwrap_or_default(),
    }
}

fn set_text(t: &mut Table, key: &str, v: &str) {
    let v = v.trim();
    if v.is_empty() {
        t.remove(key);
    } else if t.get(key).and_then(Item::as_str) != Some(v) {
        t[key] = value(v);
    }
}

fn set_flag(t: &mut Table, key: &str, on: bool) {
    if on {
        if !flag(t, key) {
            t[key] = value(true);
        }
    } else {
        t.remove(key);
    }
}

/// The array of tables `key` made `n` long, each table filled in place (so a table's
/// comments stay with it), or removed when `n` is 0.
fn sync(doc: &mut DocumentMut, key: &str, n: usize, mut fill: impl FnMut(usize, &mut Table)) {
    if n == 0 {
        doc.remove(key);
        return;
    }
    if !doc.get(key).is_some_and(Item::is_array_of_tables) {
        doc[key] = Item::ArrayOfTables(ArrayOfTables::new());
    }
    let array = doc[key].as_array_of_tables_mut().expect("made above");
    while array.len() > n {
        array.remove(array.len() - 1);
    }
    while array.len() < n {
        array.push(Table::new());
    }
    for (i, t) in array.iter_mut().enumerate() {
        fill(i, t);
    }
}

fn set_link(t: &mut Table, l: &Link) {
    set_text(t, "label", &l.label);
    set_text(t, "href", &l.href);
    set_flag(t, "example", l.example);
}

/// `doc` with `s` written into it; everything else as it was.
pub fn write(doc: &mut DocumentMut, s: &Settings) {
    if !doc.get("site").is_some_and(Item::is_table) {
        doc["site"] = Item::Table(Table::new());
    }
    let site = doc["site"].as_table_mut().expect("made above");
    set_text(site, "name", &s.name);
    set_text(site, "tagline", &s.tagline);
    sync(doc, "categories", s.categories.len(), |i, t| {
        let c = &s.categories[i];
        set_text(t, "slug", &c.slug);
        set_text(t, "name", &c.name);
        set_text(t, "description", &c.description);
    });
    sync(doc, "banners", s.banners.len(), |i, t| {
        let b = &s.banners[i];
        set_text(t, "label", &b.label);
        set_text(t, "href", &b.href);
        set_text(t, "image", &b.image);
        set_flag(t, "example", b.example);
    });
    sync(doc, "linked_sites", s.linked_sites.len(), |i, t| {
        set_link(t, &s.linked_sites[i])
    });
    sync(doc, "videos", s.videos.len(), |i, t| {
        let v = &s.videos[i];
        set_text(t, "title", &v.title);
        set_text(t, "youtube", &v.youtube);
        set_text(t, "file", &v.file);
        set_text(t, "poster", &v.poster);
        set_flag(t, "example", v.example);
    });
    if s.fanpage.label.trim().is_empty() && s.fanpage.href.trim().is_empty() {
        doc.remove("fanpage");
    } else {
        if !doc.get("fanpage").is_some_and(Item::is_table) {
            doc["fanpage"] = Item::Table(Table::new());
        }
        set_link(
            doc["fanpage"].as_table_mut().expect("made above"),
            &s.fanpage,
        );
    }
}

/// What is wrong with `s`, in Vietnamese, before anything is written. `used` counts the
/// articles of each category.
fn problems(s: &Settings, content: &Path, used: &BTreeMap<String, usize>) -> Vec<String> {
    let mut out = Vec::new();
    if s.name.trim().is_empty() {
        out.push("Tên trang không được để trống.".to_string());
    }
    if s.categories.is_empty() {
        out.push("Trang cần ít nhất một chuyên mục.".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in s.categories.iter().enumerate() {
        let n = i + 1;
        if c.name.trim().is_empty() {
            out.push(format!("Chuyên mục {n}: chưa có tên."));
        }
        if trangtin_bundler::slug::slugify(&c.slug) != c.slug || c.slug.is_empty() {
            out.push(format!(
                "Chuyên mục {n}: đường dẫn “{}” chỉ được có chữ thường không dấu, số và dấu gạch ngang (ví dụ “{}”).",
                c.slug,
                trangtin_bundler::slug::slugify(if c.slug.is_empty() { &c.name } else { &c.slug })
            ));
        }
        if !seen.insert(c.slug.clone()) {
            out.push(format!(
                "Chuyên mục {n}: đường dẫn “{}” đã dùng cho chuyên mục khác.",
                c.slug
            ));
        }
    }
    for (slug, count) in used {
        if !s.categories.iter().any(|c| &c.slug == slug) {
            out.push(format!(
                "Không bỏ được chuyên mục “{slug}”: còn {count} bài thuộc chuyên mục này. Hãy chuyển các bài sang chuyên mục khác trước."
            ));
        }
    }
    let link = |what: &str, n: usize, l: &str, href: &str, out: &mut Vec<String>| {
        if l.trim().is_empty() {
            out.push(format!("{what} {n}: chưa có tên."));
        }
        if !trangtin_bundler::config::is_safe_link(href) {
            out.push(format!(
                "{what} {n}: địa chỉ “{href}” không hợp lệ (cần bắt đầu bằng https:// hoặc http://)."
            ));
        }
    };
    let exists = |rel: &str| !rel.contains("..") && content.join(rel).is_file();
    for (i, b) in s.banners.iter().enumerate() {
        link("Quảng cáo", i + 1, &b.label, &b.href, &mut out);
        if !exists(&b.image) {
            out.push(format!("Quảng cáo {}: không có ảnh “{}”.", i + 1, b.image));
        }
    }
    for (i, l) in s.linked_sites.iter().enumerate() {
        link("Website liên kết", i + 1, &l.label, &l.href, &mut out);
    }
    for (i, v) in s.videos.iter().enumerate() {
        let n = i + 1;
        if v.title.trim().is_empty() {
            out.push(format!("Video {n}: chưa có tiêu đề."));
        }
        if v.youtube.trim().is_empty() == v.file.trim().is_empty() {
            out.push(format!(
                "Video {n}: cần mã video YouTube hoặc tệp video (một trong hai)."
            ));
        }
        if !v.file.is_empty() && !exists(&v.file) {
            out.push(format!("Video {n}: không có tệp “{}”.", v.file));
        }
        if !v.poster.is_empty() && !exists(&v.poster) {
            out.push(format!("Video {n}: không có ảnh “{}”.", v.poster));
        }
    }
    let f = &s.fanpage;
    if !(f.label.trim().is_empty() && f.href.trim().is_empty()) {
        link("Fanpage", 1, &f.label, &f.href, &mut out);
    }
    out
}

fn version_of(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

fn load(n: &Shared) -> Result<(String, DocumentMut), super::Refusal> {
    let path = n.options.content.join("site.toml");
    let text =
        std::fs::read_to_string(&path).map_err(|e| internal(format!("{}: {e}", path.display())))?;
    let doc = text.parse::<DocumentMut>().map_err(|e| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("Tệp site.toml có lỗi, hãy sửa tay trước: {e}"),
        )
    })?;
    Ok((text, doc))
}

/// Articles per category, from the files.
fn usage(content: &Path) -> BTreeMap<String, usize> {
    let mut used = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(content.join("articles")) else {
        return used;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            if let Ok((f, _)) = Fields::from_file(&path, &text) {
                *used.entry(f.category).or_insert(0) += 1;
            }
        }
    }
    used
}

fn admin_only(role: Role) -> Result<(), super::Refusal> {
    if role == Role::Admin {
        Ok(())
    } else {
        Err(refuse(
            StatusCode::FORBIDDEN,
            "Chỉ quản trị được xem và sửa cài đặt trang.",
        ))
    }
}

pub async fn get(State(n): State<Shared>, Signed { user }: Signed) -> Answer {
    admin_only(user.role)?;
    let (text, doc) = load(&n)?;
    let used = usage(&n.options.content);
    Ok(
        Json(json!({ "settings": read(&doc), "version": version_of(&text), "used": used }))
            .into_response(),
    )
}

#[derive(Deserialize)]
pub struct Change {
    version: String,
    settings: Settings,
}

pub async fn put(
    State(n): State<Shared>,
    Changer(user): Changer,
    Json(change): Json<Change>,
) -> Answer {
    admin_only(user.role)?;
    let content = n.options.content.clone();
    let (text, mut doc) = load(&n)?;
    if change.version != version_of(&text) {
        return Err(refuse(
            StatusCode::CONFLICT,
            "Cài đặt vừa được thay đổi (bởi người khác hoặc sửa tay). Hãy tải lại trang rồi sửa lại.",
        ));
    }
    let mut s = change.settings;
    for c in &mut s.categories {
        c.slug = c.slug.trim().to_string();
    }
    let wrong = problems(&s, &content, &usage(&content));
    if !wrong.is_empty() {
        return Err(super::Refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Cài đặt chưa được lưu:".into(),
            Some(json!(wrong)),
        ));
    }
    write(&mut doc, &s);
    let new_text = doc.to_string();
    // What the bundler will make of it, checked before it replaces the file.
    let path = content.join("site.toml");
    let tmp = content.join(".site.toml.saving");
    std::fs::write(&tmp, &new_text).map_err(|e| internal(format!("{}: {e}", tmp.display())))?;
    if let Err(d) = trangtin_bundler::config::SiteConfig::load(&tmp, &n.options.base_path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(super::Refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Cài đặt chưa được lưu:".into(),
            Some(json!(d
                .iter()
                .map(|d| format!("site.toml:{}: {}", d.line, d.message))
                .collect::<Vec<_>>())),
        ));
    }
    std::fs::rename(&tmp, &path).map_err(|e| internal(format!("{}: {e}", path.display())))?;
    *n.previewer.lock().unwrap_or_else(|e| e.into_inner()) = None;
    n.store
        .lock()
        .map_err(internal)?
        .audit(Some(user.id), "settings", None, "")
        .map_err(internal)?;
    let commit = commit_content_as(&n, &user, "Cài đặt trang".into()).await;
    let published = publish_site(&n).await?;
    Ok(
        Json(json!({ "version": version_of(&new_text), "published": published, "commit": commit }))
            .into_response(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"# The portal.

[site]
name = "Trường"
base_url = "https://t.example.vn"
page_size = 5

[[categories]]
slug = "tin-tuc"
name = "Tin tức"

# Banners, in order.
[[banners]]
label = "60 năm"
href = "https://example.org/60"
image = "media/b.svg"
example = true

[fanpage]
label = "Fanpage"
href = "https://example.org/fb"
"#;

    #[test]
    fn unchanged_settings_write_back_the_same_text() {
        let mut doc: DocumentMut = SITE.parse().unwrap();
        let s = read(&doc);
        write(&mut doc, &s);
        assert_eq!(doc.to_string(), SITE);
    }

    #[test]
    fn changes_keep_comments_and_other_settings() {
        let mut doc: DocumentMut = SITE.parse().unwrap();
        let mut s = read(&doc);
        s.categories.push(Category {
            slug: "thong-bao".into(),
            name: "Thông báo".into(),
            description: String::new(),
        });
        s.banners[0].href = "https://truong.edu.vn/60-nam".into();
        s.banners[0].example = false;
        s.fanpage = Link::default();
        s.linked_sites.push(Link {
            label: "Cổng tỉnh".into(),
            href: "https://quangninh.gov.vn".into(),
            example: false,
        });
        write(&mut doc, &s);
        let out = doc.to_string();
        assert!(
            out.contains("# The portal.") && out.contains("# Banners, in order."),
            "{out}"
        );
        assert!(out.contains("page_size = 5"));
        assert!(
            out.contains("href = \"https://truong.edu.vn/60-nam\"")
                && !out.contains("example = true")
        );
        assert!(!out.contains("[fanpage]"));
        let again: DocumentMut = out.parse().unwrap();
        assert_eq!(read(&again), s);
    }

    #[test]
    fn the_example_sites_settings_write_back_unchanged() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/site.toml");
        let text = std::fs::read_to_string(path).unwrap();
        let mut doc: DocumentMut = text.parse().unwrap();
        let s = read(&doc);
        assert_eq!(s.banners.len(), 7);
        write(&mut doc, &s);
        assert_eq!(doc.to_string(), text);
    }
}
