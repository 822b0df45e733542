//! Photos: what a phone writes goes in; what is served is upright, in every width the
//! reader's screen may need, and without the camera's metadata.

mod support;

use image::{GenericImageView, ImageDecoder};
use std::path::{Path, PathBuf};
use support::camera;
use trangtin_model::{ArticleBundle, SiteManifest};

const SITE_TOML: &str = r#"
[site]
name = "Trường Đào tạo cán bộ"
base_url = "https://t.example.vn"
logo = "media/logo.png"

[[categories]]
slug = "tin"
name = "Tin tức"

[[banners]]
label = "Tuyển sinh"
href = "https://example.org/ts"
image = "media/banner.jpg"
"#;

/// Hà Long, where the test photos were "taken".
const HA_LONG: (f64, f64) = (20.9517, 107.0801);

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        f.write("content/site.toml", SITE_TOML.as_bytes());
        f.write(
            "content/media/banner.jpg",
            &camera::jpeg(&camera::scene(600, 180, 3), 90, camera::exif(1, None), None),
        );
        let logo = image::RgbaImage::from_fn(64, 64, |x, y| {
            image::Rgba([200, 30, 30, if (x + y) % 2 == 0 { 255 } else { 0 }])
        });
        let mut png = Vec::new();
        image::DynamicImage::ImageRgba8(logo)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        f.write("content/media/logo.png", &png);
        f
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn article(&self, slug: &str, body: &str) {
        self.write(
            &format!("content/articles/{slug}.md"),
            format!("+++\ntitle = \"Bài {slug}\"\nslug = \"{slug}\"\ndate = 2024-06-25\ncategory = \"tin\"\n+++\n{body}\n").as_bytes(),
        );
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn build(&self) -> Result<trangtin_bundler::BuildSummary, Vec<String>> {
        trangtin_bundler::build(&self.dir.path().join("content"), &self.out(), "/")
            .map_err(|ps| ps.iter().map(ToString::to_string).collect())
    }

    fn publish(&self) -> trangtin_bundler::BuildSummary {
        trangtin_bundler::build_with(
            &self.dir.path().join("content"),
            &self.out(),
            "/",
            1_750_000_000,
            trangtin_bundler::Policy::KeepGoing,
        )
        .unwrap_or_else(|ps| panic!("{ps:?}"))
    }

    fn bundle(&self, slug: &str) -> ArticleBundle {
        let bytes =
            std::fs::read(self.out().join(format!("content/bai-viet/{slug}.json"))).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    fn manifest(&self) -> SiteManifest {
        serde_json::from_slice(&std::fs::read(self.out().join("content/site.json")).unwrap())
            .unwrap()
    }

    fn lists(&self) -> trangtin_model::Lists {
        serde_json::from_slice(&std::fs::read(self.out().join("content/lists.json")).unwrap())
            .unwrap()
    }

    /// Every file under the output's media folder.
    fn served_media(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        walk(&self.out().join("content/media"), &mut files);
        files.sort();
        files
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out)
        } else {
            out.push(p)
        }
    }
}

/// A phone's photo: stored landscape (red left, blue right), to be turned 90° clockwise,
/// with the place it was taken.
fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    camera::jpeg(
        &camera::halves(width, height),
        90,
        camera::exif(6, Some(HA_LONG)),
        None,
    )
}

fn is_red(p: image::Rgba<u8>) -> bool {
    p[0] > 150 && p[1] < 90 && p[2] < 90
}

fn is_blue(p: image::Rgba<u8>) -> bool {
    p[2] > 150 && p[0] < 90 && p[1] < 90
}

#[test]
fn a_phone_photo_is_served_upright_in_every_width_and_without_gps_or_exif() {
    let f = Fixture::new();
    let original = phone_photo(1000, 600);
    f.write("content/media/hoi-nghi.jpg", &original);
    f.article(
        "anh",
        "![Hội nghị](../media/hoi-nghi.jpg \"Quang cảnh hội nghị\")",
    );
    f.build().unwrap();
    let variants: Vec<PathBuf> = f
        .served_media()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("hoi-nghi.")
        })
        .collect();
    // Upright the photo is 600 wide: 480 and its own 600, never enlarged; each in WebP
    // and JPEG.
    let names: Vec<String> = variants
        .iter()
        .map(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.rsplit_once('-').unwrap().1.to_string()
        })
        .collect();
    assert_eq!(
        names,
        ["480.jpg", "480.webp", "600.jpg", "600.webp"],
        "{variants:?}"
    );
    for path in &variants {
        let bytes = std::fs::read(path).unwrap();
        let reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
            .with_guessed_format()
            .unwrap();
        let mut decoder = reader.into_decoder().unwrap();
        assert_eq!(
            decoder.exif_metadata().unwrap(),
            None,
            "{path:?} keeps EXIF"
        );
        assert_eq!(
            decoder.icc_profile().unwrap(),
            None,
            "{path:?} keeps a profile"
        );
        let image = image::DynamicImage::from_decoder(decoder).unwrap();
        let (w, h) = image.dimensions();
        assert!(h > w, "{path:?} is not upright: {w}×{h}");
        assert_eq!(h, (w as f64 * 1000.0 / 600.0).round() as u32, "{path:?}");
        // Turned clockwise: what was the left (red) is on top.
        assert!(
            is_red(image.get_pixel(w / 2, h / 5)),
            "{path:?} top is not red"
        );
        assert!(
            is_blue(image.get_pixel(w / 2, h * 4 / 5)),
            "{path:?} bottom is not blue"
        );
        // Nothing of the camera's block survives anywhere in the file.
        for needle in [&b"Exif"[..], b"trangtin-test-phone", b"GPS"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{path:?} holds {:?}",
                String::from_utf8_lossy(needle)
            );
        }
    }
    // The camera's file itself is served nowhere.
    for path in f.served_media() {
        assert_ne!(
            std::fs::read(&path).unwrap(),
            original,
            "{path:?} is the original"
        );
    }
}

#[test]
fn every_picture_in_an_article_has_its_size_and_srcset_and_only_the_first_loads_first() {
    let f = Fixture::new();
    f.write("content/media/a.jpg", &phone_photo(2400, 1600));
    f.write(
        "content/media/b.jpg",
        &camera::jpeg(
            &camera::scene(900, 600, 2),
            90,
            camera::exif(1, Some(HA_LONG)),
            None,
        ),
    );
    f.write(
        "content/media/so-do.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 640 360'/>",
    );
    f.article(
        "ba-anh",
        "Mở đầu.\n\n![Một](../media/a.jpg \"Ảnh một\")\n\nGiữa.\n\n![Hai](../media/b.jpg)\n\n![Sơ đồ](../media/so-do.svg \"Sơ đồ\")\n",
    );
    f.build().unwrap();
    let body = f.bundle("ba-anh").article.body.as_str().to_string();
    let imgs: Vec<&str> = body
        .split("<img ")
        .skip(1)
        .map(|s| &s[..s.find('>').unwrap()])
        .collect();
    assert_eq!(imgs.len(), 3, "{body}");
    for img in &imgs {
        for attr in ["width=\"", "height=\"", "srcset=\"", "alt=\""] {
            assert!(img.contains(attr), "{attr} missing in <img {img}>");
        }
    }
    // a.jpg is 1600×2400 upright: widths 480, 800, 1200, 1600.
    assert!(
        imgs[0].contains("width=\"1600\" height=\"2400\""),
        "{}",
        imgs[0]
    );
    assert!(imgs[0].contains("fetchpriority=\"high\"") && !imgs[0].contains("loading"));
    assert!(imgs[1].contains("loading=\"lazy\"") && !imgs[1].contains("fetchpriority"));
    assert!(
        imgs[2].contains("width=\"640\" height=\"360\""),
        "{}",
        imgs[2]
    );
    // The photos come as WebP first, with the space they take.
    assert_eq!(
        body.matches("<picture><source type=\"image/webp\" srcset=\"")
            .count(),
        2,
        "{body}"
    );
    assert_eq!(body.matches(" sizes=\"").count(), 4, "{body}");
    assert!(body.contains("-480.webp 480w, /content/media/a."), "{body}");
    // Every URL it names is served.
    for url in body
        .split(['"', ' ', ','])
        .filter(|s| s.starts_with("/content/media/"))
    {
        assert!(f.out().join(&url[1..]).is_file(), "{url} is not served");
    }
}

#[test]
fn thumbnails_banners_logo_feeds_and_share_cards_use_the_variants() {
    let f = Fixture::new();
    f.write("content/media/a.jpg", &phone_photo(2400, 1600));
    // No thumbnail of its own: the first photo stands for the article.
    f.article("co-anh", "![Một](../media/a.jpg)");
    f.build().unwrap();
    let thumb = f
        .bundle("co-anh")
        .article
        .thumbnail
        .expect("the first photo");
    assert_eq!(thumb.widths, [480, 800, 1200, 1600]);
    assert_eq!((thumb.width, thumb.height), (Some(1600), Some(2400)));
    let m = f.manifest();
    assert_eq!(f.lists().latest[0].thumbnail.as_ref(), Some(&thumb));
    let banner = &m.banners[0].image;
    assert_eq!(banner.widths, [480, 600], "{banner:?}");
    // A transparent logo keeps its transparency: PNG, not JPEG.
    let logo = m.site.logo.unwrap();
    assert!(logo.src.ends_with("-64.png"), "{logo:?}");
    let feed = std::fs::read_to_string(f.out().join("feed.xml")).unwrap();
    let enclosure = feed
        .split("<enclosure ")
        .nth(1)
        .expect("an enclosure")
        .split("/>")
        .next()
        .unwrap();
    let url = enclosure.split('"').nth(1).unwrap();
    assert!(
        url.starts_with("https://t.example.vn/content/media/a.") && url.ends_with("-1200.jpg"),
        "{enclosure}"
    );
    let len: u64 = enclosure
        .split("length=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let served = f
        .out()
        .join(url.strip_prefix("https://t.example.vn/").unwrap());
    assert_eq!(std::fs::metadata(served).unwrap().len(), len);
    assert!(enclosure.contains("type=\"image/jpeg\""), "{enclosure}");
}

#[test]
fn svg_gif_and_animated_webp_pass_through_unchanged() {
    let f = Fixture::new();
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='300' height='90'/>".to_vec();
    let mut gif = Vec::new();
    image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
        40,
        30,
        image::Rgba([1, 2, 3, 255]),
    ))
    .write_to(&mut std::io::Cursor::new(&mut gif), image::ImageFormat::Gif)
    .unwrap();
    // An animated WebP moves as a GIF does: it passes through too.
    let config = webp::WebPConfig::new().unwrap();
    let (red, blue) = (
        [200u8, 0, 0, 255].repeat(48 * 32),
        [0u8, 0, 200, 255].repeat(48 * 32),
    );
    let mut anim = webp::AnimEncoder::new(48, 32, &config);
    anim.add_frame(webp::AnimFrame::from_rgba(&red, 48, 32, 0));
    anim.add_frame(webp::AnimFrame::from_rgba(&blue, 48, 32, 500));
    let animated = anim.encode().to_vec();
    f.write("content/media/a.svg", &svg);
    f.write("content/media/b.gif", &gif);
    f.write("content/media/c.webp", &animated);
    f.article(
        "x",
        "![a](../media/a.svg)\n\n![b](../media/b.gif)\n\n![c](../media/c.webp)",
    );
    f.build().unwrap();
    let served: Vec<Vec<u8>> = f
        .served_media()
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    for file in [&svg, &gif, &animated] {
        assert!(served.contains(file));
    }
    let body = f.bundle("x").article.body.as_str().to_string();
    for size in [
        "width=\"300\" height=\"90\"",
        "width=\"40\" height=\"30\"",
        "width=\"48\" height=\"32\"",
    ] {
        assert!(body.contains(size), "{size}: {body}");
    }
    assert!(!body.contains("<picture>"), "{body}");
}

/// The photo files that break decoders, and what the build says of each.
fn broken_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let good = camera::jpeg(&camera::scene(800, 600, 1), 90, camera::exif(1, None), None);
    let truncated = good[..good.len() * 2 / 3].to_vec();
    // A 50-megapixel panorama (its header; the default limit is 40).
    let mut panorama = camera::jpeg(&camera::scene(64, 32, 1), 90, Vec::new(), None);
    let sof = panorama.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    panorama[sof + 5..sof + 7].copy_from_slice(&5000u16.to_be_bytes());
    panorama[sof + 7..sof + 9].copy_from_slice(&10000u16.to_be_bytes());
    vec![
        ("cut.jpg", truncated, "truncated"),
        ("panorama.jpg", panorama, "too large: 10000×5000"),
        ("bomb.png", png_bomb(), "too large: 100000×100000"),
        (
            "not-a-photo.jpg",
            b"<!doctype html><title>404</title>".to_vec(),
            "not a photo",
        ),
        ("empty.png", Vec::new(), "not a photo"),
    ]
}

/// A PNG whose header claims 100000×100000 pixels (40 GB decoded) in a few bytes.
fn png_bomb() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        png.extend((data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        png.extend(kind);
        png.extend(data);
        png.extend(crc.finalize().to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn a_broken_or_huge_photo_is_named_with_file_and_line_and_the_rest_publishes() {
    let f = Fixture::new();
    f.write("content/media/tot.jpg", &phone_photo(900, 600));
    f.article("tot", "![Tốt](../media/tot.jpg)");
    let broken = broken_files();
    for (i, (name, bytes, _)) in broken.iter().enumerate() {
        f.write(&format!("content/media/{name}"), bytes);
        f.article(
            &format!("hong-{i}"),
            &format!("Dòng một.\n\n![Ảnh](../media/{name})"),
        );
    }
    // Strictly: nothing is built, and each file is named at the line that uses it.
    let problems = f.build().unwrap_err();
    for (i, (name, _, says)) in broken.iter().enumerate() {
        let p = problems
            .iter()
            .find(|p| p.contains(&format!("hong-{i}.md:9:")))
            .unwrap_or_else(|| panic!("{name}: {problems:#?}"));
        assert!(
            p.contains(&format!("media/{name}")) && p.contains(says),
            "{name}: {p}"
        );
    }
    assert!(!f.out().join("content/site.json").exists());
    // Publishing warns of each and publishes those articles without the photo, its
    // description in its place.
    let summary = f.publish();
    assert!(summary.left_out.is_empty(), "{:?}", summary.left_out);
    assert_eq!(
        summary.warnings.len(),
        broken.len(),
        "{:?}",
        summary.warnings
    );
    assert!(summary.warnings.iter().all(|w| w.is_warning()));
    assert!(f.out().join("content/bai-viet/tot.json").is_file());
    let hong = std::fs::read_to_string(f.out().join("content/bai-viet/hong-0.json")).unwrap();
    assert!(
        hong.contains("<p>Ảnh</p>") && !hong.contains("<img"),
        "{hong}"
    );
    // A broken banner picture leaves the banner out, not the site.
    f.write("content/media/banner.jpg", b"not a photo");
    let summary = f.publish();
    assert!(
        summary
            .left_out
            .iter()
            .any(|d| d.to_string().contains("site.toml:")),
        "{:?}",
        summary.left_out
    );
    assert!(f.manifest().banners.is_empty());
}

#[test]
fn a_photo_is_made_once_and_kept_while_its_bytes_stay() {
    let f = Fixture::new();
    let photo = phone_photo(1200, 800);
    f.write("content/media/a.jpg", &photo);
    f.article("a", "![A](../media/a.jpg)");
    f.build().unwrap();
    let stamp = |f: &Fixture| -> Vec<(PathBuf, std::time::SystemTime)> {
        f.served_media()
            .into_iter()
            .map(|p| {
                let t = std::fs::metadata(&p).unwrap().modified().unwrap();
                (p, t)
            })
            .collect()
    };
    let before = stamp(&f);
    std::thread::sleep(std::time::Duration::from_millis(20));
    // An edit to the article, then the same bytes written again (a new time): the
    // variants stay as they were.
    f.article("a", "Thêm chữ.\n\n![A](../media/a.jpg)");
    f.build().unwrap();
    f.write("content/media/a.jpg", &photo);
    f.build().unwrap();
    assert_eq!(stamp(&f), before);
    // A variant lost from the output is made again.
    let (lost, _) = before
        .iter()
        .find(|(p, _)| p.to_string_lossy().ends_with("-480.webp"))
        .unwrap();
    std::fs::remove_file(lost).unwrap();
    f.build().unwrap();
    assert!(lost.is_file());
    // Another photo under the same name: new variants, the old ones go.
    f.write("content/media/a.jpg", &phone_photo(1300, 800));
    f.build().unwrap();
    let after = stamp(&f);
    let webps = |s: &[(PathBuf, std::time::SystemTime)]| -> Vec<PathBuf> {
        s.iter()
            .map(|(p, _)| p.clone())
            .filter(|p| p.extension().unwrap() == "webp" && p.to_string_lossy().contains("/a."))
            .collect()
    };
    assert_eq!(webps(&after).len(), webps(&before).len());
    assert!(webps(&after).iter().all(|p| !webps(&before).contains(p)));
}

#[test]
fn a_wide_gamut_photo_is_converted_to_srgb() {
    use moxcms::ColorProfile;
    let f = Fixture::new();
    let pixels = image::RgbImage::from_pixel(600, 400, image::Rgb([200, 120, 60]));
    let p3 = ColorProfile::new_display_p3().encode().unwrap();
    f.write(
        "content/media/p3.jpg",
        &camera::jpeg(&pixels, 95, camera::exif(1, None), Some(p3)),
    );
    f.write(
        "content/media/plain.jpg",
        &camera::jpeg(&pixels, 95, camera::exif(1, None), None),
    );
    f.article(
        "mau",
        "![p3](../media/p3.jpg)\n\n![plain](../media/plain.jpg)",
    );
    f.build().unwrap();
    let centre = |stem: &str| {
        let path = f
            .served_media()
            .into_iter()
            .find(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                n.starts_with(&format!("{stem}.")) && n.ends_with("-480.jpg")
            })
            .unwrap();
        image::open(path).unwrap().get_pixel(240, 160)
    };
    let (p3, plain) = (centre("p3"), centre("plain"));
    // Untagged pixels are sRGB already and stay; Display P3's orange is redder in sRGB.
    assert!((plain[0] as i32 - 200).abs() <= 3, "{plain:?}");
    assert!(
        p3[0] as i32 > plain[0] as i32 + 8,
        "P3 {p3:?} vs sRGB {plain:?}"
    );
}
