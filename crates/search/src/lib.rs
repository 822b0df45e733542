//! The static search index: what the bundler writes under `content/search/` so that the
//! browser can search every article with no server.
//!
//! - `index.json` (revalidated): format version, article count, the vocabulary file,
//!   the shard list (first folded term of each shard and its file), the category
//!   lists file and the count of articles per year.
//! - `h/vocab.<hash>.txt`: every folded term and the number of articles holding it, one
//!   per line, sorted; the browser completes prefixes and tolerates typos with it and
//!   then fetches only the shards its terms live in.
//! - `h/<hash>.bin` shards: consecutive ranges of folded terms, each with its exact
//!   (accented) variants and their postings (article id, whether in the title, word
//!   positions), so that exact-accent hits can rank first and phrases can be checked.
//! - `h/cats.<hash>.json`: the article ids of each category, for the category filter.
//! - `h/len.<hash>.bin`: each article's length in words, one byte per article on a log
//!   scale, so that ranking can weigh a word's count against the article's length.
//! - `doc/<id>.json`: per article, its summary and plain text, for result snippets.
//!
//! Article ids count from the oldest article (0) to the newest, so a new article adds
//! an id instead of renumbering the others. Shards, vocabulary and category lists are
//! named by their content's hash, in `h/`, and can be cached for ever.
//!
//! A new or edited article changes a bounded number of files, whatever the size of the
//! site: `index.json` names the build that wrote each shard, and a `delta` (a few
//! shards over the articles changed since, each with the build that changed it). For an
//! article changed after a shard was written, the browser takes that range's postings
//! from the delta; each build writes the stalest eight shards again from every article
//! (`index::Segments`), until the delta is empty. A large change (an import) builds the
//! whole index again.
//!
//! What this crate may not do: read content or write files of the site. It is given
//! each article (as the bundler made it) and gives back the index's files as bytes; the
//! bundler writes them. Its only files of its own are its cache's, in the folder it is
//! handed.

pub mod cache;
pub mod codec;
pub mod index;
pub mod terms;
pub mod text;

pub use index::{build, Built, Segments};
pub use terms::{article_terms, fragment, fragment_text, LocalTerms, Record, TermTable};

/// Where the index lives below the output folder.
pub const DIR: &str = "content/search";
/// Bumped when the format of any index file changes; `search.js` checks it.
pub const FORMAT: u32 = 3;

pub fn fragment_path(id: u32) -> String {
    format!("{DIR}/doc/{id}.json")
}
