//! `/nhung-tin`: the "Embed" panel. For each widget, the copy-paste snippets (an iframe with
//! `embed.js`, or the script widget) and a live preview.

use crate::context::SiteResource;
use crate::routes::set_meta;
use leptos::prelude::*;

pub const TITLE: &str = "Nhúng tin vào trang của bạn";
pub const DESCRIPTION: &str =
    "Đưa tin mới, tin tiêu điểm, video và thống kê truy cập của cổng thông tin vào trang web khác bằng một dòng mã.";

/// (kind as the URL says it, heading, iframe height before `embed.js` resizes it)
const WIDGETS: [(&str, &str, u32); 5] = [
    ("latest", "Tin mới", 320),
    ("featured", "Tin tiêu điểm", 320),
    ("most-read", "Tin đọc nhiều", 200),
    ("video", "Video", 300),
    ("stats", "Thống kê truy cập", 260),
];

/// The iframe way: the iframe plus the resizing script.
pub fn iframe_snippet(portal: &str, kind: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe data-trangtin src=\"{portal}embed/{kind}?count=5\" title=\"{title}\" loading=\"lazy\" \
         style=\"width:100%;border:0;height:{height}px\"></iframe>\n\
         <script src=\"{portal}embed.js\" async></script>"
    )
}

/// The script way: a custom element in its own Shadow DOM.
pub fn script_snippet(portal: &str, kind: &str) -> String {
    format!(
        "<script src=\"{portal}widget.js\" async></script>\n\
         <trangtin-widget kind=\"{kind}\" count=\"5\"></trangtin-widget>"
    )
}

#[component]
pub fn EmbedPanel() -> impl IntoView {
    let site = expect_context::<SiteResource>();
    // The portal's own address: the configured one in the prerendered page, where this
    // copy runs once it does (the same in production).
    let portal = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(s) = site.ok() {
            set_meta(TITLE, Some(&s.site.name), DESCRIPTION);
            let here = window().location().origin().unwrap_or_default();
            portal.set(format!("{here}{}", crate::base_path()));
        }
    });
    let configured = move || {
        site.ok()
            .map(|s| {
                format!(
                    "{}{}",
                    s.site.base_url.trim_end_matches('/'),
                    crate::base_path()
                )
            })
            .unwrap_or_default()
    };
    let address = move || {
        let p = portal.get();
        if p.is_empty() {
            configured()
        } else {
            p
        }
    };
    view! {
        <article class="embed-panel" aria-labelledby="embed-title">
            <h1 id="embed-title" class="section-title">{TITLE}</h1>
            <p>
                "Mỗi tiện ích dưới đây có hai cách nhúng: khung "<code>"iframe"</code>
                " (kèm tệp "<code>"embed.js"</code>" để khung tự co giãn theo nội dung) hoặc thẻ "
                <code>"<trangtin-widget>"</code>" (hiển thị trong Shadow DOM, không bị CSS của trang chủ ảnh hưởng). "
                "Tuỳ chọn: "<code>"count"</code>" (1–20), "<code>"theme"</code>" ("<code>"light"</code>", "
                <code>"dark"</code>", "<code>"auto"</code>"), "<code>"lang"</code>" ("<code>"vi"</code>", "<code>"en"</code>")."
            </p>
            {WIDGETS
                .into_iter()
                .map(|(kind, heading, height)| {
                    let id = format!("nhung-{kind}");
                    let labelled_by = id.clone();
                    view! {
                        <section class="box embed-item" aria-labelledby=labelled_by>
                            <h2 id=id class="box-title">{heading}</h2>
                            <h3>"Khung iframe"</h3>
                            <pre><code>{move || iframe_snippet(&address(), kind, heading, height)}</code></pre>
                            <h3>"Thẻ script"</h3>
                            <pre><code>{move || script_snippet(&address(), kind)}</code></pre>
                            <h3>"Xem trước"</h3>
                            <iframe
                                src=crate::url(&format!("/embed/{kind}?count=5"))
                                title=format!("Xem trước: {heading}")
                                height=height.to_string()
                                class="embed-preview"
                                data-trangtin=""
                            ></iframe>
                        </section>
                    }
                })
                .collect_view()}
            <script src=crate::url("/embed.js") async=true></script>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_name_the_portal_and_the_widget() {
        let i = iframe_snippet("https://tt.example.vn/", "latest", "Tin mới", 320);
        assert!(i.starts_with(
            "<iframe data-trangtin src=\"https://tt.example.vn/embed/latest?count=5\""
        ));
        assert!(i.ends_with("<script src=\"https://tt.example.vn/embed.js\" async></script>"));
        let s = script_snippet("https://tt.example.vn/portal/", "stats");
        assert!(s.contains("src=\"https://tt.example.vn/portal/widget.js\""));
        assert!(s.contains("<trangtin-widget kind=\"stats\" count=\"5\"></trangtin-widget>"));
    }
}
