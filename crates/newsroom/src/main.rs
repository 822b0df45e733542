//! `trangtin-newsroom`: the newsroom service. `make newsroom` runs it on the example site.

use clap::Parser;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(about = "Tòa soạn: the newsroom where staff write, review and publish")]
struct Args {
    /// The content folder (site.toml, articles/, media/).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The newsroom's database (staff, sessions, workflow, revisions, audit log).
    #[arg(long, default_value = "target/newsroom/newsroom.db")]
    db: PathBuf,
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: String,
    /// Served over HTTPS by a proxy in front: cookies are marked Secure.
    #[arg(long, env = "TRANGTIN_NEWSROOM_SECURE")]
    secure: bool,
    /// The app's build (trunk's output), to publish with.
    #[arg(long, default_value = "target/app")]
    app: PathBuf,
    /// The bundler's working folder.
    #[arg(long, default_value = "public")]
    work: PathBuf,
    /// The public site's folder, which publishing brings up to date.
    #[arg(long, default_value = "dist")]
    site: PathBuf,
    #[arg(long, env = "TRANGTIN_BASE_PATH", default_value = "/")]
    base_path: String,
    /// The newsroom app's build (`make newsroom` makes it with trunk).
    #[arg(long, default_value = "target/admin")]
    admin: PathBuf,
    /// Do not commit what is published, even when the content folder is in a Git
    /// repository (by default each publication is a commit, authored by its publisher).
    #[arg(long)]
    no_git: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Some(dir) = args.db.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let publish = trangtin_publish::Options {
        content: args.content.clone(),
        app: args.app.clone(),
        work: args.work.clone(),
        out: args.site.clone(),
        base_path: args.base_path.clone(),
        now: None,
        strict: false,
    };
    let mut options = trangtin_newsroom::Options::new(args.content.clone(), args.db.clone());
    options.secure = args.secure;
    options.git = !args.no_git;
    options.app = Some(args.admin.clone());
    options.work = args.work.clone();
    options.base_path = args.base_path.clone();
    options.publisher = Some(Arc::new(move || {
        trangtin_publish::publish(&publish)
            .map(|s| trangtin_newsroom::Published {
                summary: format!(
                    "{} bài, {} trang ({} trang vừa dựng)",
                    s.articles, s.pages, s.rendered
                ),
                next_change: s.next_change,
            })
            .map_err(|e| e.to_string())
    }));
    let service = match trangtin_newsroom::open(options) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("trangtin-newsroom: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("trangtin-newsroom: cannot listen on {}: {e}", args.listen);
            std::process::exit(1);
        }
    };
    println!("Tòa soạn: http://{}", args.listen);
    if let Some(password) = &service.first_password {
        println!(
            "Lần đầu đăng nhập: tên đăng nhập \"admin\", mật khẩu \"{password}\". \
             Hãy đổi mật khẩu ngay sau khi vào (mật khẩu này chỉ hiện một lần)."
        );
    }
    if let Err(e) = trangtin_newsroom::serve(listener, service).await {
        eprintln!("trangtin-newsroom: {e}");
        std::process::exit(1);
    }
}
