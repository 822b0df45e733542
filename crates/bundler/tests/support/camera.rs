//! Photos as a phone writes them: a JPEG with an EXIF block (orientation, GPS position)
//! and optionally a colour profile. Used by the photo tests and by `make bench-images`
//! (`cargo run --example phone-photos`).

#![allow(dead_code)]

use image::{ImageEncoder, RgbImage};

/// The EXIF block (a little-endian TIFF structure) a phone writes: the orientation, and
/// a GPS position (latitude, longitude in degrees, north and east).
pub fn exif(orientation: u16, gps: Option<(f64, f64)>) -> Vec<u8> {
    let mut t: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    };
    let ifd0_entries: u16 = if gps.is_some() { 3 } else { 2 };
    let ifd0_len = 2 + 12 * ifd0_entries as usize + 4;
    let make_at = 8 + ifd0_len;
    let make = b"trangtin-test-phone\0";
    let gps_at = make_at + make.len();
    t.extend(ifd0_entries.to_le_bytes());
    // Make (ASCII), Orientation (SHORT), GPS IFD pointer (LONG): in tag order.
    entry(
        &mut t,
        0x010F,
        2,
        make.len() as u32,
        (make_at as u32).to_le_bytes(),
    );
    let mut o = [0u8; 4];
    o[..2].copy_from_slice(&orientation.to_le_bytes());
    entry(&mut t, 0x0112, 3, 1, o);
    if gps.is_some() {
        entry(&mut t, 0x8825, 4, 1, (gps_at as u32).to_le_bytes());
    }
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    if let Some((lat, lon)) = gps {
        let gps_len = 2 + 12 * 4 + 4;
        let lat_at = gps_at + gps_len;
        let lon_at = lat_at + 24;
        t.extend(4u16.to_le_bytes());
        entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
        entry(&mut t, 0x0002, 5, 3, (lat_at as u32).to_le_bytes());
        entry(&mut t, 0x0003, 2, 2, *b"E\0\0\0");
        entry(&mut t, 0x0004, 5, 3, (lon_at as u32).to_le_bytes());
        t.extend(0u32.to_le_bytes());
        for deg in [lat, lon] {
            let d = deg.trunc();
            let m = ((deg - d) * 60.0).trunc();
            let s = ((deg - d) * 60.0 - m) * 60.0;
            for (num, den) in [(d as u32, 1u32), (m as u32, 1), ((s * 1000.0) as u32, 1000)] {
                t.extend(num.to_le_bytes());
                t.extend(den.to_le_bytes());
            }
        }
    }
    t
}

/// `image` as a phone's JPEG: with `exif` and, where given, an ICC profile.
pub fn jpeg(image: &RgbImage, quality: u8, exif: Vec<u8>, icc: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    encoder.set_exif_metadata(exif).expect("JPEG takes EXIF");
    if let Some(icc) = icc {
        encoder.set_icc_profile(icc).expect("JPEG takes a profile");
    }
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encodes");
    out
}

/// A picture with the detail of a photo: light and shade over several scales, edges,
/// and sensor noise; `seed` makes each one different.
pub fn scene(width: u32, height: u32, seed: u32) -> RgbImage {
    // Value noise on a grid of `cell` pixels, smoothly interpolated.
    let hash = move |x: i64, y: i64, k: u32| -> f32 {
        let mut h = (x as u32).wrapping_mul(0x27d4_eb2d)
            ^ (y as u32).wrapping_mul(0x1656_67b1)
            ^ seed.wrapping_mul(0x9e37_79b9)
            ^ k.wrapping_mul(0x85eb_ca6b);
        h ^= h >> 15;
        h = h.wrapping_mul(0x2c1b_3c6d);
        h ^= h >> 12;
        (h & 0xffff) as f32 / 65535.0
    };
    let noise = move |x: f32, y: f32, cell: f32, k: u32| -> f32 {
        let (fx, fy) = (x / cell, y / cell);
        let (x0, y0) = (fx.floor() as i64, fy.floor() as i64);
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
        let a = hash(x0, y0, k) + (hash(x0 + 1, y0, k) - hash(x0, y0, k)) * sx;
        let b = hash(x0, y0 + 1, k) + (hash(x0 + 1, y0 + 1, k) - hash(x0, y0 + 1, k)) * sx;
        a + (b - a) * sy
    };
    let scale = width.max(height) as f32 / 4032.0;
    let mut state = seed | 1;
    RgbImage::from_fn(width, height, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        let mut v = [0f32; 3];
        for (c, out) in v.iter_mut().enumerate() {
            let k = c as u32 * 7;
            *out = 0.45 * noise(xf, yf, 900.0 * scale, k)
                + 0.25 * noise(xf, yf, 220.0 * scale, k + 1)
                + 0.15 * noise(xf, yf, 48.0 * scale, k + 2)
                + 0.10 * noise(xf, yf, 9.0 * scale.max(0.3), k + 3);
        }
        // Hard edges: a few bands of "buildings" and "people".
        let band =
            ((xf / (310.0 * scale)).floor() as i64 + (yf / (530.0 * scale)).floor() as i64) % 5;
        let shade = 0.75 + 0.08 * band as f32;
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 9) as f32 - 4.0;
        image::Rgb(v.map(|c| (c * shade * 300.0 + grain).clamp(0.0, 255.0) as u8))
    })
}

/// A picture whose left half is red and right half blue, as stored: turned upright by
/// orientation 6 (90° clockwise), red is on top.
pub fn halves(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    })
}
