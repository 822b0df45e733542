//! "Bài liên quan": articles that share tags with an article, weighted by how close in
//! time they are. Only each tag's nearest articles in time are considered, so the cost
//! stays linear in the number of articles.

use std::collections::HashMap;
use trangtin_model::Article;

/// Entries in the list.
pub const RELATED_LEN: usize = 5;
/// Articles considered per shared tag, on each side in time.
const WINDOW: usize = 30;

/// For each tag, the indices (into the newest-first article list) of the articles that carry it.
pub struct TagIndex<'a> {
    by_tag: HashMap<&'a str, Vec<usize>>,
}

impl<'a> TagIndex<'a> {
    pub fn new(articles: &'a [Article]) -> TagIndex<'a> {
        let mut by_tag: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in articles.iter().enumerate() {
            for t in &a.tags {
                by_tag.entry(t.as_str()).or_default().push(i);
            }
        }
        TagIndex { by_tag }
    }

    /// The related articles of `articles[i]`, best first, leaving out `exclude`.
    pub fn related(&self, articles: &[Article], i: usize, exclude: &[usize]) -> Vec<usize> {
        let me = &articles[i];
        // Every candidate once per tag it shares; counted after sorting (no hashing).
        let mut candidates: Vec<usize> = Vec::new();
        for t in &me.tags {
            let Some(list) = self.by_tag.get(t.as_str()) else {
                continue;
            };
            let at = list.binary_search(&i).unwrap_or_else(|p| p);
            let from = at.saturating_sub(WINDOW);
            let to = (at + WINDOW + 1).min(list.len());
            candidates.extend(
                list[from..to]
                    .iter()
                    .filter(|&&j| j != i && !exclude.contains(&j)),
            );
        }
        candidates.sort_unstable();
        let mine = me.published.unix_seconds();
        let mut ranked: Vec<(usize, f64)> = candidates
            .chunk_by(|a, b| a == b)
            .map(|same| {
                let j = same[0];
                let shared = same.len() as f64;
                let other = &articles[j];
                let days = (mine - other.published.unix_seconds()).abs() as f64 / 86_400.0;
                let category = if other.category == me.category {
                    1.0
                } else {
                    0.0
                };
                (j, (2.0 * shared + category) / (1.0 + days / 30.0))
            })
            .collect();
        // Ties go to the newer article, then the index: the order never depends on hashing.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(RELATED_LEN)
            .map(|(j, _)| j)
            .collect()
    }
}
