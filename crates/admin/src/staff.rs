//! The staff: the administrator adds people with a role and the categories they work
//! in; everyone changes their own password (a new account must, at first login).

use crate::api::{self, Session, User};
use leptos::prelude::*;

#[component]
pub fn Staff() -> impl IntoView {
    let session = expect_context::<RwSignal<Option<Session>>>()
        .get_untracked()
        .expect("shown to someone logged in");
    let csrf = session.csrf.clone();
    let people = RwSignal::new(None::<Result<Vec<User>, String>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            people.set(Some(
                api::get::<Vec<User>>("/api/users")
                    .await
                    .map_err(|f| f.message),
            ));
        });
    };
    load();
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new("author".to_string());
    let chosen = RwSignal::new(Vec::<String>::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let csrf = csrf.clone();
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({
                "username": username.get_untracked(), "display_name": name.get_untracked(),
                "role": role.get_untracked(), "categories": chosen.get_untracked(),
                "password": password.get_untracked(),
            });
            let added: Result<serde_json::Value, _> =
                api::send("POST", "/api/users", &csrf, &body).await;
            message.set(Some(match added {
                Ok(_) => {
                    load();
                    Ok(format!(
                        "Đã thêm {}. Người đó đổi mật khẩu ở lần đăng nhập đầu.",
                        username.get_untracked()
                    ))
                }
                Err(f) => Err(f.message),
            }));
        });
    };
    let categories = session.categories.clone();
    view! {
        <section aria-labelledby="nhan-su">
            <h1 id="nhan-su">"Nhân sự"</h1>
            {move || match people.get() {
                None => view! { <p role="status">"Đang tải…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="admin-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="admin-table">
                        <thead><tr>
                            <th scope="col">"Tên đăng nhập"</th>
                            <th scope="col">"Họ tên"</th>
                            <th scope="col">"Vai trò"</th>
                            <th scope="col">"Chuyên mục"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|u| view! {
                                <tr>
                                    <td>{u.username.clone()}</td>
                                    <td>{u.display_name.clone()}</td>
                                    <td>{u.role_name()}</td>
                                    <td>{if u.categories.is_empty() { "Tất cả".to_string() } else { u.categories.join(", ") }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <form class="admin-form admin-narrow" on:submit=add>
                <h2>"Thêm người"</h2>
                <label for="u-name">"Tên đăng nhập (chữ không dấu)"</label>
                <input id="u-name" required autocomplete="off" prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))/>
                <label for="u-display">"Họ tên"</label>
                <input id="u-display" required prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="u-role">"Vai trò"</label>
                <select id="u-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="author">"Tác giả: viết bài, gửi duyệt"</option>
                    <option value="editor">"Biên tập: sửa, duyệt, đăng, hẹn giờ"</option>
                    <option value="admin">"Quản trị: như biên tập, và quản lý nhân sự"</option>
                </select>
                <fieldset>
                    <legend>"Chuyên mục phụ trách (không chọn: tất cả)"</legend>
                    {categories.into_iter().map(|c| {
                        let slug = c.slug.clone();
                        let toggle = slug.clone();
                        view! {
                            <label class="admin-check">
                                <input type="checkbox" prop:checked=move || chosen.with(|s| s.contains(&slug))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|s| {
                                            s.retain(|x| *x != toggle);
                                            if on { s.push(toggle.clone()); }
                                        });
                                    }/>
                                {c.name.clone()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="u-password">"Mật khẩu ban đầu (ít nhất 10 ký tự)"</label>
                <input id="u-password" type="password" autocomplete="new-password" required minlength="10"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <button type="submit" class="button">"Thêm"</button>
                <div role="status" aria-live="polite">
                    {move || message.get().map(|m| match m {
                        Ok(t) => view! { <p class="admin-done">{t}</p> }.into_any(),
                        Err(t) => view! { <p class="admin-error">{t}</p> }.into_any(),
                    })}
                </div>
            </form>
        </section>
    }
}

/// Asks for a new password, at once for an account that must change its first one.
#[component]
pub fn ChangePassword(session: RwSignal<Option<Session>>) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(s) = session.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "current": current.get_untracked(), "new": new.get_untracked() });
            let changed: Result<serde_json::Value, _> =
                api::send("POST", "/api/password", &s.csrf, &body).await;
            message.set(Some(match changed {
                Ok(_) => {
                    session.update(|s| {
                        if let Some(s) = s {
                            s.user.must_change_password = false;
                        }
                    });
                    Ok("Đã đổi mật khẩu.".into())
                }
                Err(f) => Err(f.message),
            }));
        });
    };
    view! {
        <form class="admin-form admin-narrow admin-review" on:submit=submit aria-labelledby="doi-mat-khau">
            <h2 id="doi-mat-khau">"Hãy đổi mật khẩu ban đầu"</h2>
            <label for="p-current">"Mật khẩu hiện tại"</label>
            <input id="p-current" type="password" autocomplete="current-password" required
                prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
            <label for="p-new">"Mật khẩu mới (ít nhất 10 ký tự)"</label>
            <input id="p-new" type="password" autocomplete="new-password" required minlength="10"
                prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
            <button type="submit" class="button">"Đổi mật khẩu"</button>
            <div role="status" aria-live="polite">
                {move || message.get().map(|m| match m {
                    Ok(t) => view! { <p class="admin-done">{t}</p> }.into_any(),
                    Err(t) => view! { <p class="admin-error">{t}</p> }.into_any(),
                })}
            </div>
        </form>
    }
}
