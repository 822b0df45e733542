//! The article list's index: what the list shows of each file in `content/articles/`
//! (title, slug, category, date, byline, schedule), kept in SQLite beside the records,
//! so that listing 10,000 articles reads no file.
//!
//! The index is keyed by each file's size, modification time and inode. `refresh` walks
//! the folder and its sub-folders (a site may keep a folder per category), reads only the files whose key changed, registers files it has not seen
//! (a file written by hand, by Git or by an import), and forgets entries whose file is
//! gone; the article's record and revisions stay. The newsroom refreshes the one file it
//! writes at once, and the whole folder when it starts and whenever the folder changes
//! (`watch`). It never writes or deletes an article file.

use crate::article::Fields;
use crate::store::{ArticleRecord, Status, Store};
use rusqlite::{params, OptionalExtension};
use std::collections::{HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// What the list shows of an article's file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed {
    pub title: String,
    /// The address the article gets: its slug, or one made from its title.
    pub slug: String,
    pub category: String,
    pub date: String,
    pub author: String,
    pub publish_at: String,
    pub expire_at: String,
}

impl Listed {
    fn of(f: &Fields) -> Listed {
        Listed {
            title: f.title.clone(),
            slug: f.effective_slug(),
            category: f.category.clone(),
            date: f.date.clone(),
            author: f.author.clone(),
            publish_at: f.publish_at.clone(),
            expire_at: f.expire_at.clone(),
        }
    }
}

/// What identifies one state of a file without reading it.
type Key = (i64, i64, i64);

fn key(meta: &std::fs::Metadata) -> Key {
    let mtime_ns = meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec();
    (meta.len() as i64, mtime_ns, meta.ino() as i64)
}

/// An article file's name, if `name` is one: `*.md`, not hidden (editors' and the
/// newsroom's temporary files are).
fn is_article(name: &str) -> bool {
    name.ends_with(".md") && !name.starts_with('.')
}

/// What a refresh found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Files read again, new ones included.
    pub read: usize,
    /// Files the newsroom had no record of.
    pub registered: usize,
    /// Entries whose file is gone.
    pub forgotten: usize,
}

/// The article files below `dir`, as paths relative to it with `/`, and their keys:
/// `*.md` in any folder, as the bundler reads them (a linked folder is followed, at most
/// eight deep), leaving out hidden files and folders.
fn article_files(dir: &Path) -> std::io::Result<Vec<(String, Key)>> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((folder, prefix, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            // The top folder's absence is the caller's; a sub-folder that went is empty.
            Err(e) if depth == 0 => return Err(e),
            Err(_) => continue,
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // The file itself, a link followed: a site may keep articles elsewhere.
            let Ok(meta) = std::fs::metadata(entry.path()) else {
                continue;
            };
            let rel = format!("{prefix}{name}");
            if meta.is_dir() && depth < 8 {
                stack.push((entry.path(), format!("{rel}/"), depth + 1));
            } else if meta.is_file() && is_article(&name) {
                found.push((rel, key(&meta)));
            }
        }
    }
    Ok(found)
}

/// Brings the index up to date with the folder `dir` (`content/articles`).
pub fn refresh(store: &Store, dir: &Path) -> Result<Refreshed, String> {
    let known = store.listing_keys().map_err(|e| e.to_string())?;
    let files = match article_files(dir) {
        Ok(files) => files,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return forget_except(store, &known, &HashSet::new()).map(|forgotten| Refreshed {
                forgotten,
                ..Refreshed::default()
            })
        }
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    let mut seen = HashSet::new();
    let mut changed = Vec::new();
    for (name, k) in files {
        if known.get(&name) != Some(&k) {
            changed.push(name.clone());
        }
        seen.insert(name);
    }
    changed.sort();
    let mut done = Refreshed::default();
    let tx = store.transaction().map_err(|e| e.to_string())?;
    for name in &changed {
        match index_file(store, dir, name)? {
            Indexed::Registered => done.registered += 1,
            Indexed::Updated => {}
            Indexed::Unreadable => continue,
        }
        done.read += 1;
    }
    tx.commit().map_err(|e| e.to_string())?;
    done.forgotten = forget_except(store, &known, &seen)?;
    Ok(done)
}

/// Forgets the entries of `known` (the index before this refresh) not in `keep`.
fn forget_except(
    store: &Store,
    known: &HashMap<String, Key>,
    keep: &HashSet<String>,
) -> Result<usize, String> {
    let gone: Vec<&String> = known.keys().filter(|f| !keep.contains(*f)).collect();
    for f in &gone {
        store.forget_listing(f).map_err(|e| e.to_string())?;
    }
    Ok(gone.len())
}

enum Indexed {
    Registered,
    Updated,
    /// Gone or unreadable between the walk and the read: the next refresh sees it.
    Unreadable,
}

/// Reads one article file into the index, registering it if it is new to the newsroom.
/// A file whose front matter is broken is listed by its name, with an empty title, so
/// that staff can find and mend it.
fn index_file(store: &Store, dir: &Path, name: &str) -> Result<Indexed, String> {
    let path = dir.join(name);
    let (Ok(meta), Ok(text)) = (std::fs::metadata(&path), std::fs::read_to_string(&path)) else {
        return Ok(Indexed::Unreadable);
    };
    let parsed = Fields::from_file(&path, &text);
    let listed = parsed
        .as_ref()
        .map(|(f, _)| Listed::of(f))
        .unwrap_or_default();
    store
        .put_listing(name, key(&meta), &listed)
        .map_err(|e| e.to_string())?;
    let known = store.article_by_file(name).map_err(|e| e.to_string())?;
    if known.is_some() {
        return Ok(Indexed::Updated);
    }
    let status = match &parsed {
        Ok((_, true)) => Status::Draft,
        Ok((f, false)) if scheduled_later(f) => Status::Scheduled,
        _ => Status::Published,
    };
    store
        .add_article(name, status, None, &text)
        .map_err(|e| e.to_string())?;
    Ok(Indexed::Registered)
}

/// The index entry of the file the newsroom just wrote.
pub fn refresh_file(store: &Store, dir: &Path, name: &str) -> Result<(), String> {
    index_file(store, dir, name).map(|_| ())
}

pub fn scheduled_later(f: &Fields) -> bool {
    !f.publish_at.is_empty()
        && trangtin_model::Timestamp::parse(&f.publish_at, 420)
            .is_ok_and(|t| t.unix_seconds() > crate::store::now())
}

/// Calls `refresh` whenever `dir` changes (debounced), and every `every` in any case: a
/// folder on a network share may send no events. Stops when `refresh` returns false.
pub fn watch(
    dir: std::path::PathBuf,
    every: std::time::Duration,
    refresh: impl Fn() -> bool + Send + 'static,
) {
    use notify::Watcher;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let events = tx.clone();
    let watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if e.is_ok() {
            let _ = events.send(());
        }
    })
    .and_then(|mut w| w.watch(&dir, notify::RecursiveMode::Recursive).map(|()| w));
    if let Err(e) = &watcher {
        eprintln!(
            "newsroom: {} cannot be watched ({e}); files added by hand are picked up every {} s",
            dir.display(),
            every.as_secs()
        );
    }
    std::thread::spawn(move || {
        // Kept alive for as long as the loop runs.
        let _watcher = watcher;
        let _tx = tx;
        loop {
            match rx.recv_timeout(every) {
                Ok(()) => {
                    // A copy of many files sends many events: let them settle.
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    while rx.try_recv().is_ok() {}
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
            if !refresh() {
                return;
            }
        }
    });
}

/// One row of the article list: the record and what its file says.
pub struct Row {
    pub record: ArticleRecord,
    pub listed: Listed,
}

impl Store {
    fn listing_keys(&self) -> rusqlite::Result<HashMap<String, Key>> {
        let mut q = self
            .db
            .prepare_cached("SELECT file, size, mtime_ns, inode FROM listing")?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
        rows.collect()
    }

    fn put_listing(&self, file: &str, k: Key, l: &Listed) -> rusqlite::Result<()> {
        self.db
            .prepare_cached(
                "INSERT OR REPLACE INTO listing (file, size, mtime_ns, inode, title, slug, category, date, author, publish_at, expire_at, title_folded)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                file,
                k.0,
                k.1,
                k.2,
                l.title,
                l.slug,
                l.category,
                l.date,
                l.author,
                l.publish_at,
                l.expire_at,
                fold(&l.title)
            ])?;
        Ok(())
    }

    fn forget_listing(&self, file: &str) -> rusqlite::Result<()> {
        self.db
            .prepare_cached("DELETE FROM listing WHERE file = ?1")?
            .execute([file])?;
        Ok(())
    }

    /// What the index holds of one file, if its file is there.
    pub fn listed(&self, file: &str) -> rusqlite::Result<Option<Listed>> {
        self.db
            .prepare_cached(
                "SELECT title, slug, category, date, author, publish_at, expire_at FROM listing WHERE file = ?1",
            )?
            .query_row([file], listed_from(0))
            .optional()
    }

    /// Every article whose file is there, the most recently changed first.
    pub fn listing(&self) -> rusqlite::Result<Vec<Row>> {
        let mut q = self.db.prepare_cached(&format!(
            "SELECT {}, l.title, l.slug, l.category, l.date, l.author, l.publish_at, l.expire_at
             FROM articles a JOIN listing l ON l.file = a.file
             ORDER BY a.updated_at DESC, a.id DESC",
            Store::ARTICLE_COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = q.query_map([], |r| {
            Ok(Row {
                record: Store::article_from(r)?,
                listed: listed_from(7)(r)?,
            })
        })?;
        rows.collect()
    }
}

/// Lower case without Vietnamese marks (`Đào` → `dao`), as the site's search folds.
pub fn fold(text: &str) -> String {
    trangtin_search::text::fold(&text.to_lowercase())
}

/// What the article list asks for.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    /// The categories the person works in; `None`: every category.
    pub categories: Option<&'a [String]>,
    /// One category, or empty.
    pub category: &'a str,
    /// One state, or empty.
    pub status: &'a str,
    /// Folded words the title must hold.
    pub words: &'a [String],
    pub page: usize,
    pub per_page: usize,
}

/// A page of the list: its rows, how many match, and the count of each state among
/// the articles the other filters keep.
pub struct Page {
    pub rows: Vec<Row>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub counts: std::collections::BTreeMap<String, usize>,
}

impl Store {
    /// The page of the article list `filter` asks for, filtered, counted and cut in
    /// SQLite: 10,000 articles cost one pass over the index, and only the page's rows
    /// are built.
    pub fn list_page(&self, filter: &Filter<'_>) -> rusqlite::Result<Page> {
        let mut clauses = vec!["1".to_string()];
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        let mut bind = |clauses: &mut Vec<String>, sql: &str, v: String| {
            values.push(v.into());
            clauses.push(sql.replace('?', &format!("?{}", values.len())));
        };
        if let Some(cats) = filter.categories {
            let list = serde_json::to_string(cats).unwrap_or_else(|_| "[]".into());
            bind(
                &mut clauses,
                "l.category IN (SELECT value FROM json_each(?))",
                list,
            );
        }
        if !filter.category.is_empty() {
            bind(&mut clauses, "l.category = ?", filter.category.to_string());
        }
        for w in filter.words {
            bind(&mut clauses, "instr(l.title_folded, ?) > 0", w.clone());
        }
        let from = format!(
            "FROM articles a JOIN listing l ON l.file = a.file WHERE {}",
            clauses.join(" AND ")
        );
        let mut counts = std::collections::BTreeMap::new();
        {
            let mut q = self.db.prepare(&format!(
                "SELECT a.status, count(*) {from} GROUP BY a.status"
            ))?;
            let rows = q.query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?;
            for row in rows {
                let (status, n) = row?;
                counts.insert(status, n);
            }
        }
        let total = if filter.status.is_empty() {
            counts.values().sum()
        } else {
            counts.get(filter.status).copied().unwrap_or(0)
        };
        let per_page = filter.per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let page = filter.page.clamp(1, pages);
        let mut sql = format!(
            "SELECT {}, l.title, l.slug, l.category, l.date, l.author, l.publish_at, l.expire_at {from}",
            Store::ARTICLE_COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !filter.status.is_empty() {
            values.push(filter.status.to_string().into());
            sql.push_str(&format!(" AND a.status = ?{}", values.len()));
        }
        sql.push_str(&format!(
            " ORDER BY a.updated_at DESC, a.id DESC LIMIT {per_page} OFFSET {}",
            (page - 1) * per_page
        ));
        let mut q = self.db.prepare(&sql)?;
        let rows = q
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok(Row {
                    record: Store::article_from(r)?,
                    listed: listed_from(7)(r)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            rows,
            total,
            page,
            pages,
            counts,
        })
    }
}

fn listed_from(at: usize) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Listed> {
    move |r| {
        Ok(Listed {
            title: r.get(at)?,
            slug: r.get(at + 1)?,
            category: r.get(at + 2)?,
            date: r.get(at + 3)?,
            author: r.get(at + 4)?,
            publish_at: r.get(at + 5)?,
            expire_at: r.get(at + 6)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, category: &str) -> String {
        format!("+++\ntitle = \"{title}\"\ndate = 2024-03-01\ncategory = \"{category}\"\n+++\nNội dung.\n")
    }

    #[test]
    fn only_changed_files_are_read_and_new_and_lost_ones_are_seen() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("articles");
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&d.path().join("db")).unwrap();
        std::fs::write(dir.join("a.md"), article("Tin A", "tin")).unwrap();
        std::fs::write(dir.join("b.md"), article("Tin B", "tin")).unwrap();
        std::fs::write(dir.join(".a.md.swp"), "editor's").unwrap();
        std::fs::write(dir.join("ghi-chu.txt"), "not an article").unwrap();
        std::fs::create_dir_all(dir.join("thong-bao")).unwrap();
        std::fs::write(dir.join("thong-bao/d.md"), article("Tin D", "thong-bao")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::write(dir.join(".git/x.md"), article("Không phải bài", "tin")).unwrap();
        let first = refresh(&store, &dir).unwrap();
        assert_eq!((first.read, first.registered, first.forgotten), (3, 3, 0));
        assert_eq!(
            store.listed("thong-bao/d.md").unwrap().unwrap().title,
            "Tin D"
        );
        assert_eq!(refresh(&store, &dir).unwrap(), Refreshed::default());

        // Edited by hand through a new file, as editors save; one removed; one added.
        let tmp = dir.join("a.md.tmp");
        std::fs::write(&tmp, article("Tin A đã sửa", "thong-bao")).unwrap();
        std::fs::rename(&tmp, dir.join("a.md")).unwrap();
        std::fs::remove_file(dir.join("b.md")).unwrap();
        std::fs::write(dir.join("c.md"), "+++\ntitle = \"Hỏng\ndate =\n").unwrap();
        let next = refresh(&store, &dir).unwrap();
        assert_eq!((next.read, next.registered, next.forgotten), (2, 1, 1));
        let rows = store.listing().unwrap();
        let files: Vec<&str> = rows.iter().map(|r| r.record.file.as_str()).collect();
        assert_eq!(files.len(), 3, "{files:?}");
        let a = store.listed("a.md").unwrap().unwrap();
        assert_eq!(
            (a.title.as_str(), a.category.as_str(), a.slug.as_str()),
            ("Tin A đã sửa", "thong-bao", "tin-a-da-sua")
        );
        // The broken file is listed by name, for staff to mend.
        assert_eq!(store.listed("c.md").unwrap().unwrap().title, "");
        // The removed file's record stays, with its history.
        assert!(store.article_by_file("b.md").unwrap().is_some());
        std::fs::write(dir.join("b.md"), article("Tin B", "tin")).unwrap();
        let back = refresh(&store, &dir).unwrap();
        assert_eq!(
            (back.read, back.registered),
            (1, 0),
            "its record is found again"
        );
    }

    #[test]
    fn a_missing_folder_lists_nothing() {
        let d = tempfile::tempdir().unwrap();
        let store = Store::open(&d.path().join("db")).unwrap();
        assert_eq!(
            refresh(&store, &d.path().join("khong-co")).unwrap(),
            Refreshed::default()
        );
    }
}
