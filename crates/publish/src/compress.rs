//! Precompressed files beside the app's own assets, for servers that serve them as they
//! are (nginx `gzip_static`/`brotli_static`); everything else is compressed by the server
//! as it sends it.
//!
//! Which copies, by measurement on 10,000 articles (README, "Publishing"). The app's
//! wasm, loader and CSS are a handful of files every reader fetches, rebuilt only with
//! the code: they get `.br` and `.gz` at the smallest levels there are, which no server
//! would spend the time on per request. Content (pages, bundles, feeds, the search
//! index) is tens of thousands of files of a few kilobytes that change with every edit.
//! A `.gz` of each was a third of the site's bytes and half its files, written and sent
//! again with each change, to save the server about a quarter of a millisecond per
//! answer (gzip 3 runs at about 90 MB/s on one core of the bench machine). Every CDN
//! and static host compresses text as it serves it, and the nginx configuration
//! `trangtin deploy-config` writes does so at [`CONTENT`]'s level.

use rayon::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const EXTENSIONS: [&str; 10] = [
    "bin",
    "html",
    "js",
    "css",
    "json",
    "svg",
    "xml",
    "txt",
    "wasm",
    "webmanifest",
];

/// A brotli quality (0–11) and a gzip level (0–9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    pub brotli: u32,
    pub gzip: u32,
}

/// For the app's assets: the smallest files.
pub const APP: Levels = Levels {
    brotli: 11,
    gzip: 9,
};

/// For content, compressed by the server as it answers: chosen by measurement
/// (README, "Publishing"; `make bench-compress`).
pub const CONTENT: Levels = Levels { brotli: 3, gzip: 3 };

/// Whether a file of the site gets compressed siblings.
pub fn is_text(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

/// For a compressed copy of a text file (`index.html.br`), the original's path and the
/// encoding (`br`, `gzip`); `None` for anything else, such as a `.tar.gz` of its own.
pub fn original_of(path: &str) -> Option<(&str, &'static str)> {
    let (base, coding) = match path.strip_suffix(".br") {
        Some(base) => (base, "br"),
        None => (path.strip_suffix(".gz")?, "gzip"),
    };
    is_text(base).then_some((base, coding))
}

/// `index.html.br`, `site.json.gz`: a compressed copy of a text file.
pub fn is_compressed_copy(path: &str) -> bool {
    original_of(path).is_some()
}

fn is_app_asset(path: &str) -> bool {
    !path.contains('/') && [".wasm", ".js", ".css"].iter().any(|e| path.ends_with(e))
}

/// The levels for a file of the site (`path` below the site root).
pub fn levels_for(path: &str) -> Levels {
    if is_app_asset(path) {
        APP
    } else {
        CONTENT
    }
}

/// The compressed copies a text file of the site gets, by extension (`br`, `gz`).
pub fn copies_for(path: &str) -> &'static [&'static str] {
    if is_text(path) && is_app_asset(path) {
        &["br", "gz"]
    } else {
        &[]
    }
}

/// The copies of `data` that `path` gets, as (extension, bytes).
pub fn copies(path: &str, data: &[u8]) -> io::Result<Vec<(&'static str, Vec<u8>)>> {
    let levels = levels_for(path);
    copies_for(path)
        .iter()
        .map(|&ext| {
            let bytes = match ext {
                "br" => brotli(data, levels.brotli)?,
                _ => gzip(data, levels.gzip)?,
            };
            Ok((ext, bytes))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Writes the copies of every file under `dir` that gets them, on every core; returns
/// the sizes, sorted by path.
pub fn compress_dir(dir: &Path) -> io::Result<Vec<Compressed>> {
    let mut files: Vec<String> = crate::tree::list(dir)?
        .into_keys()
        .filter(|p| !copies_for(p).is_empty())
        .collect();
    files.sort();
    files
        .par_iter()
        .map(|rel| {
            let path = dir.join(rel);
            let data = std::fs::read(&path)?;
            let mut out = Compressed {
                path,
                raw: data.len() as u64,
                gzip: 0,
                brotli: 0,
            };
            for (ext, copy) in copies(rel, &data)? {
                crate::tree::write_atomic(&beside(&out.path, ext), &copy)?;
                match ext {
                    "br" => out.brotli = copy.len() as u64,
                    _ => out.gzip = copy.len() as u64,
                }
            }
            Ok(out)
        })
        .collect()
}

/// `path` with `.ext` appended: `index.html` → `index.html.br`.
pub fn beside(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

pub fn gzip(data: &[u8], level: u32) -> io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(level),
    );
    enc.write_all(data)?;
    enc.finish()
}

pub fn brotli(data: &[u8], quality: u32) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 4);
    // The fast qualities spend most of their time zeroing a window of 4 MB for files of
    // a few tens of kilobytes: their window fits the file instead. (For qualities 5 and
    // up, a window sized to the file made them slower here, not faster.)
    let lgwin = if quality <= 4 {
        (usize::BITS - data.len().max(1).leading_zeros()).clamp(16, 22) as i32
    } else {
        22
    };
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        lgwin,
        size_hint: data.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_gets_br_and_gz_copies_and_content_none() {
        let d = tempfile::tempdir().unwrap();
        let page = "<p>Trường Đào tạo cán bộ Nguyễn Văn Cừ</p>".repeat(50);
        std::fs::write(d.path().join("index.html"), &page).unwrap();
        std::fs::write(d.path().join("main-0123456789abcdef.css"), &page).unwrap();
        std::fs::create_dir(d.path().join("media")).unwrap();
        std::fs::write(d.path().join("media/a.png"), [0u8; 64]).unwrap();
        let out = compress_dir(d.path()).unwrap();
        assert_eq!(out.len(), 1);
        let css = &out[0];
        assert!(css.path.ends_with("main-0123456789abcdef.css"));
        assert!(css.brotli < css.gzip && css.gzip < css.raw);
        assert!(d.path().join("main-0123456789abcdef.css.br").is_file());
        assert!(!d.path().join("index.html.gz").exists());
        assert!(!d.path().join("index.html.br").exists());
        assert!(!d.path().join("media/a.png.gz").exists());
        let mut back = Vec::new();
        brotli::BrotliDecompress(
            &mut &std::fs::read(d.path().join("main-0123456789abcdef.css.br")).unwrap()[..],
            &mut back,
        )
        .unwrap();
        assert_eq!(back, page.as_bytes());
        let mut back = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(
                &std::fs::read(d.path().join("main-0123456789abcdef.css.gz")).unwrap()[..],
            ),
            &mut back,
        )
        .unwrap();
        assert_eq!(back, page);
    }

    #[test]
    fn the_apps_assets_get_the_smallest_levels_and_content_the_measured_ones() {
        assert_eq!(levels_for("main-0123456789abcdef.css"), APP);
        assert_eq!(levels_for("trangtin-web-0123456789ab_bg.wasm"), APP);
        assert_eq!(levels_for("bai-viet/x/index.html"), CONTENT);
        assert_eq!(levels_for("content/site.json"), CONTENT);
        assert!(is_text("feed.xml") && is_text("a/b.json") && !is_text("_headers"));
        assert!(!is_text("content/media/a.jpg"));
    }
}
