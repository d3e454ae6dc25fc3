//! The desk's import page over HTTP (the real `tsunagu desk`, hand-written HTTP/1.1): the
//! template downloads; a multipart upload needs the session's CSRF token; a sheet with one bad
//! row is refused with the problem at its row and column and nothing written; a good one creates
//! the children. The browser scenario is scripts/desk-import.mjs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::{BIN, run};

/// A `tsunagu desk` process; killed when dropped.
struct Desk {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path) -> Desk {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(["--lang", "ja", "desk", "--today", "2026-11-20"])
        .env_remove("TSUNAGU_AUTHOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts the desk");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("reads");
    let at = line.find("http://127.0.0.1:").expect("a URL") + "http://127.0.0.1:".len();
    let (port, rest) = line[at..].split_once("/login?token=").expect("login path");
    Desk {
        child,
        port: port.parse().expect("port"),
        token: rest.split_whitespace().next().expect("token").to_owned(),
    }
}

/// Sends one request; returns status, head (lower-case) and body.
fn request(desk: &Desk, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", desk.port)).expect("connects");
    let mut text = format!("{head}\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n", desk.port);
    text.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(text.as_bytes()).expect("sends");
    stream.write_all(body).expect("sends");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, head, raw[split + 4..].to_vec())
}

const BOUNDARY: &str = "tsunagu-test-boundary";

/// A `multipart/form-data` body: `csrf` (when given), then the file.
fn upload(csrf: Option<&str>, file: &str) -> Vec<u8> {
    let mut body = String::new();
    if let Some(csrf) = csrf {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{file}\r\n--{BOUNDARY}--\r\n"
    ));
    body.into_bytes()
}

fn children(dir: &Path) -> usize {
    let list: serde_json::Value =
        serde_json::from_str(&run(dir, &["profile", "list", "--json"])).expect("json");
    list.as_array().expect("a list").len()
}

#[test]
fn a_sheet_is_imported_through_the_desk_only_when_every_row_is_valid() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    run(d, &["profile", "new", "--sample"]);
    let desk = start(d);
    let (status, head, _) = request(&desk, &format!("GET /login?token={} HTTP/1.1", desk.token), b"");
    assert_eq!(status, 303);
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a cookie")
        .to_owned();
    let get = |path: &str| request(&desk, &format!("GET {path} HTTP/1.1\r\nCookie: {cookie}"), b"");
    let (status, _, page) = get("/import");
    assert_eq!(status, 200);
    let page = String::from_utf8(page).expect("utf-8");
    let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    let csrf = page[at..at + 64].to_owned();
    let (status, head, csv) = get("/import/template.csv");
    assert_eq!(status, 200);
    assert!(head.contains("content-disposition: attachment"), "{head}");
    assert!(
        String::from_utf8(csv)
            .expect("utf-8")
            .starts_with("\u{feff}氏名,ふりがな,生年月日")
    );

    let post = |csrf: Option<&str>, file: &str| {
        request(
            &desk,
            &format!(
                "POST /import HTTP/1.1\r\nCookie: {cookie}\r\n\
                 Content-Type: multipart/form-data; boundary={BOUNDARY}"
            ),
            &upload(csrf, file),
        )
    };
    let good = "氏名,ふりがな,生年月日\n架空 ゆい,かくう ゆい,2018-06-01\n";
    assert_eq!(
        post(None, good).0,
        403,
        "an upload without the CSRF token is refused"
    );
    assert_eq!(children(d), 1);

    let bad = format!("{good}架空 れん,かくう れん,2018-13-40\n");
    let (status, _, body) = post(Some(&csrf), &bad);
    let body = String::from_utf8(body).expect("utf-8");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("<td>3</td><td>C (生年月日)</td>"), "{body}");
    assert_eq!(children(d), 1, "nothing written");

    let fixed = format!("{good}架空 れん,かくう れん,2018-12-04\n");
    let (status, _, body) = post(Some(&csrf), &fixed);
    let body = String::from_utf8(body).expect("utf-8");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body.matches("<li class=\"child\"><a href=\"/child/p-").count(),
        2,
        "{body}"
    );
    assert_eq!(children(d), 3);
}
