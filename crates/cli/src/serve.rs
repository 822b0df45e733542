//! `trangtin serve` and `trangtin publish --watch`: publish the site, then publish again
//! when the content or the app's build changes (notify, debounced) and when a scheduled
//! article goes live or one expires. Only what changed is written; with a server, open
//! pages reload once it is.

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Events closer together than this are one change (an editor saves in several steps).
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Serves the site on `listen` with live reload while watching.
pub fn serve(options: trangtin_publish::Options, listen: &str) -> ExitCode {
    let next = publish(&options).1;
    let live = trangtin_server::Live::new();
    let served = trangtin_server::spawn(
        trangtin_server::Options {
            root: options.out.clone(),
            base_path: options.base_path.clone(),
            live: Some(live.clone()),
        },
        listen,
    );
    if let Err(e) = served {
        eprintln!("trangtin: cannot listen on {listen}: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "serving {} on http://{listen}{}",
        options.out.display(),
        options.base_path,
    );
    watch(&options, next, Some(&live))
}

/// Publishes now, then whenever something changes, until the process ends.
pub fn publish_and_watch(options: trangtin_publish::Options) -> ExitCode {
    let next = publish(&options).1;
    watch(&options, next, None)
}

fn watch(
    options: &trangtin_publish::Options,
    mut next: Option<i64>,
    live: Option<&trangtin_server::Live>,
) -> ExitCode {
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, None, tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("trangtin: cannot watch for changes: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = debouncer.watch(&options.content, RecursiveMode::Recursive) {
        eprintln!("trangtin: cannot watch {}: {e}", options.content.display());
        return ExitCode::FAILURE;
    }
    // trunk replaces the app's folder with a new one: its parent sees that happen, and
    // the new folder is watched again after each change.
    let app_parent = options
        .app
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let _ = debouncer.watch(&app_parent, RecursiveMode::NonRecursive);
    let _ = debouncer.watch(&options.app, RecursiveMode::Recursive);
    println!(
        "watching {} and {}",
        options.content.display(),
        options.app.display()
    );
    let app = absolute(&options.app);
    let content = absolute(&options.content);
    loop {
        // Until the next change, or the next scheduled time, whichever comes first.
        let wait = next.map_or(Duration::from_secs(3600), |t| {
            Duration::from_secs(t.saturating_sub(unix_now()).max(0) as u64)
        });
        let due = match rx.recv_timeout(wait) {
            // Reading a file is an event too (inotify's open and close): publishing reads
            // the content, and must not set itself off again.
            Ok(Ok(events)) => events
                .iter()
                .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.paths.iter())
                .any(|p| {
                    let p = absolute(p);
                    p.starts_with(&content) || p.starts_with(&app)
                }),
            Ok(Err(errors)) => {
                for e in errors {
                    eprintln!("trangtin: watching: {e}");
                }
                false
            }
            Err(RecvTimeoutError::Timeout) => next.is_some_and(|t| t <= unix_now()),
            Err(RecvTimeoutError::Disconnected) => return ExitCode::FAILURE,
        };
        if !due {
            continue;
        }
        let (changed, upcoming) = publish(options);
        next = upcoming;
        if let (true, Some(live)) = (changed, live) {
            live.reload();
        }
        let _ = debouncer.watch(&options.app, RecursiveMode::Recursive);
    }
}

/// Publishes; says whether the site changed, and when it must be published next.
fn publish(options: &trangtin_publish::Options) -> (bool, Option<i64>) {
    match trangtin_publish::publish(options) {
        Ok(s) => {
            crate::print_published(&s, &options.out);
            (s.written + s.removed > 0, s.next_change)
        }
        Err(e) => {
            crate::publish_failed(e);
            eprintln!("trangtin: the site stays as it was");
            // Try again in a minute: a schedule may still be due.
            (false, Some(unix_now() + 60))
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}
