//! Publishing the site from the newsroom: one run at a time, the content committed to
//! Git as the person who published, and the schedule that publishes when a scheduled
//! article is due or one expires. Nothing here speaks HTTP.

use crate::git;
use crate::listing;
use crate::store;
use crate::store::Status;
use crate::store::User;
use crate::Newsroom;
use crate::Shared;

/// Commits the content when it is in a Git repository, as the person who published. A
/// failure is logged and does not stop the publishing: the files are saved either way.
pub(crate) async fn commit_content_as(n: &Shared, user: &User, message: String) -> Option<String> {
    if !n.options.git {
        return None;
    }
    let name = user.display_name.clone();
    let email = format!("{}@toa-soan.invalid", user.username);
    let content = n.options.content.clone();
    tokio::task::spawn_blocking(move || git::commit(&content, &name, &email, &message))
        .await
        .map_err(|e| e.to_string())
        .and_then(|committed| committed)
        .unwrap_or_else(|e| {
            eprintln!("newsroom: {e}");
            None
        })
}

/// Why a publishing run did not happen.
pub(crate) enum Failure {
    /// The publisher ran and said what went wrong; the public site is as it was.
    Publisher(String),
    /// The newsroom itself failed (its task, a lock).
    Internal(String),
}

/// Publishes the site, one run at a time; `None` when the newsroom has no publisher.
/// Learns from the run when the next scheduled change is, and wakes the schedule.
pub(crate) async fn run_publisher(n: &Shared) -> Result<Option<String>, Failure> {
    let Some(publisher) = n.options.publisher.clone() else {
        return Ok(None);
    };
    let _one_at_a_time = n.publishing.lock().await;
    let ran = tokio::task::spawn_blocking(move || publisher())
        .await
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let published = ran.map_err(Failure::Publisher)?;
    *n.next_change
        .lock()
        .map_err(|e| Failure::Internal(e.to_string()))? = published.next_change;
    n.wake.notify_one();
    Ok(Some(published.summary))
}

/// Publishes the site whenever a scheduled article is due or one expires, and moves the
/// articles' states along: scheduled → published, published → expired. Runs for the
/// newsroom's life; the first run learns when the next change is.
pub(crate) async fn schedule(n: Shared) {
    loop {
        let _ = run_publisher(&n).await;
        if let Err(e) = advance_states(&n) {
            eprintln!("newsroom: {e}");
        }
        loop {
            let next = *n.next_change.lock().unwrap_or_else(|e| e.into_inner());
            let now = trangtin_bundler::schedule::now().unwrap_or_else(|_| store::now());
            match next {
                Some(at) if at <= now => break,
                Some(at) => {
                    let wait = std::time::Duration::from_secs((at - now) as u64);
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        () = n.wake.notified() => {}
                    }
                }
                None => n.wake.notified().await,
            }
        }
    }
}

/// Scheduled articles whose time has come are published; published ones past their
/// expiry have expired.
pub(crate) fn advance_states(n: &Newsroom) -> Result<(), String> {
    let now = trangtin_bundler::schedule::now()?;
    let rows = n
        .store
        .lock()
        .map_err(|e| e.to_string())?
        .listing()
        .map_err(|e| e.to_string())?;
    let due = |at: &str| {
        !at.is_empty()
            && trangtin_model::Timestamp::parse(at, 420).is_ok_and(|t| t.unix_seconds() <= now)
    };
    for listing::Row {
        record,
        listed: fields,
    } in rows
    {
        let next = match record.status {
            Status::Scheduled if due(&fields.publish_at) => Status::Published,
            Status::Published if due(&fields.expire_at) => Status::Expired,
            _ => continue,
        };
        let store = n.store.lock().map_err(|e| e.to_string())?;
        store
            .set_status(record.id, next, None)
            .map_err(|e| e.to_string())?;
        store
            .audit(None, next.as_str(), Some(record.id), "at its time")
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
