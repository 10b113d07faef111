//! The HTML reports in a real browser: headless Chromium renders `report.html` of a run, of a
//! comparison and of an exploration to a screenshot that must not be blank, and the reports
//! reference nothing external.
//! A script run on a copy of each report (the report itself has none) measures the page: every
//! link of the table of contents leads to an element, every chart is titled once, and each
//! target of a run is shown beside its histogram (the report marks a target's block
//! `class="target"`, its text `class="target-text"`, and the histogram is the block's `<figure>`).
//! The report of a sensitivity study is rendered too, and loads without a console message and
//! with every chart drawn at a size.
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
/// elements show that title (caption, headings, SVG text), each target block's text, the
/// text of its histogram and the boxes (left, right, top, bottom) of the two, and every image's
/// laid-out size (`img` and inline `svg`) with whether it loaded.
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
  const images = [...document.querySelectorAll('img, svg')].map(e => {
    const r = e.getBoundingClientRect();
    const loaded = e.tagName.toLowerCase() === 'img' ? e.complete && e.naturalWidth > 0 : true;
    return { tag: e.tagName.toLowerCase(), width: r.width, height: r.height, loaded };
  });
  const out = document.createElement('pre');
  out.id = 'softpower-probe';
  out.textContent = JSON.stringify({ toc, ids, figures, targets, images });
  document.body.appendChild(out);
})();
</script>"#;

/// Lay out a copy of `html` with [`PROBE`] added and return what it measured.
fn probe(browser: &Path, html: &Path, dir: &Path) -> serde_json::Value {
    probe_with(browser, html, dir, PROBE)
}

/// Lay out a copy of `html` with `script` added (it writes JSON into a
/// `<pre id="softpower-probe">`) and return that JSON.
fn probe_with(browser: &Path, html: &Path, dir: &Path, script: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(html).unwrap();
    let copy = dir.join("probe.html");
    std::fs::write(
        &copy,
        text.replace("</body>", &format!("{script}\n</body>")),
    )
    .unwrap();
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

/// The table of contents exists, names `sections` and every link leads to an element; ids are
/// unique.
fn assert_navigable(p: &serde_json::Value, sections: &[&str]) {
    let toc = p["toc"].as_array().expect("toc");
    assert!(!toc.is_empty(), "no table of contents (nav links)");
    for l in toc {
        assert_eq!(l["found"], true, "TOC link {} leads nowhere", l["href"]);
    }
    for s in sections {
        let href = format!("#{s}");
        assert!(
            toc.iter().any(|l| l["href"] == href.as_str()),
            "the table of contents has no link to {href}"
        );
    }
    let mut ids: Vec<&str> = p["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate element ids");
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

/// Each target of `summary.json` has one block in which its histogram (which marks the target)
/// stands to the right of its text, level with it.
fn assert_targets_beside_histograms(p: &serde_json::Value, summary: &serde_json::Value) {
    let blocks = p["targets"].as_array().unwrap();
    let targets = summary["targets"].as_array().unwrap();
    assert!(!targets.is_empty());
    for t in targets {
        let name = t["name"].as_str().unwrap();
        let mine: Vec<_> = blocks
            .iter()
            .filter(|b| b["text"].as_str().unwrap().contains(name))
            .collect();
        assert_eq!(mine.len(), 1, "target {name:?}: {} blocks", mine.len());
        let b = mine[0];
        let head: String = name.chars().take(12).collect();
        assert!(
            b["histogram"].as_str().unwrap().contains(&head),
            "target {name:?}: its block has no histogram marking it"
        );
        let edges = |k: &str| -> Vec<f64> {
            b[k].as_array()
                .unwrap_or_else(|| panic!("target {name:?}: no {k}"))
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        };
        let (text, fig) = (edges("text_box"), edges("figure_box"));
        assert!(
            fig[0] >= text[1] - 1.0,
            "target {name:?}: the histogram (x {}–{}) is not to the right of the text (x {}–{})",
            fig[0],
            fig[1],
            text[0],
            text[1]
        );
        assert!(
            fig[2] < text[3] && text[2] < fig[3],
            "target {name:?}: the histogram (y {}–{}) is not level with the text (y {}–{})",
            fig[2],
            fig[3],
            text[2],
            text[3]
        );
        assert!(
            fig[1] - fig[0] >= 400.0,
            "target {name:?}: histogram only {} px wide",
            fig[1] - fig[0]
        );
    }
}

/// The console messages (errors, warnings, logs) Chromium reports while loading `html` as it is.
fn console_messages(browser: &Path, html: &Path, dir: &Path) -> Vec<String> {
    let out = headless(browser, dir)
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("start chromium");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect()
}

/// Every image loaded and every chart is laid out at a readable size; there is at least one.
fn assert_images_drawn(p: &serde_json::Value) {
    let images = p["images"].as_array().expect("images");
    assert!(!images.is_empty(), "no images");
    for i in images {
        assert_eq!(i["loaded"], true, "an image did not load: {i}");
        let (w, h) = (i["width"].as_f64().unwrap(), i["height"].as_f64().unwrap());
        assert!(
            w >= 400.0 && h >= 150.0,
            "an image laid out at {w} × {h}: {i}"
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

/// Run `softpower <args> --quiet --out <tmp>/out`; returns the temporary directory and the output
/// directory.
fn written(args: &[&std::ffi::OsStr]) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    Command::cargo_bin("softpower")
        .unwrap()
        .args(args)
        .args(["--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    (d, out)
}

#[test]
fn run_report_renders_in_a_browser() {
    let (d, out) = written(&["run".as_ref(), "--paths".as_ref(), "600".as_ref()]);
    let html = out.join("report.html");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    check(d.path(), &html, |b| {
        let p = probe(b, &html, d.path());
        assert_titled_once(&p);
        assert_navigable(&p, &["levers", "targets", "outcomes", "charts", "run"]);
        assert_targets_beside_histograms(&p, &summary);
    });
}

#[test]
fn compare_report_renders_in_a_browser() {
    let (a, b) = (scenario("baseline.toml"), scenario("export_push.toml"));
    let args = [
        "compare".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "--paths".as_ref(),
        "600".as_ref(),
    ];
    let (d, out) = written(&args);
    let html = out.join("report.html");
    check(d.path(), &html, |b| {
        let p = probe(b, &html, d.path());
        assert_titled_once(&p);
        assert_navigable(
            &p,
            &[
                "levers",
                "targets",
                "outcomes",
                "differences",
                "charts",
                "run",
            ],
        );
    });
}

#[test]
fn sensitivity_report_renders_in_a_browser() {
    let file = scenario("ishigami.toml");
    let (d, out) = written(&[
        "sensitivity".as_ref(),
        file.as_os_str(),
        "--samples".as_ref(),
        "256".as_ref(),
    ]);
    let html = out.join("report.html");
    check(d.path(), &html, |b| {
        let console = console_messages(b, &html, d.path());
        assert!(console.is_empty(), "console messages: {console:#?}");
        let p = probe(b, &html, d.path());
        assert_titled_once(&p);
        assert_images_drawn(&p);
        assert_navigable(&p, &["ranking", "outputs", "output-1", "factors", "study"]);
    });
}

/// The laid-out size of each figure's SVG, as JSON `[[width, height], ...]`.
const FIGURE_SIZES: &str = r#"<script>
(function () {
  const sizes = [...document.querySelectorAll('figure')].map(f => {
    const s = f.querySelector('svg');
    const r = s ? s.getBoundingClientRect() : { width: 0, height: 0 };
    return [r.width, r.height];
  });
  const out = document.createElement('pre');
  out.id = 'softpower-probe';
  out.textContent = JSON.stringify(sizes);
  document.body.appendChild(out);
})();
</script>"#;

/// The report of a two-factor exploration: navigable, every chart titled once and drawn at a
/// readable size, and nothing said on the browser's console.
#[test]
fn explore_report_renders_in_a_browser() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("grid.toml");
    let text = format!(
        "[scenario]\nextends = {:?}\nname = \"push_grid\"\n[explore]\npaths = 60\n[explore.factors]\n\
         \"levers.funding_bn_per_year.2022\" = {{ min = 0.0, max = 8.0, levels = 3 }}\n\
         \"levers.visa_easing.2022\" = {{ values = [0.0, 1.0] }}\n",
        scenario("export_push.toml").display().to_string()
    );
    std::fs::write(&file, text).unwrap();
    let out = d.path().join("out");
    Command::cargo_bin("softpower")
        .unwrap()
        .args(["explore", "--quiet", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    let html = out.join("report.html");
    let charts = std::fs::read_dir(out.join("charts")).unwrap().count() / 2;
    check(d.path(), &html, |b| {
        let p = probe(b, &html, d.path());
        assert_titled_once(&p);
        assert_navigable(&p, &["design", "charts", "experiments", "run"]);
        let sizes = probe_with(b, &html, d.path(), FIGURE_SIZES);
        let sizes = sizes.as_array().unwrap();
        assert_eq!(sizes.len(), charts, "figures vs chart files");
        for s in sizes {
            let (w, h) = (s[0].as_f64().unwrap(), s[1].as_f64().unwrap());
            assert!(w >= 600.0 && h >= 300.0, "a chart laid out at {w} × {h} px");
        }
        let console = console_messages(b, &html, d.path());
        assert!(console.is_empty(), "console messages: {console:#?}");
    });
}
