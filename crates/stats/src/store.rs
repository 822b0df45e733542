//! The SQLite store. It holds counts and anonymous voter ids only: never an IP address,
//! a user agent or a referrer.

use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS days (
        day  INTEGER PRIMARY KEY,   -- local days since 1970-01-01 in the site's zone
        hits INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS views (
        slug  TEXT PRIMARY KEY,
        views INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS votes (
        slug  TEXT NOT NULL,
        voter TEXT NOT NULL,        -- a keyed hash whose daily key was never stored
        day   INTEGER NOT NULL,
        PRIMARY KEY (slug, voter)
    );
";

/// A change to persist, in the order it was accepted.
#[derive(Debug)]
pub enum Event {
    Hit { day: i64, slug: Option<String> },
    Vote { slug: String, voter: u64, day: i64 },
}

/// What the store holds, loaded at start.
#[derive(Debug, Default)]
pub struct Loaded {
    pub days: BTreeMap<i64, u64>,
    pub views: HashMap<String, u64>,
    pub votes: HashMap<String, u64>,
}

pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// Opens the database the service counts into, refusing one that is damaged: the counts
/// of years must not be replaced by an empty database, nor added to a broken one. The
/// file is not changed when it is refused.
pub fn open_checked(path: &Path) -> Result<Connection, String> {
    let shown = path.display();
    let damaged = |why: &dyn std::fmt::Display| {
        format!(
            "the database {shown} is damaged or is not a trangtin-stats database ({why}). \
             It was left as it is. Restore it from a backup, or move it aside to start \
             counting from zero; the service does not start on it."
        )
    };
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(format!("{shown} is a folder, not a database file"));
        }
        // Reading it at all, before SQLite writes anything into it.
        if let Err(e) = std::fs::File::open(path) {
            return Err(format!("cannot read the database {shown}: {e}"));
        }
        if meta.len() > 0 {
            let conn =
                Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .map_err(|e| damaged(&e))?;
            let verdict: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|e| damaged(&e))?;
            if verdict != "ok" {
                return Err(damaged(&verdict));
            }
        }
    }
    open(path).map_err(|e| damaged(&e))
}

pub fn load(conn: &Connection) -> rusqlite::Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut q = conn.prepare("SELECT day, hits FROM days")?;
    for row in q.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (day, hits) = row?;
        loaded.days.insert(day, hits as u64);
    }
    let mut q = conn.prepare("SELECT slug, views FROM views")?;
    for row in q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (slug, views) = row?;
        loaded.views.insert(slug, views as u64);
    }
    let mut q = conn.prepare("SELECT slug, COUNT(*) FROM votes GROUP BY slug")?;
    for row in q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (slug, votes) = row?;
        loaded.votes.insert(slug, votes as u64);
    }
    Ok(loaded)
}

/// Writes a batch of events in one transaction: hits are summed per day and per slug
/// first, so a busy second costs a handful of row updates.
pub fn apply(conn: &mut Connection, events: &[Event]) -> rusqlite::Result<()> {
    let mut days: BTreeMap<i64, i64> = BTreeMap::new();
    let mut views: BTreeMap<&str, i64> = BTreeMap::new();
    for e in events {
        if let Event::Hit { day, slug } = e {
            *days.entry(*day).or_default() += 1;
            if let Some(slug) = slug {
                *views.entry(slug).or_default() += 1;
            }
        }
    }
    let tx = conn.transaction()?;
    {
        let mut day_q = tx.prepare_cached(
            "INSERT INTO days (day, hits) VALUES (?1, ?2)
             ON CONFLICT (day) DO UPDATE SET hits = hits + excluded.hits",
        )?;
        for (day, hits) in &days {
            day_q.execute(params![day, hits])?;
        }
        let mut view_q = tx.prepare_cached(
            "INSERT INTO views (slug, views) VALUES (?1, ?2)
             ON CONFLICT (slug) DO UPDATE SET views = views + excluded.views",
        )?;
        for (slug, n) in &views {
            view_q.execute(params![slug, n])?;
        }
        let mut vote_q = tx
            .prepare_cached("INSERT OR IGNORE INTO votes (slug, voter, day) VALUES (?1, ?2, ?3)")?;
        for e in events {
            if let Event::Vote { slug, voter, day } = e {
                vote_q.execute(params![slug, format!("{voter:016x}"), day])?;
            }
        }
    }
    tx.commit()
}

/// Views per article, for the bundler's `views.json`.
pub fn views(conn: &Connection) -> rusqlite::Result<BTreeMap<String, u64>> {
    Ok(load(conn)?.views.into_iter().collect())
}

/// Hits stored in total.
pub fn total_hits(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT COALESCE(SUM(hits), 0) FROM days", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n as u64)
}
