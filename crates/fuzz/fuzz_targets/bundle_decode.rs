//! What a server (or anything between it and the reader) may send where the app expects
//! a bundle: the app's own decoder, for every kind of bundle, with and without an HTML
//! content type. It must answer with a typed error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trangtin::fetch::{decode, decode_plain};
use trangtin_model::{ArticleBundle, CategoryPage, HomeBundle, SiteManifest, Stats, Votes};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    let status = [200u16, 203, 404, 500, 503][first as usize % 5];
    let ty = [None, Some("application/json"), Some("text/html; charset=utf-8")][first as usize / 5 % 3];
    let _ = decode::<SiteManifest>(status, ty, &body);
    let _ = decode::<HomeBundle>(status, ty, &body);
    let _ = decode::<ArticleBundle>(status, ty, &body);
    let _ = decode::<CategoryPage>(status, ty, &body);
    let _ = decode::<Stats>(status, ty, &body);
    let _ = decode_plain::<Votes>(status, ty, &body);
});
