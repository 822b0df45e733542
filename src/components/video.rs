//! The "Video" box: a poster with a play button. Nothing from the video host loads until
//! the reader presses play; the 16:9 box is reserved, so nothing shifts when it does.

use crate::components::picture::Picture;
use leptos::prelude::*;
use trangtin_model::{Video, VideoSource};

#[component]
pub fn VideoBox(video: Video) -> impl IntoView {
    let (playing, set_playing) = signal(false);
    let title = video.title.clone();
    let poster = video.poster.clone();
    let player = {
        let (title, poster) = (title.clone(), poster.clone());
        move || {
            match &video.source {
            VideoSource::Youtube { id } => view! {
                <iframe
                    src=format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0")
                    title=title.clone()
                    allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
                    referrerpolicy="strict-origin-when-cross-origin"
                    allowfullscreen=true
                ></iframe>
            }
            .into_any(),
            VideoSource::File { src } => view! {
                <video src=src.clone() poster=poster.as_ref().map(|p| p.at_least(640).0) controls=true autoplay=true preload="metadata">
                    {title.clone()}
                </video>
            }
            .into_any(),
        }
        }
    };
    let label = format!("Phát video: {title}");
    view! {
        <figure class="video">
            <div class="video-frame">
                <Show
                    when=move || playing.get()
                    fallback=move || view! {
                        <button type="button" class="video-facade" aria-label=label.clone() on:click=move |_| set_playing.set(true)>
                            {poster.clone().map(|image| view! { <Picture image alt="" sizes="(min-width: 64rem) 20rem, (min-width: 40rem) 50vw, 100vw" width=640 height=360/> })}
                            <span class="play-icon" aria-hidden="true"></span>
                        </button>
                    }
                >
                    {player.clone()}
                </Show>
            </div>
            <figcaption>{title.clone()}</figcaption>
        </figure>
    }
}
