//! The content hash every cache of the bundler keys on.

use xxhash_rust::xxh3::Xxh3;

/// A 128-bit content hash, written as hex.
pub type Hash = String;

pub fn hash(parts: &[&[u8]]) -> Hash {
    let mut h = Xxh3::new();
    for part in parts {
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("{:032x}", h.digest128())
}
