//! trangtin's counter service: visit statistics ("Thống kê truy cập"), views per article
//! ("Tin đọc nhiều") and votes, for a portal served as static files.
//!
//! Privacy by construction, as GoatCounter and Plausible do it: no cookies; a visitor is a
//! keyed hash of site, IP address and user agent under a random salt that lives only in
//! memory and changes every day (today's and yesterday's are kept); nothing but counts and
//! those hashes reaches the disk. The counts live in memory and are written behind, in
//! batched SQLite (WAL) transactions; stopping the service flushes everything accepted.

pub mod clock;
pub mod config;
mod http;
pub mod store;
mod visitor;

pub use clock::{Clock, FakeClock, SystemClock};
pub use config::Config;

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// How long a visitor counts as online after their last page view.
pub const ONLINE_WINDOW_SECONDS: i64 = 5 * 60;
/// Largest accepted request body and path.
pub const MAX_BODY: usize = 2048;
pub const MAX_PATH: usize = 2048;

/// A service started by [`start`].
pub struct Running {
    pub addr: SocketAddr,
    app: Arc<http::App>,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops taking requests, writes everything accepted, and returns how many hits were
    /// accepted since the start.
    pub async fn stop(self) -> std::io::Result<u64> {
        let _ = self.stop.send(());
        self.done.await.map_err(std::io::Error::other)??;
        Ok(self.app.accepted.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// Runs until `signal` completes (SIGTERM/SIGINT in the binary), then stops.
    pub async fn until(
        self,
        signal: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<u64> {
        signal.await;
        self.stop().await
    }
}

/// Opens the database, binds `config.listen` and serves in the background.
pub async fn start(config: Config, clock: Arc<dyn Clock>) -> std::io::Result<Running> {
    let mut conn = store::open_checked(&config.db).map_err(std::io::Error::other)?;
    let loaded = store::load(&conn).map_err(std::io::Error::other)?;
    let (events, mut rx) = mpsc::unbounded_channel::<Msg>();
    // A thread of its own (not the runtime's blocking pool): SQLite calls block, and the
    // runtime must not wait for it when it shuts down.
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        let mut batch = Vec::new();
        // Since when writing has failed (a full disk, a locked or read-only file): the
        // counts wait in memory and are tried again every second, new hits or not.
        let mut failing_since: Option<std::time::Instant> = None;
        loop {
            let first = if batch.is_empty() {
                match rx.blocking_recv() {
                    Some(msg) => Some(msg),
                    None => break,
                }
            } else {
                match next_within(&mut rx, std::time::Duration::from_secs(1)) {
                    Next::Msg(msg) => Some(msg),
                    Next::Quiet => None,
                    Next::Closed => {
                        let _ = store::apply(&mut conn, &batch);
                        break;
                    }
                }
            };
            let mut acks = Vec::new();
            let mut take = |msg: Msg, batch: &mut Vec<store::Event>| match msg {
                Msg::Event(e) => batch.push(e),
                Msg::Flush(ack) => acks.push(ack),
            };
            if let Some(first) = first {
                take(first, &mut batch);
            }
            while batch.len() < 100_000 {
                match rx.try_recv() {
                    Ok(msg) => take(msg, &mut batch),
                    Err(_) => break,
                }
            }
            if !batch.is_empty() {
                // A failed write is tried again; nothing accepted is lost while the
                // service runs, and nothing half-written is kept (one transaction).
                match store::apply(&mut conn, &batch) {
                    Ok(()) => {
                        if let Some(since) = failing_since.take() {
                            eprintln!(
                                "trangtin-stats: writing again after {} s; {} counts caught up",
                                since.elapsed().as_secs(),
                                batch.len()
                            );
                        }
                        batch.clear();
                    }
                    Err(e) => {
                        if failing_since.is_none() {
                            failing_since = Some(std::time::Instant::now());
                            eprintln!(
                                "trangtin-stats: cannot write to the database ({e}); the counts \
                                 are kept in memory and written when it works again"
                            );
                        }
                    }
                }
            }
            for ack in acks {
                let _ = ack.send(batch.is_empty());
            }
        }
        Ok(())
    });
    let state = Arc::new(http::App::new(&config, clock, loaded, events.clone()));
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let router = http::router(state.clone());
    let done = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await?;
        // Every request has been answered: what they accepted is queued. Flush it.
        let (ack, flushed) = oneshot::channel();
        let _ = events.send(Msg::Flush(ack));
        drop(events);
        let ok = flushed.await.unwrap_or(false);
        // The writer ends when the last handler's sender is gone.
        drop(writer);
        if ok {
            Ok(())
        } else {
            Err(std::io::Error::other(
                "some counts could not be written to the database",
            ))
        }
    });
    Ok(Running {
        addr,
        app: state,
        stop,
        done,
    })
}

enum Next {
    Msg(Msg),
    Quiet,
    Closed,
}

/// The next message, if one comes within `wait`.
fn next_within(rx: &mut mpsc::UnboundedReceiver<Msg>, wait: std::time::Duration) -> Next {
    let until = std::time::Instant::now() + wait;
    loop {
        match rx.try_recv() {
            Ok(msg) => return Next::Msg(msg),
            Err(mpsc::error::TryRecvError::Disconnected) => return Next::Closed,
            Err(mpsc::error::TryRecvError::Empty) => {}
        }
        if std::time::Instant::now() >= until {
            return Next::Quiet;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// What the request handlers send the writer.
pub(crate) enum Msg {
    Event(store::Event),
    /// Answered once everything sent before it is written (`true`) or failed (`false`).
    Flush(oneshot::Sender<bool>),
}
