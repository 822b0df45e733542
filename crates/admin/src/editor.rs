//! The editor: an article's fields, its body, and beside them the article as the reader
//! will see it, rendered by the portal's own components from what the bundler makes of
//! the text. What a person may do (save, send for approval, send back, publish,
//! schedule) follows their role and the article's state.

use crate::api::{self, Failure, Fields, Opened, Session};
use crate::{go, Screen};
use leptos::prelude::*;
use std::time::Duration;
use trangtin::components::article_view::ArticleView;
use trangtin_model::Article;

/// A message for the person: what happened, or what went wrong and what to do. It
/// outlives the screen (a new article's first save moves to its own address).
#[derive(Clone, PartialEq)]
pub enum Note {
    Done(String),
    Problem(String),
}

#[component]
pub fn Editor(id: Option<i64>) -> impl IntoView {
    let session = expect_context::<RwSignal<Option<Session>>>()
        .get_untracked()
        .expect("the editor is shown to someone logged in");
    let csrf = session.csrf.clone();
    let upload_csrf = session.csrf.clone();
    let editor = session.user.edits();
    let fields = RwSignal::new(Fields {
        category: session
            .categories
            .first()
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        author: session.user.display_name.clone(),
        ..Fields::default()
    });
    let version = RwSignal::new(0i64);
    let status = RwSignal::new("draft".to_string());
    let review = RwSignal::new(None::<String>);
    let editable = RwSignal::new(true);
    let loaded = RwSignal::new(id.is_none());
    let note = expect_context::<Flash>().0;
    let conflict = RwSignal::new(None::<(i64, Fields)>);
    let busy = RwSignal::new(false);
    let reject_note = RwSignal::new(String::new());
    let publish_at = RwSignal::new(String::new());
    let expire_at = RwSignal::new(String::new());
    // Someone else holding the edit lock, by name.
    let locked_by = RwSignal::new(None::<String>);
    let can_edit = Signal::derive(move || editable.get() && locked_by.get().is_none());
    // The text as the server last had it, and a draft kept on this computer.
    let server_copy = StoredValue::new(None::<Fields>);
    let offer = RwSignal::new(None::<local::Draft>);
    let auto_saved = RwSignal::new(None::<String>);

    // The article as the server has it, put in the editor.
    let show = move |o: Opened| {
        server_copy.set_value(Some(o.fields.clone()));
        publish_at.set(rfc3339_to_local(&o.fields.publish_at));
        expire_at.set(rfc3339_to_local(&o.fields.expire_at));
        fields.set(o.fields);
        version.set(o.version);
        status.set(o.status);
        review.set(o.note);
        editable.set(o.editable);
    };

    // The edit lock, renewed while the page is open, let go when it closes.
    let renew = {
        let csrf = csrf.clone();
        move |take: bool, release: bool| {
            let (csrf, Some(id)) = (csrf.clone(), id) else {
                return;
            };
            leptos::task::spawn_local(async move {
                let body = serde_json::json!({ "take": take, "release": release });
                let answer: Result<serde_json::Value, Failure> =
                    api::send("POST", &format!("/api/articles/{id}/lock"), &csrf, &body).await;
                if let (Ok(v), false) = (answer, release) {
                    let mine = v["mine"] == true;
                    let held = locked_by.try_get_untracked().flatten().is_some();
                    let holder =
                        (!mine).then(|| v["held_by"].as_str().unwrap_or("người khác").to_string());
                    if take && mine && held {
                        // Taken over from someone who may have saved while this page only
                        // showed the article: edit what is saved now, not what was shown.
                        match api::get::<Opened>(&format!("/api/articles/{id}")).await {
                            Ok(o) => show(o),
                            Err(f) => {
                                let _ = note.try_set(Some(Note::Problem(f.message)));
                            }
                        }
                    }
                    let _ = locked_by.try_set(holder);
                }
            });
        }
    };
    if id.is_some() {
        let again = renew.clone();
        let timer = set_interval_with_handle(
            move || {
                if editable.get_untracked()
                    && loaded.get_untracked()
                    && locked_by.get_untracked().is_none()
                {
                    again(false, false);
                }
            },
            Duration::from_secs(15),
        )
        .ok();
        let release = renew.clone();
        on_cleanup(move || {
            if let Some(t) = timer {
                t.clear();
            }
            if editable.get_untracked() && locked_by.get_untracked().is_none() {
                release(false, true);
            }
        });
    }

    let key = local::key(id);
    if let Some(id) = id {
        let renew = renew.clone();
        let key = key.clone();
        leptos::task::spawn_local(async move {
            match api::get::<Opened>(&format!("/api/articles/{id}")).await {
                Ok(o) => {
                    // A draft on this computer that the server never got is offered back.
                    let kept = local::read(&key).filter(|d| d.fields != o.fields);
                    offer.set(kept);
                    let may_edit = o.editable;
                    show(o);
                    loaded.set(true);
                    if may_edit {
                        renew(false, false);
                    }
                }
                Err(f) => note.set(Some(Note::Problem(f.message))),
            }
        });
    } else {
        offer.set(local::read(&key));
    }

    // Saves the fields; the article's id afterwards, or what went wrong.
    let save = {
        let csrf = csrf.clone();
        move || {
            let csrf = csrf.clone();
            async move {
                let current = fields.get_untracked();
                match id {
                    None => {
                        let made: serde_json::Value =
                            api::send("POST", "/api/articles", &csrf, &current).await?;
                        local::forget(&local::key(None));
                        Ok(made["id"].as_i64().unwrap_or_default())
                    }
                    Some(id) => {
                        let body = serde_json::json!({ "version": version.get_untracked(), "fields": current });
                        match api::send::<serde_json::Value>(
                            "PUT",
                            &format!("/api/articles/{id}"),
                            &csrf,
                            &body,
                        )
                        .await
                        {
                            Ok(saved) => {
                                version.set(saved["version"].as_i64().unwrap_or_default());
                                server_copy.set_value(Some(current));
                                local::forget(&local::key(Some(id)));
                                Ok(id)
                            }
                            Err(f) => {
                                if f.status == 409 {
                                    if let Some(d) = &f.detail {
                                        let theirs: Fields =
                                            serde_json::from_value(d["theirs"].clone())
                                                .unwrap_or_default();
                                        conflict.set(Some((
                                            d["version"].as_i64().unwrap_or_default(),
                                            theirs,
                                        )));
                                    }
                                }
                                Err(f)
                            }
                        }
                    }
                }
            }
        }
    };

    let autosave = save.clone();
    let act = move |what: &'static str| {
        let save = save.clone();
        let csrf = csrf.clone();
        busy.set(true);
        note.set(None);
        leptos::task::spawn_local(async move {
            let result: Result<(i64, String), Failure> = async {
                let may_save = editable.get_untracked();
                let id = if may_save {
                    save().await?
                } else {
                    id.unwrap_or_default()
                };
                let path = |action: &str| format!("/api/articles/{id}/{action}");
                let done = match what {
                    "save" => "Đã lưu.".to_string(),
                    "submit" => {
                        api::send::<serde_json::Value>(
                            "POST",
                            &path("submit"),
                            &csrf,
                            &serde_json::json!({}),
                        )
                        .await?;
                        "Đã gửi duyệt. Biên tập viên sẽ xem bài.".into()
                    }
                    "reject" => {
                        let body = serde_json::json!({ "note": reject_note.get_untracked() });
                        api::send::<serde_json::Value>("POST", &path("reject"), &csrf, &body)
                            .await?;
                        "Đã trả lại bài cho tác giả.".into()
                    }
                    "publish" | "schedule" => {
                        let at = if what == "schedule" {
                            local_to_rfc3339(&publish_at.get_untracked())
                        } else {
                            String::new()
                        };
                        let body = serde_json::json!({
                            "publish_at": at,
                            "expire_at": local_to_rfc3339(&expire_at.get_untracked()),
                        });
                        let r: serde_json::Value =
                            api::send("POST", &path("publish"), &csrf, &body).await?;
                        let site = r["published"]
                            .as_str()
                            .map(|s| format!(" Trang đã cập nhật: {s}."))
                            .unwrap_or_default();
                        if r["status"] == "scheduled" {
                            format!("Đã hẹn giờ đăng.{site}")
                        } else {
                            format!("Đã đăng.{site}")
                        }
                    }
                    _ => String::new(),
                };
                Ok((id, done))
            }
            .await;
            note.set(Some(match result {
                Ok((saved, done)) => {
                    if id == Some(saved) {
                        // The same article: its state again (status, version, note).
                        if let Ok(o) = api::get::<Opened>(&format!("/api/articles/{saved}")).await {
                            version.set(o.version);
                            status.set(o.status);
                            review.set(o.note);
                            editable.set(o.editable);
                        }
                    } else {
                        // A new article gets its own address.
                        go(Screen::Edit(saved));
                    }
                    Note::Done(done)
                }
                Err(f) => Note::Problem(f.message),
            }));
            busy.set(false);
        });
    };

    // Every change is kept on this computer at once, and saved a few seconds after
    // typing stops: closing the tab or losing the network loses nothing.
    let autosave_generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let current = fields.get();
        if !loaded.get_untracked() || !can_edit.get_untracked() {
            return;
        }
        if server_copy.with_value(|s| s.as_ref() == Some(&current)) {
            return;
        }
        local::write(&local::key(id), &current);
        if id.is_none() || conflict.get_untracked().is_some() {
            return;
        }
        let mine = autosave_generation.get_value() + 1;
        autosave_generation.set_value(mine);
        let autosave = autosave.clone();
        set_timeout(
            move || {
                if autosave_generation.get_value() != mine || busy.get_untracked() {
                    return;
                }
                leptos::task::spawn_local(async move {
                    match autosave().await {
                        Ok(_) => {
                            let _ = auto_saved.try_set(Some(local::clock()));
                        }
                        Err(f) if f.status == 409 => {}
                        Err(f) => {
                            let _ = note.try_set(Some(Note::Problem(format!(
                                "Chưa tự lưu được: {} Bản nháp vẫn được giữ trên máy này.",
                                f.message
                            ))));
                        }
                    }
                });
            },
            Duration::from_secs(3),
        );
    });

    // The preview follows the text as it is typed: a change is sent at once when no
    // preview is on its way, else when the one on its way comes back (only the latest
    // text then), so the preview is never more than one answer behind and the service
    // never gets a queue of them.
    let preview = RwSignal::new(None::<Result<Article, Vec<String>>>);
    let in_flight = StoredValue::new(false);
    let waiting = StoredValue::new(None::<Fields>);
    let send_preview = StoredValue::new_local(None::<std::rc::Rc<dyn Fn(Fields)>>);
    send_preview.set_value(Some(std::rc::Rc::new(move |current: Fields| {
        in_flight.set_value(true);
        leptos::task::spawn_local(async move {
            let answer: Result<serde_json::Value, Failure> =
                api::send("POST", "/api/preview", "", &current).await;
            let shown = match answer {
                Ok(v) if v.get("article").is_some() => {
                    serde_json::from_value(v["article"].clone()).map_err(|e| vec![e.to_string()])
                }
                Ok(v) => Err(serde_json::from_value(v["problems"].clone()).unwrap_or_default()),
                Err(f) => Err(vec![f.message]),
            };
            let _ = preview.try_set(Some(shown));
            in_flight.set_value(false);
            if let Some(next) = waiting.try_update_value(Option::take).flatten() {
                if let Some(send) = send_preview.try_get_value().flatten() {
                    send(next);
                }
            }
        });
    })));
    Effect::new(move |_| {
        let current = fields.get();
        if !loaded.get() {
            return;
        }
        if in_flight.get_value() {
            waiting.set_value(Some(current));
        } else if let Some(send) = send_preview.get_value() {
            send(current);
        }
    });

    let categories = session.categories.clone();
    let text = move |label: &'static str,
                     id: &'static str,
                     get: fn(&Fields) -> String,
                     set: fn(&mut Fields, String)| {
        view! {
            <label for=id>{label}</label>
            <input id=id prop:value=move || fields.with(get) disabled=move || !can_edit.get()
                on:input=move |ev| fields.update(|f| set(f, event_target_value(&ev)))/>
        }
    };
    let area = move |label: &'static str,
                     id: &'static str,
                     rows: u32,
                     get: fn(&Fields) -> String,
                     set: fn(&mut Fields, String)| {
        view! {
            <label for=id>{label}</label>
            <textarea id=id rows=rows prop:value=move || fields.with(get) disabled=move || !can_edit.get()
                on:input=move |ev| fields.update(|f| set(f, event_target_value(&ev)))></textarea>
        }
    };
    let act2 = act.clone();
    let act3 = act.clone();
    let act4 = act.clone();
    let act5 = act.clone();
    let is = move |s: &str| status.with(|st| st == s);
    view! {
        <section class="admin-editor" aria-labelledby="soan-bai">
            <div class="admin-list-head">
                <h1 id="soan-bai">{if id.is_some() { "Sửa bài" } else { "Viết bài mới" }}</h1>
                <p class="admin-state">
                    {move || format!("Trạng thái: {}", api::status_name(&status.get()))}
                    {move || (version.get() > 0).then(|| format!(" · phiên bản {}", version.get()))}
                </p>
            </div>
            {move || review.get().filter(|_| is("rejected")).map(|n| view! {
                <p class="admin-review" role="note"><strong>"Biên tập trả lại: "</strong>{n}</p>
            })}
            {move || locked_by.get().map(|who| {
                let renew = renew.clone();
                view! {
                    <div class="admin-review" role="alert">
                        <p>{format!("Bài đang được sửa bởi {who}. Bạn đang xem; muốn sửa thì nhận quyền sửa (người kia sẽ được báo).")}</p>
                        <button type="button" class="button" on:click=move |_| renew(true, false)>"Sửa thay"</button>
                    </div>
                }
            })}
            {move || offer.get().map(|draft| {
                let key = key.clone();
                let kept = draft.fields.clone();
                view! {
                    <div class="admin-review" role="alert">
                        <p>{format!("Có bản nháp chưa lưu trên máy này (lúc {}).", draft.at)}</p>
                        <button type="button" class="button" on:click=move |_| { fields.set(kept.clone()); offer.set(None); }>"Khôi phục bản nháp"</button>
                        <button type="button" class="button" on:click=move |_| { local::forget(&key); offer.set(None); }>"Bỏ bản nháp"</button>
                    </div>
                }
            })}
            {move || (!editable.get() && loaded.get()).then(|| view! {
                <p class="admin-review" role="note">"Bài đang chờ duyệt hoặc đã đăng: bạn chỉ xem được, không sửa được."</p>
            })}
            <div class="admin-columns">
                <form class="admin-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); act("save"); }>
                    {text("Tiêu đề", "f-title", |f| f.title.clone(), |f, v| f.title = v)}
                    {text("Đường dẫn (slug, để trống thì tạo từ tiêu đề)", "f-slug", |f| f.slug.clone(), |f, v| f.slug = v)}
                    <label for="f-category">"Chuyên mục"</label>
                    <select id="f-category" disabled=move || !can_edit.get()
                        prop:value=move || fields.with(|f| f.category.clone())
                        on:change=move |ev| fields.update(|f| f.category = event_target_value(&ev))>
                        {categories.iter().map(|c| view! { <option value=c.slug.clone()>{c.name.clone()}</option> }).collect_view()}
                    </select>
                    {text("Ngày đăng (2024-06-25 hoặc 2024-06-25T14:30:00+07:00)", "f-date", |f| f.date.clone(), |f, v| f.date = v)}
                    {text("Tác giả", "f-author", |f| f.author.clone(), |f, v| f.author = v)}
                    {text("Nguồn tin (tên hoặc địa chỉ trang)", "f-source", |f| f.source.clone(), |f, v| f.source = v)}
                    {area("Tóm tắt", "f-summary", 2, |f| f.summary.clone(), |f, v| f.summary = v)}
                    {area("Đoạn dẫn (in đậm đầu bài)", "f-lead", 2, |f| f.lead.clone(), |f, v| f.lead = v)}
                    {text("Từ khóa (cách nhau bởi dấu phẩy)", "f-tags", |f| f.tags.join(", "), |f, v| f.tags = v.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect())}
                    {text("Ảnh đại diện (để trống: ảnh đầu tiên trong bài)", "f-thumbnail", |f| f.thumbnail.clone(), |f, v| f.thumbnail = v)}
                    {text("Mô tả ảnh đại diện (cho người không xem được ảnh)", "f-thumbnail-alt", |f| f.thumbnail_alt.clone(), |f, v| f.thumbnail_alt = v)}
                    <label class="admin-check">
                        <input type="checkbox" prop:checked=move || fields.with(|f| f.featured) disabled=move || !can_edit.get()
                            on:change=move |ev| fields.update(|f| f.featured = event_target_checked(&ev))/>
                        "Tin tiêu điểm"
                    </label>
                    <crate::rich::Body fields can_edit csrf=upload_csrf.clone()/>
                    <div class="admin-actions">
                        <button type="submit" class="button" disabled=move || busy.get() || !editable.get()>"Lưu"</button>
                        {move || auto_saved.get().map(|t| view! { <span class="admin-auto">{format!("Đã tự lưu lúc {t}")}</span> })}
                        {move || (can_edit.get() && (is("draft") || is("rejected"))).then(|| {
                            let act = act2.clone();
                            view! { <button type="button" class="button" disabled=move || busy.get() on:click=move |_| act("submit")>"Gửi duyệt"</button> }
                        })}
                    </div>
                    {move || (editor && id.is_some()).then(|| {
                        let (reject, publish, schedule) = (act3.clone(), act4.clone(), act5.clone());
                        view! {
                            <fieldset class="admin-approve">
                                <legend>"Duyệt bài"</legend>
                                {move || is("pending").then(|| {
                                    let reject = reject.clone();
                                    view! {
                                        <label for="f-reject">"Lý do trả lại"</label>
                                        <textarea id="f-reject" rows="2" prop:value=move || reject_note.get()
                                            on:input=move |ev| reject_note.set(event_target_value(&ev))></textarea>
                                        <button type="button" class="button" disabled=move || busy.get() on:click=move |_| reject("reject")>"Trả lại"</button>
                                    }
                                })}
                                <label for="f-expire-at">"Hết hạn lúc (không bắt buộc: bài rời khỏi các danh sách)"</label>
                                <input id="f-expire-at" type="datetime-local" step="1" prop:value=move || expire_at.get()
                                    on:input=move |ev| expire_at.set(event_target_value(&ev))/>
                                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| publish("publish")>"Đăng ngay"</button>
                                <label for="f-publish-at">"Hẹn giờ đăng"</label>
                                <input id="f-publish-at" type="datetime-local" step="1" prop:value=move || publish_at.get()
                                    on:input=move |ev| publish_at.set(event_target_value(&ev))/>
                                <button type="button" class="button" disabled=move || busy.get() || publish_at.with(String::is_empty)
                                    on:click=move |_| schedule("schedule")>"Hẹn giờ"</button>
                            </fieldset>
                        }
                    })}
                    <div role="status" aria-live="polite">
                        {move || note.get().map(|n| match n {
                            Note::Done(t) => view! { <p class="admin-done">{t}</p> }.into_any(),
                            Note::Problem(t) => view! { <p class="admin-error">{t}</p> }.into_any(),
                        })}
                    </div>
                    {move || conflict.get().map(|(v, theirs)| view! {
                        <div class="admin-conflict" role="alert">
                            <p>"Bài đã được người khác lưu sau khi bạn mở. Bản của bạn chưa bị mất: nó vẫn ở ô soạn thảo. So sánh hai bản:"</p>
                            <div class="admin-compare">
                                <div><h2>"Bản đã lưu (của người khác)"</h2><pre>{theirs.body.clone()}</pre></div>
                                <div><h2>"Bản của bạn"</h2><pre>{move || fields.with(|f| f.body.clone())}</pre></div>
                            </div>
                            <button type="button" class="button" on:click=move |_| { version.set(v); conflict.set(None); }>"Giữ bản của tôi (lưu đè lên bản kia)"</button>
                            <button type="button" class="button" on:click={let theirs = theirs.clone(); move |_| { fields.set(theirs.clone()); version.set(v); conflict.set(None); }}>"Lấy bản đã lưu"</button>
                        </div>
                    })}
                </form>
                <Preview preview/>
            </div>
            {id.map(|id| view! { <History id fields can_edit/> })}
        </section>
    }
}

/// The message shown under the editor's buttons.
#[derive(Clone, Copy)]
pub struct Flash(pub RwSignal<Option<Note>>);

/// A front matter time (`2024-07-01T07:00:00+07:00`, or a date) for a datetime-local
/// input, in the site's time.
fn rfc3339_to_local(at: &str) -> String {
    match at.len() {
        n if n >= 19 => at[..19].to_string(),
        10 => format!("{at}T00:00:00"),
        _ => String::new(),
    }
}

/// `2024-07-01T07:00` (a datetime-local input, in the site's time, +07:00) as RFC 3339.
fn local_to_rfc3339(local: &str) -> String {
    if local.is_empty() {
        return String::new();
    }
    let seconds = if local.len() == 16 { ":00" } else { "" };
    format!("{local}{seconds}+07:00")
}

#[component]
fn Preview(preview: RwSignal<Option<Result<Article, Vec<String>>>>) -> impl IntoView {
    let phone = RwSignal::new(false);
    view! {
        <section class="admin-preview" aria-labelledby="xem-truoc">
            <div class="admin-list-head">
                <h2 id="xem-truoc">"Xem trước"</h2>
                <div role="group" aria-label="Khổ màn hình">
                    <button type="button" class="button" aria-pressed=move || phone.get().to_string()
                        on:click=move |_| phone.set(true)>"Điện thoại"</button>
                    <button type="button" class="button" aria-pressed=move || (!phone.get()).to_string()
                        on:click=move |_| phone.set(false)>"Máy tính"</button>
                </div>
            </div>
            <div class="admin-preview-frame" class:phone=move || phone.get()>
                {move || match preview.get() {
                    None => view! { <p role="status">"Bản xem trước hiện ra khi bạn gõ."</p> }.into_any(),
                    Some(Err(problems)) => view! {
                        <ul class="admin-error" role="status">
                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Ok(article)) => {
                        let url = format!("/bai-viet/{}", article.slug);
                        view! { <ArticleView article category_name=None url/> }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// Drafts kept in this browser's storage, one per article (and one for a new article),
/// until the server has them.
mod local {
    use crate::api::Fields;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, PartialEq, Serialize, Deserialize)]
    pub struct Draft {
        pub fields: Fields,
        /// When it was kept, as the person reads a time.
        pub at: String,
    }

    pub fn key(id: Option<i64>) -> String {
        match id {
            Some(id) => format!("trangtin-nhap-{id}"),
            None => "trangtin-nhap-moi".into(),
        }
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    /// The time now, `HH:MM:SS`, in the browser's zone.
    pub fn clock() -> String {
        let d = js_sys::Date::new_0();
        format!(
            "{:02}:{:02}:{:02}",
            d.get_hours(),
            d.get_minutes(),
            d.get_seconds()
        )
    }

    pub fn write(key: &str, fields: &Fields) {
        let draft = Draft {
            fields: fields.clone(),
            at: clock(),
        };
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&draft)) {
            let _ = s.set_item(key, &text);
        }
    }

    pub fn read(key: &str) -> Option<Draft> {
        let text = storage()?.get_item(key).ok()??;
        serde_json::from_str(&text).ok()
    }

    pub fn forget(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// Every saved version of the article, newest first: who saved it and when, its text,
/// and a way to take it back into the editor (then saved as any edit is).
#[component]
fn History(id: i64, fields: RwSignal<Fields>, can_edit: Signal<bool>) -> impl IntoView {
    let revisions = RwSignal::new(None::<Result<Vec<api::Revision>, String>>);
    let load = move |_| {
        if revisions.get_untracked().is_none() {
            leptos::task::spawn_local(async move {
                let got =
                    api::get::<Vec<api::Revision>>(&format!("/api/articles/{id}/revisions")).await;
                revisions.set(Some(got.map_err(|f| f.message)));
            });
        }
    };
    view! {
        <details class="admin-history" on:toggle=load>
            <summary>"Lịch sử phiên bản"</summary>
            {move || match revisions.get() {
                None => view! { <p role="status">"Đang tải…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="admin-error">{e}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    {(list.len() > 1).then(|| {
                        let versions: Vec<i64> = list.iter().map(|r| r.version).collect();
                        view! { <Compare id versions/> }
                    })}
                    <ol class="admin-revisions">
                        {list.into_iter().map(|r| {
                            let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(r.at as f64 * 1000.0))
                                .to_locale_string("vi-VN", &wasm_bindgen::JsValue::UNDEFINED)
                                .as_string()
                                .unwrap_or_default();
                            let label = format!("Phiên bản {} · {} · {when}", r.version, r.user.clone().unwrap_or_else(|| "(tệp có sẵn)".into()));
                            let taken = r.fields.clone();
                            let body = r.fields.as_ref().map(|f| f.body.clone()).unwrap_or_default();
                            view! {
                                <li>
                                    <details>
                                        <summary>{label}</summary>
                                        <pre>{body}</pre>
                                    </details>
                                    {taken.map(|t| view! {
                                        <button type="button" class="button" disabled=move || !can_edit.get()
                                            on:click=move |_| fields.set(t.clone())>
                                            {format!("Dùng phiên bản {}", r.version)}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </details>
    }
}

#[derive(serde::Deserialize, Clone)]
struct Piece {
    text: String,
    changed: bool,
}

#[derive(serde::Deserialize, Clone)]
struct Row {
    left: Option<Vec<Piece>>,
    right: Option<Vec<Piece>>,
}

#[derive(serde::Deserialize, Clone)]
struct Comparison {
    from: i64,
    to: i64,
    rows: Vec<Row>,
}

/// Two saved versions side by side, the changed words marked (the service compares).
#[component]
fn Compare(id: i64, versions: Vec<i64>) -> impl IntoView {
    // Newest first: by default the one before the newest against the newest.
    let from = RwSignal::new(versions.get(1).copied().unwrap_or_default());
    let to = RwSignal::new(versions.first().copied().unwrap_or_default());
    let shown = RwSignal::new(None::<Result<Comparison, String>>);
    let run = move |_| {
        let (a, b) = (from.get_untracked(), to.get_untracked());
        leptos::task::spawn_local(async move {
            let got =
                api::get::<Comparison>(&format!("/api/articles/{id}/compare?from={a}&to={b}"))
                    .await;
            shown.set(Some(got.map_err(|f| f.message)));
        });
    };
    let options = move |selected: RwSignal<i64>| {
        versions
            .iter()
            .map(|&v| view! { <option value=v.to_string() selected=move || selected.get() == v>{format!("Phiên bản {v}")}</option> })
            .collect_view()
    };
    let side = |pieces: Option<Vec<Piece>>, mark: &'static str| {
        match pieces {
        None => view! { <td class="admin-diff-none"></td> }.into_any(),
        Some(pieces) => view! {
            <td>{pieces.into_iter().map(|p| if p.changed {
                if mark == "del" { view! { <del>{p.text}</del> }.into_any() } else { view! { <ins>{p.text}</ins> }.into_any() }
            } else {
                view! { <span>{p.text}</span> }.into_any()
            }).collect_view()}</td>
        }.into_any(),
    }
    };
    view! {
        <div class="admin-compare-pick">
            <label for="so-sanh-tu">"So sánh"</label>
            <select id="so-sanh-tu" on:change=move |ev| from.set(event_target_value(&ev).parse().unwrap_or_default())>
                {options.clone()(from)}
            </select>
            <label for="so-sanh-den">"với"</label>
            <select id="so-sanh-den" on:change=move |ev| to.set(event_target_value(&ev).parse().unwrap_or_default())>
                {options(to)}
            </select>
            <button type="button" class="button" on:click=run>"So sánh"</button>
        </div>
        {move || shown.get().map(|c| match c {
            Err(e) => view! { <p class="admin-error">{e}</p> }.into_any(),
            Ok(c) => view! {
                <div class="admin-diff-wrap">
                    <table class="admin-diff">
                        <caption>{format!("Phiên bản {} (trái) và phiên bản {} (phải): phần bỏ đi gạch đỏ, phần thêm vào tô xanh", c.from, c.to)}</caption>
                        <thead><tr>
                            <th scope="col">{format!("Phiên bản {}", c.from)}</th>
                            <th scope="col">{format!("Phiên bản {}", c.to)}</th>
                        </tr></thead>
                        <tbody>
                            {c.rows.into_iter().map(|r| view! {
                                <tr>{side(r.left, "del")}{side(r.right, "ins")}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        })}
    }
}
