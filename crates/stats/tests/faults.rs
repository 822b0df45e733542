//! The counter service as a process meets faults: killed with SIGKILL under load (at
//! most a second of accepted hits is lost, and the database opens cleanly), a full disk
//! (a small tmpfs this test mounts: it keeps answering, says so, stores nothing wrong
//! and catches up when space returns), and a damaged or unreadable database at start
//! (it refuses to start, says why, and leaves the file as it was).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const UA: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(db: &Path, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_trangtin-stats"))
        .arg("--db")
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--site-origin", "https://truong.example.vn"])
        .args(["--rate-limit-per-minute", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

/// One page view; whether the service accepted it.
fn hit(port: u16, n: u64) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let body = format!(
        "{{\"path\":\"/bai-viet/tin-{}\",\"referrer\":\"\"}}",
        n % 13
    );
    let request = format!(
        "POST /api/hit HTTP/1.1\r\nHost: stats\r\nConnection: close\r\nUser-Agent: {UA} reader/{n}\r\n\
         Content-Type: text/plain;charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    if s.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 2")
}

#[test]
fn killed_under_load_it_loses_at_most_a_second_and_opens_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stats.db");
    let port = free_port();
    let mut child = start(&db, port);
    let accepted = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let load_started = Instant::now();
    let workers: Vec<_> = (0..4u64)
        .map(|w| {
            let (accepted, stop) = (accepted.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = w * 1_000_000;
                while !stop.load(Ordering::SeqCst) {
                    if hit(port, n) {
                        accepted.fetch_add(1, Ordering::SeqCst);
                    }
                    n += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(3));
    // SIGKILL: no flush, no goodbye.
    child.kill().unwrap();
    child.wait().unwrap();
    let seconds = load_started.elapsed().as_secs_f64();
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    let accepted = accepted.load(Ordering::SeqCst);
    let conn = trangtin_stats::store::open_checked(&db).expect("opens cleanly after SIGKILL");
    let stored = trangtin_stats::store::total_hits(&conn).unwrap();
    let per_second = accepted as f64 / seconds;
    let lost = accepted.saturating_sub(stored);
    eprintln!(
        "kill -9 under load: {accepted} hits accepted in {seconds:.1} s ({per_second:.0}/s), \
         {stored} stored, {lost} lost"
    );
    assert!(accepted > 100, "the load did not get going: {accepted}");
    assert!(
        stored <= accepted + 8,
        "more stored than accepted: {stored} > {accepted}"
    );
    assert!(
        (lost as f64) <= per_second,
        "lost {lost} hits, more than a second's worth ({per_second:.0})"
    );
    // And it starts again on it, counting on from there.
    drop(conn);
    let mut again = start(&db, port);
    assert!(hit(port, 42));
    again.kill().unwrap();
    again.wait().unwrap();
}

fn refuses(db: &Path) -> String {
    let port = free_port();
    let out = Command::new(env!("CARGO_BIN_EXE_trangtin-stats"))
        .arg("--db")
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--site-origin", "https://truong.example.vn"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "it started on a damaged database");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_damaged_database_is_refused_at_start_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // Not a database at all.
    let junk = dir.path().join("junk.db");
    let bytes = b"this is not a database, it was overwritten by a backup script\n".repeat(200);
    std::fs::write(&junk, &bytes).unwrap();
    let said = refuses(&junk);
    assert!(
        said.contains("is damaged or is not a trangtin-stats database"),
        "{said}"
    );
    assert!(said.contains("Restore it from a backup"), "{said}");
    assert_eq!(std::fs::read(&junk).unwrap(), bytes, "left as it was");

    // A real database, cut in half (a disk that failed, a copy that stopped).
    let db = dir.path().join("stats.db");
    {
        let mut conn = trangtin_stats::store::open(&db).unwrap();
        let events: Vec<_> = (0..20_000)
            .map(|i| trangtin_stats::store::Event::Hit {
                day: 19_900 + i % 400,
                slug: Some(format!("tin-{}", i % 3_000)),
            })
            .collect();
        trangtin_stats::store::apply(&mut conn, &events).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let whole = std::fs::read(&db).unwrap();
    let cut = &whole[..whole.len() / 2];
    std::fs::write(&db, cut).unwrap();
    let said = refuses(&db);
    assert!(said.contains("is damaged"), "{said}");
    assert_eq!(std::fs::read(&db).unwrap(), cut, "left as it was");

    // A folder where the file should be.
    let said = refuses(dir.path());
    assert!(said.contains("is a folder"), "{said}");
}

/// A tmpfs of `kib` KiB mounted at a new temporary folder, unmounted when dropped: a disk
/// that fills up without touching the machine's own (needs root, as CI runs, or sudo).
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(kib: u32) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let root = is_root();
        let mut cmd = Command::new(if root { "mount" } else { "sudo" });
        if !root {
            cmd.arg("-n").arg("mount");
        }
        let out = cmd
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0755"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output()
            .expect("mount runs");
        assert!(
            out.status.success(),
            "the full-disk test mounts a {kib} KiB tmpfs, which needs root (or sudo): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let root = is_root();
        let mut cmd = Command::new(if root { "umount" } else { "sudo" });
        if !root {
            cmd.arg("-n").arg("umount");
        }
        let _ = cmd.arg("-l").arg(self.dir.path()).status();
    }
}

/// Whether this process runs as root (`id -u` is 0).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Fills the rest of the disk at `dir` with one file; returns its path.
fn fill(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    path
}

#[test]
fn a_full_disk_keeps_it_answering_and_it_catches_up_when_space_returns() {
    let disk = SmallDisk::mount(512);
    let db = disk.path().join("stats.db");
    let port = free_port();
    let mut child = start(&db, port);
    for n in 0..20 {
        assert!(hit(port, n));
    }
    // Written before the disk fills (the writer batches within a second).
    let stored = |db: &Path| {
        let conn = trangtin_stats::store::open(db).unwrap();
        trangtin_stats::store::total_hits(&conn).unwrap()
    };
    let started = Instant::now();
    while stored(&db) < 20 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the first hits were not written"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let filler = fill(disk.path());
    // The disk is full: hits to many articles need new pages the database cannot get.
    for n in 20..2_020 {
        assert!(hit(port, n * 7919), "it keeps answering on a full disk");
    }
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        stored(&db),
        20,
        "nothing half-written while the disk is full"
    );
    let health = TcpStream::connect(("127.0.0.1", port)).and_then(|mut s| {
        s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: stats\r\nConnection: close\r\n\r\n")?;
        let mut answer = String::new();
        s.read_to_string(&mut answer)?;
        Ok(answer)
    });
    let health = health.unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        health.contains("\"total\":2020"),
        "readers see every count: {health}"
    );
    // Space returns: it catches up by itself, with no new hit to prompt it.
    std::fs::remove_file(filler).unwrap();
    let started = Instant::now();
    while stored(&db) < 2_020 {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "not caught up: {} of 2020",
            stored(&db)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut said = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    assert!(said.contains("cannot write to the database"), "{said}");
    assert!(said.contains("counts caught up"), "{said}");
    trangtin_stats::store::open_checked(&db).expect("the database is whole");
}
