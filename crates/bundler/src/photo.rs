//! Photos: every JPEG, PNG or WebP under `content/media/` is served as a set of widths
//! (never enlarged), each in WebP and in a JPEG (or, with transparency, PNG) fallback.
//! The pixels are turned upright by the EXIF orientation and converted to sRGB by the
//! embedded colour profile; nothing of the camera's metadata (EXIF, GPS, XMP, the
//! profile) reaches what is served, because every served file is encoded anew from pixels.
//!
//! SVG, GIF and animated WebP pass through unchanged. The codecs are the `image` crate's (decoding,
//! JPEG and PNG encoding) and libwebp's (`webp`); resizing is `fast_image_resize`'s, and
//! colour management `moxcms`'s.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// The widths made of each photo (those not wider than the photo itself, plus the
/// photo's own width when it is narrower than the widest).
pub const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// The width an Open Graph image and a feed enclosure use.
pub const SHARE_WIDTH: u32 = 1200;
/// Changes whenever the settings below change what is made, so every photo is made again.
pub const PIPELINE: &str = "photo-1 webp75m4 jpeg82 lanczos3";
const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 82;
pub use trangtin_content::config::DEFAULT_MAX_MEGAPIXELS;

/// Whether a media file is a photo this module makes variants of (by its name).
pub fn is_photo(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// Whether `bytes` are an animated WebP, which passes through like a GIF: its variants
/// would be still pictures.
pub fn is_animated_webp(bytes: &[u8]) -> bool {
    image::codecs::webp::WebPDecoder::new(Cursor::new(bytes)).is_ok_and(|d| d.has_animation())
}

/// The fallback format of a photo's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    Jpg,
    Png,
}

impl Fallback {
    pub fn ext(self) -> &'static str {
        match self {
            Fallback::Jpg => "jpg",
            Fallback::Png => "png",
        }
    }
}

/// What is known of a photo once its header is read: its upright size and the variants
/// it gets.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Plan {
    /// The upright size of the photo as stored.
    pub width: u32,
    pub height: u32,
    /// The widths made, narrowest first; the last is the widest variant.
    pub widths: Vec<u32>,
    pub fallback: Fallback,
}

impl Plan {
    /// The height of the variant `width` wide.
    pub fn height_at(&self, width: u32) -> u32 {
        trangtin_model::scaled(self.height, width, self.width)
    }

    /// The widest variant's width.
    pub fn widest(&self) -> u32 {
        *self.widths.last().expect("a plan has a width")
    }
}

/// One variant as encoded.
pub struct Variant {
    pub width: u32,
    pub webp: Vec<u8>,
    pub fallback: Vec<u8>,
}

/// Reads a photo's header: its format must match what the bytes are, its size must be
/// within `max_pixels`. Returns the plan of variants; nothing is decoded yet.
pub fn inspect(bytes: &[u8], max_pixels: u64) -> Result<Plan, String> {
    let (mut decoder, _) = open(bytes, max_pixels)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    Ok(plan_of(&decoder, orientation))
}

fn turns(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// An image decoder for `bytes`, after checking that they are a photo of a size that may
/// be decoded. Also returns the format found.
fn open(bytes: &[u8], max_pixels: u64) -> Result<(impl ImageDecoder + '_, ImageFormat), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the photo: {e}"))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(other) => {
            return Err(format!(
                "the file is {} inside, not a JPEG, PNG or WebP photo: give it the right extension",
                other.extensions_str().first().unwrap_or(&"another format")
            ))
        }
        None => return Err("not a photo: the file is not JPEG, PNG or WebP inside".into()),
    };
    // The size check below comes first, then the decoder's own limits: a decoder may need
    // a few times the pixels' bytes.
    let mut reader = reader;
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let (w, h) = decoder.dimensions();
    let pixels = w as u64 * h as u64;
    if w == 0 || h == 0 {
        return Err("the photo has no pixels".into());
    }
    if pixels > max_pixels {
        return Err(format!(
            "the photo is too large: {w}×{h} pixels ({:.1} megapixels, the limit is {}); \
             make it smaller before publishing, or raise `max_megapixels` under [images] in site.toml",
            pixels as f64 / 1e6,
            max_pixels / 1_000_000
        ));
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels * 4 * 3);
    decoder.set_limits(limits).map_err(describe)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) && !jpeg_decodes_strictly(bytes) {
        return Err(
            "the JPEG is truncated (it ends before its picture data does): copy the photo again"
                .into(),
        );
    }
    Ok((decoder, format))
}

fn describe(e: image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => {
            "the photo would need too much memory to decode (a damaged or hostile file?)".into()
        }
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the photo is truncated: copy it again".into()
        }
        other => format!("the photo is damaged: {other}"),
    }
}

/// Whether a JPEG's picture data runs to its end-of-image marker. Decoders fill what is
/// missing of a cut-off file with grey, so a half-copied photo would otherwise publish.
/// Segments are walked by their lengths up to the first scan; the end marker (FF D9)
/// cannot occur inside scan data, where every FF byte is followed by 00 or a restart code.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            i += 1; // stray bytes between segments, which decoders skip too
            continue;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xDA {
            let data = &bytes[(i + 2 + len).min(bytes.len())..];
            return data.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        i += 2 + len;
    }
    false
}

/// Whether a JPEG without its end marker still decodes in full (some encoders leave the
/// marker out): the decoder in its strict mode fails where the picture data runs out.
fn jpeg_decodes_strictly(bytes: &[u8]) -> bool {
    let options = zune_core::options::DecoderOptions::default().set_strict_mode(true);
    zune_jpeg::JpegDecoder::new_with_options(zune_core::bytestream::ZCursor::new(bytes), options)
        .decode()
        .is_ok()
}

/// Decodes a photo and makes its variants (as [`inspect`] planned them): upright, in
/// sRGB, without metadata.
pub fn process(bytes: &[u8], max_pixels: u64) -> Result<(Plan, Vec<Variant>), String> {
    let (mut decoder, _) = open(bytes, max_pixels)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let plan = plan_of(&decoder, orientation);
    let image = DynamicImage::from_decoder(decoder).map_err(describe)?;
    let image = if plan.fallback == Fallback::Png {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    // The widest variant first, from the photo as stored (so turning it upright moves
    // fewer pixels); each narrower one from the one before.
    let widest = plan.widest();
    let (sw, sh) = if turns(orientation) {
        (plan.height_at(widest), widest)
    } else {
        (widest, plan.height_at(widest))
    };
    let mut current = resize(&image, sw, sh)?;
    drop(image);
    if let Some(icc) = icc {
        to_srgb(&mut current, &icc);
    }
    current.apply_orientation(orientation);
    let mut made = Vec::with_capacity(plan.widths.len());
    for &width in plan.widths.iter().rev() {
        if current.width() != width {
            current = resize(&current, width, plan.height_at(width))?;
        }
        made.push(encode(&current)?);
    }
    made.reverse();
    Ok((plan, made))
}

fn plan_of(decoder: &impl ImageDecoder, orientation: image::metadata::Orientation) -> Plan {
    let (w, h) = decoder.dimensions();
    let (width, height) = if turns(orientation) { (h, w) } else { (w, h) };
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&x| x < width).collect();
    widths.push(width.min(*WIDTHS.last().expect("widths")));
    widths.dedup();
    Plan {
        width,
        height,
        widths,
        fallback: if decoder.color_type().has_alpha() {
            Fallback::Png
        } else {
            Fallback::Jpg
        },
    }
}

fn resize(image: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    if image.width() == width && image.height() == height {
        return Ok(image.clone());
    }
    let mut out = match image {
        DynamicImage::ImageRgba8(_) => DynamicImage::new_rgba8(width, height),
        _ => DynamicImage::new_rgb8(width, height),
    };
    Resizer::new()
        .resize(
            image,
            &mut out,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|e| format!("cannot resize the photo: {e}"))?;
    Ok(out)
}

/// Converts pixels in the colour space of an embedded ICC profile to sRGB. A profile that
/// cannot be read, or is not an RGB one, is left alone (the pixels are taken as sRGB).
fn to_srgb(image: &mut DynamicImage, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let layout = match image {
        DynamicImage::ImageRgba8(_) => Layout::Rgba,
        _ => Layout::Rgb,
    };
    let Ok(transform) = profile.create_transform_8bit(
        layout,
        &ColorProfile::new_srgb(),
        layout,
        TransformOptions::default(),
    ) else {
        return;
    };
    let pixels: &mut [u8] = match image {
        DynamicImage::ImageRgba8(b) => b,
        DynamicImage::ImageRgb8(b) => b,
        _ => return,
    };
    let source = pixels.to_vec();
    let _ = transform.transform(&source, pixels);
}

fn encode(image: &DynamicImage) -> Result<Variant, String> {
    let (width, height) = (image.width(), image.height());
    let mut config = webp::WebPConfig::new().map_err(|()| "cannot set up WebP".to_string())?;
    config.quality = WEBP_QUALITY;
    config.method = 4;
    let (encoder, alpha) = match image {
        DynamicImage::ImageRgba8(b) => (webp::Encoder::from_rgba(b, width, height), true),
        DynamicImage::ImageRgb8(b) => (webp::Encoder::from_rgb(b, width, height), false),
        _ => unreachable!("variants are RGB or RGBA"),
    };
    let webp = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("cannot encode WebP: {e:?}"))?
        .to_vec();
    let mut fallback = Vec::new();
    if alpha {
        image
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut fallback))
            .map_err(|e| format!("cannot encode PNG: {e}"))?;
    } else {
        image
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut fallback,
                JPEG_QUALITY,
            ))
            .map_err(|e| format!("cannot encode JPEG: {e}"))?;
    }
    Ok(Variant {
        width,
        webp,
        fallback,
    })
}

#[cfg(test)]
#[path = "../tests/support/camera.rs"]
mod camera;

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, Rgb, RgbImage};

    /// The pixel of a photo stored for `orientation` that shows at (x, y) of the upright
    /// picture, `w`×`h` (EXIF 2.32, tag 0x0112).
    fn stored_at(orientation: u16, x: u32, y: u32, w: u32, h: u32) -> (u32, u32) {
        match orientation {
            1 => (x, y),
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, w - 1 - x),
            7 => (h - 1 - y, w - 1 - x),
            8 => (h - 1 - y, x),
            _ => unreachable!(),
        }
    }

    #[test]
    fn every_exif_orientation_comes_out_upright() {
        // Upright: 96×64, red in the top-left quarter, blue elsewhere.
        let (w, h) = (96, 64);
        for orientation in 1..=8u16 {
            let (sw, sh) = if orientation >= 5 { (h, w) } else { (w, h) };
            let mut stored = RgbImage::new(sw, sh);
            for y in 0..h {
                for x in 0..w {
                    let colour = if x < w / 2 && y < h / 2 {
                        Rgb([220, 20, 20])
                    } else {
                        Rgb([20, 20, 220])
                    };
                    let (u, v) = stored_at(orientation, x, y, w, h);
                    stored.put_pixel(u, v, colour);
                }
            }
            let jpeg = camera::jpeg(&stored, 95, camera::exif(orientation, None), None);
            let (plan, variants) = process(&jpeg, 1_000_000).unwrap();
            assert_eq!(
                (plan.width, plan.height),
                (w, h),
                "orientation {orientation}"
            );
            for bytes in [&variants[0].webp, &variants[0].fallback] {
                let made = image::load_from_memory(bytes).unwrap();
                assert_eq!(made.dimensions(), (w, h), "orientation {orientation}");
                let top_left = made.get_pixel(10, 10);
                let bottom_right = made.get_pixel(w - 10, h - 10);
                let top_right = made.get_pixel(w - 10, 10);
                assert!(
                    top_left[0] > 150 && top_left[2] < 90,
                    "orientation {orientation}: {top_left:?}"
                );
                assert!(
                    bottom_right[2] > 150,
                    "orientation {orientation}: {bottom_right:?}"
                );
                assert!(
                    top_right[2] > 150,
                    "orientation {orientation}: {top_right:?}"
                );
            }
        }
    }

    #[test]
    fn a_jpeg_is_complete_only_with_its_end_marker_after_the_picture_data() {
        let jpeg = camera::jpeg(&camera::halves(64, 48), 90, camera::exif(1, None), None);
        assert!(jpeg_is_complete(&jpeg));
        assert!(!jpeg_is_complete(&jpeg[..jpeg.len() - 2]));
        assert!(!jpeg_is_complete(&jpeg[..jpeg.len() / 2]));
        assert!(!jpeg_is_complete(&jpeg[..3]));
        // Without its end marker but whole, it still decodes.
        assert!(jpeg_decodes_strictly(&jpeg[..jpeg.len() - 2]));
        assert!(!jpeg_decodes_strictly(&jpeg[..jpeg.len() / 2]));
        // Bytes after the end (a phone's trailer) do not matter.
        let mut trailer = jpeg.clone();
        trailer.extend(b"SEFT trailer");
        assert!(jpeg_is_complete(&trailer));
    }
}
