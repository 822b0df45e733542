//! `prerender [DIST]`: renders every route of a built site to static HTML.

fn main() -> std::process::ExitCode {
    let dist = std::env::args().nth(1).unwrap_or_else(|| "dist".into());
    let started = std::time::Instant::now();
    match trangtin::prerender::run(std::path::Path::new(&dist)) {
        Ok(n) => {
            println!(
                "prerendered {n} pages in {:.2} s → {dist}",
                started.elapsed().as_secs_f64()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
