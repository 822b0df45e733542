//! The site's settings, for administrators: its name, categories and side parts
//! ("Quảng cáo" banners, "Website liên kết", videos, the fanpage), which the service
//! writes back into `site.toml` and publishes.

use crate::api::{self, Session};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub name: String,
    #[serde(default)]
    pub tagline: String,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub banners: Vec<Banner>,
    #[serde(default)]
    pub linked_sites: Vec<Link>,
    #[serde(default)]
    pub videos: Vec<Video>,
    #[serde(default)]
    pub fanpage: Link,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Banner {
    pub label: String,
    pub href: String,
    pub image: String,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Video {
    pub title: String,
    #[serde(default)]
    pub youtube: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub poster: String,
    #[serde(default)]
    pub example: bool,
}

#[derive(Deserialize)]
struct Loaded {
    settings: Settings,
    version: String,
    #[serde(default)]
    used: BTreeMap<String, usize>,
}

type Getter = fn(&Settings, usize) -> String;
type Setter = fn(&mut Settings, usize, String);

/// One list of the settings: how to count, add, remove and reorder its items, and its
/// fields (label, getter, setter; `true` for an address, whose change confirms it).
struct List {
    title: &'static str,
    id: &'static str,
    add_label: &'static str,
    len: fn(&Settings) -> usize,
    add: fn(&mut Settings),
    remove: fn(&mut Settings, usize),
    swap: fn(&mut Settings, usize, usize),
    example: Option<fn(&Settings, usize) -> bool>,
    fields: &'static [(&'static str, Getter, Setter)],
}

macro_rules! get {
    ($list:ident, $f:ident) => {
        |s: &Settings, i: usize| s.$list.get(i).map(|x| x.$f.clone()).unwrap_or_default()
    };
}

macro_rules! set {
    ($list:ident, $f:ident) => {
        |s: &mut Settings, i: usize, v: String| {
            if let Some(x) = s.$list.get_mut(i) {
                x.$f = v;
            }
        }
    };
    // An address typed by the administrator is a real one.
    ($list:ident, $f:ident, confirms) => {
        |s: &mut Settings, i: usize, v: String| {
            if let Some(x) = s.$list.get_mut(i) {
                x.$f = v;
                x.example = false;
            }
        }
    };
}

macro_rules! list_ops {
    ($field:ident) => {
        (
            |s: &Settings| s.$field.len(),
            |s: &mut Settings| s.$field.push(Default::default()),
            |s: &mut Settings, i: usize| {
                s.$field.remove(i);
            },
            |s: &mut Settings, i: usize, j: usize| s.$field.swap(i, j),
        )
    };
}

fn lists() -> [List; 4] {
    let (c_len, c_add, c_remove, c_swap) = list_ops!(categories);
    let (b_len, b_add, b_remove, b_swap) = list_ops!(banners);
    let (l_len, l_add, l_remove, l_swap) = list_ops!(linked_sites);
    let (v_len, v_add, v_remove, v_swap) = list_ops!(videos);
    [
        List {
            title: "Chuyên mục",
            id: "cm",
            add_label: "Thêm chuyên mục",
            len: c_len,
            add: c_add,
            remove: c_remove,
            swap: c_swap,
            example: None,
            fields: &[
                ("Tên", get!(categories, name), set!(categories, name)),
                (
                    "Đường dẫn (chữ không dấu, gạch ngang)",
                    get!(categories, slug),
                    set!(categories, slug),
                ),
                (
                    "Mô tả",
                    get!(categories, description),
                    set!(categories, description),
                ),
            ],
        },
        List {
            title: "Quảng cáo (biểu ngữ bên cạnh)",
            id: "qc",
            add_label: "Thêm biểu ngữ",
            len: b_len,
            add: b_add,
            remove: b_remove,
            swap: b_swap,
            example: Some(|s, i| s.banners.get(i).is_some_and(|x| x.example)),
            fields: &[
                ("Nhãn", get!(banners, label), set!(banners, label)),
                (
                    "Liên kết tới",
                    get!(banners, href),
                    set!(banners, href, confirms),
                ),
                (
                    "Ảnh (trong thư mục content, ví dụ media/banners/a.png)",
                    get!(banners, image),
                    set!(banners, image),
                ),
            ],
        },
        List {
            title: "Website liên kết",
            id: "wl",
            add_label: "Thêm website",
            len: l_len,
            add: l_add,
            remove: l_remove,
            swap: l_swap,
            example: Some(|s, i| s.linked_sites.get(i).is_some_and(|x| x.example)),
            fields: &[
                ("Tên", get!(linked_sites, label), set!(linked_sites, label)),
                (
                    "Địa chỉ",
                    get!(linked_sites, href),
                    set!(linked_sites, href, confirms),
                ),
            ],
        },
        List {
            title: "Video",
            id: "vd",
            add_label: "Thêm video",
            len: v_len,
            add: v_add,
            remove: v_remove,
            swap: v_swap,
            example: Some(|s, i| s.videos.get(i).is_some_and(|x| x.example)),
            fields: &[
                ("Tiêu đề", get!(videos, title), set!(videos, title)),
                (
                    "Mã video YouTube (phần sau v= trong địa chỉ)",
                    get!(videos, youtube),
                    set!(videos, youtube, confirms),
                ),
                (
                    "Ảnh đại diện (trong thư mục content)",
                    get!(videos, poster),
                    set!(videos, poster),
                ),
            ],
        },
    ]
}

#[component]
pub fn SiteSettings() -> impl IntoView {
    let session = expect_context::<RwSignal<Option<Session>>>()
        .get_untracked()
        .expect("shown to someone logged in");
    let csrf = session.csrf.clone();
    let settings = RwSignal::new(Settings::default());
    let version = RwSignal::new(String::new());
    let used = RwSignal::new(BTreeMap::<String, usize>::new());
    let loaded = RwSignal::new(None::<Result<(), String>>);
    // Bumped when items are added, removed or moved: only then are the rows drawn again
    // (typing must not redraw the field being typed in).
    let shape = RwSignal::new(0u32);
    let message = RwSignal::new(None::<Result<String, (String, Vec<String>)>>);
    let busy = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            match api::get::<Loaded>("/api/settings").await {
                Ok(l) => {
                    settings.set(l.settings);
                    version.set(l.version);
                    used.set(l.used);
                    shape.update(|n| *n += 1);
                    loaded.set(Some(Ok(())));
                }
                Err(f) => loaded.set(Some(Err(f.message))),
            }
        });
    };
    load();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let csrf = csrf.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "version": version.get_untracked(), "settings": settings.get_untracked() });
            let answer: Result<serde_json::Value, _> =
                api::send("PUT", "/api/settings", &csrf, &body).await;
            busy.set(false);
            message.set(Some(match answer {
                Ok(v) => {
                    version.set(v["version"].as_str().unwrap_or_default().to_string());
                    let published = v["published"].as_str().unwrap_or_default();
                    Ok(format!("Đã lưu cài đặt. {published}").trim().to_string())
                }
                Err(f) => {
                    let details = f
                        .detail
                        .and_then(|d| serde_json::from_value::<Vec<String>>(d).ok())
                        .unwrap_or_default();
                    Err((f.message, details))
                }
            }));
        });
    };

    let field = move |label: &'static str, id: String, get: Getter, set: Setter, i: usize| {
        view! {
            <label for=id.clone()>{label}</label>
            <input id=id prop:value=move || settings.with(|s| get(s, i))
                on:input=move |ev| settings.update(|s| set(s, i, event_target_value(&ev)))/>
        }
    };
    let section = move |list: List| {
        let List {
            title,
            id,
            add_label,
            len,
            add,
            remove,
            swap,
            example,
            fields,
        } = list;
        view! {
            <fieldset class="admin-settings-list">
                <legend>{title}</legend>
                {move || {
                    shape.track();
                    let n = settings.with_untracked(len);
                    (0..n).map(|i| {
                        let in_use = if id == "cm" {
                            let slug = settings.with_untracked(|s| get!(categories, slug)(s, i));
                            used.with_untracked(|u| u.get(&slug).copied().unwrap_or(0))
                        } else {
                            0
                        };
                        view! {
                            <div class="admin-settings-item" role="group" aria-label=format!("{title} {}", i + 1)>
                                {fields.iter().enumerate().map(|(k, (label, get, set))| field(label, format!("s-{id}-{i}-{k}"), *get, *set, i)).collect_view()}
                                {example.map(|is| view! {
                                    {move || settings.with(|s| is(s, i)).then(|| view! {
                                        <p class="admin-example">"Địa chỉ mẫu, chưa phải địa chỉ thật: hãy thay bằng địa chỉ thật."</p>
                                    })}
                                })}
                                {(in_use > 0).then(|| view! { <p class="admin-auto">{format!("{in_use} bài thuộc chuyên mục này")}</p> })}
                                <div class="admin-actions">
                                    <button type="button" class="button" disabled={i == 0}
                                        on:click=move |_| { settings.update(|s| swap(s, i - 1, i)); shape.update(|n| *n += 1); }>"Lên"</button>
                                    <button type="button" class="button" disabled={i + 1 == n}
                                        on:click=move |_| { settings.update(|s| swap(s, i, i + 1)); shape.update(|n| *n += 1); }>"Xuống"</button>
                                    <button type="button" class="button" disabled={in_use > 0}
                                        title=(in_use > 0).then_some("Còn bài thuộc chuyên mục này: chuyển chúng đi trước")
                                        on:click=move |_| { settings.update(|s| remove(s, i)); shape.update(|n| *n += 1); }>"Bỏ"</button>
                                </div>
                            </div>
                        }
                    }).collect_view()
                }}
                <button type="button" class="button"
                    on:click=move |_| { settings.update(add); shape.update(|n| *n += 1); }>{add_label}</button>
            </fieldset>
        }
    };

    view! {
        <section class="admin-settings" aria-labelledby="cai-dat">
            <h1 id="cai-dat">"Cài đặt trang"</h1>
            {move || match loaded.get() {
                None => view! { <p role="status">"Đang tải…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="admin-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(())) => ().into_any(),
            }}
            <form class="admin-form" on:submit=save hidden=move || !matches!(loaded.get(), Some(Ok(())))>
                <fieldset class="admin-settings-list">
                    <legend>"Trang"</legend>
                    <label for="s-name">"Tên trang"</label>
                    <input id="s-name" required prop:value=move || settings.with(|s| s.name.clone())
                        on:input=move |ev| settings.update(|s| s.name = event_target_value(&ev))/>
                    <label for="s-tagline">"Dòng dưới tên"</label>
                    <input id="s-tagline" prop:value=move || settings.with(|s| s.tagline.clone())
                        on:input=move |ev| settings.update(|s| s.tagline = event_target_value(&ev))/>
                </fieldset>
                {lists().into_iter().map(section).collect_view()}
                <fieldset class="admin-settings-list">
                    <legend>"Fanpage"</legend>
                    <label for="s-fb-label">"Tên (để trống cả hai: không có fanpage)"</label>
                    <input id="s-fb-label" prop:value=move || settings.with(|s| s.fanpage.label.clone())
                        on:input=move |ev| settings.update(|s| s.fanpage.label = event_target_value(&ev))/>
                    <label for="s-fb-href">"Địa chỉ"</label>
                    <input id="s-fb-href" prop:value=move || settings.with(|s| s.fanpage.href.clone())
                        on:input=move |ev| settings.update(|s| { s.fanpage.href = event_target_value(&ev); s.fanpage.example = false; })/>
                    {move || settings.with(|s| s.fanpage.example).then(|| view! {
                        <p class="admin-example">"Địa chỉ mẫu, chưa phải địa chỉ thật: hãy thay bằng địa chỉ thật."</p>
                    })}
                </fieldset>
                <div class="admin-actions">
                    <button type="submit" class="button" disabled=move || busy.get()>"Lưu cài đặt"</button>
                </div>
                <div role="status" aria-live="polite">
                    {move || message.get().map(|m| match m {
                        Ok(t) => view! { <p class="admin-done">{t}</p> }.into_any(),
                        Err((t, details)) => view! {
                            <div class="admin-error">
                                <p>{t}</p>
                                <ul>{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any(),
                    })}
                </div>
            </form>
        </section>
    }
}
