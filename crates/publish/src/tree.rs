//! The files of a folder with their stamps, and writing one file so that no reader ever
//! sees half of it.

use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::Path;

/// What a file looked like: its size and modification time (seconds, nanoseconds). The
/// publisher stamps each file it writes and trusts a file whose stamp is unchanged.
pub type Stamp = [u64; 3];

pub fn stamp(meta: &std::fs::Metadata) -> Stamp {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    [
        meta.len(),
        modified.as_secs(),
        u64::from(modified.subsec_nanos()),
    ]
}

/// Every file below `root` (none when it does not exist), keyed by its `/`-separated
/// path relative to `root`. Folders are read on every core. This is for reading (a
/// deploy, the app's build): symbolic links are followed. A folder that is written and
/// cleaned is listed with [`list_with`], which never follows them.
pub fn list(root: &Path) -> io::Result<HashMap<String, Stamp>> {
    let mut out = Tree::default();
    if root.exists() {
        walk(root, "", &|_| true, true, &mut out)?;
    }
    Ok(out.files)
}

/// What a folder holds, without following symbolic links.
#[derive(Debug, Default)]
pub struct Tree {
    pub files: HashMap<String, Stamp>,
    /// The symbolic links found, never entered.
    pub links: Vec<String>,
}

/// Like [`list`], taking the stamp only of the files `stamped` names; the others get
/// `[0, 0, 0]` (their names come with their folder, a stamp costs a call per file).
pub fn list_with(root: &Path, stamped: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Tree> {
    let mut out = Tree::default();
    if !root.exists() {
        return Ok(out);
    }
    walk(root, "", stamped, false, &mut out)?;
    Ok(out)
}

fn walk(
    dir: &Path,
    prefix: &str,
    stamped: &(dyn Fn(&str) -> bool + Sync),
    follow: bool,
    out: &mut Tree,
) -> io::Result<()> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(String::from) else {
            continue;
        };
        let rel = format!("{prefix}{name}");
        let kind = entry.file_type()?;
        if kind.is_symlink() && !follow {
            out.links.push(rel);
        } else if kind.is_dir() || (kind.is_symlink() && entry.path().is_dir()) {
            dirs.push((entry.path(), format!("{rel}/")));
        } else {
            let s = if stamped(&rel) {
                stamp(&entry.metadata()?)
            } else {
                [0; 3]
            };
            out.files.insert(rel, s);
        }
    }
    let nested: Vec<Tree> = dirs
        .par_iter()
        .map(|(path, rel)| {
            let mut tree = Tree::default();
            walk(path, rel, stamped, follow, &mut tree).map(|()| tree)
        })
        .collect::<io::Result<_>>()?;
    for tree in nested {
        out.files.extend(tree.files);
        out.links.extend(tree.links);
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename: a reader
/// (a web server, a deploy) sees the old file or the new one, never a mix. The folder is
/// made only when it is missing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".trangtin-tmp");
    let tmp = std::path::PathBuf::from(tmp);
    match std::fs::write(&tmp, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&tmp, bytes)?;
        }
        other => other?,
    }
    std::fs::rename(&tmp, path)
}

/// [`write_atomic`], returning the new file's stamp.
pub fn write_stamped(path: &Path, bytes: &[u8]) -> io::Result<Stamp> {
    write_atomic(path, bytes)?;
    Ok(stamp(&std::fs::metadata(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_names_files_below_the_root_with_their_sizes() {
        let d = tempfile::tempdir().unwrap();
        write_atomic(&d.path().join("a/b/c.html"), b"abc").unwrap();
        write_atomic(&d.path().join("x.json"), b"{}").unwrap();
        let files = list(d.path()).unwrap();
        assert_eq!(files.len(), 2, "{files:?}");
        assert_eq!(files["a/b/c.html"][0], 3);
        assert_eq!(files["x.json"][0], 2);
        assert!(list(&d.path().join("missing")).unwrap().is_empty());
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("p/index.html");
        write_atomic(&f, b"old").unwrap();
        let s = write_stamped(&f, b"newer").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"newer");
        assert_eq!(s[0], 5);
        assert_eq!(list(d.path()).unwrap().len(), 1);
    }
}
