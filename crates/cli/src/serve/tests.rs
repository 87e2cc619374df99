//! The server on loopback, with a small site, and every request loop bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::*;

static FILES: &[(&str, &[u8])] = &[
    ("index.html", b"<!doctype html><title>app</title>"),
    ("main.js", b"console.log(1)"),
    ("chistka_wasm_bg.wasm", b"\0asm\x01\0\0\0"),
];

#[test]
fn only_the_apps_file_names_resolve() {
    assert_eq!(resolve("/"), Ok("index.html".into()));
    assert_eq!(
        resolve("/?scenario=no-torture&quota.enabled=false"),
        Ok("index.html".into())
    );
    assert_eq!(resolve("/main.js"), Ok("main.js".into()));
    assert_eq!(resolve("/main%2Ejs"), Ok("main.js".into()));
    for bad in [
        "/../Cargo.toml",
        "/..",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5cwindows",
        "/a\\b",
        "/x%00.html",
        "/%zz",
        "/%e2%28",
        "index.html",
        "http://example.invalid/index.html",
    ] {
        assert_eq!(resolve(bad), Err(400), "{bad}");
    }
    assert_eq!(resolve("/etc/passwd"), Err(404));
    assert_eq!(resolve("/%2Fetc%2Fpasswd"), Err(404));
}

/// A server on an ephemeral loopback port, stopped when dropped.
struct Server {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || run(listener, Site { files: FILES }, &flag));
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the acceptor
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Sends one request and reads one response: (status, headers in lower case, body).
fn exchange(
    r: &mut BufReader<TcpStream>,
    request: &str,
    head_only: bool,
) -> (u16, Vec<String>, Vec<u8>) {
    r.get_mut().write_all(request.as_bytes()).unwrap();
    let mut status = String::new();
    r.read_line(&mut status).unwrap();
    let code: u16 = status.split(' ').nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        r.read_line(&mut l).unwrap();
        let l = l.trim_end().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        headers.push(l);
    }
    let len: usize = headers
        .iter()
        .find_map(|h| h.strip_prefix("content-length: "))
        .unwrap()
        .parse()
        .unwrap();
    let mut body = vec![0; if head_only { 0 } else { len }];
    r.read_exact(&mut body).unwrap();
    (code, headers, body)
}

fn connect(s: &Server) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(s.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    BufReader::new(stream)
}

#[test]
fn serves_the_app_and_refuses_everything_else() {
    let server = Server::start();
    let mut c = connect(&server);
    let get = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");

    let (code, headers, body) = exchange(&mut c, &get("/"), false);
    assert_eq!(code, 200);
    assert_eq!(body, FILES[0].1);
    assert!(headers.contains(&"content-type: text/html; charset=utf-8".into()));
    let (code, headers, body) = exchange(&mut c, &get("/chistka_wasm_bg.wasm"), false);
    assert_eq!((code, body.as_slice()), (200, FILES[2].1));
    assert!(headers.contains(&"content-type: application/wasm".into()));

    for (path, want) in [
        ("/../Cargo.toml", 400),
        ("/%2e%2e/%2e%2e/etc/passwd", 400),
        ("/etc/passwd", 404),
        ("/missing.js", 404),
    ] {
        assert_eq!(exchange(&mut c, &get(path), false).0, want, "{path}");
    }
    let (code, headers, _) = exchange(
        &mut c,
        "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        false,
    );
    assert_eq!(code, 405);
    assert!(headers.contains(&"allow: get, head".into()));
    let (code, headers, body) = exchange(&mut c, "HEAD /main.js HTTP/1.1\r\n\r\n", true);
    assert_eq!(code, 200);
    assert!(body.is_empty());
    assert!(headers.contains(&format!("content-length: {}", FILES[1].1.len())));

    // The same connection keeps serving (keep-alive), up to its share.
    for _ in 0..20 {
        assert_eq!(exchange(&mut c, &get("/main.js"), false).0, 200);
    }
    let (_, headers, _) = exchange(&mut c, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false);
    assert!(headers.contains(&"connection: close".into()));
    let mut rest = Vec::new();
    assert_eq!(
        c.read_to_end(&mut rest).unwrap(),
        0,
        "closed after Connection: close"
    );
}

#[test]
fn a_connection_is_closed_after_its_share_of_requests() {
    let server = Server::start();
    let mut c = connect(&server);
    for i in 1..=MAX_REQUESTS_PER_CONNECTION {
        let (code, headers, _) = exchange(&mut c, "GET /main.js HTTP/1.1\r\n\r\n", false);
        assert_eq!(code, 200);
        let closing = headers.contains(&"connection: close".into());
        assert_eq!(closing, i == MAX_REQUESTS_PER_CONNECTION, "request {i}");
    }
    let mut rest = Vec::new();
    assert_eq!(c.read_to_end(&mut rest).unwrap(), 0);
}

#[test]
fn malformed_and_oversized_heads_are_refused() {
    let server = Server::start();
    let mut c = connect(&server);
    c.get_mut().write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut status = String::new();
    c.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");

    let mut c = connect(&server);
    let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(2 * MAX_HEAD));
    let _ = c.get_mut().write_all(big.as_bytes());
    let mut status = String::new();
    c.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 431"), "{status}");
}

#[test]
fn many_clients_at_once() {
    let server = Server::start();
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let addr = server.addr;
            std::thread::spawn(move || {
                let stream = TcpStream::connect(addr).unwrap();
                let mut c = BufReader::new(stream);
                for _ in 0..25 {
                    let (code, _, body) =
                        exchange(&mut c, "GET /index.html HTTP/1.1\r\n\r\n", false);
                    assert_eq!((code, body.as_slice()), (200, FILES[0].1));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
