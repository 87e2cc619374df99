//! `chistka serve`: the classroom app over HTTP, for a classroom without internet.
//!
//! The app's files are compiled into the binary from `web/dist` (see `build.rs`), so the server
//! reads nothing from disk and can serve nothing but them: a request is answered from that table
//! or refused. It binds to the loopback interface unless told otherwise.
//!
//! A small HTTP/1.1 server on `std::net`: a fixed pool of worker threads takes connections from
//! a bounded queue (so memory stays bounded however many clients connect), each connection
//! serves at most [`MAX_REQUESTS_PER_CONNECTION`] requests with keep-alive, and a client that
//! sends nothing for [`IDLE`] is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/web_app.rs"));
}

/// Worker threads, each serving one connection at a time.
const WORKERS: usize = 256;
/// Accepted connections waiting for a worker; the acceptor blocks beyond this.
const QUEUE: usize = 256;
/// Requests served on one connection before it is closed (other clients get their turn).
const MAX_REQUESTS_PER_CONNECTION: usize = 100;
/// How long a connection may stay silent.
const IDLE: Duration = Duration::from_secs(5);
/// The longest request head accepted.
const MAX_HEAD: usize = 8 * 1024;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on. The default is reachable from this machine only; give
    /// e.g. 0.0.0.0:8000 to let a classroom's machines connect.
    #[arg(long, default_value = "127.0.0.1:8000")]
    bind: SocketAddr,
}

/// The files a server answers with: (name, bytes), names without a leading slash.
#[derive(Debug, Clone, Copy)]
pub struct Site {
    files: &'static [(&'static str, &'static [u8])],
}

impl Site {
    /// The app compiled into this binary (empty if `web/dist` did not exist at build time).
    pub fn embedded() -> Self {
        Site {
            files: embedded::WEB_APP,
        }
    }

    fn get(&self, name: &str) -> Option<&'static [u8]> {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
    }
}

pub fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let site = Site::embedded();
    if site.get("index.html").is_none() {
        anyhow::bail!(
            "this chistka was built without the classroom app: build it with `npm ci && npm run build` \
             in web/, then build chistka again (cargo build --release)"
        );
    }
    let listener =
        TcpListener::bind(args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "chistka classroom app on http://{addr}/ (Ctrl-C stops it)"
    )?;
    if !addr.ip().is_loopback() {
        writeln!(
            err,
            "note: {} is reachable from other machines on the network",
            addr.ip()
        )?;
    }
    drop(err);
    run(listener, site, &AtomicBool::new(false));
    Ok(())
}

/// Accepts connections until `stop` is set (and one more connection arrives to wake it).
pub fn run(listener: TcpListener, site: Site, stop: &AtomicBool) {
    let (tx, rx): (SyncSender<TcpStream>, Receiver<TcpStream>) = sync_channel(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let rx = Arc::clone(&rx);
            std::thread::spawn(move || {
                loop {
                    // The lock is held only to take the next connection.
                    let next = rx.lock().map(|r| r.recv());
                    match next {
                        Ok(Ok(stream)) => connection(stream, site),
                        _ => return,
                    }
                }
            })
        })
        .collect();
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if let Ok(s) = stream
            && tx.send(s).is_err()
        {
            break;
        }
    }
    drop(tx);
    for w in workers {
        let _ = w.join();
    }
}

/// Serves one connection: requests until the client closes, goes silent, asks to close, or has
/// had its share.
fn connection(stream: TcpStream, site: Site) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    for served in 1..=MAX_REQUESTS_PER_CONNECTION {
        let head = match read_head(&mut reader) {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(status) => {
                let _ = out.write_all(&error(status, true));
                return;
            }
        };
        let close = head.close || served == MAX_REQUESTS_PER_CONNECTION;
        let response = respond(&site, &head, close);
        if out.write_all(&response.head).is_err() {
            return;
        }
        if let Some(body) = response.body
            && out.write_all(body).is_err()
        {
            return;
        }
        if close {
            return;
        }
    }
}

/// What the server needs of a request.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    method: String,
    target: String,
    close: bool,
}

/// Reads a request head. `Ok(None)` when the client closed or went silent before sending one;
/// `Err(status)` for a malformed or oversized head.
fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, u16> {
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let mut line = String::new();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - total + 1) as u64)
            .read_line(&mut line);
        match n {
            Ok(0) if lines.is_empty() => return Ok(None),
            Ok(0) => return Err(400),
            Ok(n) => total += n,
            Err(_) if lines.is_empty() => return Ok(None),
            Err(_) => return Err(400),
        }
        if total > MAX_HEAD {
            return Err(431);
        }
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            if lines.is_empty() {
                continue; // stray CRLF between requests
            }
            break;
        }
        lines.push(line);
    }
    parse_head(&lines).ok_or(400).map(Some)
}

fn parse_head(lines: &[String]) -> Option<Head> {
    let mut parts = lines.first()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let header = |name: &str| {
        lines[1..].iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_ascii_lowercase())
        })
    };
    let connection = header("connection").unwrap_or_default();
    let close = if version == "HTTP/1.0" {
        !connection.contains("keep-alive")
    } else {
        connection.contains("close")
    };
    Some(Head {
        method: method.into(),
        target: target.into(),
        close,
    })
}

/// A response: its head, and the body to send after it (none for HEAD and errors' empty bodies
/// are in the head).
#[derive(Debug)]
pub struct Response {
    head: Vec<u8>,
    body: Option<&'static [u8]>,
}

/// The file a request target names, or the status refusing it.
///
/// Only names of the app's files are accepted: a target must start with `/`, may not contain
/// `..`, a backslash, a NUL or an encoded character that decodes to one, and `/` means
/// `index.html`. Query strings (the app keeps its state there) are ignored.
pub fn resolve(target: &str) -> Result<String, u16> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/').ok_or(400_u16)?;
    let decoded = percent_decode(path).ok_or(400_u16)?;
    if decoded.contains("..") || decoded.contains('\\') || decoded.contains('\0') {
        return Err(400);
    }
    if decoded.is_empty() {
        return Ok("index.html".into());
    }
    // The app is one flat folder: anything with a directory part is not one of its files.
    if decoded.contains('/') {
        return Err(404);
    }
    Ok(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
}

fn error(status: u16, close: bool) -> Vec<u8> {
    let body = format!("{status} {}\n", status_text(status));
    let allow = if status == 405 {
        "Allow: GET, HEAD\r\n"
    } else {
        ""
    };
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n{allow}Connection: {}\r\n\r\n{body}",
        status_text(status),
        body.len(),
        if close { "close" } else { "keep-alive" },
    )
    .into_bytes()
}

/// The response to one request.
pub fn respond(site: &Site, head: &Head, close: bool) -> Response {
    let only_head = match head.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return Response {
                head: error(405, close),
                body: None,
            };
        }
    };
    let file = resolve(&head.target).and_then(|name| site.get(&name).map(|b| (name, b)).ok_or(404));
    match file {
        Ok((name, body)) => Response {
            head: format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
                 X-Content-Type-Options: nosniff\r\nConnection: {}\r\n\r\n",
                content_type(&name),
                body.len(),
                if close { "close" } else { "keep-alive" },
            )
            .into_bytes(),
            body: (!only_head).then_some(body),
        },
        Err(status) => Response {
            head: error(status, close),
            body: None,
        },
    }
}

#[cfg(test)]
mod tests;
