//! `/video`: the player and the playlist of the site's videos.

use crate::components::video::VideoBox;
use crate::context::SiteResource;
use crate::routes::set_meta;
use leptos::prelude::*;
use trangtin_model::Video;

pub const TITLE: &str = "Video";
pub const DESCRIPTION: &str = "Video của cổng thông tin";

/// `mm:ss`, or `h:mm:ss` from an hour.
pub fn duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[component]
pub fn VideoPage() -> impl IntoView {
    let site = expect_context::<SiteResource>();
    Effect::new(move |_| {
        if let Some(s) = site.ok() {
            set_meta(TITLE, Some(&s.site.name), DESCRIPTION);
        }
    });
    move || {
        site.ok().map(|s| {
            view! {
                <section class="video-page" aria-labelledby="video-page-title">
                    <h1 id="video-page-title" class="section-title">{TITLE}</h1>
                    <Playlist videos=s.videos/>
                </section>
            }
        })
    }
}

#[component]
fn Playlist(videos: Vec<Video>) -> impl IntoView {
    if videos.is_empty() {
        return view! { <p class="empty">"Chưa có video."</p> }.into_any();
    }
    let current = RwSignal::new(0usize);
    let list = videos.clone();
    view! {
        <div class="playlist-layout">
            // A new player per choice: the facade again, nothing loads until play.
            {move || {
                let video = videos[current.get().min(videos.len() - 1)].clone();
                view! { <VideoBox video/> }
            }}
            <ol class="playlist" aria-label="Danh sách video">
                {list
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| view! {
                        <li>
                            <button
                                type="button"
                                class="playlist-item"
                                aria-current=move || (current.get() == i).then_some("true")
                                on:click=move |_| current.set(i)
                            >
                                <span class="playlist-title">{v.title.clone()}</span>
                                {v.duration.map(|d| view! { <span class="playlist-duration">{duration(d)}</span> })}
                            </button>
                        </li>
                    })
                    .collect_view()}
            </ol>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_clocks() {
        assert_eq!(duration(59), "0:59");
        assert_eq!(duration(754), "12:34");
        assert_eq!(duration(3725), "1:02:05");
    }
}
