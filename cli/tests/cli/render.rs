//! What people will see, checked with the real tools: the demo child's card rendered by headless
//! Chromium to PNG and printed to PDF (A4 and wallet size), the PDF's text read back with
//! `pdftotext`, and the shelter QR (the PNG `tsunagu qr` writes, the SVG, and the QR printed on
//! the wallet card) decoded by `zbarimg` to exactly the summary text.
//!
//! The print pipeline, for the demo child and every fixture profile in `core/testdata/profiles/`:
//! the shelter card printed to PDF, its red sections on the front of the first A4 page, the
//! wallet card on exactly two pages (one card, both sides), and the page holding the QR
//! rasterized at 150 dpi — what a phone photo of a whole A4 sheet resolves — read by zbar,
//! zxing-cpp and OpenCV's default detector to exactly the summary, with modules of at least
//! 0.5 mm as printed.
//!
//! Needs Debian's `chromium`, `fonts-noto-cjk`, `poppler-utils` and `zbar-tools`
//! (`scripts/install-render-tools`) and the Python readers in `.venv-qr`
//! (`scripts/install-qr-readers`). Where they are missing the tests say so and pass, unless
//! `TSUNAGU_REQUIRE_RENDER_TOOLS=1` (set by `scripts/test-all`, so CI always runs them).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{create, demo_store, run};
use serde_json::Value;

const TODAY: &str = "2026-11-24";

/// True when every tool is here; false (after saying so) when they are missing and not required.
fn tools_present() -> bool {
    let missing: Vec<&str> = [
        "chromium",
        "pdftotext",
        "pdfinfo",
        "pdftoppm",
        "zbarimg",
        "fc-list",
    ]
    .into_iter()
    .filter(|tool| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
    })
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("TSUNAGU_REQUIRE_RENDER_TOOLS").is_none(),
        "render tools missing: {missing:?} (run scripts/install-render-tools)"
    );
    eprintln!("skipping: render tools missing: {missing:?} (run scripts/install-render-tools)");
    false
}

/// Runs a tool, asserts success, returns stdout.
fn tool(program: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Headless Chromium with the flags this machine needs (no sandbox as root, no background
/// networking) and a fresh profile directory.
fn chromium(work: &Path, args: &[&str], page: &Path) {
    let profile = tempfile::tempdir_in(work).expect("profile dir");
    let mut all: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    all.push(format!("--user-data-dir={}", profile.path().display()));
    all.extend(args.iter().map(|s| (*s).to_owned()));
    all.push(format!("file://{}", page.display()));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    tool("chromium", &refs);
}

/// The Python that has zxing-cpp and OpenCV (`scripts/install-qr-readers`), or `None` (after
/// saying so) when it is missing and not required.
fn qr_python() -> Option<PathBuf> {
    let python = std::env::var_os("TSUNAGU_QR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".venv-qr/bin/python"));
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("TSUNAGU_REQUIRE_RENDER_TOOLS").is_none(),
        "QR readers missing: {} (run scripts/install-qr-readers)",
        python.display()
    );
    eprintln!("skipping: QR readers missing (run scripts/install-qr-readers)");
    None
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI crate sits in the workspace")
        .to_owned()
}

/// What zxing-cpp and OpenCV make of `image` (`scripts/qr/read_qr.py`).
fn python_readers(python: &Path, image: &Path) -> Value {
    let script = repo_root().join("scripts/qr/read_qr.py");
    let out = tool(
        python.to_str().expect("path"),
        &[script.to_str().expect("path"), image.to_str().expect("path")],
    );
    serde_json::from_slice(&out).expect("read_qr.py JSON")
}

/// The DPI of a phone photo of a whole A4 sheet: a 12-megapixel camera frames the 297 mm side in
/// ~2,000 of its 4,000 pixels once the sheet is held at arm's length with a margin around it.
const PHONE_DPI: u32 = 150;

/// The phone coming closer, for OpenCV (see the test).
const OPENCV_DPIS: &[u32] = &[150, 160, 170, 180, 190, 200, 210, 220];

/// Page `page` of `pdf` as a PNG at `dpi`, written to `prefix.png`.
fn raster(pdf: &Path, page: usize, dpi: u32, prefix: &Path) -> PathBuf {
    let page = page.to_string();
    tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-png",
            "-singlefile",
            "-f",
            &page,
            "-l",
            &page,
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    prefix.with_extension("png")
}

/// The demo child and every fixture profile (`core/testdata/profiles/*.json`), each in a store
/// of its own: `(name, store, id)`.
fn profiles() -> Vec<(String, tempfile::TempDir, String)> {
    let (dir, id) = demo_store();
    let mut all = vec![("demo".to_owned(), dir, id)];
    let fixtures = repo_root().join("core/testdata/profiles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    for file in files {
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = serde_json::from_slice(&std::fs::read(&file).expect("fixture")).expect("fixture JSON");
        let id = create(dir.path(), "fixture.json", &profile);
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("fixture")
            .to_owned();
        all.push((name, dir, id));
    }
    all
}

fn print_pdf(work: &Path, html: &Path, pdf: &Path) {
    chromium(
        work,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
        html,
    );
}

fn pdf_text(pdf: &Path) -> String {
    let text = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().expect("path"), "-"]);
    String::from_utf8(text).expect("utf-8 text")
}

/// `(pages, width pt, height pt)` from `pdfinfo`.
fn pdf_pages_and_size(pdf: &Path) -> (usize, f64, f64) {
    let info = String::from_utf8(tool("pdfinfo", &[pdf.to_str().expect("path")])).expect("utf-8");
    let field = |name: &str| -> String {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {info}"))
            .trim()
            .to_owned()
    };
    let pages = field("Pages:").parse().expect("page count");
    let size = field("Page size:");
    let nums: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (pages, nums[0], nums[1])
}

/// What zbarimg reads, or nothing when it finds no code (a failure to report, not to panic on).
fn zbar_text(image: &Path) -> String {
    Command::new("zbarimg")
        .args(["--raw", "-q", image.to_str().expect("path")])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn zbar(image: &Path) -> String {
    let text = tool("zbarimg", &["--raw", "-q", image.to_str().expect("path")]);
    String::from_utf8(text).expect("utf-8 QR text")
}

/// Writes the shelter QR of `id` in `lang` to `out` with `tsunagu qr`; returns the summary text
/// it prints.
fn qr_summary(work: &Path, id: &str, lang: &str, out: &Path) -> String {
    let out = out.to_str().expect("path");
    run(work, &["--lang", lang, "qr", id, "--today", TODAY, "--out", out])
}

/// Text without whitespace and hyphens: pdftotext breaks lines where the page wraps them, and
/// joins a line that ends in a hyphen to the next without it (`090-` + `0000` → `0900000`).
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

fn card(dir: &Path, id: &str, view: &str, lang: &str, size: &str) -> PathBuf {
    let out = dir.join(format!("card-{view}-{lang}-{size}.html"));
    let out_s = out.to_str().expect("path").to_owned();
    run(
        dir,
        &[
            "--lang", lang, "card", id, "--view", view, "--size", size, "--today", TODAY, "--out", &out_s,
        ],
    );
    out
}

/// The red sections' titles and item labels of `view` in `lang`, from `tsunagu view --json`.
fn red_words(dir: &Path, id: &str, view: &str, lang: &str) -> Vec<String> {
    let json = run(
        dir,
        &[
            "--lang",
            lang,
            "view",
            id,
            "--audience",
            view,
            "--today",
            TODAY,
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&json).expect("view JSON");
    let mut words = Vec::new();
    for s in v["sections"].as_array().expect("sections") {
        if s["priority"] != "red" {
            continue;
        }
        words.push(s["title"].as_str().expect("title").to_owned());
        for item in s["items"].as_array().expect("items") {
            words.push(item["label"].as_str().expect("label").to_owned());
            words.push(item["value"].as_str().expect("value").to_owned());
        }
    }
    words
}

#[test]
fn the_a4_card_prints_with_every_red_item_in_japanese_and_english() {
    if !tools_present() {
        return;
    }
    // A Japanese font must be installed, or Chromium draws every kanji as a box.
    let fonts = String::from_utf8(tool("fc-list", &[":lang=ja", "family"])).expect("utf-8");
    assert!(fonts.contains("Noto Sans CJK JP"), "no Japanese font: {fonts}");

    let (dir, id) = demo_store();
    let work = dir.path();
    for view in ["shelter", "ems", "caregiver"] {
        for lang in ["ja", "en"] {
            let html = card(work, &id, view, lang, "a4");
            let pdf = work.join(format!("{view}-{lang}.pdf"));
            print_pdf(work, &html, &pdf);
            let (pages, w, h) = pdf_pages_and_size(&pdf);
            assert!(pages >= 1);
            assert!(
                (w - 595.0).abs() < 2.0 && (h - 842.0).abs() < 2.0,
                "not A4: {w} x {h}"
            );
            let text = squash(&pdf_text(&pdf));
            for word in red_words(work, &id, view, lang) {
                assert!(
                    text.contains(&squash(&word)),
                    "{view}/{lang}: {word:?} not in the PDF"
                );
            }
        }
    }
    // Side by side: both languages' key words on the same pages.
    let html = card(work, &id, "shelter", "ja+en", "a4");
    let pdf = work.join("shelter-both.pdf");
    print_pdf(work, &html, &pdf);
    let text = squash(&pdf_text(&pdf));
    for word in [
        "命を支えているもの",
        "What keeps the child alive",
        "してはいけないこと",
        "Never do",
        "人工呼吸器",
        "Ventilator",
        "家族による自己申告の情報です",
        "Self-reported by the family",
        "090-0000-0001",
    ] {
        assert!(text.contains(&squash(word)), "{word:?} not in the ja+en PDF");
    }

    // The screenshot shows the page (not blank) and its QR decodes to the summary.
    let png = work.join("shelter-both.png");
    chromium(
        work,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1240,1754",
            "--force-device-scale-factor=2",
            "--hide-scrollbars",
        ],
        &html,
    );
    assert!(
        std::fs::metadata(&png).expect("png").len() > 50_000,
        "screenshot looks blank"
    );
    let summary = qr_summary(work, &id, "ja+en", &work.join("q.svg"));
    assert_eq!(
        zbar(&png),
        summary,
        "the card's QR does not decode to the summary"
    );
}

#[test]
fn the_wallet_card_prints_on_card_size_pages_and_its_qr_decodes() {
    if !tools_present() {
        return;
    }
    let (dir, id) = demo_store();
    let work = dir.path();
    for lang in ["ja", "ja+en"] {
        let html = card(work, &id, "shelter", lang, "wallet");
        let pdf = work.join(format!("wallet-{lang}.pdf"));
        print_pdf(work, &html, &pdf);
        let (pages, w, h) = pdf_pages_and_size(&pdf);
        // 85.6 x 54 mm is 242.6 x 153.1 pt.
        assert!(
            (w - 242.6).abs() < 2.0 && (h - 153.1).abs() < 2.0,
            "not ID-1: {w} x {h}"
        );
        assert!(pages >= 2, "front and back expected, got {pages}");
        let text = squash(&pdf_text(&pdf));
        for word in ["命を支えているもの", "人工呼吸器", "緊急時の薬", "090-0000-0001"] {
            assert!(
                text.contains(&squash(word)),
                "{lang}: {word:?} not on the wallet card"
            );
        }
        // The QR is on the last card; print it at 300 dpi as a printer would and read it back.
        let prefix = work.join(format!("wallet-{lang}"));
        tool(
            "pdftoppm",
            &[
                "-r",
                "300",
                "-png",
                "-f",
                &pages.to_string(),
                "-l",
                &pages.to_string(),
                pdf.to_str().expect("path"),
                prefix.to_str().expect("path"),
            ],
        );
        let last = std::fs::read_dir(work)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("wallet-{lang}-")) && n.ends_with(".png"))
            })
            .expect("rendered last page");
        let summary = qr_summary(work, &id, lang, &work.join("w.png"));
        assert_eq!(zbar(&last), summary, "{lang}: the wallet card's QR");
    }
}

#[test]
fn the_qr_png_and_svg_decode_to_exactly_the_summary() {
    if !tools_present() {
        return;
    }
    let (dir, id) = demo_store();
    let work = dir.path();
    for lang in ["ja", "en", "ja+en"] {
        let png = work.join(format!("qr-{lang}.png"));
        let summary = qr_summary(work, &id, lang, &png);
        assert!(summary.len() <= 1001, "{lang}: {} bytes", summary.len());
        assert_eq!(zbar(&png), summary, "{lang}: PNG");

        // The SVG, as a browser draws it.
        let svg = work.join(format!("qr-{lang}.svg"));
        let again = qr_summary(work, &id, lang, &svg);
        assert_eq!(again, summary);
        let shot = work.join(format!("qr-{lang}-svg.png"));
        chromium(
            work,
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1000,1000",
            ],
            &svg,
        );
        assert_eq!(zbar(&shot), summary, "{lang}: SVG");
    }
}

#[test]
fn the_evacuation_plan_prints_on_a4_with_its_legal_items() {
    if !tools_present() {
        return;
    }
    let (dir, id) = demo_store();
    let work = dir.path();
    let html = work.join("plan.html");
    run(
        work,
        &[
            "plan-export",
            &id,
            "--format",
            "html",
            "--as-of",
            TODAY,
            "--out",
            html.to_str().expect("path"),
        ],
    );
    let pdf = work.join("plan.pdf");
    print_pdf(work, &html, &pdf);
    let (_, w, h) = pdf_pages_and_size(&pdf);
    assert!(
        (w - 595.0).abs() < 2.0 && (h - 842.0).abs() < 2.0,
        "not A4: {w} x {h}"
    );
    let text = squash(&pdf_text(&pdf));
    for word in [
        "個別避難計画",
        "避難支援等実施者",
        "隣人 次郎",
        "090-0000-0003",
        "避難経路",
        "情報共有の同意",
    ] {
        assert!(text.contains(&squash(word)), "{word:?} not in the plan PDF");
    }
}

#[test]
fn the_red_sections_fit_the_front_of_the_first_a4_page_for_every_profile() {
    if !tools_present() {
        return;
    }
    let mut gaps = Vec::new();
    for (name, dir, id) in profiles() {
        let work = dir.path();
        for lang in ["ja", "ja+en"] {
            let html = card(work, &id, "shelter", lang, "a4");
            let pdf = work.join(format!("front-{lang}.pdf"));
            print_pdf(work, &html, &pdf);
            let front = String::from_utf8(tool(
                "pdftotext",
                // -raw: in the order Chromium drew the text, one cell after another (the
                // default reading order interleaves the two language columns line by line).
                &[
                    "-raw",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-enc",
                    "UTF-8",
                    pdf.to_str().expect("path"),
                    "-",
                ],
            ))
            .expect("utf-8");
            let front = squash(&front);
            let missing: Vec<String> = lang
                .split('+')
                .flat_map(|l| red_words(work, &id, "shelter", l))
                .filter(|word| !front.contains(&squash(word)))
                .collect();
            if !missing.is_empty() {
                println!("{name}/{lang}: not on the first page: {missing:?}");
                gaps.push(format!("{name}/{lang}/a4: red zone"));
            }
        }
    }
    assert!(gaps.is_empty(), "red items below the fold: {gaps:?}");
}

#[test]
fn the_printed_shelter_qr_reads_with_zbar_zxing_and_opencv_at_phone_resolution() {
    if !tools_present() {
        return;
    }
    let Some(python) = qr_python() else {
        return;
    };
    let mut failures = Vec::new();
    for (name, dir, id) in profiles() {
        let work = dir.path();
        for lang in ["ja", "ja+en"] {
            let summary = qr_summary(work, &id, lang, &work.join("q.png"));
            let summary = summary.strip_suffix('\n').unwrap_or(&summary);
            for size in ["a4", "wallet"] {
                let html = card(work, &id, "shelter", lang, size);
                let pdf = work.join(format!("{size}-{lang}.pdf"));
                print_pdf(work, &html, &pdf);
                let (pages, _, _) = pdf_pages_and_size(&pdf);
                // The wallet card is one card: its front, and the QR on its back.
                let page = match size {
                    "wallet" => {
                        if pages != 2 {
                            failures.push(format!("{name}/{lang}/wallet: two-sided"));
                        }
                        pages
                    }
                    _ => 1,
                };
                let image = raster(&pdf, page, PHONE_DPI, &work.join(format!("phone-{size}-{lang}")));
                let what = format!("{name}/{lang}/{size} at {PHONE_DPI} dpi");
                let read = python_readers(&python, &image);
                let zbar_ok = zbar_text(&image).strip_suffix('\n') == Some(summary);
                let zxing_ok = read["zxing"] == serde_json::json!([summary]);
                // OpenCV's default detector reads some renderings of a code and not others of
                // the same code a few pixels larger: its finder search is sensitive to how the
                // modules fall on the pixel grid. A phone scans a stream of frames while the
                // volunteer brings it closer, so OpenCV must read the sheet at one of the
                // distances from 150 dpi (arm's length) to 220 dpi (about two-thirds of it).
                let opencv_dpi = OPENCV_DPIS.iter().copied().find(|dpi| {
                    let read = if *dpi == PHONE_DPI {
                        read.clone()
                    } else {
                        let closer = raster(&pdf, page, *dpi, &work.join(format!("closer-{size}-{lang}")));
                        python_readers(&python, &closer)
                    };
                    read["opencv"].as_str() == Some(summary)
                });
                let opencv_ok = opencv_dpi.is_some();
                println!(
                    "{what}: zbar {zbar_ok}, zxing-cpp {zxing_ok}, OpenCV {opencv_ok} (at {opencv_dpi:?} dpi)"
                );
                for (reader, ok) in [("zbar", zbar_ok), ("zxing-cpp", zxing_ok), ("OpenCV", opencv_ok)] {
                    if !ok {
                        failures.push(format!("{what}: {reader}"));
                    }
                }
                if !zxing_ok {
                    continue;
                }
                // Modules as printed: the side zxing-cpp located over the modules of that version.
                let version: f64 = read["zxing_version"][0]
                    .as_str()
                    .and_then(|v| v.parse().ok())
                    .expect("zxing-cpp reports the version");
                let side_mm = read["zxing_side_px"][0].as_f64().expect("side") * 25.4 / f64::from(PHONE_DPI);
                let module_mm = side_mm / (17.0 + 4.0 * version);
                println!("{what}: version {version}, modules of {module_mm:.3} mm");
                assert!(module_mm >= 0.49, "{what}: modules of {module_mm:.3} mm");
            }
        }
    }
    // zbar, zxing-cpp and OpenCV read every code; every wallet card is one two-sided card.
    assert!(
        failures.is_empty(),
        "the printed QR did not read, or a wallet card is not one card:\n{}",
        failures.join("\n")
    );
}

/// The rescue medicines of `id` as `tsunagu view --json` words them in Japanese: each one's
/// name (the label without its "rescue" bracket), its dose (the value's first part) and its
/// trigger (the detail line after `使うとき：`).
fn rescue_words(dir: &Path, id: &str) -> Vec<[String; 3]> {
    let json = run(
        dir,
        &[
            "--lang",
            "ja",
            "view",
            id,
            "--audience",
            "shelter",
            "--today",
            TODAY,
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&json).expect("view JSON");
    let Some(rescue) = v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == "rescue")
    else {
        return Vec::new();
    };
    rescue["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            let label = item["label"].as_str().expect("label");
            let name = label
                .strip_suffix("（頓用薬（緊急時に使う薬））")
                .unwrap_or(label);
            let value = item["value"].as_str().expect("value");
            let dose = value.split('、').next().unwrap_or(value);
            let trigger = item["detail"]
                .as_str()
                .and_then(|d| d.lines().find_map(|l| l.strip_prefix("使うとき：")))
                .unwrap_or_default();
            [name.to_owned(), dose.to_owned(), trigger.to_owned()]
        })
        .collect()
}

/// Every profile with a rescue medicine, in Japanese and in both languages: its first rescue
/// medicine's name, dose and trigger are read from the front of the printed wallet card.
#[test]
fn the_printed_wallet_front_carries_the_rescue_medicine_with_its_trigger_and_dose() {
    if !tools_present() {
        return;
    }
    let mut checked = 0;
    let mut gaps = Vec::new();
    for (name, dir, id) in profiles() {
        let work = dir.path();
        let rescue = rescue_words(work, &id);
        if rescue.is_empty() {
            continue;
        }
        for lang in ["ja", "ja+en"] {
            let html = card(work, &id, "shelter", lang, "wallet");
            let pdf = work.join(format!("wallet-front-{lang}.pdf"));
            print_pdf(work, &html, &pdf);
            let (pages, _, _) = pdf_pages_and_size(&pdf);
            assert_eq!(pages, 2, "{name}/{lang}: one card, both sides");
            let front = String::from_utf8(tool(
                "pdftotext",
                // -raw: in the order Chromium drew the text (the default reading order mixes
                // the front's two columns line by line).
                &[
                    "-raw",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-enc",
                    "UTF-8",
                    pdf.to_str().expect("path"),
                    "-",
                ],
            ))
            .expect("utf-8");
            let front = squash(&front);
            // The first rescue medicine always; a second one goes where the front has room
            // (the rest are on the A4 sheet and in the QR, and the front says so).
            for words in rescue.iter().take(1) {
                for word in words.iter().filter(|w| !w.is_empty()) {
                    if !front.contains(&squash(word)) {
                        gaps.push(format!("{name}/{lang}: {word:?}"));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "too few profiles with a rescue medicine: {checked}");
    assert!(
        gaps.is_empty(),
        "not on the front of the wallet card:\n{}",
        gaps.join("\n")
    );
}
