//! Optional numbers that come from outside the articles: the visit statistics shown in
//! "Thống kê truy cập" (`stats.toml`) and the views per article behind "Tin đọc nhiều"
//! (`views.json`, as the counter service exports it). Absent files mean "no numbers yet",
//! never zeros made up by the bundler.

use crate::diagnostic::{line_of, Diagnostic};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use trangtin_model::{Stats, Timestamp, SCHEMA_VERSION};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsFile {
    online: u64,
    #[serde(default = "default_window")]
    online_window_minutes: u32,
    today: u64,
    yesterday: u64,
    this_month: u64,
    last_month: u64,
    total: u64,
    as_of: Option<toml::Value>,
}

fn default_window() -> u32 {
    5
}

pub fn load_stats(path: &Path, offset: i16) -> Result<Option<Stats>, Diagnostic> {
    let Some(text) = read_optional(path)? else {
        return Ok(None);
    };
    let file: StatsFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(&text, s.start));
        Diagnostic::new(path, line, format!("bad statistics file: {}", e.message()))
    })?;
    let as_of = match file.as_of {
        None => None,
        Some(v) => {
            let s = match v {
                toml::Value::String(s) => s,
                other => other.to_string(),
            };
            let line = text.find("as_of").map_or(1, |at| line_of(&text, at));
            Some(
                Timestamp::parse(&s, offset)
                    .map_err(|e| Diagnostic::new(path, line, e.to_string()))?,
            )
        }
    };
    Ok(Some(Stats {
        schema_version: SCHEMA_VERSION,
        online: file.online,
        online_window_minutes: file.online_window_minutes,
        today: file.today,
        yesterday: file.yesterday,
        this_month: file.this_month,
        last_month: file.last_month,
        total: file.total,
        as_of,
    }))
}

/// `{"slug": views, ...}`
pub fn load_views(path: &Path) -> Result<BTreeMap<String, u64>, Diagnostic> {
    let Some(text) = read_optional(path)? else {
        return Ok(BTreeMap::new());
    };
    serde_json::from_str(&text).map_err(|e| {
        Diagnostic::new(
            path,
            e.line(),
            format!("bad views file: {e}; expected {{\"slug\": views, ...}}"),
        )
    })
}

fn read_optional(path: &Path) -> Result<Option<String>, Diagnostic> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::new(path, 1, format!("cannot read: {e}"))),
    }
}
