//! The Makefile's knobs: a shell's own `WORK`, `DIST` or `CONTENT` (common names that
//! mean something else there) never become the folders the tools write and clean; the
//! `TRANGTIN_` names and the command line do.

use std::process::Command;

fn dry_run(args: &[&str], env: &[(&str, &str)]) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut cmd = Command::new("make");
    cmd.args(["-n", "--no-print-directory", "-C", root, "content"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("make runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn build_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.contains(" build --content "))
        .unwrap_or_else(|| panic!("no build command in {text}"))
}

#[test]
fn common_environment_names_are_not_taken_as_folders() {
    let text = dry_run(
        &[],
        &[
            ("WORK", "/home/someone"),
            ("DIST", "/srv"),
            ("CONTENT", "/tmp/x"),
        ],
    );
    assert!(
        build_line(&text).ends_with("build --content content --out public"),
        "{text}"
    );
}

#[test]
fn prefixed_names_and_the_command_line_set_them() {
    let text = dry_run(&[], &[("TRANGTIN_WORK", "w1"), ("TRANGTIN_CONTENT", "c1")]);
    assert!(
        build_line(&text).ends_with("--content c1 --out w1"),
        "{text}"
    );
    let text = dry_run(&["WORK=w2", "CONTENT=c2"], &[("TRANGTIN_WORK", "w1")]);
    assert!(
        build_line(&text).ends_with("--content c2 --out w2"),
        "{text}"
    );
}
