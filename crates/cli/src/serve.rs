//! `trangtin serve`: publishes the site, serves it with live reload, and publishes again
//! when the content or the app's build changes (notify, debounced). Only what changed
//! is written, and open pages reload once it is.

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Events closer together than this are one change (an editor saves in several steps).
const DEBOUNCE: Duration = Duration::from_millis(50);

pub fn serve(options: trangtin_publish::Options, listen: &str) -> ExitCode {
    publish(&options);
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
        "serving {} on http://{listen}{}; watching {} and {}",
        options.out.display(),
        options.base_path,
        options.content.display(),
        options.app.display()
    );
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
    let app = absolute(&options.app);
    let content = absolute(&options.content);
    for result in rx {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("trangtin: watching: {e}");
                }
                continue;
            }
        };
        let relevant = events.iter().flat_map(|e| e.paths.iter()).any(|p| {
            let p = absolute(p);
            p.starts_with(&content) || p.starts_with(&app)
        });
        if !relevant {
            continue;
        }
        if publish(&options) {
            live.reload();
        }
        let _ = debouncer.watch(&options.app, RecursiveMode::Recursive);
    }
    ExitCode::SUCCESS
}

/// Publishes; says whether the site changed.
fn publish(options: &trangtin_publish::Options) -> bool {
    match trangtin_publish::publish(options) {
        Ok(s) => {
            crate::print_published(&s, &options.out);
            s.written + s.removed > 0
        }
        Err(e) => {
            crate::publish_failed(e);
            eprintln!("trangtin: the site served stays as it was");
            false
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}
