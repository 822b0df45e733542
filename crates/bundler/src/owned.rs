//! What a tool wrote into a folder it writes (the bundler's work folder, the publisher's
//! site folder), so that cleaning it removes only that.
//!
//! Users point these tools at folders nobody foresaw: one that holds their own files, or
//! symbolic links to other folders. A tool therefore:
//! - refuses a folder that holds files when it never wrote there (no ledger);
//! - records a file in the ledger *before* writing it, so that a run cut off halfway
//!   still knows what it may remove later;
//! - removes only files its ledger names, never a symbolic link nor anything reached
//!   through one, and only the folders that became empty by it;
//! - refuses to write through a symbolic link inside the folder.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Kept in the folder it describes; deploys and the server configurations leave it out.
pub const FILE: &str = ".trangtin-owned";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "{}: this folder holds files that trangtin did not write (such as {example}{}); \
         trangtin cleans only folders it wrote itself. Give it an empty or new folder, or \
         move those files away",
        .dir.display(),
        if *.others > 0 { format!(", and {} more", .others) } else { String::new() }
    )]
    Foreign {
        dir: PathBuf,
        example: String,
        others: usize,
    },
    #[error(
        "{}: {link} is a symbolic link; trangtin writes only into real folders, never \
         through a link. Remove the link or choose another folder",
        .dir.display()
    )]
    Link { dir: PathBuf, link: String },
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
}

fn io_error(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A folder's ledger: the files (`/`-separated, relative) the tool wrote there.
#[derive(Debug)]
pub struct Ledger {
    dir: PathBuf,
    files: BTreeSet<String>,
}

/// What a folder holds, listed without following symbolic links.
#[derive(Debug, Default)]
pub struct Listing {
    /// Regular files (and anything else that is not a folder nor a link).
    pub files: Vec<String>,
    /// Symbolic links, to files or folders alike: never entered.
    pub links: Vec<String>,
}

/// Lists `dir` without following symbolic links (empty when it does not exist).
pub fn list(dir: &Path) -> Result<Listing, Error> {
    let mut listing = Listing::default();
    walk(dir, "", &mut listing).map_err(io_error(dir))?;
    Ok(listing)
}

fn walk(dir: &Path, prefix: &str, out: &mut Listing) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound && prefix.is_empty() => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            out.links.push(rel);
        } else if kind.is_dir() {
            walk(&entry.path(), &format!("{rel}/"), out)?;
        } else {
            out.files.push(rel);
        }
    }
    Ok(())
}

impl Ledger {
    /// The ledger of `dir`. A folder that does not exist yet, or is empty, starts an
    /// empty one. A folder an earlier trangtin wrote before it kept a ledger (it holds
    /// `legacy`, that version's state file) is adopted: its files are taken as written
    /// by it, its links are not. Any other folder holding files is refused.
    pub fn open(dir: &Path, legacy: &[&str]) -> Result<Ledger, Error> {
        let path = dir.join(FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let files = text
                    .lines()
                    .filter(|l| safe_relative(l))
                    .map(str::to_string)
                    .collect();
                return Ok(Ledger {
                    dir: dir.to_path_buf(),
                    files,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path)(e)),
        }
        let listing = list(dir)?;
        let adopted = legacy
            .iter()
            .any(|f| listing.files.iter().any(|have| have == f));
        if !adopted {
            let mut foreign = listing.files.iter().chain(&listing.links);
            if let Some(first) = foreign.next() {
                return Err(Error::Foreign {
                    dir: dir.to_path_buf(),
                    example: first.clone(),
                    others: foreign.count(),
                });
            }
        }
        let files = if adopted {
            listing.files.into_iter().collect()
        } else {
            BTreeSet::new()
        };
        let ledger = Ledger {
            dir: dir.to_path_buf(),
            files,
        };
        if adopted {
            ledger.save()?;
        }
        Ok(ledger)
    }

    pub fn owns(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    /// Records `paths` as written by the tool, and saves the ledger, before they are
    /// written. Refuses a path that a symbolic link in the folder stands on or in the
    /// way of (`links`, from [`list`]).
    pub fn claim<'a>(
        &mut self,
        paths: impl IntoIterator<Item = &'a str>,
        links: &[String],
    ) -> Result<(), Error> {
        let links: BTreeSet<&str> = links.iter().map(String::as_str).collect();
        let mut changed = false;
        for rel in paths {
            if !links.is_empty() {
                let mut at = 0;
                while let Some(i) = rel[at..].find('/') {
                    if links.contains(&rel[..at + i]) {
                        return Err(self.link(&rel[..at + i]));
                    }
                    at += i + 1;
                }
                if links.contains(rel) {
                    return Err(self.link(rel));
                }
            }
            if !self.files.contains(rel) {
                self.files.insert(rel.to_string());
                changed = true;
            }
        }
        if changed {
            self.save()?;
        }
        Ok(())
    }

    /// Claims the files the folder holds now that `before` (its listing when the run
    /// began) did not: what this run wrote before it stopped, such as a photo's variants
    /// ahead of a failed build. Nothing is written when there are none.
    pub fn claim_new_since(&mut self, before: &Listing) -> Result<(), Error> {
        let had: BTreeSet<&str> = before.files.iter().map(String::as_str).collect();
        let now = list(&self.dir)?;
        let new: Vec<&str> = now
            .files
            .iter()
            .map(String::as_str)
            .filter(|f| !had.contains(f))
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        self.claim(new, &now.links)
    }

    fn link(&self, rel: &str) -> Error {
        Error::Link {
            dir: self.dir.clone(),
            link: rel.to_string(),
        }
    }

    /// Removes the files of the ledger that `keep` does not keep, and the folders that
    /// leaves empty; returns how many files went. A file that is gone already is
    /// forgotten. Nothing is removed through a symbolic link, nor a link itself.
    pub fn remove_unless(&mut self, keep: impl Fn(&str) -> bool) -> Result<usize, Error> {
        let stale: Vec<String> = self
            .files
            .iter()
            .filter(|rel| !keep(rel) && rel.as_str() != FILE)
            .cloned()
            .collect();
        if stale.is_empty() {
            return Ok(0);
        }
        let mut removed = 0;
        let mut dirs = BTreeSet::new();
        for rel in &stale {
            if through_link(&self.dir, rel) {
                // Not ours any more: the folder on its way was replaced by a link.
                self.files.remove(rel);
                continue;
            }
            let path = self.dir.join(rel);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_file() => {
                    std::fs::remove_file(&path).map_err(io_error(&path))?;
                    removed += 1;
                    let mut parent = Path::new(rel.as_str()).parent();
                    while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
                        dirs.insert(p.to_path_buf());
                        parent = p.parent();
                    }
                }
                // A link, a folder or something else now stands there: left alone.
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&path)(e)),
            }
            self.files.remove(rel);
        }
        // Deepest first; a folder still holding anything refuses, which is what we want.
        for dir in dirs.iter().rev() {
            let _ = std::fs::remove_dir(self.dir.join(dir));
        }
        self.save()?;
        Ok(removed)
    }

    pub fn save(&self) -> Result<(), Error> {
        let mut text = String::new();
        for f in &self.files {
            text.push_str(f);
            text.push('\n');
        }
        let path = self.dir.join(FILE);
        std::fs::create_dir_all(&self.dir).map_err(io_error(&self.dir))?;
        let tmp = self.dir.join(format!("{FILE}.tmp"));
        std::fs::write(&tmp, text).map_err(io_error(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_error(&path))
    }
}

/// Whether something on the way to `rel` inside `root` (a folder between them) is not a
/// real folder: a symbolic link, or missing. Removing `root/rel` then could reach
/// outside `root`.
pub fn through_link(root: &Path, rel: &str) -> bool {
    let mut at = root.to_path_buf();
    let mut parts = Path::new(rel).components().peekable();
    while let Some(c) = parts.next() {
        if !matches!(c, Component::Normal(_)) {
            return true;
        }
        if parts.peek().is_none() {
            return false;
        }
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_dir() => {}
            _ => return true,
        }
    }
    false
}

/// A relative path that stays inside its folder: no `..`, no root, not empty.
fn safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, rel: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, rel).unwrap();
    }

    #[test]
    fn a_folder_holding_files_the_tool_did_not_write_is_refused() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), "notes/thesis.txt");
        touch(d.path(), "photo.jpg");
        let e = Ledger::open(d.path(), &[".trangtin-cache.json"]).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("did not write"), "{text}");
        assert!(text.contains("and 1 more"), "{text}");
        // Nothing was touched.
        assert!(d.path().join("photo.jpg").is_file());
        assert!(!d.path().join(FILE).exists());
        // An empty or missing folder is fine.
        assert!(Ledger::open(&d.path().join("new"), &[]).is_ok());
    }

    #[test]
    fn what_a_run_wrote_before_it_failed_is_claimed_so_the_next_run_is_not_refused() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let mut ledger = Ledger::open(&out, &[]).unwrap();
        let before = list(&out).unwrap();
        ledger.claim_new_since(&before).unwrap();
        assert!(!out.exists(), "a run that wrote nothing leaves nothing");
        touch(&out, "content/media/anh-480.webp");
        ledger.claim_new_since(&before).unwrap();
        let again = Ledger::open(&out, &[]).unwrap();
        assert!(again.owns("content/media/anh-480.webp"));
    }

    #[test]
    fn only_what_the_ledger_names_is_removed_and_never_through_a_link() {
        let d = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        touch(elsewhere.path(), "a/precious.txt");
        let out = d.path().join("out");
        let mut ledger = Ledger::open(&out, &[]).unwrap();
        ledger
            .claim(["a/1.json", "b/2.json", "keep.json"], &[])
            .unwrap();
        for f in ["a/1.json", "b/2.json", "keep.json"] {
            touch(&out, f);
        }
        // Someone's own file in the folder, and their folder `b` replaced by a link.
        touch(&out, "mine.txt");
        std::fs::remove_dir_all(out.join("b")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("a"), out.join("b")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("a"), out.join("link")).unwrap();
        touch(elsewhere.path(), "a/2.json");

        let removed = ledger.remove_unless(|rel| rel == "keep.json").unwrap();
        assert_eq!(removed, 1);
        assert!(!out.join("a").exists(), "an emptied folder goes");
        assert!(out.join("keep.json").is_file());
        assert!(out.join("mine.txt").is_file(), "not ours");
        assert!(elsewhere.path().join("a/2.json").is_file(), "behind a link");
        assert!(elsewhere.path().join("a/precious.txt").is_file());
        // The next run reads the ledger as it was left.
        let again = Ledger::open(&out, &[]).unwrap();
        assert!(again.owns("keep.json") && !again.owns("a/1.json") && !again.owns("b/2.json"));
    }

    #[test]
    fn writing_through_a_link_in_the_folder_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(d.path(), &[]).unwrap();
        let links = vec!["content".to_string()];
        let e = ledger.claim(["content/site.json"], &links).unwrap_err();
        assert!(e.to_string().contains("content is a symbolic link"), "{e}");
        assert!(ledger.claim(["index.html"], &links).is_ok());
    }

    #[test]
    fn a_folder_an_earlier_version_wrote_is_adopted_without_its_links() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), ".trangtin-publish.json");
        touch(d.path(), "index.html");
        std::os::unix::fs::symlink("/etc", d.path().join("etc")).unwrap();
        let ledger = Ledger::open(d.path(), &[".trangtin-publish.json"]).unwrap();
        assert!(ledger.owns("index.html"));
        assert!(!ledger.owns("etc"));
        assert!(d.path().join(FILE).is_file());
    }

    #[test]
    fn ledger_lines_that_leave_the_folder_are_ignored() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(FILE), "../x\n/etc/passwd\nok.json\n\n").unwrap();
        let ledger = Ledger::open(d.path(), &[]).unwrap();
        assert_eq!(ledger.files.iter().collect::<Vec<_>>(), ["ok.json"]);
    }
}
