//! `tsunagu desk` over HTTP, as any page in a browser could reach it: the real binary on a
//! temporary store, spoken to with hand-written HTTP/1.1 requests (so the Host, Origin and Cookie
//! headers are exactly what a test says). The browser itself: scripts/test-desk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use tsunagu_core::model::Profile;
use tsunagu_core::sample::demo_profile;

use crate::common::{BIN, create, run};

/// A `tsunagu desk` process; killed when dropped. (Also used by `desk_share`.)
pub(crate) struct Desk {
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

impl Desk {
    pub(crate) fn start(dir: &Path, today: &str) -> Self {
        let mut child = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.join("data"))
            .args(["--lang", "ja", "desk", "--no-open", "--today", today])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts the desk");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("reads");
        let url = line
            .split_whitespace()
            .find_map(|w| w.find("http://").map(|i| &w[i..]))
            .expect("a URL")
            .to_owned();
        let rest = url.strip_prefix("http://127.0.0.1:").expect("loopback");
        let (port, query) = rest.split_once("/login?token=").expect("login path");
        Self {
            child,
            port: port.parse().expect("port"),
            token: query.to_owned(),
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

/// An answer: status, headers (lower-case names), body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Answer {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn request(desk: &Desk, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", desk.port)).expect("connects");
    let mut text = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| *k == "Host") {
        text.push_str(&format!("Host: {}\r\n", desk.host()));
    }
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        // A form unless the caller says otherwise (the import page takes multipart).
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("Content-Type"))
        {
            text.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        text.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    text.push_str("\r\n");
    text.push_str(body);
    stream.write_all(text.as_bytes()).expect("sends");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Logs in; returns the `Cookie` header value.
pub(crate) fn login(desk: &Desk) -> String {
    let a = request(desk, "GET", &format!("/login?token={}", desk.token), &[], "");
    assert_eq!(a.status, 303, "{}", a.body);
    let cookie = a.header("set-cookie").expect("a cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    cookie.split(';').next().expect("name=value").to_owned()
}

pub(crate) fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    page[at..at + 64].to_owned()
}

/// Names this store's device as the mother's (so its edits are recorded) and returns a second
/// store holding a copy of `child`, for two copies edited apart; [`bring_back`] merges it back.
pub(crate) fn copy_elsewhere(dir: &Path, child: &str) -> tempfile::TempDir {
    run(dir, &["device", "set-name", child, "山田花子", "--role", "母"]);
    let file = dir.join("copy.tsunagu");
    let file = file.to_str().expect("utf-8 path");
    run(dir, &["profile", "export", child, "--out", file]);
    let other = tempfile::tempdir().expect("temp dir");
    run(other.path(), &["profile", "import", file]);
    other
}

/// Merges the copy of `child` in `other` back into `dir` (export there, import here).
pub(crate) fn bring_back(other: &Path, dir: &Path, child: &str) {
    let back = other.join("back.tsunagu");
    let back = back.to_str().expect("utf-8 path");
    run(other, &["profile", "export", child, "--out", back]);
    run(dir, &["profile", "import", back]);
}

/// Two children: 山田 さくら (the demo child, never verified) and 佐藤 はると (little recorded, a
/// recent drill and plan, every filled section verified).
pub(crate) fn two_children() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let sakura = create(dir.path(), "sakura.json", &demo_profile());
    let mut haruto = Profile::empty();
    haruto.child.name = Some("佐藤 はると".into());
    haruto.child.name_kana = Some("さとう はると".into());
    let day = |s: &str| Some(tsunagu_core::model::Date(s.parse().expect("date")));
    haruto.evacuation.plan_date = day("2026-09-01");
    haruto.evacuation.last_drill = day("2026-10-01");
    let haruto = create(dir.path(), "haruto.json", &haruto);
    for section in ["child", "evacuation"] {
        run(
            dir.path(),
            &[
                "verify",
                &haruto,
                section,
                "--by",
                "佐藤 みどり",
                "--role",
                "coordinator",
                "--on",
                "2026-11-20",
            ],
        );
    }
    (dir, sakura, haruto)
}

#[test]
fn the_desk_answers_only_its_own_host_a_logged_in_browser_and_posts_with_the_token() {
    let (dir, _, _) = two_children();
    let desk = Desk::start(dir.path(), "2026-11-20");
    // DNS rebinding: a page on another name that resolves to 127.0.0.1.
    for host in [
        "evil.example",
        "evil.example:80",
        &format!("127.0.0.1.evil.example:{}", desk.port),
    ] {
        let a = request(
            &desk,
            "GET",
            &format!("/login?token={}", desk.token),
            &[("Host", host)],
            "",
        );
        assert_eq!(a.status, 421, "Host {host}");
        assert!(a.header("set-cookie").is_none());
    }
    // No cookie: nothing.
    let a = request(&desk, "GET", "/", &[], "");
    assert_eq!(a.status, 401);
    assert!(!a.body.contains("さくら"), "no child's name before login");
    // A wrong token.
    let a = request(&desk, "GET", &format!("/login?token={}", "0".repeat(64)), &[], "");
    assert_eq!(a.status, 403);
    assert!(a.header("set-cookie").is_none());
    // The right one, once.
    let cookie = login(&desk);
    let again = request(&desk, "GET", &format!("/login?token={}", desk.token), &[], "");
    assert_eq!(again.status, 403, "the token works once");
    let home = request(&desk, "GET", "/", &[("Cookie", &cookie)], "");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("山田 さくら") && home.body.contains("佐藤 はると"));
    let csp = home.header("content-security-policy").expect("a CSP");
    assert!(
        csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(home.header("x-frame-options"), Some("DENY"));
    // localhost is this desk too; another host is refused even with the cookie.
    let local = format!("localhost:{}", desk.port);
    assert_eq!(
        request(&desk, "GET", "/", &[("Cookie", &cookie), ("Host", &local)], "").status,
        200
    );
    assert_eq!(
        request(
            &desk,
            "GET",
            "/",
            &[("Cookie", &cookie), ("Host", "evil.example")],
            ""
        )
        .status,
        421
    );
    // A POST without the CSRF token, with a wrong one, or from another origin: refused.
    let csrf = csrf_of(&home.body);
    for body in ["lang=en".to_owned(), format!("lang=en&csrf={}", "1".repeat(64))] {
        let a = request(&desk, "POST", "/lang", &[("Cookie", &cookie)], &body);
        assert_eq!(a.status, 403, "{body}");
    }
    let with_token = format!("lang=en&back=%2F&csrf={csrf}");
    let a = request(
        &desk,
        "POST",
        "/lang",
        &[("Cookie", &cookie), ("Origin", "http://evil.example")],
        &with_token,
    );
    assert_eq!(a.status, 403, "another origin");
    let still = request(&desk, "GET", "/", &[("Cookie", &cookie)], "");
    assert!(still.body.contains("<html lang=\"ja\">"), "nothing changed");
    // With the token, from this origin: done.
    let origin = format!("http://{}", desk.host());
    let a = request(
        &desk,
        "POST",
        "/lang",
        &[("Cookie", &cookie), ("Origin", &origin)],
        &with_token,
    );
    assert_eq!(a.status, 303);
    let english = request(&desk, "GET", "/", &[("Cookie", &cookie)], "");
    assert!(english.body.contains("<html lang=\"en\">") && english.body.contains("Needs attention"));
}

#[test]
fn home_lists_who_needs_attention_first_and_finds_a_child_by_kana() {
    let (dir, sakura, haruto) = two_children();
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let home = request(&desk, "GET", "/", &[("Cookie", &cookie)], "").body;
    let (attention, rest) = home.split_once("id=\"h-others\"").expect("two groups");
    assert!(
        attention.contains(&format!("/child/{sakura}")),
        "さくら needs attention"
    );
    assert!(
        attention.contains("確認されていないセクションがある"),
        "{attention}"
    );
    assert!(rest.contains(&format!("/child/{haruto}")), "はると is in order");
    assert!(!attention.contains(&format!("/child/{haruto}")));
    // Katakana, half-width and spaces fold to the kana.
    for q in [
        "%E3%82%B5%E3%83%88%E3%82%A6",
        "%EF%BD%BB%EF%BE%84%EF%BD%B3",
        "%E3%81%95%E3%81%A8%E3%81%86+%E3%81%AF",
    ] {
        let found = request(&desk, "GET", &format!("/?q={q}"), &[("Cookie", &cookie)], "").body;
        assert!(found.contains(&format!("/child/{haruto}")), "{q}");
        assert!(!found.contains(&format!("/child/{sakura}")), "{q}");
    }
}

#[test]
fn a_childs_pages_and_documents_show() {
    let (dir, sakura, _) = two_children();
    run(
        dir.path(),
        &["device", "set-name", &sakura, "山田花子", "--role", "母"],
    );
    run(
        dir.path(),
        &[
            "edit",
            &sakura,
            "--set",
            "devices.dev-vent.settings.ventilator.peep=6",
        ],
    );
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let get = |path: &str| request(&desk, "GET", path, &[("Cookie", &cookie)], "");
    let overview = get(&format!("/child/{sakura}"));
    assert_eq!(overview.status, 200);
    assert!(
        overview.body.contains("山田花子") && overview.body.contains("母"),
        "members by name"
    );
    assert!(overview.body.contains("共有されていません"), "sync status");
    for audience in ["shelter", "ems", "caregiver"] {
        let view = get(&format!("/child/{sakura}/view/{audience}"));
        assert_eq!(view.status, 200, "{audience}");
        assert!(view.body.contains("class=\"vsec red\""), "{audience}");
    }
    let history = get(&format!("/child/{sakura}/history")).body;
    assert!(
        history.contains("山田花子") && history.contains("5 → 6"),
        "who, old → new"
    );
    let card = get(&format!("/child/{sakura}/card?view=shelter&size=wallet"));
    assert_eq!(card.status, 200);
    assert!(card.body.contains("人工呼吸器"));
    assert!(
        card.header("content-security-policy")
            .is_some_and(|c| c.starts_with("default-src 'none'")),
        "the card runs no script"
    );
    assert!(
        get(&format!("/child/{sakura}/plan"))
            .body
            .contains("個別避難計画")
    );
    let ips = get(&format!("/child/{sakura}/ips"));
    assert!(
        ips.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    let bundle: serde_json::Value = serde_json::from_str(&ips.body).expect("JSON");
    assert_eq!(bundle["resourceType"], "Bundle");
    // An unknown child, an unknown audience.
    assert_eq!(get("/child/p-unknown").status, 404);
    assert_eq!(get(&format!("/child/{sakura}/view/press")).status, 404);
}

#[test]
fn roster_lists_who_needs_attention_and_why() {
    let (dir, sakura, haruto) = two_children();
    let table = run(
        dir.path(),
        &[
            "--lang",
            "en",
            "roster",
            "--needs-attention",
            "--as-of",
            "2026-11-20",
        ],
    );
    assert!(table.contains(&sakura) && !table.contains(&haruto), "{table}");
    assert!(table.contains("some sections are not verified"), "{table}");
    let json = run(
        dir.path(),
        &["--json", "roster", "--needs-attention", "--as-of", "2026-11-20"],
    );
    let rows: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(rows[0]["profile_id"], sakura.as_str());
    assert!(
        rows[0]["reasons"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "unverified_sections"))
    );
    // Years later, everyone.
    let later = run(
        dir.path(),
        &["--json", "roster", "--needs-attention", "--as-of", "2030-01-01"],
    );
    let rows: serde_json::Value = serde_json::from_str(&later).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_section_is_edited_through_the_form_with_warnings_to_confirm() {
    let (dir, sakura, _) = two_children();
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let path = format!("/child/{sakura}/edit/child");
    let form = request(&desk, "GET", &path, &[("Cookie", &cookie)], "");
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("name=\"f:child.nickname\" type=\"text\" value=\"さくちゃん\"")
    );
    let csrf = csrf_of(&form.body);
    let post = |body: &str| {
        request(
            &desk,
            "POST",
            &path,
            &[("Cookie", &cookie)],
            &format!("csrf={csrf}&{body}"),
        )
    };
    // No name for this device in the profile: nothing is saved, and the page says how to fix it.
    let nameless = post("f:child.nickname=%E3%81%95%E3%81%8F");
    assert_eq!(nameless.status, 422);
    assert!(nameless.body.contains("端末の名前"), "{}", nameless.body);
    run(
        dir.path(),
        &["device", "set-name", &sakura, "山田花子", "--role", "母"],
    );
    // Typed as a person would: full-width digits are normalized by the core.
    let saved = post("f:child.nickname=%E3%81%95%E3%81%8F&f:child.weight.kg=%EF%BC%91%EF%BC%96");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let history = request(
        &desk,
        "GET",
        &format!("/child/{sakura}/history"),
        &[("Cookie", &cookie)],
        "",
    )
    .body;
    assert!(
        history.contains("山田花子") && history.contains("さくちゃん → さく"),
        "{history}"
    );
    // An implausible weight for a six-year-old: shown with its warning, not saved until confirmed.
    let questioned = post("f:child.weight.kg=120");
    assert_eq!(questioned.status, 422);
    assert!(
        questioned.body.contains("name=\"confirm\""),
        "{}",
        questioned.body
    );
    assert!(questioned.body.contains("value=\"120\""), "what was typed stays");
    let shown = run(dir.path(), &["--json", "profile", "show", &sakura]);
    assert!(
        shown.contains("\"kg\": 16") || shown.contains("\"kg\":16"),
        "{shown}"
    );
    let confirmed = post("f:child.weight.kg=120&confirm=yes");
    assert_eq!(confirmed.status, 303, "{}", confirmed.body);
    let shown = run(dir.path(), &["--json", "profile", "show", &sakura]);
    assert!(
        shown.contains("\"kg\": 120") || shown.contains("\"kg\":120"),
        "{shown}"
    );
    // Collections are not edited here yet; an unknown section is not a page.
    assert_eq!(
        request(
            &desk,
            "GET",
            &format!("/child/{sakura}/edit/devices"),
            &[("Cookie", &cookie)],
            ""
        )
        .status,
        404
    );
}

#[test]
fn a_ventilator_added_by_kind_shows_on_the_shelter_card() {
    let (dir, _, haruto) = two_children();
    run(
        dir.path(),
        &[
            "device",
            "set-name",
            &haruto,
            "佐藤 みどり",
            "--role",
            "coordinator",
        ],
    );
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let get = |path: &str| request(&desk, "GET", path, &[("Cookie", &cookie)], "");
    let card = get(&format!("/child/{haruto}/card?view=shelter&size=a4")).body;
    assert!(!card.contains("Trilogy"), "no device yet");
    let form = get(&format!("/child/{haruto}/devices/new?kind=ventilator"));
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"f:devices.settings.ventilator.peep\""));
    assert!(
        !form.body.contains("f:devices.settings.oxygen"),
        "only this kind's settings"
    );
    let csrf = csrf_of(&form.body);
    let post = |body: &str| {
        request(
            &desk,
            "POST",
            &format!("/child/{haruto}/devices/new"),
            &[("Cookie", &cookie)],
            &format!("csrf={csrf}&kind=ventilator&f:devices.model=Trilogy&{body}"),
        )
    };
    // PEEP 40 cmH2O is questioned: nothing added until confirmed.
    let questioned = post("f:devices.settings.ventilator.peep=40");
    assert_eq!(questioned.status, 422, "{}", questioned.body);
    assert!(questioned.body.contains("name=\"confirm\""));
    assert!(!get(&format!("/child/{haruto}/devices")).body.contains("Trilogy"));
    // Typed with full-width digits and the unit: normalized by the core.
    let added = post("f:devices.settings.ventilator.peep=%EF%BC%95cmH2O");
    assert_eq!(added.status, 303, "{}", added.body);
    let list = get(&format!("/child/{haruto}/devices")).body;
    assert!(list.contains("人工呼吸器") && list.contains("Trilogy"), "{list}");
    let card = get(&format!("/child/{haruto}/card?view=shelter&size=a4")).body;
    assert!(
        card.contains("人工呼吸器"),
        "the shelter card shows the ventilator"
    );
    assert_eq!(
        get(&format!("/child/{haruto}/devices/new?kind=toaster")).status,
        404
    );
}

#[test]
fn values_that_differ_after_a_merge_are_resolved_on_the_history_page() {
    // Two copies of one child edited apart (the export goes to a second store and comes back).
    let (dir, sakura, _) = two_children();
    let other = copy_elsewhere(dir.path(), &sakura);
    run(
        other.path(),
        &[
            "--as",
            "父",
            "edit",
            &sakura,
            "--set",
            "child.nickname=さーちゃん",
        ],
    );
    run(dir.path(), &["edit", &sakura, "--set", "child.nickname=さくぴー"]);
    bring_back(other.path(), dir.path(), &sakura);
    let desk = Desk::start(dir.path(), "2026-11-20");
    let cookie = login(&desk);
    let home = request(&desk, "GET", "/", &[("Cookie", &cookie)], "").body;
    assert!(
        home.contains("同時の編集で値が食い違っている項目: 1"),
        "needs attention: {home}"
    );
    let history = request(
        &desk,
        "GET",
        &format!("/child/{sakura}/history"),
        &[("Cookie", &cookie)],
        "",
    );
    assert!(
        history.body.contains("name=\"path\" value=\"child.nickname\""),
        "{}",
        history.body
    );
    // The choices in the form's order: keep the father's value.
    let form = history.body.split_once("class=\"resolve\"").expect("a form").1;
    let keep = if form.find("さーちゃん") < form.find("さくぴー") {
        0
    } else {
        1
    };
    let csrf = csrf_of(&history.body);
    let a = request(
        &desk,
        "POST",
        &format!("/child/{sakura}/review"),
        &[("Cookie", &cookie)],
        &format!("csrf={csrf}&path=child.nickname&keep={keep}"),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let after = request(
        &desk,
        "GET",
        &format!("/child/{sakura}/history"),
        &[("Cookie", &cookie)],
        "",
    )
    .body;
    assert!(!after.contains("name=\"path\""), "nothing left to review");
    let shown = run(dir.path(), &["--json", "profile", "show", &sakura]);
    assert!(
        shown.contains("さーちゃん") && !shown.contains("さくぴー"),
        "{shown}"
    );
}

// The roster page, archiving and deleting (h15-roster): a child module, to share the helpers above.
#[path = "desk_roster.rs"]
mod roster;
