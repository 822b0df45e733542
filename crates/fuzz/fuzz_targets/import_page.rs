//! A saved or fetched page of an old portal through `trangtin import`: Readability
//! (dom_smoothie), the title and date finders, HTML to Markdown, pictures and links.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use trangtin_import::page::{find_date, import_page};
use trangtin_import::site::Report;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let mut report = Report::default();
    import_page(&html, Path::new("trang/bai.html"), None, "tin-tuc", &mut report);
    let mut report = Report::default();
    import_page(
        &html,
        Path::new("bai.html"),
        Some("https://cu.example.vn/tin-tuc/bai.html"),
        "tin-tuc",
        &mut report,
    );
    let _ = find_date(&html);
});
