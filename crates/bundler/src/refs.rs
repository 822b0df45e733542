//! References from content to other things: images to media files, links to pages.

use crate::config::SiteConfig;
use crate::photo::{self, Plan};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use trangtin_model::Image;

/// Where media files are served, below the site's base path.
pub const MEDIA_DIR: &str = "content/media/";

/// A link to a page of this site must name an article, a category or a file that exists.
pub fn check_internal_link(
    dest: &str,
    slugs: &BTreeMap<String, PathBuf>,
    config: &SiteConfig,
    media: &Media,
) -> Result<(), String> {
    let path = dest.split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_end_matches('/');
    let broken = |what: &str| Err(format!("broken internal link {dest:?}: {what}"));
    if path.is_empty() {
        return Ok(());
    }
    if let Some(slug) = path.strip_prefix("/bai-viet/") {
        return if slugs.contains_key(slug) {
            Ok(())
        } else {
            broken("no article has this slug")
        };
    }
    if let Some(rest) = path.strip_prefix("/chuyen-muc/") {
        // An archive page, `/chuyen-muc/{slug}/trang-{n}`, names its category first.
        let (slug, page) = match rest.split_once('/') {
            Some((slug, page)) => (slug, Some(page)),
            None => (rest, None),
        };
        let archive_page = |p: &str| {
            p.strip_prefix("trang-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n != "0")
        };
        if page.is_some_and(|p| !archive_page(p)) {
            return broken("the site has no such page");
        }
        return if config.categories.iter().any(|c| c.slug == slug) {
            Ok(())
        } else {
            broken("no such category in site.toml")
        };
    }
    if let Some(file) = path.strip_prefix(&format!("/{MEDIA_DIR}")) {
        return if media.served(file).is_some() {
            Ok(())
        } else {
            broken("no such media file")
        };
    }
    if matches!(path, "/feed.xml" | "/sitemap.xml" | "/robots.txt")
        || path.starts_with("/feeds/")
        || path.starts_with("/sitemaps/")
    {
        return Ok(());
    }
    broken("the site has no such page")
}

pub use trangtin_content::is_remote;

/// The files under `content/media/`, each served under a content-hashed name
/// (`banners/a.svg` → `banners/a.3f2c9e01b4d7.svg`), so a CDN may cache them forever and
/// a changed picture gets a new URL. Photos are served as the variants [`photo`] makes
/// (`a.jpg` → `a.3f2c9e01b4d7-480.webp`, …, `a.3f2c9e01b4d7-1600.jpg`), never as the
/// file the camera wrote.
#[derive(Debug, Default)]
pub struct Media {
    /// The normalised `content/media` folder.
    dir: PathBuf,
    base_path: String,
    /// Path below `content/media/` (`/`-separated) → served name below it (for a photo,
    /// its widest fallback variant).
    served: BTreeMap<String, String>,
    /// A hash of all of `served`: what changes when any media file comes, goes or changes.
    pub set_hash: String,
    stamps: BTreeMap<String, MediaStamp>,
    /// Served name → path below `content/media/`.
    by_served: std::collections::HashMap<String, String>,
}

/// A media file as the build cache remembers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MediaStamp {
    pub len: u64,
    /// Nanoseconds since 1970; 0 when the file system does not say (never reused).
    pub modified_ns: u128,
    pub served: String,
    /// What the file is as a picture.
    #[serde(default)]
    pub picture: Picture,
}

/// What a media file is as a picture.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Picture {
    /// Not a picture, or one of unknown size.
    #[default]
    Other,
    /// Served as it is (SVG, GIF), of this size.
    Sized { width: u32, height: u32 },
    /// A photo, served as these variants; `share_bytes` is the size of the one a share
    /// card or a feed shows (see [`Image::at_least`]).
    Photo { plan: Plan, share_bytes: u64 },
    /// A photo that cannot be published, and why.
    Broken(String),
}

/// What the media scan does with photos.
#[derive(Debug, Clone, Copy)]
pub enum Photos<'a> {
    /// Read their headers only (`trangtin check`).
    Inspect,
    /// Make their variants in the output folder `out` (where they are kept: a photo
    /// whose variants are there already is not made again).
    Make { out: &'a Path },
}

impl Media {
    /// Hashes every media file under `root/media` (on all cores), and makes the variants
    /// of every new or changed photo. A file whose size and modification time match
    /// `known` (the last build's) keeps its served name unread: portals hold gigabytes of
    /// photos, and a rebuild must not read them all.
    pub fn scan(
        root: &Path,
        base_path: &str,
        known: &BTreeMap<String, MediaStamp>,
        photos: Photos<'_>,
        max_pixels: u64,
    ) -> std::io::Result<Media> {
        use rayon::prelude::*;
        let dir = normalize(&root.join("media"));
        let mut files = Vec::new();
        if dir.is_dir() {
            list_files(&dir, &mut files)?;
        }
        let media_out = match photos {
            Photos::Make { out } => Some(out.join(MEDIA_DIR)),
            Photos::Inspect => None,
        };
        let stamped = files
            .par_iter()
            .map(|file| {
                let rel = rel_name(file.strip_prefix(&dir).expect("inside media"));
                let meta = std::fs::metadata(file)?;
                let modified_ns = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                if let Some(k) = known.get(&rel) {
                    if k.len == meta.len()
                        && k.modified_ns == modified_ns
                        && modified_ns != 0
                        && variants_exist(&k.served, &k.picture, media_out.as_deref())
                    {
                        return Ok((rel, k.clone()));
                    }
                }
                let bytes = std::fs::read(file)?;
                let (served, picture) = if photo::is_photo(&rel) && !photo::is_animated_webp(&bytes)
                {
                    let stem = hashed_name(
                        &rel,
                        xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, photo_seed()),
                    );
                    let stem = stem.rsplit_once('.').map_or(stem.as_str(), |(s, _)| s);
                    make_photo(stem, &bytes, media_out.as_deref(), max_pixels)?
                } else {
                    let served = hashed_name(&rel, xxhash_rust::xxh3::xxh3_64(&bytes));
                    (served, size_of(&rel, &bytes))
                };
                let stamp = MediaStamp {
                    len: meta.len(),
                    modified_ns,
                    served,
                    picture,
                };
                Ok((rel, stamp))
            })
            .collect::<std::io::Result<BTreeMap<String, MediaStamp>>>()?;
        let served: BTreeMap<String, String> = stamped
            .iter()
            .filter(|(_, s)| !matches!(s.picture, Picture::Broken(_)))
            .map(|(rel, s)| (rel.clone(), s.served.clone()))
            .collect();
        let names: Vec<&[u8]> = served
            .iter()
            .flat_map(|(rel, name)| [rel.as_bytes(), name.as_bytes()])
            .collect();
        Ok(Media {
            dir,
            base_path: base_path.to_string(),
            set_hash: crate::digest::hash(&names),
            by_served: served.iter().map(|(r, s)| (s.clone(), r.clone())).collect(),
            served,
            stamps: stamped,
        })
    }

    /// What the next build may reuse: each file's size, time and served name.
    pub fn stamps(&self) -> &BTreeMap<String, MediaStamp> {
        &self.stamps
    }

    /// Every file served below `content/media/`, with the media file to copy it from
    /// (`None` for a photo's variants, which the scan made in the output already).
    pub fn outputs(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::with_capacity(self.stamps.len());
        for (rel, stamp) in &self.stamps {
            match &stamp.picture {
                Picture::Broken(_) => {}
                Picture::Photo { plan, .. } => {
                    out.extend(variant_names(&stamp.served, plan).map(|n| (n, None)))
                }
                _ => out.push((stamp.served.clone(), Some(rel.clone()))),
            }
        }
        out
    }

    /// The served name of `rel` (a path below `content/media/`), where it exists.
    pub fn served(&self, rel: &str) -> Option<&str> {
        self.served.get(rel).map(String::as_str)
    }

    /// The URL a media file is served at.
    pub fn url(&self, rel: &str) -> Option<String> {
        self.served(rel)
            .map(|name| format!("{}{MEDIA_DIR}{name}", self.base_path))
    }

    /// `rel` as a picture: a photo's variants, or a file served as it is, with its size
    /// where known.
    pub fn picture(&self, rel: &str) -> Option<Image> {
        let src = self.url(rel)?;
        Some(match &self.stamps.get(rel)?.picture {
            Picture::Photo { plan, .. } => {
                let widest = plan.widest();
                Image {
                    src,
                    width: Some(widest),
                    height: Some(plan.height_at(widest)),
                    widths: plan.widths.clone(),
                }
            }
            Picture::Sized { width, height } => Image {
                src,
                width: Some(*width),
                height: Some(*height),
                widths: Vec::new(),
            },
            _ => Image::plain(src),
        })
    }

    /// The picture served at `url` (a URL [`Media::resolve`] gave).
    pub fn picture_at(&self, url: &str) -> Option<Image> {
        self.picture(self.rel_at(url)?)
    }

    fn rel_at(&self, url: &str) -> Option<&str> {
        let name = url.strip_prefix(&format!("{}{MEDIA_DIR}", self.base_path))?;
        self.by_served.get(name).map(String::as_str)
    }

    /// The picture a share card or feed shows for `image` (a picture of the site): its
    /// URL, size in bytes and media type.
    pub fn share(&self, image: &Image) -> Option<(String, u64, &'static str)> {
        let stamp = &self.stamps[self.rel_at(&image.src)?];
        let (url, _, _) = image.at_least(photo::SHARE_WIDTH);
        let ext = url
            .rsplit_once('.')
            .map_or("", |(_, e)| e)
            .to_ascii_lowercase();
        let kind = match ext.as_str() {
            "jpg" | "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            "webp" => "image/webp",
            _ => return None,
        };
        let bytes = match &stamp.picture {
            Picture::Photo { share_bytes, .. } => *share_bytes,
            _ => stamp.len,
        };
        Some((url, bytes, kind))
    }

    /// Maps an image reference to its served URL. References are relative to `base` (the
    /// article's folder), or to the content root when they start with `/` or `media/`;
    /// they must point at an existing file inside `content/media/`. Returns the URL and
    /// the file's path below `content/media/`.
    pub fn resolve(&self, base: &Path, dest: &str) -> Result<(String, String), String> {
        if is_remote(dest) {
            return Err(format!(
                "remote image {dest:?}: run `trangtin fetch-media` to keep a copy under content/media/"
            ));
        }
        let Some(rel) = self.locate(base, dest) else {
            return Err(format!(
                "image not found: {dest:?} (media files live in content/media/)"
            ));
        };
        if let Some(Picture::Broken(problem)) = self.stamps.get(&rel).map(|s| &s.picture) {
            return Err(format!("photo media/{rel} cannot be published: {problem}"));
        }
        let url = self.url(&rel).expect("located files are served");
        Ok((url, rel))
    }

    /// The media file `dest` names (as [`Media::resolve`] takes it), below `content/media/`.
    fn locate(&self, base: &Path, dest: &str) -> Option<String> {
        let root = self.dir.parent().unwrap_or(&self.dir);
        let dest = dest.split(['?', '#']).next().unwrap_or_default();
        let candidates = if let Some(abs) = dest.strip_prefix('/') {
            // A site URL (`/content/media/a.jpg`) or a path from the content root.
            let abs = abs.strip_prefix("content/").unwrap_or(abs);
            vec![root.join(abs)]
        } else {
            vec![base.join(dest), root.join(dest)]
        };
        candidates.into_iter().find_map(|candidate| {
            let rel = rel_name(normalize(&candidate).strip_prefix(&self.dir).ok()?);
            self.stamps.contains_key(&rel).then_some(rel)
        })
    }

    /// Whether `dest` (as [`Media::resolve`] takes it) names a photo that is there but
    /// cannot be published.
    pub fn is_broken(&self, base: &Path, dest: &str) -> bool {
        self.locate(base, dest)
            .is_some_and(|rel| matches!(self.stamps[&rel].picture, Picture::Broken(_)))
    }
}

/// Mixed into a photo's hash, so other settings give other names.
fn photo_seed() -> u64 {
    xxhash_rust::xxh3::xxh3_64(photo::PIPELINE.as_bytes())
}

/// The served names of a photo's variants, given its widest fallback's name.
fn variant_names<'a>(served: &'a str, plan: &'a Plan) -> impl Iterator<Item = String> + 'a {
    let stem = served.rsplit_once('-').map_or(served, |(s, _)| s);
    plan.widths.iter().flat_map(move |w| {
        [
            format!("{stem}-{w}.webp"),
            format!("{stem}-{w}.{}", plan.fallback.ext()),
        ]
    })
}

/// Whether the files a remembered media file is served as are all in `media_out`.
fn variants_exist(served: &str, picture: &Picture, media_out: Option<&Path>) -> bool {
    match (picture, media_out) {
        (Picture::Photo { plan, .. }, Some(out)) => {
            variant_names(served, plan).all(|name| out.join(name).is_file())
        }
        _ => true,
    }
}

/// Makes (or finds made) the variants of the photo `bytes` as `{stem}-{width}.{ext}`
/// below `media_out`; returns the widest fallback's name and what the photo is.
fn make_photo(
    stem: &str,
    bytes: &[u8],
    media_out: Option<&Path>,
    max_pixels: u64,
) -> std::io::Result<(String, Picture)> {
    let plan = match photo::inspect(bytes, max_pixels) {
        Ok(plan) => plan,
        Err(problem) => return Ok((String::new(), Picture::Broken(problem))),
    };
    let served = format!("{stem}-{}.{}", plan.widest(), plan.fallback.ext());
    let Some(out) = media_out else {
        let share_bytes = 0;
        return Ok((served, Picture::Photo { plan, share_bytes }));
    };
    let share = |plan: &Plan| {
        let w = plan.widths.iter().find(|&&w| w >= photo::SHARE_WIDTH);
        let w = w.unwrap_or(plan.widths.last().expect("a plan has a width"));
        out.join(format!("{stem}-{w}.{}", plan.fallback.ext()))
    };
    if !variant_names(&served, &plan).all(|name| out.join(name).is_file()) {
        let (made, variants) = match photo::process(bytes, max_pixels) {
            Ok(made) => made,
            Err(problem) => return Ok((String::new(), Picture::Broken(problem))),
        };
        let fallback = made.fallback.ext();
        for v in &variants {
            write_new(&out.join(format!("{stem}-{}.webp", v.width)), &v.webp)?;
            write_new(
                &out.join(format!("{stem}-{}.{fallback}", v.width)),
                &v.fallback,
            )?;
        }
    }
    let share_bytes = std::fs::metadata(share(&plan))?.len();
    Ok((served, Picture::Photo { plan, share_bytes }))
}

/// Writes a file whole or not at all (a stopped build must not leave half a variant,
/// which a later build would take for made).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id() ^ (bytes.len() as u32)));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// The size of an SVG or GIF, where its header says.
fn size_of(rel: &str, bytes: &[u8]) -> Picture {
    let lower = rel.to_ascii_lowercase();
    let size = if lower.ends_with(".svg") {
        svg_size(&String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]))
    } else if lower.ends_with(".gif") || lower.ends_with(".webp") {
        image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .ok()
            .and_then(|r| r.into_dimensions().ok())
    } else {
        None
    };
    match size {
        Some((width, height)) if width > 0 && height > 0 => Picture::Sized { width, height },
        _ => Picture::Other,
    }
}

/// The size of an SVG from its root element: `width` and `height` in pixels, or else its
/// `viewBox`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let rest = &tag[at + 1..];
        Some(&rest[..rest.find(quote)?])
    };
    let px = |v: &str| {
        let v = v.trim().trim_end_matches("px");
        v.parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0)
            .map(|n| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Some((w, h));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

fn rel_name(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `dir/name.ext` → `dir/name.<12 hex digits>.ext`.
fn hashed_name(rel: &str, hash: u64) -> String {
    let hash = format!("{:012x}", hash >> 16);
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

pub fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        // The entry's type comes with the listing; only a symbolic link needs a look.
        let kind = entry.file_type()?;
        if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_media_keeps_its_name_without_being_read_and_changed_media_is_hashed() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("media")).unwrap();
        std::fs::write(root.path().join("media/a.svg"), "<svg/>").unwrap();
        let first = Media::scan(root.path(), "/", &BTreeMap::new(), Photos::Inspect, 1).unwrap();
        let name = first.served("a.svg").unwrap().to_string();
        // A stamp that matches size and time is trusted: its name comes back unread.
        let mut known = first.stamps().clone();
        known.get_mut("a.svg").unwrap().served = "a.remembered.svg".into();
        let again = Media::scan(root.path(), "/", &known, Photos::Inspect, 1).unwrap();
        assert_eq!(again.served("a.svg"), Some("a.remembered.svg"));
        // Another time (an edit) means hashing again.
        known.get_mut("a.svg").unwrap().modified_ns += 1;
        let edited = Media::scan(root.path(), "/", &known, Photos::Inspect, 1).unwrap();
        assert_eq!(edited.served("a.svg"), Some(name.as_str()));
    }

    #[test]
    fn hashed_names_keep_folder_and_extension() {
        assert_eq!(hashed_name("a.svg", 0xabc << 16), "a.000000000abc.svg");
        assert_eq!(
            hashed_name("banners/x.y.png", 1 << 16),
            "banners/x.y.000000000001.png"
        );
        assert_eq!(hashed_name("LICENSE", 0), "LICENSE.000000000000");
        assert_eq!(hashed_name(".hidden", 0), ".hidden.000000000000");
    }
}
