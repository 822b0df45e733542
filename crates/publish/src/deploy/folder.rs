//! A folder served by a web server (nginx): each file is written through a temporary
//! file and a rename, so the server never sends half of one.

use super::{Target, Upload, MANIFEST};
use rayon::prelude::*;
use std::path::PathBuf;

pub struct Folder {
    pub root: PathBuf,
}

impl Target for Folder {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn manifest(&self) -> Result<Option<Vec<u8>>, String> {
        match std::fs::read(self.root.join(MANIFEST)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(&self.root).map_err(|e| e.to_string())?;
                Ok(None)
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn put_all(&self, files: &[Upload]) -> Result<(), String> {
        files.par_iter().try_for_each(|u| {
            let bytes = std::fs::read(&u.from).map_err(|e| format!("{}: {e}", u.from.display()))?;
            crate::tree::write_atomic(&self.root.join(&u.rel), &bytes)
                .map_err(|e| format!("{}: {e}", u.rel))
        })
    }

    fn delete_all(&self, paths: &[String]) -> Result<(), String> {
        let mut dirs = Vec::new();
        for rel in paths {
            let path = self.root.join(rel);
            // Only a file the deploy wrote, where it wrote it: never a link, nor
            // anything reached through one that now stands on the way.
            let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
            if !is_file || trangtin_bundler::owned::through_link(&self.root, rel) {
                continue;
            }
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(format!("{rel}: {e}"))
                }
                _ => dirs.extend(path.parent().map(PathBuf::from)),
            }
        }
        dirs.sort();
        dirs.dedup();
        for dir in dirs.iter().rev().filter(|d| **d != self.root) {
            // Only a folder left empty goes.
            let _ = std::fs::remove_dir(dir);
        }
        Ok(())
    }

    fn put_manifest(&self, bytes: Vec<u8>) -> Result<(), String> {
        crate::tree::write_atomic(&self.root.join(MANIFEST), &bytes).map_err(|e| e.to_string())
    }
}
