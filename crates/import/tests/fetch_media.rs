//! `trangtin fetch-media` against a real HTTP server on 127.0.0.1: the remote images of
//! imported articles are fetched once into content/media/, the articles point at the
//! copies, and the build then has nothing remote left; what cannot be fetched stays.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Serves /a.png, /H%E1%BB%99i-ngh%E1%BB%8B.png (the same photo), /page.html (not a
/// picture) and 404 for anything else; counts the requests.
fn server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let photo = png();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, kind, body): (&str, &str, Vec<u8>) = match path.as_str() {
                "/a.png" | "/H%E1%BB%99i-ngh%E1%BB%8B.png" => {
                    ("200 OK", "image/png", photo.clone())
                }
                "/page.html" => ("200 OK", "text/html", b"<html>not a photo</html>".to_vec()),
                _ => ("404 Not Found", "text/plain", b"no".to_vec()),
            };
            let mut s = stream;
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
        }
    });
    (url, hits)
}

#[test]
fn remote_images_are_fetched_once_and_the_articles_point_at_the_copies() {
    let (url, hits) = server();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("articles/cu")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real-site/site.toml"),
        content.join("site.toml"),
    )
    .unwrap();
    let one = format!(
        "+++\ntitle = \"Một\"\ndate = 2024-01-01\ncategory = \"tin-tuc\"\nthumbnail = \"{url}/a.png\"\n+++\n\
         ![Hội nghị]({url}/H%E1%BB%99i-ngh%E1%BB%8B.png \"Chú thích\")\n\n\
         <p><img src=\"{url}/page.html\" alt=\"trang\"></p>\n\n![mất]({url}/mat.png)\n"
    );
    std::fs::write(content.join("articles/mot.md"), &one).unwrap();
    // In a folder below articles/, the same photo again.
    let two = format!(
        "+++\ntitle = \"Hai\"\ndate = 2024-01-02\ncategory = \"tin-tuc\"\n+++\n![A]({url}/a.png)\n"
    );
    std::fs::write(content.join("articles/cu/hai.md"), &two).unwrap();

    let limits = trangtin_import::fetch::Limits {
        allow_private: true,
        ..Default::default()
    };
    let now = 1_750_000_000; // June 2025
    let r = trangtin_import::media::fetch_media(&content, &limits, now).unwrap();
    assert_eq!(r.fetched.len(), 3, "{r:#?}");
    assert_eq!(r.files, 2);
    let failed: Vec<(usize, &str)> = r.failed.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(failed.len(), 2, "{r:#?}");
    assert!(
        failed
            .iter()
            .any(|(line, why)| *line == 9 && why.contains("not an image")),
        "{failed:?}"
    );
    assert!(
        failed
            .iter()
            .any(|(line, why)| *line == 11 && why.contains("404")),
        "{failed:?}"
    );
    // Each address once: four addresses, four requests.
    assert_eq!(hits.load(Ordering::SeqCst), 4);
    let one = std::fs::read_to_string(content.join("articles/mot.md")).unwrap();
    assert!(
        one.contains("thumbnail = \"../media/2025/06/a.png\""),
        "{one}"
    );
    assert!(
        one.contains("![Hội nghị](../media/2025/06/hoi-nghi.png \"Chú thích\")"),
        "{one}"
    );
    assert!(
        one.contains(&format!("{url}/page.html")) && one.contains(&format!("{url}/mat.png")),
        "{one}"
    );
    let two = std::fs::read_to_string(content.join("articles/cu/hai.md")).unwrap();
    assert!(two.contains("![A](../../media/2025/06/a.png)"), "{two}");
    assert_eq!(
        std::fs::read(content.join("media/2025/06/a.png")).unwrap(),
        png()
    );

    // The build now finds nothing remote but what could not be fetched.
    let out = dir.path().join("out");
    let s = trangtin_bundler::build_with(
        &content,
        &out,
        "/",
        now,
        trangtin_bundler::Policy::KeepGoing,
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(s.left_out.is_empty(), "{:#?}", s.left_out);
    let warned: Vec<(usize, trangtin_bundler::diagnostic::Kind)> =
        s.warnings.iter().map(|w| (w.line, w.kind)).collect();
    use trangtin_bundler::diagnostic::Kind::RemoteImage;
    assert_eq!(
        warned,
        [(9, RemoteImage), (11, RemoteImage)],
        "{:#?}",
        s.warnings
    );

    // Run again: nothing left to fetch but the two that fail; no file changes.
    let again = trangtin_import::media::fetch_media(&content, &limits, now).unwrap();
    assert_eq!(
        (again.fetched.len(), again.files, again.failed.len()),
        (0, 0, 2)
    );
}
