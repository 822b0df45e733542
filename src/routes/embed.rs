//! `/embed/{kind}`: the portal's parts as widgets for other sites' iframes — `latest`,
//! `featured`, `most-read`, `category/{slug}`, `video` and `stats`. No portal frame; links
//! open the portal in a new tab; the page tells its host its height (`postMessage`), which
//! `embed.js` on the host applies. Options: `count` (1–20, default 5), `theme`
//! (`light`, `dark`, `auto`) and `lang` (`vi`, `en`).

use crate::bundle::use_bundle;
use crate::components::stats_panel::StatsPanel;
use crate::components::video::VideoBox;
use crate::context::{static_stats, ListsResource, SiteResource};
use crate::fetch::FetchError;
use crate::format;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use trangtin_model::{paths, ArticleSummary, Lists, SiteManifest};

/// Every kind but `category/{slug}`, as the paths say them.
pub const KINDS: [&str; 5] = ["latest", "featured", "most-read", "video", "stats"];
/// What `postMessage` carries to the host.
pub const HEIGHT_MESSAGE: &str = "trangtin:height";
/// What the host's `embed.js` sends to ask for the height again.
pub const MEASURE_MESSAGE: &str = "trangtin:measure";

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    pub count: usize,
    pub english: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            count: 5,
            english: false,
        }
    }
}

/// The options of a query string; anything unknown or out of range keeps its default.
pub fn parse_options(get: impl Fn(&str) -> Option<String>) -> (Options, &'static str) {
    let mut o = Options::default();
    if let Some(n) = get("count").and_then(|c| c.parse::<usize>().ok()) {
        o.count = n.clamp(1, 20);
    }
    o.english = get("lang").as_deref() == Some("en");
    let theme = match get("theme").as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ => "auto",
    };
    (o, theme)
}

/// The routes of an embedded page.
#[component]
pub fn EmbedRoutes() -> impl IntoView {
    let options = RwSignal::new(Options::default());
    provide_context(options);
    // Options apply once the page runs: the prerendered page is the default one, and
    // hydration must see what it saw.
    let query = use_query_map();
    Effect::new(move |_| {
        let q = query.get();
        let (o, theme) = parse_options(|k| q.get(k));
        options.set(o);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme);
        }
    });
    report_height();
    // The widget is fixed for the page's life (links open the portal elsewhere), so the
    // path is read once, without a second route table.
    let path = use_location().pathname.get_untracked();
    let rest = crate::below_base(&path)
        .trim_start_matches("/embed/")
        .trim_end_matches('/')
        .to_string();
    let body = match rest.strip_prefix("category/") {
        Some(slug) => view! { <EmbedCategory slug=slug.to_string()/> }.into_any(),
        None => view! { <EmbedKind kind=rest/> }.into_any(),
    };
    view! { <main class="embed">{body}</main> }
}

/// Posts the page's height to the host whenever it changes.
fn report_height() {
    Effect::new(move |_| {
        let window = window();
        let Ok(Some(parent)) = window.parent() else {
            return;
        };
        if parent == window {
            return;
        }
        let last = StoredValue::new(0i32);
        let post = move || {
            let Some(root) = document().document_element() else {
                return;
            };
            let height = root.scroll_height();
            if height != last.get_value() {
                last.set_value(height);
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
                let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
                let _ = parent.post_message(&message, "*");
            }
        };
        post();
        set_interval(post, std::time::Duration::from_millis(250));
        // A host script that arrives after the first report asks again.
        let handle = window_event_listener(leptos::ev::message, move |e| {
            let kind = js_sys::Reflect::get(&e.data(), &"type".into()).ok();
            if kind.and_then(|k| k.as_string()).as_deref() == Some(MEASURE_MESSAGE) {
                last.set_value(0);
            }
        });
        on_cleanup(move || handle.remove());
    });
}

fn label(kind: &str, english: bool) -> &'static str {
    match (kind, english) {
        ("latest", false) => "Tin mới",
        ("latest", true) => "Latest news",
        ("featured", false) => "Tin tiêu điểm",
        ("featured", true) => "Featured",
        ("most-read", false) => "Tin đọc nhiều",
        ("most-read", true) => "Most read",
        ("video", _) => "Video",
        ("stats", false) => "Thống kê truy cập",
        ("stats", true) => "Visitor statistics",
        _ => "",
    }
}

#[component]
fn EmbedKind(kind: String) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let lists = expect_context::<ListsResource>();
    let options = expect_context::<RwSignal<Options>>();
    move || {
        if !KINDS.contains(&kind.as_str()) {
            return view! { <EmbedMessage text="Không có tiện ích này."/> }.into_any();
        }
        // Only the article lists wait for the lists; the video and the statistics' frame
        // need the manifest alone.
        let list = |pick: fn(Lists) -> Vec<ArticleSummary>| match lists.get() {
            None => Err(view! { <EmbedMessage text="Đang tải…"/> }.into_any()),
            Some(Err(e)) => Err(view! { <EmbedMessage text=e.message()/> }.into_any()),
            Some(Ok(l)) => Ok(pick(l)),
        };
        match site.get() {
            None => view! { <EmbedMessage text="Đang tải…"/> }.into_any(),
            Some(Err(e)) => view! { <EmbedMessage text=e.message()/> }.into_any(),
            Some(Ok(s)) => {
                let o = options.get();
                let title = label(&kind, o.english);
                let picked = match kind.as_str() {
                    "latest" => Some(list(|l| l.latest)),
                    "featured" => Some(list(|l| l.featured)),
                    "most-read" => Some(list(|l| l.most_read)),
                    _ => None,
                };
                let body = match (kind.as_str(), picked) {
                    (_, Some(Ok(summaries))) => items(summaries, o),
                    (_, Some(Err(waiting))) => return waiting,
                    ("video", _) => s
                        .videos
                        .first()
                        .cloned()
                        .map(|video| view! { <VideoBox video/> }.into_any())
                        .unwrap_or_else(|| empty(o)),
                    _ => {
                        // The panel brings its own heading.
                        return view! {
                            <StatsPanel stats=lists.with(static_stats) live=false english=o.english/>
                            <More site=s english=o.english/>
                        }
                        .into_any();
                    }
                };
                view! {
                    <section class="box embed-box">
                        <h2 class="box-title">{title}</h2>
                        {body}
                    </section>
                    <More site=s english=o.english/>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn EmbedCategory(slug: String) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let options = expect_context::<RwSignal<Options>>();
    let listing = use_bundle::<trangtin_model::CategoryPage>(move || {
        if trangtin_model::is_valid_slug(&slug) {
            Ok(paths::category_page(&slug, 0))
        } else {
            Err(FetchError::NotFound)
        }
    });
    move || match (listing.get(), site.ok()) {
        (Some(Ok(page)), Some(s)) => {
            let o = options.get();
            view! {
                <section class="box embed-box">
                    <h2 class="box-title">{page.category.name.clone()}</h2>
                    {items(page.items, o)}
                </section>
                <More site=s english=o.english/>
            }
            .into_any()
        }
        (Some(Err(FetchError::NotFound)), _) => {
            view! { <EmbedMessage text="Không có chuyên mục này."/> }.into_any()
        }
        (Some(Err(e)), _) => view! { <EmbedMessage text=e.message()/> }.into_any(),
        _ => view! { <EmbedMessage text="Đang tải…"/> }.into_any(),
    }
}

fn items(list: Vec<ArticleSummary>, o: Options) -> AnyView {
    if list.is_empty() {
        return empty(o);
    }
    view! {
        <ul class="compact-list">
            {list
                .into_iter()
                .take(o.count)
                .map(|a| view! {
                    <li>
                        <a href=crate::url(&format!("/bai-viet/{}", a.slug)) target="_blank" rel="noopener">{a.title}</a>
                        " "
                        <time datetime=format::iso(&a.published)>
                            {format!("({})", format::short_date(a.published.date))}
                        </time>
                    </li>
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn empty(o: Options) -> AnyView {
    let text = if o.english {
        "Nothing here yet."
    } else {
        "Chưa có bài."
    };
    view! { <p class="empty">{text}</p> }.into_any()
}

/// The way to the portal itself.
#[component]
fn More(site: SiteManifest, english: bool) -> impl IntoView {
    let text = if english {
        format!("More at {}", site.site.name)
    } else {
        format!("Xem thêm tại {}", site.site.name)
    };
    view! {
        <p class="embed-more"><a href=crate::url("/") target="_blank" rel="noopener">{text}</a></p>
    }
}

#[component]
fn EmbedMessage(#[prop(into)] text: String) -> impl IntoView {
    view! { <p class="status embed-status" role="status">{text}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_with_defaults_and_limits() {
        let q = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(parse_options(q(&[])), (Options::default(), "auto"));
        let (o, theme) = parse_options(q(&[("count", "3"), ("theme", "dark"), ("lang", "en")]));
        assert_eq!((o.count, o.english, theme), (3, true, "dark"));
        assert_eq!(parse_options(q(&[("count", "999")])).0.count, 20);
        assert_eq!(parse_options(q(&[("count", "0")])).0.count, 1);
        assert_eq!(
            parse_options(q(&[("count", "x"), ("theme", "neon")])).1,
            "auto"
        );
    }
}
