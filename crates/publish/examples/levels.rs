//! `make bench-compress`: how long each brotli quality and gzip level takes on a published
//! site's text files (one in every STEP), and how small it makes them. The levels in
//! `compress.rs` come from this table.
//!
//!     cargo run --release -p trangtin-publish --example levels -- DIR [STEP]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "dist".into()));
    let step: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    // Content only: the app's own assets get the smallest levels whatever they cost.
    let mut files: Vec<String> = match trangtin_publish::tree::list(&dir) {
        Ok(f) => f
            .into_keys()
            .filter(|p| trangtin_publish::compress::is_text(p))
            .filter(|p| {
                trangtin_publish::compress::levels_for(p) == trangtin_publish::compress::CONTENT
            })
            .collect(),
        Err(e) => {
            eprintln!("levels: {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    files.sort();
    let data: Vec<Vec<u8>> = files
        .iter()
        .step_by(step.max(1))
        .filter_map(|f| std::fs::read(dir.join(f)).ok())
        .collect();
    let raw: usize = data.iter().map(Vec::len).sum();
    println!(
        "{} files, {:.1} MiB raw, one core",
        data.len(),
        raw as f64 / 1048576.0
    );
    println!(
        "{:>10} {:>10} {:>8} {:>10}",
        "codec", "MiB", "ratio", "MiB/s"
    );
    let row = |name: String, f: &dyn Fn(&[u8]) -> Vec<u8>| {
        let t = Instant::now();
        let size: usize = data.iter().map(|d| f(d).len()).sum();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{name:>10} {:>10.2} {:>8.3} {:>10.1}",
            size as f64 / 1048576.0,
            size as f64 / raw as f64,
            raw as f64 / 1048576.0 / secs
        );
    };
    for q in [2, 3, 4, 5, 6, 9, 11] {
        row(format!("brotli {q}"), &|d| {
            trangtin_publish::compress::brotli(d, q).unwrap_or_default()
        });
    }
    for l in [1, 2, 3, 4, 6, 9] {
        row(format!("gzip {l}"), &|d| {
            trangtin_publish::compress::gzip(d, l).unwrap_or_default()
        });
    }
}
