//! Tòa soạn in the browser: log in, the article list, and the editor with the preview
//! rendered by the portal's own components.

mod api;
mod editor;
mod rich;
mod settings;
mod staff;

use api::Session;
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Which screen is shown; kept in the address's fragment (`#/bai-viet/12`), so a reload
/// or a shared link opens the same one.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    List,
    New,
    Edit(i64),
    Staff,
    Settings,
}

impl Screen {
    fn from_hash(hash: &str) -> Screen {
        let hash = hash.trim_start_matches('#');
        if hash == "/nhan-su" {
            return Screen::Staff;
        }
        if hash == "/cai-dat" {
            return Screen::Settings;
        }
        match hash.strip_prefix("/bai-viet/") {
            Some("moi") => Screen::New,
            Some(id) => id.parse().map_or(Screen::List, Screen::Edit),
            None => Screen::List,
        }
    }

    fn hash(&self) -> String {
        match self {
            Screen::List => "#/".into(),
            Screen::New => "#/bai-viet/moi".into(),
            Screen::Edit(id) => format!("#/bai-viet/{id}"),
            Screen::Staff => "#/nhan-su".into(),
            Screen::Settings => "#/cai-dat".into(),
        }
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Shows `screen`, and puts it in the address.
pub fn go(screen: Screen) {
    let _ = window().location().set_hash(&screen.hash());
}

#[component]
fn App() -> impl IntoView {
    // The preview's article components ask for the counter service: none here.
    trangtin::counter::provide_api(None);
    let session = RwSignal::new(None::<Session>);
    let checked = RwSignal::new(false);
    let screen = RwSignal::new(Screen::from_hash(&current_hash()));
    let on_hash = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        screen.set(Screen::from_hash(&current_hash()));
    });
    window().set_onhashchange(Some(wasm_bindgen::JsCast::unchecked_ref(on_hash.as_ref())));
    on_hash.forget();
    leptos::task::spawn_local(async move {
        // `{"user": null}` when no one is logged in: then the login shows.
        if let Ok(s) = api::get::<Session>("/api/me").await {
            session.set(Some(s));
        }
        checked.set(true);
    });
    provide_context(session);
    provide_context(editor::Flash(RwSignal::new(None)));
    view! {
        <div class="admin">
            {move || match (checked.get(), session.get()) {
                (false, _) => view! { <p class="admin-wait" role="status">"Đang tải…"</p> }.into_any(),
                (true, None) => view! { <Login session/> }.into_any(),
                (true, Some(s)) => view! {
                    <Header session=s.clone() on_logout=move || session.set(None)/>
                    <main id="noi-dung" class="admin-main">
                        {move || session.get().is_some_and(|s| s.user.must_change_password)
                            .then(|| view! { <staff::ChangePassword session/> })}
                        {move || match screen.get() {
                            Screen::List => view! { <List/> }.into_any(),
                            Screen::New => view! { <editor::Editor id=None/> }.into_any(),
                            Screen::Edit(id) => view! { <editor::Editor id=Some(id)/> }.into_any(),
                            Screen::Staff => view! { <staff::Staff/> }.into_any(),
                            Screen::Settings => view! { <settings::SiteSettings/> }.into_any(),
                        }}
                    </main>
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn Header(session: Session, on_logout: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let csrf = session.csrf.clone();
    let logout = move |_| {
        let csrf = csrf.clone();
        let on_logout = on_logout.clone();
        leptos::task::spawn_local(async move {
            let _ = api::send::<serde_json::Value>(
                "POST",
                "/api/logout",
                &csrf,
                &serde_json::json!({}),
            )
            .await;
            on_logout();
        });
    };
    view! {
        <header class="admin-header">
            <a class="admin-brand" href="#/">"Tòa soạn"</a>
            <nav aria-label="Tòa soạn">
                <a href="#/">"Danh sách bài"</a>
                <a href="#/bai-viet/moi">"Viết bài mới"</a>
                {(session.user.role == "admin").then(|| view! {
                    <a href="#/nhan-su">"Nhân sự"</a>
                    <a href="#/cai-dat">"Cài đặt trang"</a>
                })}
            </nav>
            <p class="admin-who">
                <span>{session.user.display_name.clone()}</span>
                " · "
                <span>{session.user.role_name()}</span>
            </p>
            <button type="button" class="button" on:click=logout>"Đăng xuất"</button>
        </header>
    }
}

#[component]
fn Login(session: RwSignal<Option<Session>>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "username": username.get_untracked(), "password": password.get_untracked() });
            let logged: Result<serde_json::Value, _> =
                api::send("POST", "/api/login", "", &body).await;
            match logged {
                Ok(_) => match api::get::<Session>("/api/me").await {
                    Ok(s) => session.set(Some(s)),
                    Err(f) => error.set(Some(f.message)),
                },
                Err(f) => error.set(Some(f.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="admin-login">
            <h1>"Tòa soạn"</h1>
            <form on:submit=submit>
                <label for="ten-dang-nhap">"Tên đăng nhập"</label>
                <input id="ten-dang-nhap" name="username" autocomplete="username" required
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))/>
                <label for="mat-khau">"Mật khẩu"</label>
                <input id="mat-khau" name="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
                <button type="submit" class="button" disabled=move || busy.get()>"Đăng nhập"</button>
                {move || error.get().map(|e| view! { <p class="admin-error" role="alert">{e}</p> })}
            </form>
        </main>
    }
}

const STATUSES: [&str; 6] = [
    "pending",
    "draft",
    "rejected",
    "scheduled",
    "published",
    "expired",
];

#[component]
fn List() -> impl IntoView {
    let session = expect_context::<RwSignal<Option<Session>>>();
    let editor = session.get_untracked().is_some_and(|s| s.user.edits());
    expect_context::<editor::Flash>().0.set(None);
    let items = RwSignal::new(None::<Result<api::ListPage, String>>);
    // Editors see first what waits for them.
    let status = RwSignal::new(if editor {
        "pending".to_string()
    } else {
        String::new()
    });
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let page = RwSignal::new(1usize);
    let first = StoredValue::new(true);
    // The service filters and pages (a site has thousands of articles); each change of
    // a filter asks again, from the first page.
    let path_for = move |status: &str| {
        format!(
            "/api/articles?q={}&status={}&category={}&page={}",
            js_sys::encode_uri_component(&query.get_untracked()),
            js_sys::encode_uri_component(status),
            js_sys::encode_uri_component(&category.get_untracked()),
            page.get_untracked()
        )
    };
    let load = move || {
        let path = path_for(&status.get_untracked());
        leptos::task::spawn_local(async move {
            let get = |path: String| async move {
                api::get::<api::ListPage>(&path)
                    .await
                    .map_err(|f| f.message)
            };
            let mut answer = get(path).await;
            // With nothing waiting, an editor sees everything.
            if first.get_value() {
                first.set_value(false);
                let none_waiting = answer.as_ref().is_ok_and(|p| p.total == 0);
                if none_waiting && !status.get_untracked().is_empty() {
                    status.set(String::new());
                    answer = get(path_for("")).await;
                }
            }
            items.set(Some(answer));
        });
    };
    let refilter = move || {
        page.set(1);
        load();
    };
    let categories = session
        .get_untracked()
        .map(|s| s.categories)
        .unwrap_or_default();
    let names: std::collections::HashMap<String, String> = categories
        .iter()
        .map(|c| (c.slug.clone(), c.name.clone()))
        .collect();
    let category_name =
        move |slug: &str| names.get(slug).cloned().unwrap_or_else(|| slug.to_string());
    load();
    let shown = move || items.get();
    let count = move |s: &'static str| {
        items
            .get()
            .and_then(|r| r.ok())
            .map_or(0, |p| p.counts.get(s).copied().unwrap_or(0))
    };
    let turn = move |by: isize| {
        page.update(|p| *p = p.saturating_add_signed(by).max(1));
        load();
    };
    view! {
        <section class="admin-list" aria-labelledby="danh-sach">
            <div class="admin-list-head">
                <h1 id="danh-sach">"Danh sách bài"</h1>
                <a class="button" href="#/bai-viet/moi">"Viết bài mới"</a>
            </div>
            <form class="admin-filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); refilter(); }>
                <label for="loc-trang-thai">"Trạng thái"</label>
                <select id="loc-trang-thai" on:change=move |ev| { status.set(event_target_value(&ev)); refilter(); }
                    prop:value=move || status.get()>
                    <option value="" selected=move || status.with(String::is_empty)>"Tất cả"</option>
                    {STATUSES.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s selected=move || status.get() == s>{move || format!("{} ({})", api::status_name(s), count(s))}</option> }
                    }).collect_view()}
                </select>
                <label for="loc-chuyen-muc">"Chuyên mục"</label>
                <select id="loc-chuyen-muc" on:change=move |ev| { category.set(event_target_value(&ev)); refilter(); }>
                    <option value="" selected=move || category.with(String::is_empty)>"Tất cả"</option>
                    {categories.iter().map(|c| {
                        let slug = c.slug.clone();
                        let this = slug.clone();
                        view! { <option value=slug selected=move || category.with(|x| *x == this)>{c.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <label for="tim-bai">"Tìm"</label>
                <input id="tim-bai" type="search" placeholder="Tiêu đề, có dấu hay không dấu"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" class="button">"Tìm"</button>
            </form>
            {move || { let category_name = category_name.clone(); match shown() {
                None => view! { <p role="status">"Đang tải…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="admin-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.items.is_empty() => view! { <p>"Không có bài nào."</p> }.into_any(),
                Some(Ok(api::ListPage { items: list, total, page: at, pages, .. })) => view! {
                    <p class="admin-list-count" role="status">{format!("{total} bài")}{(pages > 1).then(|| format!(", trang {at}/{pages}"))}</p>
                    <table class="admin-table">
                        <thead><tr>
                            <th scope="col">"Tiêu đề"</th>
                            <th scope="col">"Trạng thái"</th>
                            <th scope="col">"Chuyên mục"</th>
                            <th scope="col">"Tác giả"</th>
                            <th scope="col">"Ngày"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|a| view! {
                                <tr>
                                    <td><a href=format!("#/bai-viet/{}", a.id)>{if a.title.is_empty() { "(chưa có tiêu đề)".to_string() } else { a.title.clone() }}</a></td>
                                    <td><span class=format!("status status-{}", a.status)>{api::status_name(&a.status)}</span></td>
                                    <td>{category_name(&a.category)}</td>
                                    <td>{a.author.clone().unwrap_or_default()}</td>
                                    <td>{a.date.chars().take(10).collect::<String>()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(pages > 1).then(|| view! {
                        <nav class="admin-pager" aria-label="Trang của danh sách">
                            <button type="button" class="button" disabled=at <= 1 on:click=move |_| turn(-1)>"‹ Trang trước"</button>
                            <span>{format!("Trang {at}/{pages}")}</span>
                            <button type="button" class="button" disabled=at >= pages on:click=move |_| turn(1)>"Trang sau ›"</button>
                        </nav>
                    })}
                }.into_any(),
            }}}
        </section>
    }
}
