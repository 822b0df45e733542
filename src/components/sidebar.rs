//! The sidebar, in the seed page's order: "Quảng cáo", "Video", the news tabs,
//! "Website liên kết", "Fanpage", "Thống kê truy cập".

use crate::components::news_tabs::NewsTabs;
use crate::components::picture::Picture;
use crate::components::stats_panel::StatsPanel;
use crate::components::video::VideoBox;
use crate::context::ListsResource;
use crate::fetch::FetchError;
use leptos::prelude::*;
use leptos_router::components::A;
use trangtin_model::{Banner, Link, SiteManifest, Stats, Video};

#[component]
pub fn Sidebar(
    site: SiteManifest,
    lists: ListsResource,
    stats: Signal<Option<Result<Stats, FetchError>>>,
) -> impl IntoView {
    let live = site.site.stats_api.is_some();
    view! {
        <Banners banners=site.banners/>
        <VideoSection videos=site.videos/>
        <NewsTabs lists rows=site.list_rows/>
        <LinkedSites links=site.linked_sites/>
        {site.fanpage.map(|page| view! { <Fanpage page/> })}
        {move || view! { <StatsPanel stats=stats.get() live/> }}
    }
}

#[component]
fn Banners(banners: Vec<Banner>) -> impl IntoView {
    (!banners.is_empty()).then(|| {
        view! {
            <section class="box banners" aria-labelledby="banners-title">
                <h2 id="banners-title" class="box-title">"Quảng cáo"</h2>
                <ul>
                    {banners
                        .into_iter()
                        .map(|b| view! {
                            <li>
                                <a href=b.href target="_blank" rel="noopener noreferrer">
                                    <Picture image=b.image alt=b.label sizes="300px" width=300 height=90/>
                                </a>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn VideoSection(videos: Vec<Video>) -> impl IntoView {
    videos.into_iter().next().map(|video| {
        view! {
            <section class="box video-box" aria-labelledby="video-title">
                <h2 id="video-title" class="box-title">"Video"</h2>
                <VideoBox video/>
                <p class="box-more"><A href=crate::url("/video")>"Xem tất cả video"</A></p>
            </section>
        }
    })
}

/// A disclosure menu of links, each opening in a new tab.
#[component]
fn LinkedSites(links: Vec<Link>) -> impl IntoView {
    (!links.is_empty()).then(|| {
        view! {
            <section class="box linked" aria-labelledby="linked-title">
                <h2 id="linked-title" class="box-title">"Website liên kết"</h2>
                <details class="linked-menu">
                    <summary>"Website liên kết"</summary>
                    <ul>
                        {links
                            .into_iter()
                            .map(|l| view! {
                                <li><a href=l.href target="_blank" rel="noopener noreferrer">{l.label}</a></li>
                            })
                            .collect_view()}
                    </ul>
                </details>
            </section>
        }
    })
}

/// A plain link card: no Facebook script loads unless the reader follows it.
#[component]
fn Fanpage(page: Link) -> impl IntoView {
    view! {
        <section class="box fanpage" aria-labelledby="fanpage-title">
            <h2 id="fanpage-title" class="box-title">"Fanpage"</h2>
            <a class="fanpage-card" href=page.href target="_blank" rel="noopener noreferrer">
                <span class="fanpage-icon" aria-hidden="true">"f"</span>
                <span>{page.label}</span>
            </a>
        </section>
    }
}
