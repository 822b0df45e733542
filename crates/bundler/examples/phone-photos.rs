//! Writes phone-sized photos as phones write them, for `make bench-images` and for
//! trying the photo pipeline by hand: JPEGs of 4032×3024 (quality 92, 3–5 MB) stored
//! sideways with EXIF orientation 6, and the GPS position where they were "taken".
//!
//! cargo run --release --example phone-photos -- DIR [COUNT] [WIDTH HEIGHT]

#[path = "../tests/support/camera.rs"]
mod camera;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: phone-photos DIR [COUNT] [WIDTH HEIGHT]");
        std::process::exit(2);
    };
    let number = |i: usize, default: u32| {
        args.get(i)
            .map_or(default, |a| a.parse().expect("a number"))
    };
    let (count, width, height) = (number(1, 3), number(2, 4032), number(3, 3024));
    std::fs::create_dir_all(dir).expect("can create DIR");
    for i in 1..=count {
        let jpeg = camera::jpeg(
            &camera::scene(width, height, i),
            92,
            camera::exif(6, Some((20.95 + i as f64 / 1000.0, 107.08))),
            None,
        );
        let path = std::path::Path::new(dir).join(format!("anh-{i}.jpg"));
        std::fs::write(&path, &jpeg).expect("can write");
        println!("{} ({} bytes)", path.display(), jpeg.len());
    }
}
