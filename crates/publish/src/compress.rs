//! Precompressed `.br` and `.gz` files beside each text asset of a built site, for CDNs
//! and servers that serve them as they are (nginx `gzip_static`/`brotli_static`).

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Compresses every text asset under `dir`; returns the sizes, sorted by path.
pub fn compress_dir(dir: &Path) -> io::Result<Vec<Compressed>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    files.iter().map(|f| compress_file(f)).collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            out.push(path);
        }
    }
    Ok(())
}

pub fn compress_file(path: &Path) -> io::Result<Compressed> {
    let data = std::fs::read(path)?;
    let gz = gzip(&data)?;
    let br = brotli(&data)?;
    write_beside(path, "gz", &gz)?;
    write_beside(path, "br", &br)?;
    Ok(Compressed {
        path: path.to_path_buf(),
        raw: data.len() as u64,
        gzip: gz.len() as u64,
        brotli: br.len() as u64,
    })
}

fn write_beside(path: &Path, ext: &str, bytes: &[u8]) -> io::Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    std::fs::write(PathBuf::from(name), bytes)
}

pub fn gzip(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    enc.finish()
}

pub fn brotli(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_assets_get_smaller_br_and_gz_siblings_and_others_are_left_alone() {
        let d = tempfile::tempdir().unwrap();
        let page = "<p>Trường Đào tạo cán bộ Nguyễn Văn Cừ</p>".repeat(50);
        std::fs::write(d.path().join("index.html"), &page).unwrap();
        std::fs::create_dir(d.path().join("media")).unwrap();
        std::fs::write(d.path().join("media/a.png"), [0u8; 64]).unwrap();
        let out = compress_dir(d.path()).unwrap();
        assert_eq!(out.len(), 1);
        assert!(out[0].brotli < out[0].gzip && out[0].gzip < out[0].raw);
        assert!(d.path().join("index.html.br").is_file());
        assert!(d.path().join("index.html.gz").is_file());
        assert!(!d.path().join("media/a.png.br").exists());
        let mut back = Vec::new();
        brotli::BrotliDecompress(
            &mut &std::fs::read(d.path().join("index.html.br")).unwrap()[..],
            &mut back,
        )
        .unwrap();
        assert_eq!(back, page.as_bytes());
    }
}
