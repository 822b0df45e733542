//! The newsroom's own records, in SQLite: staff and their sessions, each article's
//! workflow state and revisions, and the audit log. The articles themselves are the
//! Markdown files in `content/articles/`.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('author', 'editor', 'admin')),
    -- Category slugs, comma-separated; empty: every category.
    categories TEXT NOT NULL DEFAULT '',
    password TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    -- The file below content/articles/.
    file TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    author_id INTEGER REFERENCES users(id),
    note TEXT,
    updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id),
    at INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_id INTEGER,
    action TEXT NOT NULL,
    article_id INTEGER,
    detail TEXT
);
";

/// A role, as NukeViet staff know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Tác giả: writes drafts and sends them for approval.
    Author,
    /// Biên tập: edits any article, approves, rejects, publishes, schedules.
    Editor,
    /// Quản trị: all of that, and the staff and the site's settings.
    Admin,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    fn parse(s: &str) -> Role {
        match s {
            "admin" => Role::Admin,
            "editor" => Role::Editor,
            _ => Role::Author,
        }
    }

    /// Whether this role may approve, reject, publish and schedule.
    pub fn edits(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The categories this person works in; empty: all of them.
    pub categories: Vec<String>,
    pub must_change_password: bool,
}

impl User {
    /// Whether this person works in `category`.
    pub fn covers(&self, category: &str) -> bool {
        self.categories.is_empty() || self.categories.iter().any(|c| c == category)
    }
}

/// Where an article is in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    /// Sent for approval.
    Pending,
    /// Sent back with a note.
    Rejected,
    /// Approved for a time still to come.
    Scheduled,
    Published,
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Pending => "pending",
            Status::Rejected => "rejected",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Status {
        match s {
            "pending" => Status::Pending,
            "rejected" => Status::Rejected,
            "scheduled" => Status::Scheduled,
            "published" => Status::Published,
            "expired" => Status::Expired,
            _ => Status::Draft,
        }
    }

    /// Whether the article is, or will be, on the public site.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Status::Scheduled | Status::Published | Status::Expired
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleRecord {
    pub id: i64,
    pub file: String,
    pub status: Status,
    pub version: i64,
    pub author_id: Option<i64>,
    pub note: Option<String>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub at: i64,
    /// The username, where the entry has one.
    pub user: Option<String>,
    pub action: String,
    pub article: Option<i64>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub version: i64,
    pub user: Option<String>,
    pub at: i64,
    pub text: String,
}

const LISTING_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS listing (
    file TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    title TEXT NOT NULL,
    -- Lower case without marks, for finding words typed either way.
    title_folded TEXT NOT NULL,
    slug TEXT NOT NULL,
    category TEXT NOT NULL,
    date TEXT NOT NULL,
    author TEXT NOT NULL,
    publish_at TEXT NOT NULL,
    expire_at TEXT NOT NULL
);
";

pub struct Store {
    pub(crate) db: Connection,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

type Result<T> = rusqlite::Result<T>;

impl Store {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let db = Connection::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "foreign_keys", "ON")?;
        db.execute_batch(SCHEMA)?;
        // The list's index is rebuilt from the files whenever its shape changed.
        if db
            .prepare("SELECT title_folded FROM listing LIMIT 0")
            .is_err()
        {
            db.execute_batch("DROP TABLE IF EXISTS listing")?;
        }
        db.execute_batch(LISTING_SCHEMA)?;
        Ok(Store { db })
    }

    pub fn user_count(&self) -> Result<i64> {
        self.db
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
    }

    pub fn add_user(
        &self,
        username: &str,
        display_name: &str,
        role: Role,
        categories: &[String],
        password_hash: &str,
        must_change_password: bool,
    ) -> Result<i64> {
        self.db.execute(
            "INSERT INTO users (username, display_name, role, categories, password, must_change_password)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                username,
                display_name,
                role.as_str(),
                categories.join(","),
                password_hash,
                must_change_password
            ],
        )?;
        Ok(self.db.last_insert_rowid())
    }

    fn user_from(row: &rusqlite::Row<'_>) -> Result<User> {
        let categories: String = row.get(4)?;
        Ok(User {
            id: row.get(0)?,
            username: row.get(1)?,
            display_name: row.get(2)?,
            role: Role::parse(&row.get::<_, String>(3)?),
            categories: categories
                .split(',')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            must_change_password: row.get(5)?,
        })
    }

    const USER_COLUMNS: &'static str =
        "id, username, display_name, role, categories, must_change_password";

    pub fn user(&self, id: i64) -> Result<Option<User>> {
        self.db
            .query_row(
                &format!("SELECT {} FROM users WHERE id = ?1", Self::USER_COLUMNS),
                [id],
                Self::user_from,
            )
            .optional()
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let mut q = self.db.prepare(&format!(
            "SELECT {} FROM users ORDER BY username",
            Self::USER_COLUMNS
        ))?;
        let rows = q.query_map([], Self::user_from)?;
        rows.collect()
    }

    /// The login record of `username`: (id, password hash, failed logins, locked until).
    pub fn login_record(&self, username: &str) -> Result<Option<(i64, String, i64, i64)>> {
        self.db
            .query_row(
                "SELECT id, password, failed_logins, locked_until FROM users WHERE username = ?1",
                [username],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
    }

    pub fn set_login_failures(&self, id: i64, failed: i64, locked_until: i64) -> Result<()> {
        self.db.execute(
            "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
            params![id, failed, locked_until],
        )?;
        Ok(())
    }

    pub fn set_password(&self, id: i64, hash: &str) -> Result<()> {
        self.db.execute(
            "UPDATE users SET password = ?2, must_change_password = 0 WHERE id = ?1",
            params![id, hash],
        )?;
        Ok(())
    }

    pub fn add_session(&self, token_hash: &str, user: i64, csrf: &str, expires: i64) -> Result<()> {
        self.db.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user, csrf, expires],
        )?;
        Ok(())
    }

    /// The session's user and CSRF token, while it lasts.
    pub fn session(&self, token_hash: &str) -> Result<Option<(User, String)>> {
        let found: Option<(i64, String)> = self
            .db
            .query_row(
                "SELECT user_id, csrf FROM sessions WHERE token_hash = ?1 AND expires > ?2",
                params![token_hash, now()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((user, csrf)) = found else {
            return Ok(None);
        };
        Ok(self.user(user)?.map(|u| (u, csrf)))
    }

    pub fn end_session(&self, token_hash: &str) -> Result<()> {
        self.db
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    pub fn audit(
        &self,
        user: Option<i64>,
        action: &str,
        article: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        self.db.execute(
            "INSERT INTO audit (at, user_id, action, article_id, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now(), user, action, article, detail],
        )?;
        Ok(())
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut q = self.db.prepare(
            "SELECT a.at, u.username, a.action, a.article_id, coalesce(a.detail, '')
             FROM audit a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?1",
        )?;
        let rows = q.query_map([limit], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                user: r.get(1)?,
                action: r.get(2)?,
                article: r.get(3)?,
                detail: r.get(4)?,
            })
        })?;
        rows.collect()
    }

    pub(crate) fn article_from(row: &rusqlite::Row<'_>) -> Result<ArticleRecord> {
        Ok(ArticleRecord {
            id: row.get(0)?,
            file: row.get(1)?,
            status: Status::parse(&row.get::<_, String>(2)?),
            version: row.get(3)?,
            author_id: row.get(4)?,
            note: row.get(5)?,
            updated_at: row.get(6)?,
        })
    }

    pub(crate) const ARTICLE_COLUMNS: &'static str =
        "id, file, status, version, author_id, note, updated_at";

    pub fn article(&self, id: i64) -> Result<Option<ArticleRecord>> {
        self.db
            .query_row(
                &format!(
                    "SELECT {} FROM articles WHERE id = ?1",
                    Self::ARTICLE_COLUMNS
                ),
                [id],
                Self::article_from,
            )
            .optional()
    }

    pub fn article_by_file(&self, file: &str) -> Result<Option<ArticleRecord>> {
        self.db
            .query_row(
                &format!(
                    "SELECT {} FROM articles WHERE file = ?1",
                    Self::ARTICLE_COLUMNS
                ),
                [file],
                Self::article_from,
            )
            .optional()
    }

    pub fn articles(&self) -> Result<Vec<ArticleRecord>> {
        let mut q = self.db.prepare(&format!(
            "SELECT {} FROM articles ORDER BY updated_at DESC, id DESC",
            Self::ARTICLE_COLUMNS
        ))?;
        let rows = q.query_map([], Self::article_from)?;
        rows.collect()
    }

    /// A transaction the caller commits; dropped, it rolls back.
    pub(crate) fn transaction(&self) -> Result<rusqlite::Transaction<'_>> {
        self.db.unchecked_transaction()
    }

    /// Records a new article (its first revision is `text`).
    pub fn add_article(
        &self,
        file: &str,
        status: Status,
        author: Option<i64>,
        text: &str,
    ) -> Result<i64> {
        // Its own transaction, unless it is part of a larger one (a folder registered
        // at once).
        let tx = if self.db.is_autocommit() {
            Some(self.db.unchecked_transaction()?)
        } else {
            None
        };
        self.db.execute(
            "INSERT INTO articles (file, status, version, author_id, updated_at) VALUES (?1, ?2, 1, ?3, ?4)",
            params![file, status.as_str(), author, now()],
        )?;
        let id = self.db.last_insert_rowid();
        self.db.execute(
            "INSERT INTO revisions (article_id, version, user_id, at, text) VALUES (?1, 1, ?2, ?3, ?4)",
            params![id, author, now(), text],
        )?;
        if let Some(tx) = tx {
            tx.commit()?;
        }
        Ok(id)
    }

    /// Saves revision `version + 1` of an article if `version` is still its latest;
    /// returns the new version, or `None` when someone saved in between.
    pub fn save_revision(
        &self,
        id: i64,
        version: i64,
        file: &str,
        user: i64,
        text: &str,
    ) -> Result<Option<i64>> {
        let tx = self.db.unchecked_transaction()?;
        let changed = tx.execute(
            "UPDATE articles SET version = version + 1, file = ?3, updated_at = ?4
             WHERE id = ?1 AND version = ?2",
            params![id, version, file, now()],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO revisions (article_id, version, user_id, at, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, version + 1, user, now(), text],
        )?;
        tx.commit()?;
        Ok(Some(version + 1))
    }

    pub fn set_status(&self, id: i64, status: Status, note: Option<&str>) -> Result<()> {
        self.db.execute(
            "UPDATE articles SET status = ?2, note = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, status.as_str(), note, now()],
        )?;
        Ok(())
    }

    pub fn revisions(&self, id: i64) -> Result<Vec<Revision>> {
        let mut q = self.db.prepare(
            "SELECT r.version, u.display_name, r.at, r.text FROM revisions r
             LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = ?1 ORDER BY r.version DESC",
        )?;
        let rows = q.query_map([id], |r| {
            Ok(Revision {
                version: r.get(0)?,
                user: r.get(1)?,
                at: r.get(2)?,
                text: r.get(3)?,
            })
        })?;
        rows.collect()
    }

    /// The text of revision `version`.
    pub fn revision_text(&self, id: i64, version: i64) -> Result<Option<String>> {
        self.db
            .query_row(
                "SELECT text FROM revisions WHERE article_id = ?1 AND version = ?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()
    }
}
