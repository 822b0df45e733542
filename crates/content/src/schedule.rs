//! Scheduled publishing and expiry, as NukeViet does them. An article may name when it
//! goes live (`publish_at`) and when it expires (`expire_at`); at expiry it is archived
//! (its page stays readable at its address, but it leaves every list, the search, the
//! feeds and the sitemap) or, with `on_expiry = "withdraw"`, withdrawn (gone entirely).
//! Before its time an article is nowhere.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Unix seconds; not shown before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_at: Option<i64>,
    /// Unix seconds; archived or withdrawn from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_at: Option<i64>,
    /// At expiry the article is withdrawn rather than archived.
    #[serde(default)]
    pub withdraw: bool,
}

/// Where an article shows at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Everywhere: its page, the lists, the search, the feeds, the sitemap.
    Listed,
    /// Its own page only.
    Archived,
    /// Nowhere: scheduled for later, or withdrawn.
    Hidden,
}

impl Schedule {
    pub fn at(&self, now: i64) -> Visibility {
        if self.publish_at.is_some_and(|t| now < t) {
            return Visibility::Hidden;
        }
        match self.expire_at {
            Some(t) if now >= t && self.withdraw => Visibility::Hidden,
            Some(t) if now >= t => Visibility::Archived,
            _ => Visibility::Listed,
        }
    }

    /// The next time after `now` at which the article's visibility changes.
    pub fn next_change(&self, now: i64) -> Option<i64> {
        [self.publish_at, self.expire_at]
            .into_iter()
            .flatten()
            .filter(|&t| t > now)
            .min()
    }
}

/// A schedule time as people read it, in Việt Nam's time zone.
pub fn display(unix_seconds: i64) -> String {
    trangtin_model::Timestamp::from_unix(unix_seconds, 7 * 60).to_string()
}

/// The time a build publishes for, in Unix seconds: `TRANGTIN_NOW` (RFC 3339, for
/// reproducible builds and tests) or the clock.
pub fn now() -> Result<i64, String> {
    match std::env::var("TRANGTIN_NOW") {
        Ok(text) if !text.trim().is_empty() => trangtin_model::Timestamp::parse(text.trim(), 0)
            .map(|t| t.unix_seconds())
            .map_err(|e| format!("TRANGTIN_NOW={text:?}: {e}")),
        _ => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_is_hidden_before_its_time_listed_then_archived_or_withdrawn() {
        let s = Schedule {
            publish_at: Some(100),
            expire_at: Some(200),
            withdraw: false,
        };
        assert_eq!(s.at(99), Visibility::Hidden);
        assert_eq!(s.at(100), Visibility::Listed);
        assert_eq!(s.at(199), Visibility::Listed);
        assert_eq!(s.at(200), Visibility::Archived);
        let w = Schedule {
            withdraw: true,
            ..s
        };
        assert_eq!(w.at(250), Visibility::Hidden);
        assert_eq!(Schedule::default().at(0), Visibility::Listed);
    }

    #[test]
    fn the_next_change_is_the_nearest_time_still_ahead() {
        let s = Schedule {
            publish_at: Some(100),
            expire_at: Some(200),
            withdraw: false,
        };
        assert_eq!(s.next_change(0), Some(100));
        assert_eq!(s.next_change(100), Some(200));
        assert_eq!(s.next_change(200), None);
        assert_eq!(Schedule::default().next_change(0), None);
    }
}
