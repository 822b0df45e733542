//! Build-time rendering of every route to static HTML with the real components
//! (`ssr` feature). Each page carries its head tags and the bundles it was rendered
//! from, so that the browser hydrates it without a fetch.

use crate::app::App;
use crate::preload::{self, Inlined};
use crate::routes::{
    article_description, category_description, home_description, page_title, NOT_FOUND_DESCRIPTION,
    NOT_FOUND_TITLE,
};
use leptos::prelude::*;
use trangtin_model::{paths, Article, ArticleBundle, CategoryPage, SiteManifest};

/// One page of the site: the path it is rendered for, where it goes, and the bundles it
/// is rendered from (the manifest and the route's own), paths below the site root. The
/// publisher keys each page on these bundles' contents. The lists and statistics every
/// page shows are not among them: pages fetch those (`paths::LISTS`), so that a new
/// article or a new count does not rewrite every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpec {
    /// Such as `/bai-viet/x`.
    pub route: String,
    /// Relative to the site's output folder.
    pub file: String,
    pub bundles: Vec<String>,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    Article,
    Category,
    /// A portal page without a bundle of its own: its title and description.
    Fixed(&'static str, &'static str),
    /// A widget for other sites' iframes, not a page to index.
    Widget,
    NotFound,
}

/// What the head says about a page.
#[derive(Debug, Default)]
pub struct Meta {
    /// The document title: the page's, then the site's.
    pub title: String,
    /// The page's own title, for share previews.
    pub headline: String,
    pub description: String,
    /// Absolute; `None` for the not-found page.
    pub canonical: Option<String>,
    /// The share card's picture: its absolute URL, and its size where known.
    pub image: Option<(String, Option<u32>, Option<u32>)>,
    pub article: Option<Article>,
    /// Absolute: the listing pages before and after this one (`<link rel=prev/next>`).
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// Every page of a site whose bundler output holds the files `outputs` (paths below the
/// site root, in any order). The result is sorted by output file.
pub fn plan<'a>(outputs: impl IntoIterator<Item = &'a str>) -> Vec<PageSpec> {
    let mut articles = Vec::new();
    let mut categories = Vec::new();
    let bai_viet = format!("{}/bai-viet/", paths::ROOT);
    let chuyen_muc = format!("{}/chuyen-muc/", paths::ROOT);
    for path in outputs {
        if let Some(slug) = path
            .strip_prefix(&bai_viet)
            .and_then(|rest| rest.strip_suffix(".json"))
            .filter(|s| !s.contains('/'))
        {
            articles.push(slug.to_string());
        } else if let Some(rest) = path
            .strip_prefix(&chuyen_muc)
            .and_then(|rest| rest.strip_suffix(".json"))
        {
            // `{slug}.json`, the front page, or `{slug}/{n}.json`, an archive page.
            match rest.split_once('/') {
                None => categories.push((rest.to_string(), 0)),
                Some((slug, n)) => {
                    // As the bundler writes them: no leading zeros, no page 0.
                    if let Some(page) = n
                        .parse::<u32>()
                        .ok()
                        .filter(|p| *p >= 1 && p.to_string() == n)
                    {
                        categories.push((slug.to_string(), page));
                    }
                }
            }
        }
    }
    let shared = |own: Option<String>| {
        let mut b = vec![paths::SITE.to_string()];
        b.extend(own);
        b
    };
    let page = |route: String, own: Option<String>, kind: Kind| PageSpec {
        file: match route.as_str() {
            "/" => "index.html".into(),
            "/404" => "404.html".into(),
            r => format!("{}/index.html", r.trim_start_matches('/')),
        },
        route,
        bundles: shared(own),
        kind,
    };
    let mut pages = vec![page("/".into(), Some(paths::HOME.into()), Kind::Home)];
    for slug in &articles {
        pages.push(page(
            format!("/bai-viet/{slug}"),
            Some(paths::article(slug)),
            Kind::Article,
        ));
    }
    for (slug, n) in &categories {
        let own = Some(paths::category_page(slug, *n));
        if *n == 0 {
            pages.push(page(
                format!("/chuyen-muc/{slug}"),
                own.clone(),
                Kind::Category,
            ));
            pages.push(page(format!("/embed/category/{slug}"), own, Kind::Widget));
        } else {
            pages.push(page(
                format!("/chuyen-muc/{slug}/trang-{n}"),
                own,
                Kind::Category,
            ));
        }
    }
    for (route, title, description) in [
        (
            "/nhung-tin",
            crate::routes::embed_panel::TITLE,
            crate::routes::embed_panel::DESCRIPTION,
        ),
        (
            "/video",
            crate::routes::video::TITLE,
            crate::routes::video::DESCRIPTION,
        ),
        (
            "/tim-kiem",
            crate::routes::search::TITLE,
            crate::routes::search::DESCRIPTION,
        ),
    ] {
        pages.push(page(route.into(), None, Kind::Fixed(title, description)));
    }
    for kind in crate::routes::embed::KINDS {
        pages.push(page(format!("/embed/{kind}"), None, Kind::Widget));
    }
    pages.push(page("/404".into(), None, Kind::NotFound));
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    pages
}

/// Renders pages with the app's components into trunk's `index.html`.
pub struct Renderer {
    template: String,
    site: SiteManifest,
}

impl Renderer {
    /// `template` is the app build's `index.html`; `site_json` the manifest's text.
    pub fn new(template: &str, site_json: &str) -> Result<Renderer, String> {
        let site = serde_json::from_str(site_json).map_err(|e| format!("{}: {e}", paths::SITE))?;
        Ok(Renderer {
            template: rebase(template, crate::base_path()),
            site,
        })
    }

    /// The template as pages use it: what every page's bytes depend on besides its bundles.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The page `spec`, given the texts of its bundles in the order `spec.bundles` names
    /// them. A bundle that does not parse is an error naming it.
    pub fn render(&self, spec: &PageSpec, texts: Vec<String>) -> Result<String, String> {
        let bundles: Vec<(String, String)> = spec.bundles.iter().cloned().zip(texts).collect();
        let own = || -> &str { bundles.last().map_or("", |(_, text)| text.as_str()) };
        let meta = self.meta(spec, own)?;
        let body = render_body(&spec.route, &bundles);
        assemble(&self.template, &spec.route, &meta, &bundles, &body)
    }

    fn meta<'t>(&self, spec: &PageSpec, own: impl Fn() -> &'t str) -> Result<Meta, String> {
        let parse_error = |e: serde_json::Error| {
            format!("{}: {e}", spec.bundles.last().map_or("", String::as_str))
        };
        let info = &self.site.site;
        let name = info.name.clone();
        let base = info.base_url.trim_end_matches('/');
        let absolute = |url: &str| trangtin_model::absolute_url(base, url);
        // A photo's variant of about 1200 px, which share cards want.
        let share = |image: &trangtin_model::Image| {
            let (url, w, h) = image.at_least(1200);
            (absolute(&url), w, h)
        };
        let logo = info.logo.as_ref().map(share);
        let canonical = Some(format!("{base}{}", spec.route));
        Ok(match spec.kind {
            Kind::Home => Meta {
                title: name.clone(),
                headline: name,
                description: home_description(info),
                canonical: Some(format!("{base}/")),
                image: logo,
                article: None,
                ..Meta::default()
            },
            Kind::Article => {
                let bundle: ArticleBundle = serde_json::from_str(own()).map_err(parse_error)?;
                let a = bundle.article;
                Meta {
                    title: page_title(&a.title, Some(&name)),
                    headline: a.title.clone(),
                    description: article_description(&a),
                    canonical,
                    image: a.thumbnail.as_ref().map(share).or(logo),
                    article: Some(a),
                    ..Meta::default()
                }
            }
            Kind::Category => {
                let listing: CategoryPage = serde_json::from_str(own()).map_err(parse_error)?;
                let slug = &listing.category.slug;
                let at = |n: u32| {
                    Some(match n {
                        0 => format!("{base}/chuyen-muc/{slug}"),
                        n => format!("{base}/chuyen-muc/{slug}/trang-{n}"),
                    })
                };
                let title = crate::routes::category::title(&listing);
                Meta {
                    title: page_title(&title, Some(&name)),
                    headline: title,
                    description: category_description(&listing.category, &name),
                    canonical,
                    image: logo,
                    article: None,
                    prev: match listing.page {
                        0 => None,
                        _ => at(listing.newer.unwrap_or(0)),
                    },
                    next: listing.older.and_then(at),
                }
            }
            Kind::Fixed(title, description) => Meta {
                title: page_title(title, Some(&name)),
                headline: title.into(),
                description: description.into(),
                canonical,
                image: logo,
                article: None,
                ..Meta::default()
            },
            Kind::Widget => {
                let title = match spec.route.strip_prefix("/embed/category/") {
                    Some(_) => {
                        let listing: CategoryPage =
                            serde_json::from_str(own()).map_err(parse_error)?;
                        listing.category.name
                    }
                    None => spec.route.trim_start_matches("/embed/").to_string(),
                };
                Meta {
                    title: page_title(&title, Some(&name)),
                    description: format!("{title} - {name}"),
                    headline: title,
                    ..Meta::default()
                }
            }
            Kind::NotFound => Meta {
                title: page_title(NOT_FOUND_TITLE, Some(&name)),
                headline: NOT_FOUND_TITLE.into(),
                description: NOT_FOUND_DESCRIPTION.into(),
                ..Meta::default()
            },
        })
    }
}

/// Renders the app's body for `route`, given the bundles it needs.
pub fn render_body(route: &str, bundles: &[(String, String)]) -> String {
    preload::clear();
    for (path, json) in bundles {
        preload::insert(path, json.clone());
    }
    let owner = Owner::new();
    let html = owner.with(|| {
        let path = format!("{}{route}", crate::base_path().trim_end_matches('/'));
        provide_context(leptos_router::location::RequestUrl::new(&path));
        view! { <App/> }.to_html()
    });
    drop(owner);
    preload::clear();
    // Leptos marks hydration positions with `<!>`, which browsers read as an empty comment
    // but the HTML standard calls a parse error; `<!---->` is the same empty comment,
    // written validly. (Text never contains a raw `<`: it is escaped.)
    html.replace("<!>", "<!---->")
}

/// The template's own root-absolute links (`/feed.xml`, `/site.webmanifest`) under the
/// base path. trunk puts its assets there itself (`--public-url`); links it does not
/// manage it leaves as written. Protocol-relative (`//…`) and already rebased links stay.
pub fn rebase(template: &str, base: &str) -> String {
    if base == "/" {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(at) = rest.find("href=\"/") {
        let (before, from) = rest.split_at(at + "href=\"".len());
        out.push_str(before);
        if !from.starts_with("//") && !from.starts_with(base) {
            out.push_str(base.trim_end_matches('/'));
        }
        rest = from;
    }
    out.push_str(rest);
    out
}

const HEAD_START: &str = "<!--trangtin:head-->";
const HEAD_END: &str = "<!--/trangtin:head-->";

/// The template with this page's title, description, head tags, inlined bundles and
/// body. Running it over its own output gives the same page: the head block is marked.
pub fn assemble(
    template: &str,
    route: &str,
    meta: &Meta,
    bundles: &[(String, String)],
    body: &str,
) -> Result<String, String> {
    let mut html = template.to_string();
    if let (Some(a), Some(b)) = (html.find(HEAD_START), html.find(HEAD_END)) {
        html.replace_range(a..b + HEAD_END.len(), "");
    }
    replace_between(&mut html, "<title>", "</title>", &escape(&meta.title));
    if let Some(start) = html.find("<meta name=\"description\"") {
        if let Some(len) = html[start..].find('>') {
            html.replace_range(start..=start + len, "");
        }
    }
    // The bundles are preloaded, not carried (`crate::start`): the manifest is the same
    // on every page, and an article's bundle holds its body, which the page already
    // shows (README, "Size").
    for (p, json) in bundles {
        serde_json::from_str::<serde::de::IgnoredAny>(json).map_err(|e| format!("{p}: {e}"))?;
    }
    let inlined = Inlined {
        route: route.to_string(),
        fetch: bundles.iter().map(|(p, _)| p.clone()).collect(),
        ..Inlined::default()
    };
    // The lists are fetched as soon as the app runs: asked for beside the manifest.
    let preload = |path: &str| {
        format!(
            "<link rel=\"preload\" href=\"{}{path}\" as=\"fetch\" crossorigin>",
            crate::base_path()
        )
    };
    let mut preloads = String::new();
    for p in &inlined.fetch {
        preloads.push_str(&preload(p));
    }
    preloads.push_str(&preload(paths::LISTS));
    let head = format!(
        "{HEAD_START}{preloads}{}\
         <script type=\"application/json\" id=\"{}\">{}</script>{HEAD_END}",
        head_tags(meta),
        preload::SCRIPT_ID,
        inlined.to_script_text()
    );
    if let Some(at) = html.find("</head>") {
        html.insert_str(at, &head);
    }
    if let (Some(open), Some(close)) = (html.find("<body"), html.rfind("</body>")) {
        let open_end = open + html[open..].find('>').map_or(0, |i| i + 1);
        html.replace_range(open_end..close, body);
    }
    Ok(html)
}

fn head_tags(meta: &Meta) -> String {
    let mut t = String::new();
    let mut tag = |s: String| t.push_str(&s);
    tag(format!(
        "<meta name=\"description\" content=\"{}\">",
        escape(&meta.description)
    ));
    if let Some(url) = &meta.canonical {
        tag(format!("<link rel=\"canonical\" href=\"{}\">", escape(url)));
        tag(format!(
            "<meta property=\"og:url\" content=\"{}\">",
            escape(url)
        ));
    } else {
        tag("<meta name=\"robots\" content=\"noindex\">".into());
    }
    for (rel, url) in [("prev", &meta.prev), ("next", &meta.next)] {
        if let Some(url) = url {
            tag(format!("<link rel=\"{rel}\" href=\"{}\">", escape(url)));
        }
    }
    let kind = if meta.article.is_some() {
        "article"
    } else {
        "website"
    };
    tag(format!("<meta property=\"og:type\" content=\"{kind}\">"));
    tag(format!(
        "<meta property=\"og:title\" content=\"{}\">",
        escape(&meta.headline)
    ));
    tag(format!(
        "<meta property=\"og:description\" content=\"{}\">",
        escape(&meta.description)
    ));
    tag("<meta property=\"og:locale\" content=\"vi_VN\">".into());
    if let Some((image, width, height)) = &meta.image {
        tag(format!(
            "<meta property=\"og:image\" content=\"{}\">",
            escape(image)
        ));
        if let (Some(w), Some(h)) = (width, height) {
            tag(format!(
                "<meta property=\"og:image:width\" content=\"{w}\">"
            ));
            tag(format!(
                "<meta property=\"og:image:height\" content=\"{h}\">"
            ));
        }
        // The article's own picture, described by its writer.
        let alt = meta
            .article
            .as_ref()
            .filter(|a| a.thumbnail.is_some())
            .and_then(|a| a.thumbnail_alt.as_deref());
        if let Some(alt) = alt {
            tag(format!(
                "<meta property=\"og:image:alt\" content=\"{}\">",
                escape(alt)
            ));
            tag(format!(
                "<meta name=\"twitter:image:alt\" content=\"{}\">",
                escape(alt)
            ));
        }
    }
    // X reads og:title, og:description and og:image where its own tags are absent;
    // only the card's kind and the image's description have no Open Graph fallback.
    tag("<meta name=\"twitter:card\" content=\"summary_large_image\">".into());
    if let Some(a) = &meta.article {
        tag(format!(
            "<meta property=\"article:published_time\" content=\"{}\">",
            a.published
        ));
        tag(format!(
            "<meta property=\"article:section\" content=\"{}\">",
            escape(&a.category)
        ));
        let ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": meta.description,
            "datePublished": a.published.to_string(),
            "image": meta.image.iter().map(|(url, _, _)| url).collect::<Vec<_>>(),
            "mainEntityOfPage": meta.canonical,
            "articleSection": a.category,
            "inLanguage": "vi",
            "author": a.byline.as_ref().map(|b| serde_json::json!({"@type": "Person", "name": b})),
        });
        tag(format!(
            "<script type=\"application/ld+json\">{}</script>",
            ld.to_string().replace('<', "\\u003c")
        ));
    }
    t
}

fn replace_between(html: &mut String, open: &str, close: &str, with: &str) {
    if let Some(a) = html.find(open) {
        let from = a + open.len();
        if let Some(len) = html[from..].find(close) {
            html.replace_range(from..from + len, with);
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::{plan, rebase};

    #[test]
    fn every_route_is_planned_from_the_bundles_there_are() {
        let pages = plan([
            "content/site.json",
            "content/home.json",
            "content/bai-viet/bai-mot.json",
            "content/chuyen-muc/tin.json",
            "content/chuyen-muc/tin/1.json",
            "content/chuyen-muc/tin/2.json",
            "content/chuyen-muc/tin/02.json",
            "content/search/doc/0.json",
            "feed.xml",
        ]);
        let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "404.html",
                "bai-viet/bai-mot/index.html",
                "chuyen-muc/tin/index.html",
                "chuyen-muc/tin/trang-1/index.html",
                "chuyen-muc/tin/trang-2/index.html",
                "embed/category/tin/index.html",
                "embed/featured/index.html",
                "embed/latest/index.html",
                "embed/most-read/index.html",
                "embed/stats/index.html",
                "embed/video/index.html",
                "index.html",
                "nhung-tin/index.html",
                "tim-kiem/index.html",
                "video/index.html",
            ]
        );
        let article = &pages[1];
        assert_eq!(article.route, "/bai-viet/bai-mot");
        assert_eq!(
            article.bundles,
            ["content/site.json", "content/bai-viet/bai-mot.json"]
        );
        // The lists and statistics every page shows are fetched, not rendered: no page
        // depends on them.
        let with_stats = plan([
            "content/site.json",
            "content/stats.json",
            "content/lists.json",
        ]);
        assert!(with_stats.iter().all(|p| p.bundles.len() <= 2
            && p.bundles[0] == "content/site.json"
            && !p
                .bundles
                .iter()
                .any(|b| b.ends_with("stats.json") || b.ends_with("lists.json"))));
    }

    #[test]
    fn the_templates_own_links_move_under_the_base_path() {
        let template = r##"<link rel="manifest" href="/site.webmanifest"><link rel="stylesheet" href="/portal/main-1.css"><a href="//cdn.example/x">x</a><a href="/">home</a><a href="#top">top</a>"##;
        assert_eq!(
            rebase(template, "/portal/"),
            r##"<link rel="manifest" href="/portal/site.webmanifest"><link rel="stylesheet" href="/portal/main-1.css"><a href="//cdn.example/x">x</a><a href="/portal/">home</a><a href="#top">top</a>"##
        );
        assert_eq!(rebase(template, "/"), template);
    }
}
