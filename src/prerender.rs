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
use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use trangtin_model::{paths, Article, ArticleBundle, CategoryPage, SiteManifest};

/// One page to write.
#[derive(Debug)]
pub struct Page {
    /// The path the page is rendered for, such as `/bai-viet/x`.
    pub route: String,
    /// Where it goes, relative to `dist/`.
    pub file: PathBuf,
    /// The bundles it is rendered from: the manifest, the statistics, the route's own.
    pub bundles: Vec<String>,
    pub meta: Meta,
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
    pub image: Option<String>,
    pub article: Option<Article>,
}

/// The built site's bundles, each read from disk once: the manifest and statistics serve
/// every page, and a route's own bundle both plans and renders its page.
struct Bundles {
    dist: PathBuf,
    texts: RefCell<HashMap<String, Rc<String>>>,
}

impl Bundles {
    fn text(&self, path: &str) -> io::Result<Rc<String>> {
        if let Some(t) = self.texts.borrow().get(path) {
            return Ok(t.clone());
        }
        let file = self.dist.join(path);
        let text = std::fs::read_to_string(&file)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.display())))?;
        let text = Rc::new(text);
        self.texts
            .borrow_mut()
            .insert(path.to_string(), text.clone());
        Ok(text)
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, path: &str) -> io::Result<T> {
        serde_json::from_str(&self.text(path)?)
            .map_err(|e| io::Error::other(format!("{}: {e}", self.dist.join(path).display())))
    }

    /// Lets go of a bundle no later page needs.
    fn forget(&self, path: &str) {
        self.texts.borrow_mut().remove(path);
    }
}

/// Every route of the built site in `dist`, from its bundles.
fn plan(dist: &Path, bundles: &Bundles) -> io::Result<Vec<Page>> {
    let site: SiteManifest = bundles.parse(paths::SITE)?;
    let base = site.site.base_url.trim_end_matches('/').to_string();
    let absolute = |url: &str| {
        if url.starts_with("http") {
            url.to_string()
        } else {
            format!("{base}{url}")
        }
    };
    let logo = site.site.logo.as_deref().map(absolute);
    let shared = |own: Option<String>| {
        let mut b = vec![paths::SITE.to_string()];
        if dist.join(paths::STATS).is_file() {
            b.push(paths::STATS.to_string());
        }
        b.extend(own);
        b
    };
    let name = site.site.name.clone();
    let mut pages = Vec::new();

    pages.push(Page {
        route: "/".into(),
        file: "index.html".into(),
        bundles: shared(Some(paths::HOME.into())),
        meta: Meta {
            title: name.clone(),
            headline: name.clone(),
            description: home_description(&site.site),
            canonical: Some(format!("{base}/")),
            image: logo.clone(),
            article: None,
        },
    });

    for slug in bundle_names(&dist.join(paths::ROOT).join("bai-viet"))? {
        let path = paths::article(&slug);
        let bundle: ArticleBundle = bundles.parse(&path)?;
        let a = bundle.article;
        pages.push(Page {
            route: format!("/bai-viet/{slug}"),
            file: PathBuf::from(format!("bai-viet/{slug}/index.html")),
            bundles: shared(Some(path)),
            meta: Meta {
                title: page_title(&a.title, Some(&name)),
                headline: a.title.clone(),
                description: article_description(&a),
                canonical: Some(format!("{base}/bai-viet/{slug}")),
                image: a.thumbnail.as_deref().map(absolute).or(logo.clone()),
                article: Some(a),
            },
        });
    }

    for category in &site.categories {
        let path = paths::category_page(&category.slug, 1);
        let listing: CategoryPage = bundles.parse(&path)?;
        pages.push(Page {
            route: format!("/chuyen-muc/{}", category.slug),
            file: PathBuf::from(format!("chuyen-muc/{}/index.html", category.slug)),
            bundles: shared(Some(path)),
            meta: Meta {
                title: page_title(&listing.category.name, Some(&name)),
                headline: listing.category.name.clone(),
                description: category_description(&listing.category, &name),
                canonical: Some(format!("{base}/chuyen-muc/{}", category.slug)),
                image: logo.clone(),
                article: None,
            },
        });
    }

    // Pages of the portal that carry no bundle of their own.
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
        pages.push(Page {
            route: route.into(),
            file: PathBuf::from(format!("{}/index.html", route.trim_start_matches('/'))),
            bundles: shared(None),
            meta: Meta {
                title: page_title(title, Some(&name)),
                headline: title.into(),
                description: description.into(),
                canonical: Some(format!("{base}{route}")),
                image: logo.clone(),
                article: None,
            },
        });
    }

    // Widgets for other sites' iframes: not pages to index.
    let widget = |route: String, title: &str, own: Option<String>| Page {
        file: PathBuf::from(format!("{}/index.html", route.trim_start_matches('/'))),
        route,
        bundles: shared(own),
        meta: Meta {
            title: page_title(title, Some(&name)),
            headline: title.to_string(),
            description: format!("{title} - {name}"),
            ..Meta::default()
        },
    };
    for kind in crate::routes::embed::KINDS {
        pages.push(widget(format!("/embed/{kind}"), kind, None));
    }
    for c in &site.categories {
        if dist.join(paths::category_page(&c.slug, 1)).is_file() {
            pages.push(widget(
                format!("/embed/category/{}", c.slug),
                &c.name,
                Some(paths::category_page(&c.slug, 1)),
            ));
        }
    }

    pages.push(Page {
        route: "/404".into(),
        file: "404.html".into(),
        bundles: shared(None),
        meta: Meta {
            title: page_title(NOT_FOUND_TITLE, Some(&name)),
            headline: NOT_FOUND_TITLE.into(),
            description: NOT_FOUND_DESCRIPTION.into(),
            ..Meta::default()
        },
    });
    Ok(pages)
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

/// Renders every page of `plan` into `dist`, using trunk's `index.html` as the template.
pub fn run(dist: &Path) -> io::Result<usize> {
    let template = rebase(
        &std::fs::read_to_string(dist.join("index.html"))?,
        crate::base_path(),
    );
    let cache = Bundles {
        dist: dist.to_path_buf(),
        texts: RefCell::new(HashMap::new()),
    };
    let pages = plan(dist, &cache)?;
    for page in &pages {
        let bundles: Vec<(String, String)> = page
            .bundles
            .iter()
            .map(|p| Ok((p.clone(), cache.text(p)?.as_str().to_string())))
            .collect::<io::Result<_>>()?;
        let body = render_body(&page.route, &bundles);
        let html = assemble(&template, page, &bundles, &body);
        if let Some(own) = page
            .bundles
            .last()
            .filter(|p| *p != paths::SITE && *p != paths::STATS)
        {
            cache.forget(own);
        }
        let out = dist.join(&page.file);
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(out, html)?;
    }
    Ok(pages.len())
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
pub fn assemble(template: &str, page: &Page, bundles: &[(String, String)], body: &str) -> String {
    let mut html = template.to_string();
    if let (Some(a), Some(b)) = (html.find(HEAD_START), html.find(HEAD_END)) {
        html.replace_range(a..b + HEAD_END.len(), "");
    }
    replace_between(&mut html, "<title>", "</title>", &escape(&page.meta.title));
    if let Some(start) = html.find("<meta name=\"description\"") {
        if let Some(len) = html[start..].find('>') {
            html.replace_range(start..=start + len, "");
        }
    }
    let inlined = Inlined {
        route: page.route.clone(),
        bundles: bundles
            .iter()
            .map(|(p, json)| {
                let raw = serde_json::value::RawValue::from_string(json.clone())
                    .expect("bundles are JSON");
                (p.clone(), raw)
            })
            .collect(),
    };
    let head = format!(
        "{HEAD_START}{}<script type=\"application/json\" id=\"{}\">{}</script>{HEAD_END}",
        head_tags(&page.meta),
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
    html
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
    if let Some(image) = &meta.image {
        tag(format!(
            "<meta property=\"og:image\" content=\"{}\">",
            escape(image)
        ));
        tag(format!(
            "<meta name=\"twitter:image\" content=\"{}\">",
            escape(image)
        ));
    }
    tag("<meta name=\"twitter:card\" content=\"summary_large_image\">".into());
    tag(format!(
        "<meta name=\"twitter:title\" content=\"{}\">",
        escape(&meta.headline)
    ));
    tag(format!(
        "<meta name=\"twitter:description\" content=\"{}\">",
        escape(&meta.description)
    ));
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
            "image": meta.image.iter().collect::<Vec<_>>(),
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

/// The names of the `.json` files in `dir`, without extension, sorted.
fn bundle_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(String::from)
        })
        .collect();
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::rebase;

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
