//! The body's editor: rich text (ProseMirror, `crates/admin/editor`, loaded as the
//! global `trangtinEditor`) that reads and writes the body's Markdown, or the Markdown
//! itself for those who prefer it. Both edit the same text.

use crate::api::Fields;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A mounted editor.
    type Handle;

    #[wasm_bindgen(catch, js_namespace = trangtinEditor, js_name = mount)]
    fn mount(
        host: &web_sys::HtmlElement,
        markdown: &str,
        options: &JsValue,
    ) -> Result<Handle, JsValue>;

    #[wasm_bindgen(method, js_name = setMarkdown)]
    fn set_markdown(this: &Handle, markdown: &str);

    #[wasm_bindgen(method, js_name = setEditable)]
    fn set_editable(this: &Handle, on: bool);

    #[wasm_bindgen(method)]
    fn destroy(this: &Handle);
}

fn options(csrf: &str, on_change: impl Fn(String) + 'static) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    };
    set("csrf", &JsValue::from_str(csrf));
    set("uploadUrl", &JsValue::from_str("/api/media"));
    set(
        "onChange",
        &Closure::<dyn Fn(String)>::new(on_change).into_js_value(),
    );
    o.into()
}

/// Whether `body` holds what the rich editor cannot keep yet (footnotes, TeX, GitHub
/// callouts, another generator's tags): editing it there would write it back escaped.
fn needs_markdown(body: &str) -> bool {
    let math = body.lines().any(|l| {
        let mut parts = l.split('$');
        parts.next();
        // `$x$`: a dollar, text not starting or ending with a space, a dollar.
        parts.next().zip(parts.next()).is_some_and(|(inner, _)| {
            !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' ')
        })
    });
    math || body.contains("[^")
        || body.contains("$$")
        || body.contains("{{<")
        || body.contains("{{%")
        || body.contains("{%")
        || body.lines().any(|l| l.trim_start().starts_with("> [!"))
}

#[component]
pub fn Body(fields: RwSignal<Fields>, can_edit: Signal<bool>, csrf: String) -> impl IntoView {
    let markdown_mode = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let markdown_only = Memo::new(move |_| fields.with(|f| needs_markdown(&f.body)));
    Effect::new(move |_| {
        if markdown_only.get() {
            markdown_mode.set(true);
        }
    });
    let host = NodeRef::<leptos::html::Div>::new();
    let handle = StoredValue::new_local(None::<Handle>);
    // The body as the editor last had it: a change from elsewhere (loading, a kept
    // draft, a restored version, the Markdown box) is given to it; its own are not.
    let known = StoredValue::new(None::<String>);

    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if handle.with_value(Option::is_some) {
            return;
        }
        let body = fields.with_untracked(|f| f.body.clone());
        let on_change = move |md: String| {
            known.set_value(Some(md.clone()));
            fields.update(|f| f.body = md);
        };
        match mount(&el, &body, &options(&csrf, on_change)) {
            Ok(h) => {
                known.set_value(Some(body));
                h.set_editable(can_edit.get_untracked());
                handle.set_value(Some(h));
            }
            Err(e) => {
                failed.set(Some(
                    e.as_string()
                        .unwrap_or_else(|| "không tải được trình soạn thảo".into()),
                ));
                markdown_mode.set(true);
            }
        }
    });
    Effect::new(move |_| {
        let body = fields.with(|f| f.body.clone());
        if known.with_value(|k| k.as_deref() == Some(body.as_str())) {
            return;
        }
        handle.with_value(|h| {
            if let Some(h) = h {
                known.set_value(Some(body.clone()));
                h.set_markdown(&body);
            }
        });
    });
    Effect::new(move |_| {
        let on = can_edit.get();
        handle.with_value(|h| {
            if let Some(h) = h {
                h.set_editable(on);
            }
        });
    });
    on_cleanup(move || {
        handle.update_value(|h| {
            if let Some(h) = h.take() {
                h.destroy();
            }
        })
    });

    view! {
        <div class="admin-body">
            <div class="admin-body-head">
                <span class="admin-label" id="nhan-noi-dung">"Nội dung"</span>
                <div class="admin-modes" role="group" aria-label="Cách soạn">
                    <button type="button" class="button" aria-pressed=move || (!markdown_mode.get()).to_string()
                        disabled=move || failed.with(Option::is_some) || markdown_only.get()
                        on:click=move |_| markdown_mode.set(false)>"Soạn thảo"</button>
                    <button type="button" class="button" aria-pressed=move || markdown_mode.get().to_string()
                        on:click=move |_| markdown_mode.set(true)>"Markdown"</button>
                </div>
            </div>
            {move || failed.get().map(|why| view! {
                <p class="admin-error" role="alert">{format!("Trình soạn thảo chưa mở được ({why}); bạn vẫn soạn được bằng Markdown bên dưới.")}</p>
            })}
            {move || markdown_only.get().then(|| view! {
                <p class="admin-note" role="note">"Bài này có chú thích, công thức, khung lưu ý hoặc mã của trang cũ mà khung soạn thảo chưa giữ được: hãy sửa ở chế độ Markdown để không mất chúng."</p>
            })}
            <div node_ref=host class="admin-rich" hidden=move || markdown_mode.get()></div>
            <textarea id="f-body" rows="18" aria-labelledby="nhan-noi-dung" hidden=move || !markdown_mode.get()
                prop:value=move || fields.with(|f| f.body.clone()) disabled=move || !can_edit.get()
                on:input=move |ev| fields.update(|f| f.body = event_target_value(&ev))></textarea>
        </div>
    }
}
