//! Change detection for `trangtin serve`: a fingerprint of every file's path, size and
//! modification time under a folder. Polling keeps it dependency-free and portable.

use std::path::Path;
use std::time::SystemTime;

pub type Fingerprint = Vec<(std::path::PathBuf, u64, Option<SystemTime>)>;

pub fn fingerprint(dir: &Path) -> Fingerprint {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_a_new_file_or_a_removal_changes_the_fingerprint() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.md"), "x").unwrap();
        let first = fingerprint(d.path());
        assert_eq!(first, fingerprint(d.path()), "nothing changed");
        std::fs::write(d.path().join("a.md"), "xy").unwrap();
        let edited = fingerprint(d.path());
        assert_ne!(first, edited);
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("sub/b.md"), "x").unwrap();
        let added = fingerprint(d.path());
        assert_ne!(edited, added);
        std::fs::remove_file(d.path().join("a.md")).unwrap();
        assert_ne!(added, fingerprint(d.path()));
    }
}
