//! `trangtin deploy` of the built example site to a folder that nginx serves: readers
//! get the site; a deploy that fails halfway leaves them the previous site whole (every
//! page and everything it names), and running it again completes the new one.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;

fn trangtin_deploy(site: &Path, to: &Path) -> std::process::Output {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/native/trangtin");
    assert!(
        bin.is_file(),
        "{} is missing: `make unit` builds it",
        bin.display()
    );
    Command::new(bin)
        .arg("deploy")
        .arg(site)
        .arg("--to")
        .arg(to)
        .output()
        .unwrap()
}

/// The files a page names by root-absolute `href`/`src` (assets, not links to pages).
fn named_assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"/", "src=\"/", "from '/", "import('/"] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len() - 1..];
            let end = rest.find(['"', '\'']).unwrap_or(rest.len());
            let url = &rest[..end];
            if url
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.'))
            {
                out.push(url.to_string());
            }
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn a_deploy_to_an_nginx_folder_is_whole_even_when_it_fails_halfway() {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    let out = trangtin_deploy(&dist(), &www);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = nginx(&www);
    let page = format!("/bai-viet/{SEED_SLUG}");
    let (status, _, body) = http_get(&server.base, &page, &[]);
    assert_eq!(status, 200);
    let old = String::from_utf8_lossy(&body).into_owned();
    assert!(old.contains(SEED_TITLE));
    assert!(!www.join(".trangtin-publish.json").exists());

    // The next release: the seed page changed, and another page cannot be read, which
    // stops the deploy after bundles and assets went and before the pages.
    let next = dir.path().join("next");
    copy_dir(&dist(), &next);
    let seed = next.join(format!("bai-viet/{SEED_SLUG}/index.html"));
    let edited = old.replace("</h1>", " (đã cập nhật)</h1>");
    std::fs::write(&seed, &edited).unwrap();
    // Pages have no compressed copies (only the app's assets do): the server
    // compresses them as it sends them, so no stale copy can outlive an edit.
    for ext in ["gz", "br"] {
        assert!(!Path::new(&format!("{}.{ext}", seed.display())).exists());
    }
    let broken = next.join("video/index.html");
    std::fs::remove_file(&broken).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing"), &broken).unwrap();
    let out = trangtin_deploy(&next, &www);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("video/index.html") && said.contains("previous site stays whole"),
        "{said}"
    );

    let (status, _, body) = http_get(&server.base, &page, &[]);
    assert_eq!(status, 200);
    assert_eq!(
        String::from_utf8_lossy(&body),
        old,
        "readers still get the old page"
    );
    let assets = named_assets(&old);
    assert!(assets.iter().any(|a| a.ends_with(".js")), "{assets:?}");
    for asset in assets {
        let (status, _, _) = http_get(&server.base, &asset, &[]);
        assert_eq!(status, 200, "{asset}, named by the old page, is there");
    }

    std::fs::remove_file(&broken).unwrap();
    std::fs::copy(dist().join("video/index.html"), &broken).unwrap();
    let out = trangtin_deploy(&next, &www);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, _, body) = http_get(&server.base, &page, &[]);
    assert!(String::from_utf8_lossy(&body).contains("(đã cập nhật)"));
}
