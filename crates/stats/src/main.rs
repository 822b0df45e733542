use clap::{Parser, Subcommand};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use trangtin_stats::config::{normalize_origin, parse_timezone, FileConfig};
use trangtin_stats::{Config, SystemClock};

/// trangtin-stats: visit statistics, views and votes for a trangtin portal, without
/// cookies. Settings come from the flags, TRANGTIN_STATS_* variables, or --config FILE
/// (TOML with the same names: db, listen, site_origins, timezone, trusted_proxies,
/// rate_limit_per_minute); a flag wins over the file.
#[derive(Parser)]
#[command(name = "trangtin-stats", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A TOML file with the settings.
    #[arg(long, env = "TRANGTIN_STATS_CONFIG", global = true)]
    config: Option<PathBuf>,
    /// The SQLite database (created if missing).
    #[arg(long, env = "TRANGTIN_STATS_DB", global = true)]
    db: Option<PathBuf>,
    /// Address and port to listen on, such as 127.0.0.1:8090.
    #[arg(long, env = "TRANGTIN_STATS_LISTEN")]
    listen: Option<SocketAddr>,
    /// The portal's origin (repeat, or separate by commas): the only ones CORS allows.
    #[arg(
        long = "site-origin",
        env = "TRANGTIN_STATS_SITE_ORIGIN",
        value_delimiter = ','
    )]
    site_origins: Vec<String>,
    /// The site's time zone: Asia/Ho_Chi_Minh (the default), UTC or +07:00.
    #[arg(long, env = "TRANGTIN_STATS_TIMEZONE")]
    timezone: Option<String>,
    /// A reverse proxy whose X-Forwarded-For is believed (repeat, or separate by commas).
    #[arg(
        long = "trusted-proxy",
        env = "TRANGTIN_STATS_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<IpAddr>,
    /// Requests per visitor per minute before 429 (default 120; 0 turns it off).
    #[arg(long, env = "TRANGTIN_STATS_RATE_LIMIT")]
    rate_limit_per_minute: Option<u32>,
}

#[derive(Subcommand)]
enum Command {
    /// Write the views per article as JSON ({"slug": views}), the views.json that
    /// `trangtin build` reads for "Tin đọc nhiều".
    ExportViews {
        /// Where to write; `-` for standard output.
        #[arg(long, default_value = "content/views.json")]
        out: PathBuf,
    },
    /// Print the number of hits stored in the database.
    StoredHits,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("trangtin-stats: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let file = match &cli.config {
        Some(path) => FileConfig::read(path)?,
        None => FileConfig::default(),
    };
    let db = cli
        .db
        .clone()
        .or(file.db.clone())
        .ok_or("name the database: --db PATH (or db = \"...\" in --config)")?;
    match cli.command {
        Some(Command::ExportViews { out }) => {
            let conn =
                trangtin_stats::store::open(&db).map_err(|e| format!("{}: {e}", db.display()))?;
            let views = trangtin_stats::store::views(&conn).map_err(|e| e.to_string())?;
            let json = serde_json::to_string_pretty(&views).map_err(|e| e.to_string())? + "\n";
            if out.as_os_str() == "-" {
                print!("{json}");
            } else {
                std::fs::write(&out, json).map_err(|e| format!("{}: {e}", out.display()))?;
                eprintln!(
                    "wrote views of {} articles to {}",
                    views.len(),
                    out.display()
                );
            }
            Ok(())
        }
        Some(Command::StoredHits) => {
            let conn =
                trangtin_stats::store::open(&db).map_err(|e| format!("{}: {e}", db.display()))?;
            let n = trangtin_stats::store::total_hits(&conn).map_err(|e| e.to_string())?;
            println!("{n}");
            Ok(())
        }
        None => {
            let origins = if cli.site_origins.is_empty() {
                file.site_origins.clone().unwrap_or_default()
            } else {
                cli.site_origins.clone()
            };
            if origins.is_empty() {
                return Err(
                    "name the portal's origin: --site-origin https://... (CORS allows only it)"
                        .into(),
                );
            }
            let site_origins = origins
                .iter()
                .map(|o| normalize_origin(o))
                .collect::<Result<Vec<_>, _>>()?;
            let timezone = cli
                .timezone
                .clone()
                .or(file.timezone.clone())
                .unwrap_or_else(|| "Asia/Ho_Chi_Minh".into());
            let config = Config {
                db,
                listen: cli
                    .listen
                    .or(file.listen)
                    .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8090))),
                site_origins,
                utc_offset_minutes: parse_timezone(&timezone)?,
                trusted_proxies: if cli.trusted_proxies.is_empty() {
                    file.trusted_proxies.clone().unwrap_or_default()
                } else {
                    cli.trusted_proxies.clone()
                },
                rate_limit_per_minute: cli
                    .rate_limit_per_minute
                    .or(file.rate_limit_per_minute)
                    .unwrap_or(120),
            };
            serve(config)
        }
    }
}

fn serve(config: Config) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let db = config.db.display().to_string();
        let running = trangtin_stats::start(config, Arc::new(SystemClock))
            .await
            .map_err(|e| format!("cannot start: {e}"))?;
        eprintln!(
            "trangtin-stats: counting on http://{} into {db}",
            running.addr
        );
        let accepted = running
            .until(shutdown_signal())
            .await
            .map_err(|e| e.to_string())?;
        eprintln!("trangtin-stats: stopped; {accepted} hits accepted since the start, all written");
        Ok(())
    })
}

/// SIGTERM (systemd, docker) or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => return std::future::pending().await,
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
