//! The JSON bundles: `site.json` (the manifest, read once), `lists.json` (what moves with
//! every publish: the sidebar's lists and the statistics), and one bundle per route:
//! `home.json`, `bai-viet/{slug}.json`, `chuyen-muc/{slug}.json` and
//! `chuyen-muc/{slug}/{page}.json`; plus `stats.json`.

use crate::{SanitizedHtml, Timestamp};
use serde::{Deserialize, Serialize};

/// Where the bundles live below the site root, and how each is named.
pub mod paths {
    pub const ROOT: &str = "content";
    pub const SITE: &str = "content/site.json";

    pub const HOME: &str = "content/home.json";
    /// No page is rendered from it: every page fetches it (`Lists`).
    pub const LISTS: &str = "content/lists.json";
    pub const STATS: &str = "content/stats.json";

    pub fn article(slug: &str) -> String {
        format!("content/bai-viet/{slug}.json")
    }

    /// Page 0 is the category's front page (its newest articles); archive pages count
    /// from 1, the oldest.
    pub fn category_page(slug: &str, page: u32) -> String {
        match page {
            0 => format!("content/chuyen-muc/{slug}.json"),
            n => format!("content/chuyen-muc/{slug}/{n}.json"),
        }
    }
}

/// `home.json`: the featured articles, then the latest of each category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeBundle {
    pub schema_version: u32,
    pub featured: Vec<ArticleSummary>,
    /// In the order of the site's categories; categories without articles are left out.
    pub sections: Vec<CategorySection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategorySection {
    pub category: Category,
    /// Newest first.
    pub items: Vec<ArticleSummary>,
    /// Articles in the category in all.
    pub total: u32,
}

/// One page of a category listing, newest first: the front page
/// (`chuyen-muc/{slug}.json`, the newest `page_size` articles) or an archive page
/// (`chuyen-muc/{slug}/{page}.json`).
///
/// Archive pages are counted from the oldest article and hold `page_size` articles
/// each, so that a page keeps its articles, and its address, as new ones arrive: a new
/// article changes the front page, and once in `page_size` times it starts a new archive
/// page (and the one before it gains a link to it). Nothing on an archive page depends on
/// how many pages there are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryPage {
    pub schema_version: u32,
    pub category: Category,
    /// 0 on the front page; archive pages count from 1, the oldest.
    pub page: u32,
    pub items: Vec<ArticleSummary>,
    /// The archive page of the next older articles, if there are any.
    #[serde(default)]
    pub older: Option<u32>,
    /// On an archive page: the archive page of the next newer articles, or `None` when
    /// the newer ones are on the front page. `None` on the front page.
    #[serde(default)]
    pub newer: Option<u32>,
    /// On the front page: the articles in the category in all. `None` on archive pages,
    /// which do not change when it does.
    #[serde(default)]
    pub total: Option<u32>,
}

impl CategoryPage {
    /// The archive page that holds the article `index` places from the newest (0-based),
    /// in a category of `total` articles listed `page_size` to a page: how an address of
    /// the old numbering (`?trang=N`, counted from the newest) finds its articles now.
    /// `None` when there is no archive page (fewer articles than a page holds).
    pub fn archive_page_of(index: u32, total: u32, page_size: u32) -> Option<u32> {
        let size = page_size.max(1);
        let full = total / size;
        if full == 0 {
            return None;
        }
        let from_oldest = total.saturating_sub(index.saturating_add(1));
        Some((from_oldest / size + 1).min(full))
    }
}

/// `stats.json` and the counter service's `/api/stats`: visits in the site's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: u32,
    /// Distinct visitors seen within the last `online_window_minutes`.
    pub online: u64,
    pub online_window_minutes: u32,
    pub today: u64,
    pub yesterday: u64,
    pub this_month: u64,
    pub last_month: u64,
    pub total: u64,
    /// When the numbers were taken, where known.
    #[serde(default)]
    pub as_of: Option<Timestamp>,
}

/// The counter service's answer about one article's votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    pub slug: String,
    pub votes: u64,
    /// Whether the asking visitor has voted for it.
    pub voted: bool,
}

/// The counter service's views of one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleViews {
    pub slug: String,
    pub views: u64,
}

/// `site.json`: the portal's identity, its menus and side parts. Every page is rendered
/// from it, so it holds only what changes when the site's settings do: the lists that
/// move with each new article are in `Lists`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteManifest {
    pub schema_version: u32,
    pub site: SiteInfo,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub menu: Vec<Link>,
    /// How many rows the sidebar's lists will show ("Tin mới" holds that many of
    /// `Lists::latest`, at most [`LIST_ROWS`]), so that a page reserves their space before
    /// they arrive. It stops changing once the site has that many articles.
    #[serde(default)]
    pub list_rows: u32,
    #[serde(default)]
    pub banners: Vec<Banner>,
    #[serde(default)]
    pub videos: Vec<Video>,
    #[serde(default)]
    pub linked_sites: Vec<Link>,
    #[serde(default)]
    pub fanpage: Option<Link>,
}

/// Rows each of the sidebar's lists shows: the sidebar stays shorter than the article.
pub const LIST_ROWS: usize = 8;

/// `lists.json`: what every page shows beside its own content and what changes with each
/// publish or with readers' counts: "Tin mới", "Tin tiêu điểm", "Tin đọc nhiều" and the
/// static statistics. Pages are not rendered from it; they fetch it once loaded, so that
/// a new article or a new count rewrites this one small file instead of every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lists {
    pub schema_version: u32,
    /// Newest first.
    pub latest: Vec<ArticleSummary>,
    #[serde(default)]
    pub featured: Vec<ArticleSummary>,
    /// Most viewed first; empty until there are views.
    #[serde(default)]
    pub most_read: Vec<ArticleSummary>,
    /// The site's `stats.toml`, where it has one (also published as `stats.json`).
    #[serde(default)]
    pub stats: Option<Stats>,
}

impl SiteManifest {
    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    #[serde(default)]
    pub tagline: Option<String>,
    /// Absolute URL of the deployed site, for feeds, sitemaps and share links.
    pub base_url: String,
    pub language: String,
    #[serde(default)]
    pub logo: Option<Image>,
    #[serde(default)]
    pub contact: Contact,
    /// The counter service's base URL (`https://thongke.example.vn`), where the site has
    /// one: live statistics, a page-view beacon and votes. Without it the statistics are
    /// the static ones `Lists::stats` carries, and there is no vote button.
    #[serde(default)]
    pub stats_api: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A labelled link. `example` marks a URL that the editors have not confirmed yet: the
/// seed page names the target but not its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Banner {
    pub label: String,
    pub href: String,
    pub image: Image,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    pub title: String,
    pub source: VideoSource,
    #[serde(default)]
    pub poster: Option<Image>,
    /// Length in seconds, where known.
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VideoSource {
    Youtube { id: String },
    File { src: String },
}

/// A picture as the site serves it.
///
/// A photo (a JPEG, PNG or WebP the editors put in `content/media/`) is served in several
/// widths, each as WebP and as a JPEG (PNG where it is transparent) fallback, named
/// `{stem}-{width}.webp` and `{stem}-{width}.{jpg|png}`; `src` is the widest fallback and
/// `widths` lists them all. An SVG or GIF is served as it is and has no `widths`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    /// The upright size of `src`, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// A photo's widths, narrowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widths: Vec<u32>,
}

/// `side` of a picture `from` wide, at `to` wide, rounded (at least 1).
pub fn scaled(side: u32, to: u32, from: u32) -> u32 {
    ((side as u64 * to as u64 + from as u64 / 2) / from as u64).max(1) as u32
}

/// The formats a photo's variants come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Webp,
    /// JPEG or PNG, as `src` is.
    Fallback,
}

impl Image {
    /// A picture served as it is, of unknown size.
    pub fn plain(src: impl Into<String>) -> Image {
        Image {
            src: src.into(),
            width: None,
            height: None,
            widths: Vec::new(),
        }
    }

    /// The URL of the variant `width` wide in `format`. For a picture without variants,
    /// `src`.
    pub fn variant(&self, width: u32, format: ImageFormat) -> String {
        let (Some((stem, _)), Some((_, ext))) =
            (self.src.rsplit_once('-'), self.src.rsplit_once('.'))
        else {
            return self.src.clone();
        };
        if self.widths.is_empty() {
            return self.src.clone();
        }
        match format {
            ImageFormat::Webp => format!("{stem}-{width}.webp"),
            ImageFormat::Fallback => format!("{stem}-{width}.{ext}"),
        }
    }

    /// `srcset` for the variants in `format` (`url 480w, url 800w, …`); `None` without
    /// variants.
    pub fn srcset(&self, format: ImageFormat) -> Option<String> {
        if self.widths.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .widths
            .iter()
            .map(|&w| format!("{} {w}w", self.variant(w, format)))
            .collect();
        Some(parts.join(", "))
    }

    /// The URL for `<img src>` beside `srcset`: a middle width (at most 800 px) of a
    /// photo, for the rare browser without `srcset`; `src` for a picture without variants.
    pub fn plain_src(&self) -> String {
        match self
            .widths
            .iter()
            .rev()
            .find(|&&w| w <= 800)
            .or(self.widths.first())
        {
            Some(&w) => self.variant(w, ImageFormat::Fallback),
            None => self.src.clone(),
        }
    }

    /// The height of the variant `width` wide, where the size is known.
    pub fn height_at(&self, width: u32) -> Option<u32> {
        let (w, h) = (self.width?, self.height?);
        (w > 0).then(|| scaled(h, width, w))
    }

    /// The narrowest fallback variant at least `width` wide (else the widest), with its
    /// size where known: what a share card or a feed shows.
    pub fn at_least(&self, width: u32) -> (String, Option<u32>, Option<u32>) {
        match self
            .widths
            .iter()
            .find(|&&w| w >= width)
            .or(self.widths.last())
        {
            Some(&w) => (
                self.variant(w, ImageFormat::Fallback),
                Some(w),
                self.height_at(w),
            ),
            None => (self.src.clone(), self.width, self.height),
        }
    }
}

/// What a list shows of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub published: Timestamp,
    pub category: String,
    // What is absent is left out of the JSON: a list holds up to 20 of these in every
    // article's bundle, and four nulls and falses were a fifth of each entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Image>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub featured: bool,
    /// Sample content of the example site, shown as such.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sample: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// `bai-viet/{slug}.json`: everything the article route shows beyond the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleBundle {
    pub schema_version: u32,
    pub article: Article,
    /// Newer posts in the same category, oldest of them first.
    #[serde(default)]
    pub newer: Vec<ArticleSummary>,
    /// Older posts in the same category, newest first.
    #[serde(default)]
    pub same_category: Vec<ArticleSummary>,
    /// Posts that share tags with this one, closest in time first, leaving out those in
    /// the two lists above.
    #[serde(default)]
    pub related: Vec<ArticleSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub published: Timestamp,
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub thumbnail: Option<Image>,
    /// What the thumbnail shows, for share cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_alt: Option<String>,
    pub body: SanitizedHtml,
    #[serde(default)]
    pub byline: Option<String>,
    /// Where the news comes from ("Nguồn"): a name, or a web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Words in the lead and body, for the reading time.
    pub word_count: u32,
    #[serde(default)]
    pub votes: u32,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub sample: bool,
}

impl Article {
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            slug: self.slug.clone(),
            title: self.title.clone(),
            published: self.published,
            category: self.category.clone(),
            summary: self.summary.clone(),
            thumbnail: self.thumbnail.clone(),
            featured: self.featured,
            sample: self.sample,
        }
    }
}

/// Reads just the version of a bundle, so a reader can tell "wrong version" apart from
/// "malformed" before it parses the rest.
#[derive(Debug, Deserialize)]
pub struct VersionProbe {
    pub schema_version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_bundles_are_named_by_slug_and_page() {
        assert_eq!(paths::article("tin-a"), "content/bai-viet/tin-a.json");
        assert_eq!(
            paths::category_page("tin", 2),
            "content/chuyen-muc/tin/2.json"
        );
        assert_eq!(
            paths::category_page("tin", 0),
            "content/chuyen-muc/tin.json"
        );
    }

    #[test]
    fn old_page_numbers_find_the_archive_page_holding_their_articles() {
        // 25 articles, 10 to a page: archive pages 1 (the oldest ten) and 2; the newest
        // five are only on the front page.
        let at = |index| CategoryPage::archive_page_of(index, 25, 10);
        assert_eq!(
            at(0),
            Some(2),
            "the newest falls back to the newest archive page"
        );
        assert_eq!(at(5), Some(2));
        assert_eq!(at(10), Some(2), "old ?trang=2 starts at the 11th newest");
        assert_eq!(at(14), Some(2));
        assert_eq!(at(15), Some(1));
        assert_eq!(at(24), Some(1));
        assert_eq!(at(99), Some(1), "past the oldest: the oldest page");
        assert_eq!(CategoryPage::archive_page_of(3, 9, 10), None);
    }

    #[test]
    fn a_list_entry_leaves_out_what_it_lacks_and_reads_back_the_same() {
        let entry = ArticleSummary {
            slug: "tin-a".into(),
            title: "Tin A".into(),
            published: Timestamp::parse("2024-03-01T08:00:00+07:00", 420).unwrap(),
            category: "tin".into(),
            summary: None,
            thumbnail: None,
            featured: false,
            sample: false,
        };
        let json = serde_json::to_string(&entry).unwrap();
        for key in ["summary", "thumbnail", "featured", "sample"] {
            assert!(!json.contains(key), "{json}");
        }
        assert_eq!(
            serde_json::from_str::<ArticleSummary>(&json).unwrap(),
            entry
        );
        let marked = ArticleSummary {
            summary: Some("Tóm tắt".into()),
            featured: true,
            sample: true,
            ..entry
        };
        let json = serde_json::to_string(&marked).unwrap();
        assert!(json.contains(r#""featured":true"#) && json.contains(r#""sample":true"#));
        assert_eq!(
            serde_json::from_str::<ArticleSummary>(&json).unwrap(),
            marked
        );
    }

    #[test]
    fn a_manifest_without_optional_side_parts_still_reads() {
        let json = r#"{"schema_version":1,"site":{"name":"A","base_url":"https://a.example","language":"vi"},
            "categories":[{"slug":"tin","name":"Tin"}],"latest":[]}"#;
        let m: SiteManifest = serde_json::from_str(json).unwrap();
        assert_eq!(m.category("tin").unwrap().name, "Tin");
        assert!(m.banners.is_empty() && m.fanpage.is_none());
    }

    #[test]
    fn photo_variants_are_named_by_width_and_format() {
        let photo = Image {
            src: "/content/media/a.0123456789ab-1600.jpg".into(),
            width: Some(1600),
            height: Some(1200),
            widths: vec![480, 800, 1600],
        };
        assert_eq!(
            photo.srcset(ImageFormat::Webp).unwrap(),
            "/content/media/a.0123456789ab-480.webp 480w, /content/media/a.0123456789ab-800.webp 800w, /content/media/a.0123456789ab-1600.webp 1600w"
        );
        assert_eq!(
            photo.variant(800, ImageFormat::Fallback),
            "/content/media/a.0123456789ab-800.jpg"
        );
        assert_eq!(photo.height_at(800), Some(600));
        assert_eq!(
            photo.at_least(1200),
            (
                "/content/media/a.0123456789ab-1600.jpg".into(),
                Some(1600),
                Some(1200)
            )
        );
        let svg = Image::plain("/content/media/logo-x.svg");
        assert_eq!(svg.srcset(ImageFormat::Webp), None);
        assert_eq!(
            svg.variant(800, ImageFormat::Webp),
            "/content/media/logo-x.svg"
        );
        assert_eq!(
            svg.at_least(1200),
            ("/content/media/logo-x.svg".into(), None, None)
        );
    }

    #[test]
    fn video_sources_are_tagged_by_kind() {
        let v: VideoSource = serde_json::from_str(r#"{"kind":"youtube","id":"abc"}"#).unwrap();
        assert_eq!(v, VideoSource::Youtube { id: "abc".into() });
    }

    #[test]
    fn the_version_probe_ignores_the_rest_of_a_bundle() {
        let p: VersionProbe = serde_json::from_str(r#"{"schema_version":7,"x":[1]}"#).unwrap();
        assert_eq!(p.schema_version, 7);
    }
}
