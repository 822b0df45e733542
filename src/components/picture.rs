//! A picture of the site: a photo's WebP and JPEG/PNG widths with the space it takes
//! (`sizes`), so the browser fetches the width the screen needs; an SVG or GIF as it is.

use leptos::prelude::*;
use trangtin_model::{Image, ImageFormat};

/// When a picture is fetched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fetch {
    /// When it is scrolled near (most pictures).
    #[default]
    Lazy,
    /// At once: a small picture at the top of every page (the logo).
    Eager,
    /// At once and ahead of the rest: the picture a reader sees first.
    First,
}

/// `width`/`height` are the box the picture fills where its own size is unknown.
#[component]
pub fn Picture(
    image: Image,
    #[prop(into)] alt: String,
    sizes: &'static str,
    width: u32,
    height: u32,
    #[prop(optional)] fetch: Fetch,
) -> impl IntoView {
    let webp = image.srcset(ImageFormat::Webp);
    let srcset = image.srcset(ImageFormat::Fallback);
    let has_set = srcset.is_some();
    let src = image.plain_src();
    let (w, h) = match (image.width, image.height) {
        (Some(w), Some(h)) => (w, h),
        _ => (width, height),
    };
    view! {
        <picture>
            {webp.map(|set| view! { <source type="image/webp" srcset=set sizes=sizes/> })}
            <img
                src=src
                srcset=srcset
                sizes=has_set.then_some(sizes)
                width=w
                height=h
                alt=alt
                loading=(fetch == Fetch::Lazy).then_some("lazy")
                fetchpriority=(fetch == Fetch::First).then_some("high")
                decoding="async"
            />
        </picture>
    }
}
