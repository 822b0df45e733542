//! Output piped into a reader that has gone (`trangtin publish | head -1`, a pager that
//! quits) ends the command as it ends other Unix tools: no panic, no backtrace.

use std::process::{Command, Stdio};

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = std::env::temp_dir().join(format!("trangtin-pipe-{}", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_trangtin"))
        .args(["build", "--content", &format!("{root}/content"), "--out"])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes before the first line is written.
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&out);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        done.status.success() || done.status.signal() == Some(libc::SIGPIPE),
        "{:?}: {stderr}",
        done.status
    );
}
