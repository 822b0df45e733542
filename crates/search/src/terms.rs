//! An article's terms: its words folded and numbered in a term table that keeps ids
//! stable from build to build, with their positions (title first), and the text its
//! search result's snippet is cut from.

use crate::codec::varint;
use crate::text::{html_text, tokens};
use rustc_hash::FxHashMap;
use trangtin_model::{Article, ArticleSummary};

/// Positions skipped between fields, so that a quoted phrase never spans two of them.
pub(crate) const FIELD_GAP: u32 = 8;
/// Shards are cut once they reach this many bytes (a term's postings are never split).
pub(crate) const SHARD_TARGET: usize = 24 * 1024;

/// Every distinct term of the indexed articles, by id.
#[derive(Default)]
pub struct TermTable {
    pub terms: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl TermTable {
    pub fn from_terms(terms: Vec<String>) -> Self {
        let ids = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        TermTable { terms, ids }
    }

    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.to_string());
        self.ids.insert(term.to_string(), id);
        id
    }
}

/// One article's terms, encoded as the index and the cache store them: the number of
/// terms, then per term its id, `count << 1 | in_title`, the byte length of its
/// position gaps and those gaps. Building postings from it is copying bytes.
pub type Record = [u8];

/// An article's terms before they get ids: each distinct term (a range of `arena`)
/// with its positions (a range of `positions`), and the title's length.
pub struct LocalTerms {
    pub title_len: u32,
    arena: String,
    /// (start, length) in `arena`, (from, count) in `positions`.
    terms: Vec<(u32, u32, u32, u32)>,
    positions: Vec<u32>,
}

impl LocalTerms {
    /// From (term, positions) pairs.
    pub fn from_pairs(title_len: u32, pairs: &[(&str, Vec<u32>)]) -> Self {
        let mut local = LocalTerms {
            title_len,
            arena: String::new(),
            terms: Vec::new(),
            positions: Vec::new(),
        };
        for (t, ps) in pairs {
            local.terms.push((
                local.arena.len() as u32,
                t.len() as u32,
                local.positions.len() as u32,
                ps.len() as u32,
            ));
            local.arena.push_str(t);
            local.positions.extend(ps);
        }
        local
    }
}

impl TermTable {
    /// Gives the terms of one article their ids, as a [`Record`].
    pub fn intern(&mut self, local: &LocalTerms) -> Vec<u8> {
        let mut out = Vec::with_capacity(local.positions.len() * 2 + local.terms.len() * 4);
        varint(&mut out, local.terms.len() as u32);
        let mut gaps = Vec::new();
        for &(start, len, from, count) in &local.terms {
            let t = &local.arena[start as usize..(start + len) as usize];
            let ps = &local.positions[from as usize..(from + count) as usize];
            varint(&mut out, self.id(t));
            let title = ps.first().is_some_and(|&p| p < local.title_len);
            varint(&mut out, (count << 1) | title as u32);
            gaps.clear();
            let mut last = 0;
            for &p in ps {
                varint(&mut gaps, p - last);
                last = p;
            }
            varint(&mut out, gaps.len() as u32);
            out.extend_from_slice(&gaps);
        }
        out
    }
}

/// The fields an article is searched by, in order: title, category, tags, then lead,
/// summary and body text. Returns the terms and the text shown in snippets.
pub fn article_terms(article: &Article, category: &str) -> (LocalTerms, String) {
    let text = fragment_text(article);
    // Every token into one buffer first, as (start, length, position): no allocation
    // per word.
    let mut arena = String::with_capacity(text.len() + article.title.len() + 64);
    let mut found: Vec<(u32, u32, u32)> = Vec::with_capacity(text.len() / 5);
    let mut pos = 0u32;
    let mut field = |s: &str, pos: &mut u32| {
        tokens(s, |t| {
            found.push((arena.len() as u32, t.len() as u32, *pos));
            arena.push_str(t);
            *pos += 1;
        });
    };
    field(&article.title, &mut pos);
    let title_len = pos;
    pos += FIELD_GAP;
    field(category, &mut pos);
    for tag in &article.tags {
        pos += FIELD_GAP;
        field(tag, &mut pos);
    }
    pos += FIELD_GAP;
    field(&text, &mut pos);
    // Each distinct term, and each occurrence's term.
    let mut terms: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut of: Vec<u32> = Vec::with_capacity(found.len());
    {
        let mut ids: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(found.len() / 2, Default::default());
        for &(start, len, _) in &found {
            let t = &arena[start as usize..(start + len) as usize];
            let next = ids.len() as u32;
            let id = *ids.entry(t).or_insert(next);
            if id == next {
                terms.push((start, len, 0, 0));
            }
            terms[id as usize].3 += 1;
            of.push(id);
        }
    }
    // Positions grouped by term (a counting sort; positions stay in order).
    let mut from = 0u32;
    for term in &mut terms {
        term.2 = from;
        from += term.3;
    }
    let mut next: Vec<u32> = terms.iter().map(|t| t.2).collect();
    let mut positions = vec![0; found.len()];
    for (&id, &(_, _, p)) in of.iter().zip(&found) {
        positions[next[id as usize] as usize] = p;
        next[id as usize] += 1;
    }
    (
        LocalTerms {
            title_len,
            arena,
            terms,
            positions,
        },
        text,
    )
}

/// The lead, the summary (when it says something else) and the body as plain text.
pub fn fragment_text(article: &Article) -> String {
    let mut text = String::new();
    for part in [&article.lead, &article.summary].into_iter().flatten() {
        if !part.trim().is_empty() && !text.contains(part.trim()) {
            text.push_str(part.trim());
            text.push('\n');
        }
    }
    text.push_str(&html_text(article.body.as_str()));
    text
}

/// The snippet source of one article: its summary (for the result's title, category,
/// date and link) and its text.
pub fn fragment(article: &Article, text: &str) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Fragment<'a> {
        article: ArticleSummary,
        text: &'a str,
    }
    serde_json::to_vec(&Fragment {
        article: article.summary(),
        text,
    })
    .expect("fragments serialise")
}
