//! Share links: Facebook, Zalo, copy link. Nothing third-party loads: these are plain
//! links and browser APIs, used only when the reader presses them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

#[component]
pub fn ShareBar(url: String, title: String) -> impl IntoView {
    let (status, set_status) = signal(String::new());
    let facebook = format!(
        "https://www.facebook.com/sharer/sharer.php?u={}",
        encode(&url)
    );
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            spawn_local(async move {
                let message = match copy_text(&url).await {
                    Ok(()) => "Đã chép liên kết.".to_string(),
                    Err(()) => format!("Không chép được. Liên kết: {url}"),
                };
                set_status.set(message);
            });
        }
    };
    let zalo = move |_| {
        let (url, title) = (url.clone(), title.clone());
        spawn_local(async move {
            // On phones the system share sheet offers Zalo; elsewhere, the link goes to the
            // clipboard, ready to paste into a Zalo chat.
            let message = match share_sheet(&url, &title).await {
                Some(Ok(())) => String::new(),
                Some(Err(())) => "Đã huỷ chia sẻ.".to_string(),
                None => match copy_text(&url).await {
                    Ok(()) => "Đã chép liên kết, hãy dán vào Zalo để chia sẻ.".to_string(),
                    Err(()) => format!("Hãy chép liên kết này vào Zalo: {url}"),
                },
            };
            set_status.set(message);
        });
    };
    view! {
        <div class="share" role="group" aria-label="Chia sẻ bài viết">
            <span class="share-label">"Chia sẻ:"</span>
            <a class="share-btn fb" href=facebook target="_blank" rel="noopener noreferrer">"Facebook"</a>
            <button type="button" class="share-btn zalo" on:click=zalo>"Zalo"</button>
            <button type="button" class="share-btn copy" on:click=copy>"Chép liên kết"</button>
            <span class="share-status" role="status" aria-live="polite">{status}</span>
        </div>
    }
}

/// Percent-encodes a URL for use as a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn copy_text(text: &str) -> Result<(), ()> {
    let clipboard = window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| ())
}

/// `None` when the browser has no share sheet.
async fn share_sheet(url: &str, title: &str) -> Option<Result<(), ()>> {
    let navigator = window().navigator();
    let has_share = js_sys::Reflect::has(&navigator, &JsValue::from_str("share")).unwrap_or(false);
    if !has_share {
        return None;
    }
    let data = web_sys::ShareData::new();
    data.set_url(url);
    data.set_title(title);
    Some(
        wasm_bindgen_futures::JsFuture::from(navigator.share_with_data(&data))
            .await
            .map(|_| ())
            .map_err(|_| ()),
    )
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn share_urls_are_percent_encoded() {
        assert_eq!(
            encode("https://a.example/bai-viet/x?y=1&z"),
            "https%3A%2F%2Fa.example%2Fbai-viet%2Fx%3Fy%3D1%26z"
        );
    }
}
