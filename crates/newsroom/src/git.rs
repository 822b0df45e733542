//! When the content folder is in a Git repository, what the newsroom publishes is
//! committed there, with the staff member who published as the commit's author, so the
//! site's history says who put what on it and `git revert` can take it back.

use std::path::Path;
use std::process::Command;

/// Who the commits come from: the newsroom, on behalf of a person (the author).
const COMMITTER: (&str, &str) = ("Tòa soạn trangtin", "toa-soan@trangtin.invalid");

fn git(content: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(content)
        .env("GIT_COMMITTER_NAME", COMMITTER.0)
        .env("GIT_COMMITTER_EMAIL", COMMITTER.1)
        // Never a prompt or an editor on a server.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true");
    c
}

fn run(mut c: Command) -> Result<String, String> {
    let out = c.output().map_err(|e| format!("git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "git: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Commits everything changed under `content` (articles, photos, settings) as
/// `name <email>`; returns the commit's id, or `None` when `content` is not in a
/// repository (or Git is not installed) or nothing changed.
pub fn commit(
    content: &Path,
    name: &str,
    email: &str,
    message: &str,
) -> Result<Option<String>, String> {
    let mut inside = git(content);
    inside.args(["rev-parse", "--is-inside-work-tree"]);
    match inside.output() {
        Ok(out) if out.status.success() => {}
        _ => return Ok(None),
    }
    let mut add = git(content);
    add.args(["add", "--all", "--", "."]);
    run(add)?;
    let mut staged = git(content);
    staged.args(["diff", "--cached", "--quiet", "--", "."]);
    if staged.status().map_err(|e| format!("git: {e}"))?.success() {
        return Ok(None);
    }
    let mut commit = git(content);
    commit
        .args(["commit", "--quiet", "--no-verify", "--author"])
        .arg(format!("{name} <{email}>"))
        .arg("-m")
        .arg(message)
        .args(["--", "."]);
    run(commit)?;
    let mut head = git(content);
    head.args(["rev-parse", "--short", "HEAD"]);
    run(head).map(Some)
}
