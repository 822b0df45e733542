//! The sitemaps a build wrote, read as a crawler would: the index, then each it names.

use std::path::Path;

/// The index `sitemap.xml` and the text of every sitemap it names, in its order. Panics
/// when the index names a sitemap that was not written.
pub fn read_all(out: &Path, base_url: &str) -> (String, Vec<String>) {
    let index = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let named = index
        .split("<loc>")
        .skip(1)
        .map(|rest| {
            let loc = &rest[..rest.find("</loc>").unwrap()];
            let rel = loc
                .strip_prefix(base_url)
                .unwrap_or_else(|| panic!("{loc} is not below {base_url}"));
            std::fs::read_to_string(out.join(rel.trim_start_matches('/')))
                .unwrap_or_else(|e| panic!("the index names {loc}: {e}"))
        })
        .collect();
    (index, named)
}
