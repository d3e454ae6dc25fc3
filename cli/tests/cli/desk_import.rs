//! The desk's import page over HTTP (the real `tsunagu desk`, hand-written HTTP/1.1): the
//! template downloads; a multipart upload needs the session's CSRF token; a sheet with one bad
//! row is refused with the problem at its row and column and nothing written; a good one creates
//! the children. The browser scenario is scripts/desk-import.mjs.

use std::path::Path;

use crate::common::run;
use crate::desk::{Desk, csrf_of, login, request};

const BOUNDARY: &str = "tsunagu-test-boundary";

/// A `multipart/form-data` body: `csrf` (when given), then the file.
fn upload(csrf: Option<&str>, file: &str) -> String {
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
    body
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
    let desk = Desk::start(d, "2026-11-20");
    let cookie = login(&desk);
    let get = |path: &str| request(&desk, "GET", path, &[("Cookie", &cookie)], "");
    let page = get("/import");
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.body);
    let template = get("/import/template.csv");
    assert_eq!(template.status, 200);
    let disposition = template.header("content-disposition").unwrap_or_default();
    assert!(disposition.contains("attachment"), "{disposition}");
    assert!(template.body.starts_with("\u{feff}氏名,ふりがな,生年月日"));

    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let post = |csrf: Option<&str>, file: &str| {
        request(
            &desk,
            "POST",
            "/import",
            &[("Cookie", &cookie), ("Content-Type", &content_type)],
            &upload(csrf, file),
        )
    };
    let good = "氏名,ふりがな,生年月日\n架空 ゆい,かくう ゆい,2018-06-01\n";
    assert_eq!(
        post(None, good).status,
        403,
        "an upload without the CSRF token is refused"
    );
    assert_eq!(children(d), 1);

    let bad = format!("{good}架空 れん,かくう れん,2018-13-40\n");
    let refused = post(Some(&csrf), &bad);
    let body = refused.body;
    assert_eq!(refused.status, 422, "{body}");
    assert!(body.contains("<td>3</td><td>C (生年月日)</td>"), "{body}");
    assert_eq!(children(d), 1, "nothing written");

    let fixed = format!("{good}架空 れん,かくう れん,2018-12-04\n");
    let done = post(Some(&csrf), &fixed);
    let body = done.body;
    assert_eq!(done.status, 200, "{body}");
    assert_eq!(
        body.matches("<li class=\"child\"><a href=\"/child/p-").count(),
        2,
        "{body}"
    );
    assert_eq!(children(d), 3);
}
