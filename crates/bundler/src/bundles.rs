//! What each bundle holds: the site's manifest, the shared lists (Tin mới, Tin tiêu
//! điểm, Tin đọc nhiều), the home page, each category's pages counted from the oldest,
//! and an article's bundle with its neighbours (Bài mới hơn, Bài cùng chuyên mục, Bài
//! liên quan). Pure functions of the site: the output module renders and writes them.

use crate::related::TagIndex;
use crate::site::Site;
use trangtin_model::{
    Article, ArticleBundle, ArticleSummary, Banner, CategoryPage, CategorySection, HomeBundle,
    Lists, SiteInfo, SiteManifest, VideoSource, SCHEMA_VERSION,
};

/// How many entries each list carries.
pub const LATEST_LEN: usize = 20;
pub const FEATURED_LEN: usize = 10;
pub const NEWER_LEN: usize = 5;
pub const SAME_CATEGORY_LEN: usize = 10;
pub const MOST_READ_LEN: usize = 10;
/// Articles per home-page category section.
pub const SECTION_LEN: usize = 5;

pub fn manifest(site: &Site) -> SiteManifest {
    let c = &site.config;
    let media = |p: &str| {
        site.media
            .resolve(&site.root, p)
            .map(|(url, _)| url)
            .unwrap_or_default()
    };
    // A picture that cannot be published is left out (the build reported it).
    let picture = |p: &str| {
        site.media
            .resolve(&site.root, p)
            .ok()
            .and_then(|(_, rel)| site.media.picture(&rel))
    };
    SiteManifest {
        schema_version: SCHEMA_VERSION,
        site: SiteInfo {
            name: c.site.name.clone(),
            tagline: c.site.tagline.clone(),
            base_url: c.site.base_url.trim_end_matches('/').to_string(),
            language: c.site.language.clone(),
            logo: c.site.logo.as_deref().and_then(picture),
            contact: c.site.contact.clone(),
            stats_api: c.site.stats_api.clone(),
        },
        categories: c.categories.clone(),
        menu: c.menu(),
        list_rows: site.articles.len().min(trangtin_model::LIST_ROWS) as u32,
        banners: c
            .banners
            .iter()
            .filter_map(|b| {
                Some(Banner {
                    label: b.label.clone(),
                    href: b.href.clone(),
                    image: picture(&b.image)?,
                    example: b.example,
                })
            })
            .collect(),
        videos: c
            .videos()
            .into_iter()
            .map(|mut v| {
                v.poster = v.poster.and_then(|p| picture(&p.src));
                if let VideoSource::File { src } = &mut v.source {
                    *src = media(src);
                }
                v
            })
            .collect(),
        linked_sites: c.linked_sites.clone(),
        fanpage: c.fanpage.clone(),
    }
}

/// The lists every page fetches: they change with each new article and each new count,
/// and no page is rendered from them.
pub fn lists(site: &Site) -> Lists {
    let summaries = site.articles.iter().map(Article::summary);
    Lists {
        schema_version: SCHEMA_VERSION,
        latest: summaries.clone().take(LATEST_LEN).collect(),
        featured: summaries
            .filter(|a| a.featured)
            .take(FEATURED_LEN)
            .collect(),
        most_read: most_read(site),
        stats: site.stats.clone(),
    }
}

/// Articles with recorded views, most viewed first; empty until there are views.
pub(crate) fn most_read(site: &Site) -> Vec<ArticleSummary> {
    let mut viewed: Vec<(&Article, u64)> = site
        .articles
        .iter()
        .filter_map(|a| site.views.get(&a.slug).filter(|&&v| v > 0).map(|&v| (a, v)))
        .collect();
    // Stable sort over newest-first articles: equal views keep the newer article first.
    viewed.sort_by_key(|&(_, views)| std::cmp::Reverse(views));
    viewed
        .into_iter()
        .take(MOST_READ_LEN)
        .map(|(a, _)| a.summary())
        .collect()
}

pub fn home(site: &Site) -> HomeBundle {
    HomeBundle {
        schema_version: SCHEMA_VERSION,
        featured: site
            .articles
            .iter()
            .filter(|a| a.featured)
            .take(FEATURED_LEN)
            .map(Article::summary)
            .collect(),
        sections: site
            .config
            .categories
            .iter()
            .filter_map(|c| {
                let mut all = site.articles.iter().filter(|a| a.category == c.slug);
                let items: Vec<ArticleSummary> = all
                    .by_ref()
                    .take(SECTION_LEN)
                    .map(Article::summary)
                    .collect();
                let total = (items.len() + all.count()) as u32;
                (!items.is_empty()).then(|| CategorySection {
                    category: c.clone(),
                    items,
                    total,
                })
            })
            .collect(),
    }
}

/// Every page of every category listing: its front page (an empty category still has
/// one), then its archive pages, oldest first (see `CategoryPage`).
pub fn category_pages(site: &Site) -> Vec<CategoryPage> {
    let size = site.config.site.page_size.max(1);
    let mut pages = Vec::new();
    for c in &site.config.categories {
        // Newest first, as the site's articles are.
        let items: Vec<ArticleSummary> = site
            .articles
            .iter()
            .filter(|a| a.category == c.slug)
            .map(Article::summary)
            .collect();
        let total = items.len();
        let page = |page: u32, items: &[ArticleSummary], older, newer, total| CategoryPage {
            schema_version: SCHEMA_VERSION,
            category: c.clone(),
            page,
            items: items.to_vec(),
            older,
            newer,
            total,
        };
        // The front page's next older articles start at the `size`-th newest.
        let front_older = (total > size).then(|| ((total - 1) / size) as u32);
        pages.push(page(
            0,
            &items[..total.min(size)],
            front_older,
            None,
            Some(total as u32),
        ));
        let full = total / size;
        for k in 1..=full {
            let end = total - (k - 1) * size;
            pages.push(page(
                k as u32,
                &items[end - size..end],
                (k > 1).then(|| k as u32 - 1),
                (k < full).then(|| k as u32 + 1),
                None,
            ));
        }
    }
    pages
}

/// The lists an article bundle shows, as indexes into the newest-first articles.
pub struct BundleLists {
    pub newer: Vec<usize>,
    pub older: Vec<usize>,
    pub related: Vec<usize>,
}

/// `articles` is newest first; `i` is the article's index in it.
pub fn bundle_lists(articles: &[Article], tags: &TagIndex<'_>, i: usize) -> BundleLists {
    let (newer, older) = neighbours(articles, &articles[i].category, i, i + 1);
    // "Bài liên quan" shows what the two category lists do not already show.
    let shown: Vec<usize> = newer.iter().chain(&older).copied().collect();
    let related = tags.related(articles, i, &shown);
    BundleLists {
        newer,
        older,
        related,
    }
}

/// "Bài mới hơn" and "Bài cùng chuyên mục" of an article in `category`: the nearest of
/// `articles` (newest first) before index `newer_end`, nearest first, and from
/// `older_start` on.
pub(crate) fn neighbours(
    articles: &[Article],
    category: &str,
    newer_end: usize,
    older_start: usize,
) -> (Vec<usize>, Vec<usize>) {
    let same = |j: &usize| articles[*j].category == category;
    let newer = (0..newer_end).rev().filter(same).take(NEWER_LEN).collect();
    let older = (older_start..articles.len())
        .filter(same)
        .take(SAME_CATEGORY_LEN)
        .collect();
    (newer, older)
}

/// `article` is the bundle's article with its body; `lists` index into `articles`.
pub fn article_bundle(
    articles: &[Article],
    article: &Article,
    lists: &BundleLists,
) -> ArticleBundle {
    let summaries = |v: &[usize]| v.iter().map(|&j| articles[j].summary()).collect();
    ArticleBundle {
        schema_version: SCHEMA_VERSION,
        article: article.clone(),
        newer: summaries(&lists.newer),
        same_category: summaries(&lists.older),
        related: summaries(&lists.related),
    }
}
