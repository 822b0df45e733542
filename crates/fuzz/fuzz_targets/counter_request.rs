//! Raw bytes from the internet to the counter service: the real service (HTTP parsing,
//! routing, CORS, JSON bodies, rate limits, SQLite), started once on 127.0.0.1 with a
//! fresh database, each input sent on its own connection. A panic in a handler aborts
//! the fuzzer (libFuzzer's panic hook), so it is found even though the server would
//! have survived it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

struct Service {
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn service() -> &'static Service {
    static SERVICE: OnceLock<Service> = OnceLock::new();
    SERVICE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let config = trangtin_stats::Config {
            db: dir.path().join("stats.db"),
            listen: "127.0.0.1:0".parse().unwrap(),
            site_origins: vec!["https://truong.example.vn".into()],
            utc_offset_minutes: 420,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            rate_limit_per_minute: 0,
        };
        let clock = Arc::new(trangtin_stats::clock::SystemClock);
        let running = runtime
            .block_on(trangtin_stats::start(config, clock))
            .expect("the counter service starts");
        let addr = running.addr;
        // Left running for the fuzzer's life.
        std::mem::forget(running);
        Service {
            addr,
            _runtime: runtime,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut stream) = TcpStream::connect(service().addr) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.write_all(data);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
});
