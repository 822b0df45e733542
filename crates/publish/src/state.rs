//! What the last publish wrote: for each file of the site, the hash of what it was made
//! from, its stamp after writing, and whether its compressed siblings were written. A
//! file is
//! written again only when its inputs changed or it is not what was written (edited,
//! deleted, or a publish was stopped before saving this state).

use crate::tree::Stamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Kept in the site folder; deploys and the server configurations leave it out.
pub const FILE: &str = ".trangtin-publish.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// The publisher build, base path and compression levels the entries hold for.
    pub fingerprint: String,
    pub files: HashMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The hash of the file's inputs.
    pub id: String,
    pub stamp: Stamp,
    /// A text file's `.br` and `.gz` were written beside it. A later publish asks only
    /// that they are still there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub compressed: bool,
    /// The hash of the bytes written, and of the `.br` and `.gz` beside them: what a
    /// deploy compares with the target's manifest, without reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashes: Option<Hashes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hashes {
    pub bytes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub br: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gz: Option<String>,
}

impl State {
    /// The state in `site` if it is readable and holds for `fingerprint`; else an empty
    /// one, which only makes this publish write everything.
    pub fn load(site: &Path, fingerprint: &str) -> State {
        std::fs::read(site.join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<State>(&b).ok())
            .filter(|s| s.fingerprint == fingerprint)
            .unwrap_or_else(|| State {
                fingerprint: fingerprint.to_string(),
                files: HashMap::new(),
            })
    }

    /// The state in `site` whatever publisher wrote it, if it is readable: its entries
    /// hold for its own fingerprint.
    pub fn read(site: &Path) -> Option<State> {
        let bytes = std::fs::read(site.join(FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Removes the saved state: while the site changes, no state vouches for it.
    pub fn forget(site: &Path) -> std::io::Result<()> {
        match std::fs::remove_file(site.join(FILE)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Writes the state atomically, streamed to its file: on a big site it is megabytes,
    /// which a buffer would hold twice over while it grows.
    pub fn save(&self, site: &Path) -> std::io::Result<()> {
        let path = site.join(FILE);
        let tmp = site.join(format!("{FILE}.trangtin-tmp"));
        let mut w = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        serde_json::to_writer(&mut w, self).map_err(std::io::Error::other)?;
        w.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_for_another_publisher_or_base_path_is_not_used() {
        let d = tempfile::tempdir().unwrap();
        let mut s = State::load(d.path(), "a");
        s.files.insert(
            "index.html".into(),
            Entry {
                id: "x".into(),
                stamp: [1, 2, 3],
                compressed: false,
                hashes: None,
            },
        );
        s.save(d.path()).unwrap();
        assert_eq!(State::load(d.path(), "a").files.len(), 1);
        assert!(State::load(d.path(), "b").files.is_empty());
        State::forget(d.path()).unwrap();
        assert!(State::load(d.path(), "a").files.is_empty());
        State::forget(d.path()).unwrap();
    }
}
