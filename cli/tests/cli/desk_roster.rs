//! The desk's roster, archive and delete over HTTP (a child module of desk.rs, sharing its
//! `Desk`): the page filters and sorts as `tsunagu roster` does, its CSV is byte for byte the
//! CLI's and its workbook reads back with calamine as the CLI's does; archiving hides a child
//! from the lists until it is restored; deleting asks first and removes only this copy.

use std::io::{Cursor, Read, Write};
use std::net::TcpStream;

use calamine::{Data, Reader, Xlsx};

use super::{Desk, csrf_of, login, request, two_children};
use crate::common::run;

/// A GET whose body is bytes (a download): status, `content-disposition`, body.
fn download(desk: &Desk, path: &str, cookie: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", desk.port)).expect("connects");
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n",
        desk.host()
    );
    stream.write_all(head.as_bytes()).expect("sends");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let disposition = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-disposition"))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    (status, disposition, raw[split + 4..].to_vec())
}

/// The cells of a workbook's first sheet, as text.
fn cells(book: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(book)).expect("a workbook calamine reads");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    sheet
        .rows()
        .map(|row| row.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn the_roster_page_filters_sorts_and_downloads_what_the_cli_writes() {
    let (dir, sakura, haruto) = two_children();
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let get = |path: &str| request(&desk, "GET", path, &[("Cookie", &cookie)], "");
    let home = get("/").body;
    assert!(home.contains("href=\"/roster\""), "home links the roster");
    let order = |body: &str| -> Vec<&str> {
        let (s, h) = (
            body.find(&format!("data-id=\"{sakura}\"")),
            body.find(&format!("data-id=\"{haruto}\"")),
        );
        let mut seen: Vec<(usize, &str)> = [(s, "sakura"), (h, "haruto")]
            .into_iter()
            .filter_map(|(at, who)| at.map(|at| (at, who)))
            .collect();
        seen.sort();
        seen.into_iter().map(|(_, who)| who).collect()
    };
    let all = get("/roster");
    assert_eq!(all.status, 200);
    assert!(all.body.contains("<table id=\"roster\""), "{}", all.body);
    assert_eq!(order(&all.body).len(), 2, "one row per child");
    // Filters: a life-sustaining ventilator, a runway under 48 h, the district, the destination,
    // needs attention — さくら each time, はると never.
    for filter in [
        "life=ventilator",
        "life=any",
        "runway=48",
        "runway=%EF%BC%94%EF%BC%98",
        "district=%E4%B8%AD%E5%A4%AE%E5%8C%BA",
        "destination=%E6%9E%B6%E7%A9%BA%E5%B8%82%E6%B0%91%E7%97%85%E9%99%A2",
        "attention=1",
    ] {
        let page = get(&format!("/roster?{filter}")).body;
        assert_eq!(order(&page), ["sakura"], "{filter}");
        assert!(
            page.contains(&format!("/roster.csv?{}", filter.replace('&', "&#38;"))),
            "the downloads keep {filter}"
        );
    }
    assert_eq!(order(&get("/roster?life=oxygen").body), Vec::<&str>::new());
    // A runway that is no number: said, nothing listed.
    let bad = get("/roster?runway=soon").body;
    assert!(bad.contains("id=\"problem\""), "{bad}");
    assert_eq!(order(&bad), Vec::<&str>::new());
    // Sorted by kana, then the other way; the header link turns the order.
    let by_name = get("/roster?sort=name").body;
    assert_eq!(order(&by_name), ["haruto", "sakura"]);
    assert!(by_name.contains("aria-sort=\"ascending\""));
    // (askama writes `&` as `&#38;`.)
    assert!(by_name.contains("href=\"/roster?sort=name&#38;reverse=1\""));
    assert_eq!(
        order(&get("/roster?sort=name&reverse=1").body),
        ["sakura", "haruto"]
    );

    // The CSV is the CLI's, byte for byte.
    let (status, disposition, csv) = download(&desk, "/roster.csv?sort=name", &cookie);
    assert_eq!(status, 200);
    assert!(
        disposition.starts_with("attachment; filename=\"roster-2026-11-20.csv\""),
        "{disposition}"
    );
    let cli = run(
        dir.path(),
        &[
            "--lang",
            "ja",
            "roster",
            "--format",
            "csv",
            "--sort",
            "name",
            "--as-of",
            "2026-11-20",
        ],
    );
    assert_eq!(String::from_utf8(csv).expect("utf-8"), cli);
    assert!(cli.find("佐藤 はると") < cli.find("山田 さくら"));

    // The workbook reads back as the CLI's does: the header, then さくら only.
    let (status, disposition, book) = download(&desk, "/roster.xlsx?life=ventilator", &cookie);
    assert_eq!(status, 200);
    assert!(disposition.contains("roster-2026-11-20.xlsx"), "{disposition}");
    let desk_cells = cells(book);
    assert_eq!(desk_cells.len(), 2, "header and one child");
    assert_eq!(desk_cells[1][0], sakura);
    assert_eq!(desk_cells[1][1], "山田 さくら");
    let file = dir.path().join("roster.xlsx");
    run(
        dir.path(),
        &[
            "--lang",
            "ja",
            "roster",
            "--format",
            "xlsx",
            "--out",
            file.to_str().expect("utf-8"),
            "--filter",
            "life-sustaining=ventilator",
            "--as-of",
            "2026-11-20",
        ],
    );
    assert_eq!(
        desk_cells,
        cells(std::fs::read(&file).expect("the CLI's workbook"))
    );
    // A bad filter downloads nothing.
    assert_eq!(download(&desk, "/roster.xlsx?runway=0", &cookie).0, 400);
}

#[test]
fn a_child_is_archived_restored_and_deleted_with_a_confirmation() {
    let (dir, sakura, haruto) = two_children();
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let get = |path: &str| request(&desk, "GET", path, &[("Cookie", &cookie)], "");
    let post = |path: &str, body: &str| request(&desk, "POST", path, &[("Cookie", &cookie)], body);
    let page = get(&format!("/child/{haruto}")).body;
    assert!(page.contains(&format!("action=\"/child/{haruto}/archive\"")));
    let csrf = csrf_of(&page);

    // Without the CSRF token: refused, nothing archived.
    assert_eq!(post(&format!("/child/{haruto}/archive"), "").status, 403);
    assert!(get("/").body.contains(&format!("/child/{haruto}\"")));
    let a = post(&format!("/child/{haruto}/archive"), &format!("csrf={csrf}"));
    assert_eq!(a.status, 303);
    assert_eq!(a.header("location"), Some(format!("/child/{haruto}").as_str()));
    let home = get("/").body;
    assert!(
        !home.contains(&format!("/child/{haruto}\"")),
        "archived: off the home page"
    );
    assert!(home.contains("アーカイブ: 1人"), "home counts the archived");
    assert!(!get("/roster").body.contains(&haruto), "and off the roster");
    let archived = get("/archived").body;
    assert!(archived.contains(&format!("/child/{haruto}\"")) && !archived.contains(&sakura));
    assert!(get(&format!("/child/{haruto}")).body.contains("id=\"restore\""));
    let cli = run(dir.path(), &["profile", "list", "--json"]);
    assert!(!cli.contains(&haruto), "the CLI sees the same archive: {cli}");
    // Restored from the archived list: back there, and on the home page again.
    let a = post(
        &format!("/child/{haruto}/restore"),
        &format!("csrf={csrf}&back=%2Farchived"),
    );
    assert_eq!(a.header("location"), Some("/archived"));
    assert!(get("/").body.contains(&format!("/child/{haruto}\"")));
    assert!(get("/archived").body.contains("id=\"archived-none\""));

    // Deleting asks first, says what happens, and needs the box ticked.
    let confirm = get(&format!("/child/{sakura}/delete"));
    assert_eq!(confirm.status, 200);
    assert!(
        confirm.body.contains("id=\"delete-local\""),
        "not shared: says so"
    );
    assert!(confirm.body.contains("id=\"delete-confirm\""));
    let refused = post(&format!("/child/{sakura}/delete"), &format!("csrf={csrf}"));
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("id=\"problem\""));
    assert_eq!(get(&format!("/child/{sakura}")).status, 200, "nothing deleted");
    let done = post(
        &format!("/child/{sakura}/delete"),
        &format!("csrf={csrf}&understood=yes"),
    );
    assert_eq!(done.status, 200);
    assert!(done.body.contains("山田 さくら") && done.body.contains("id=\"deleted\""));
    assert_eq!(get(&format!("/child/{sakura}")).status, 404);
    let cli = run(dir.path(), &["profile", "list", "--json", "--archived"]);
    assert!(!cli.contains(&sakura) && cli.contains(&haruto), "{cli}");
}
