//! A front for a site server that misbehaves on purpose for chosen paths, as a weak
//! mobile network and a struggling origin do: an answer that stalls after its headers,
//! or a few failures with a status before the real answer. It counts the requests of
//! each path, and notices when the browser gives a stalled request up. Set down, it
//! closes every connection unanswered, as a network that is gone.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Trouble {
    /// Headers and a first byte, then nothing until the trouble is lifted.
    Stall,
    /// This status for the next `n` requests, then the real answer.
    Fail { status: u16, times: u32 },
}

#[derive(Default)]
struct State {
    down: bool,
    troubles: HashMap<String, Trouble>,
    requests: HashMap<String, u32>,
    given_up: HashMap<String, u32>,
}

#[derive(Clone)]
pub struct Flaky {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Flaky {
    /// In front of the site server at `upstream` (`http://127.0.0.1:port`).
    pub fn new(upstream: &str) -> Flaky {
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let state = shared.clone();
                let upstream = upstream.clone();
                std::thread::spawn(move || handle(client, &upstream, &state));
            }
        });
        Flaky { url, state }
    }

    pub fn trouble(&self, path: &str, trouble: Trouble) {
        self.state
            .lock()
            .unwrap()
            .troubles
            .insert(path.into(), trouble);
    }

    /// Every connection closed unanswered (`true`), or served again.
    pub fn set_down(&self, down: bool) {
        self.state.lock().unwrap().down = down;
    }

    pub fn lift(&self, path: &str) {
        self.state.lock().unwrap().troubles.remove(path);
    }

    pub fn requests(&self, path: &str) -> u32 {
        self.state
            .lock()
            .unwrap()
            .requests
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// Stalled requests of `path` that the browser closed before the end.
    pub fn given_up(&self, path: &str) -> u32 {
        self.state
            .lock()
            .unwrap()
            .given_up
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(head)
}

fn handle(mut client: TcpStream, upstream: &str, state: &Mutex<State>) {
    if state.lock().unwrap().down {
        return;
    }
    // One request per connection: the browser opens another for the next one, so each
    // request meets the troubles of its own path.
    let Some(head) = read_head(&mut client) else {
        return;
    };
    let text = String::from_utf8_lossy(&head).into_owned();
    let path = text
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    let trouble = {
        let mut s = state.lock().unwrap();
        *s.requests.entry(path.clone()).or_insert(0) += 1;
        let t = s.troubles.get(&path).cloned();
        if let Some(Trouble::Fail { status, times }) = &t {
            if *times <= 1 {
                s.troubles.remove(&path);
            } else {
                s.troubles.insert(
                    path.clone(),
                    Trouble::Fail {
                        status: *status,
                        times: times - 1,
                    },
                );
            }
        }
        t
    };
    match trouble {
        Some(Trouble::Fail { status, .. }) => {
            let body = "tạm thời không phục vụ được";
            let _ = client.write_all(
                format!(
                    "HTTP/1.1 {status} Trouble\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
        Some(Trouble::Stall) => {
            let _ = client.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{",
            );
            let _ = client.set_read_timeout(Some(Duration::from_millis(50)));
            let mut buf = [0u8; 64];
            loop {
                match client.read(&mut buf) {
                    // The browser closed it: it gave the request up.
                    Ok(0) => {
                        *state
                            .lock()
                            .unwrap()
                            .given_up
                            .entry(path.clone())
                            .or_insert(0) += 1;
                        return;
                    }
                    Ok(_) => {}
                    Err(e)
                        if e.kind() == std::io::ErrorKind::WouldBlock
                            || e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => {
                        *state
                            .lock()
                            .unwrap()
                            .given_up
                            .entry(path.clone())
                            .or_insert(0) += 1;
                        return;
                    }
                }
                if !state.lock().unwrap().troubles.contains_key(&path) {
                    // Lifted: this answer never completes; the next request gets the real one.
                    return;
                }
            }
        }
        None => {
            let Ok(mut server) = TcpStream::connect(upstream) else {
                return;
            };
            // Close after this answer.
            let head = text
                .lines()
                .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
                .collect::<Vec<_>>()
                .join("\r\n");
            let head = format!("{}\r\nConnection: close\r\n\r\n", head.trim_end());
            if server.write_all(head.as_bytes()).is_err() {
                return;
            }
            let _ = std::io::copy(&mut server, &mut client);
        }
    }
}
