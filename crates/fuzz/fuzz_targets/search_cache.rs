//! The search index's build cache read back (`public/.trangtin-search.bin`, which a
//! crash, a full disk or another version may have left damaged), and the index built
//! from its records: every varint, length and term id is read from untrusted bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trangtin_search::{self, cache::SearchCache, cache::MAGIC, Record};

fuzz_target!(|data: &[u8]| {
    // The fuzzer's bytes after the file's magic and fingerprint, so that it works on
    // what follows them.
    let mut bytes = MAGIC.to_vec();
    bytes.push(1);
    bytes.push(b'f');
    bytes.extend_from_slice(data);
    let Some(cache) = SearchCache::from_bytes(bytes, "f") else {
        return;
    };
    let records: Vec<&Record> = cache.records().collect();
    let docs: Vec<(&Record, &str, i32)> = records.iter().map(|r| (*r, "tin-tuc", 2024)).collect();
    let files = search::build(&cache.table, &docs, cache.segments.as_ref()).files;
    assert!(files.iter().any(|(p, _)| p.ends_with("/index.json")));
});
