//! The HTML reports in a real browser: headless Chromium renders `report.html` of a run and of a
//! comparison to a screenshot that must not be blank, and the reports reference nothing external.
//! A script run on a copy of each report (the report itself has none) measures the page: every
//! chart is captioned and titled once (not again inside its SVG).
//! Without Chromium the render is skipped locally but fails under CI (`.ci/run` installs it).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = std::process::Command::new("which").arg(name).output() {
            if out.status.success() {
                return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
            }
        }
    }
    None
}

fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "http://", "https://", "src=", "<link", "@import", "url(", "<script",
    ] {
        assert!(
            !lower.contains(bad),
            "report references an external resource: {bad}"
        );
    }
    assert!(lower.starts_with("<!doctype html>"));
    assert!(lower.contains("<svg"), "charts must be inline SVG");
}

/// Headless Chromium with a profile of its own under `dir`, a 1200 px wide window and nothing
/// going out to the network.
fn headless(browser: &Path, dir: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1200,1600",
    ])
    .arg(format!("--user-data-dir={}", dir.join("profile").display()));
    c
}

/// Render `html` headless and return the screenshot's RGBA pixels and size.
fn screenshot(browser: &Path, html: &Path, dir: &Path) -> (Vec<u8>, u32, u32) {
    let shot = dir.join("shot.png");
    let status = headless(browser, dir)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("start chromium");
    assert!(
        shot.exists(),
        "no screenshot; chromium said: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let rgba: Vec<u8> = buf
        .chunks(channels)
        .flat_map(|p| [p[0], p[1 % channels], p[2 % channels], 255])
        .collect();
    (rgba, info.width, info.height)
}

/// What the probe measures in the laid-out page, as JSON: the table of contents' links and
/// whether each leads to an element, every id, each figure's caption and how many of its
/// elements show that title (caption, headings, SVG text), and each target block's text, the
/// text of its histogram and the boxes (left, right, top, bottom) of the two.
const PROBE: &str = r#"<script>
(function () {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
  const toc = [...document.querySelectorAll('nav a[href]')].map(a => {
    const h = a.getAttribute('href');
    return { href: h, found: h.startsWith('#') && document.getElementById(decodeURIComponent(h.slice(1))) !== null };
  });
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const figures = [...document.querySelectorAll('figure')].map(f => {
    const cap = f.querySelector('figcaption');
    const title = cap ? cap.textContent.trim() : '';
    const shown = [...f.querySelectorAll('figcaption, h1, h2, h3, h4, h5, h6, text')]
      .map(e => e.textContent.trim())
      .filter(t => t !== '' && (t === title || (t.endsWith('…') && title.startsWith(t.slice(0, -1)))));
    return { title: title, shown: shown.length };
  });
  const targets = [...document.querySelectorAll('.target')].map(c => {
    const text = c.querySelector('.target-text');
    const fig = c.querySelector('figure');
    const svg = fig ? fig.querySelector('svg') : null;
    return {
      text: text ? text.textContent : '',
      histogram: svg ? svg.textContent : '',
      text_box: text ? box(text) : null,
      figure_box: fig ? box(fig) : null,
    };
  });
  const out = document.createElement('pre');
  out.id = 'softpower-probe';
  out.textContent = JSON.stringify({ toc, ids, figures, targets });
  document.body.appendChild(out);
})();
</script>"#;

/// Lay out a copy of `html` with [`PROBE`] added and return what it measured.
fn probe(browser: &Path, html: &Path, dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(html).unwrap();
    let copy = dir.join("probe.html");
    std::fs::write(&copy, text.replace("</body>", &format!("{PROBE}\n</body>"))).unwrap();
    let out = headless(browser, dir)
        .arg("--dump-dom")
        .arg(format!("file://{}", copy.display()))
        .output()
        .expect("start chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"softpower-probe\">").unwrap_or_else(|| {
        panic!(
            "the probe did not run; chromium said: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let json = &dom[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</pre>").unwrap()];
    let json = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("probe output {json}: {e}"))
}

/// Every chart has a caption and is titled exactly once (not again inside its SVG).
fn assert_titled_once(p: &serde_json::Value) {
    let figures = p["figures"].as_array().unwrap();
    assert!(!figures.is_empty());
    for f in figures {
        assert!(
            f["title"].as_str().is_some_and(|t| !t.is_empty()),
            "a chart without a caption: {f}"
        );
        assert_eq!(
            f["shown"], 1,
            "chart {} is titled {} times",
            f["title"], f["shown"]
        );
    }
}

fn assert_not_blank(rgba: &[u8], w: u32, h: u32) {
    let px = rgba.chunks(4);
    let n = (w * h) as f64;
    let non_white = px
        .clone()
        .filter(|p| p[0] < 240 || p[1] < 240 || p[2] < 240)
        .count() as f64;
    let mut colours: Vec<[u8; 3]> = px.map(|p| [p[0], p[1], p[2]]).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        non_white / n > 0.02,
        "screenshot nearly blank: {:.4} non-white",
        non_white / n
    );
    assert!(
        colours.len() > 20,
        "screenshot has only {} colours",
        colours.len()
    );
}

/// The report at `html` is self-contained, renders, and passes `layout` (given the browser).
fn check(dir: &Path, html: &Path, layout: impl FnOnce(&Path)) {
    let text = std::fs::read_to_string(html).unwrap();
    assert_self_contained(&text);
    match chromium() {
        Some(b) => {
            let (rgba, w, h) = screenshot(&b, html, dir);
            assert!(w >= 1000 && h >= 1000);
            assert_not_blank(&rgba, w, h);
            layout(&b);
        }
        None if std::env::var_os("CI").is_some() => panic!("chromium is required under CI"),
        None => eprintln!("chromium not installed: headless render skipped (structure checked)"),
    }
}

#[test]
fn run_report_renders_in_a_browser() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    Command::cargo_bin("softpower")
        .unwrap()
        .args(["run", "--paths", "600", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = out.join("report.html");
    check(d.path(), &html, |b| {
        let p = probe(b, &html, d.path());
        assert_titled_once(&p);
    });
}

#[test]
fn compare_report_renders_in_a_browser() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    Command::cargo_bin("softpower")
        .unwrap()
        .arg("compare")
        .arg(scenario("baseline.toml"))
        .arg(scenario("export_push.toml"))
        .args(["--paths", "600", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = out.join("report.html");
    check(d.path(), &html, |b| {
        let p = probe(b, &html, d.path());
        assert_titled_once(&p);
    });
}
