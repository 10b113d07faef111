//! HTML building blocks of the reports: escaping, the inline stylesheet, numbers, tables, levers,
//! inline SVG figures, element ids and the table of contents.

use crate::charts::format::fmt_sig;
use crate::charts::ChartSvg;
use crate::model::OutcomeInfo;
use std::fmt::Write;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The whole stylesheet, inlined in `<style>`; system fonts only.
pub(crate) const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI','DejaVu Sans',sans-serif;color:#1d2430;background:#fff;margin:0;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:1.8em;margin:0 0 .2em}h2{font-size:1.3em;margin:1.8em 0 .6em;border-bottom:1px solid #dde2ea;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
p.desc{font-size:1.1em;margin:.2em 0 .6em;color:#333}p.meta,p.note{color:#5a6472;font-size:.92em;margin:.2em 0}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.93em}
th,td{padding:4px 10px;border-bottom:1px solid #e6e9ef;text-align:left;vertical-align:top}
th{background:#f4f6f9;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
span.band{color:#5a6472;font-size:.9em}
span.pbar{display:inline-block;position:relative;width:160px;height:12px;background:#eef1f5;vertical-align:middle}
span.pbar span.p{position:absolute;left:0;top:0;bottom:0;background:#1f77b4;opacity:.75}
span.pbar span.ci{position:absolute;top:5px;height:2px;background:#000}
span.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
figure{margin:1.2em 0 2em}figcaption{font-weight:600;margin-bottom:.3em}
figure svg{max-width:100%;height:auto;display:block;border:1px solid #eef0f4}
nav.toc{background:#f7f8fa;border:1px solid #e6e9ef;border-radius:4px;padding:.5em 1.2em .7em;margin:1.2em 0 1.6em;font-size:.93em}
nav.toc p{font-weight:600;margin:.2em 0}nav.toc ol{margin:.2em 0;padding-left:1.5em}
nav.toc ol ol{columns:2;column-gap:2.5em;color:#5a6472}nav.toc li{break-inside:avoid}
nav.toc a{color:#1f5f99;text-decoration:none}nav.toc a:hover{text-decoration:underline}
div.target{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:24px;align-items:start;margin:1em 0 1.4em;padding-bottom:1em;border-bottom:1px solid #e6e9ef}
div.target figure{margin:0}div.target-text h3{margin:.2em 0 .5em}div.target-text table{width:100%}
div.target-text p.prob{font-size:1.05em;margin:.3em 0}div.target-text p.prob b{font-size:1.35em}
div.target-item+div.target-item{margin-top:1.4em}div.target>div:only-child{grid-column:1/-1}
@media (max-width:900px){div.target{grid-template-columns:1fr}nav.toc ol ol{columns:1}}
footer{margin-top:3em;color:#5a6472;font-size:.85em}
code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.9em;background:#f4f6f9;padding:0 .25em;border-radius:3px}
div.warn{background:#fff5e6;border:1px solid #f0b45a;border-left:6px solid #d9822b;border-radius:4px;padding:.5em 1.2em .6em;margin:1.2em 0 1.6em}
div.warn h2{margin:.3em 0 .4em;border:0;color:#8a4b08}div.warn li{margin:.3em 0}
.alert{color:#b3261e;font-weight:600}
";

/// A number with about four significant digits, trailing zeros dropped (thousands grouped above 9,999).
pub fn num(v: f64) -> String {
    fmt_sig(v, 4, "")
}

/// A number with `decimals` decimals ("n/a" when not finite).
pub fn fixed(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        "n/a".into()
    }
}

/// A probability as the stdout summary writes it ([`crate::charts::format::prob`]: three
/// decimals, more within 0.0005 of 0 or 1); "n/a" when not finite.
pub fn prob(p: f64) -> String {
    if p.is_finite() {
        crate::charts::format::prob(p)
    } else {
        "n/a".into()
    }
}

/// Text with `code` spans: escaped, each pair of backticks made a `<code>` element (text with
/// an odd number of backticks is only escaped).
pub fn prose(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(p))
            } else {
                escape(p)
            }
        })
        .collect()
}

/// A calendar time as written in tables ("2030", or "2030.25" between years).
pub fn year(y: f64) -> String {
    if y.fract() == 0.0 {
        format!("{y:.0}")
    } else {
        format!("{y:.2}")
    }
}

/// "Title (unit)" of an outcome, escaped, with the raw name as a tooltip.
pub fn metric_cell(i: &OutcomeInfo) -> String {
    let unit = if i.unit.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"band\">({})</span>", escape(&i.unit))
    };
    format!(
        "<span title=\"{}\">{}</span>{unit}",
        escape(&i.name),
        escape(&i.title)
    )
}

/// A probability bar with its 95 % interval drawn as a line.
pub fn pbar(p: f64, lo: f64, hi: f64) -> String {
    let c = |x: f64| {
        if x.is_finite() {
            (x * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    format!(
        "<span class=\"pbar\"><span class=\"p\" style=\"width:{:.1}%\"></span><span class=\"ci\" style=\"left:{:.1}%;width:{:.1}%\"></span></span>",
        c(p),
        c(lo),
        (c(hi) - c(lo)).max(0.5)
    )
}

/// Colour swatch of scenario `i` (the charts' palette).
pub fn swatch(i: usize) -> String {
    let c = crate::charts::palette(i);
    format!(
        "<span class=\"sw\" style=\"background:#{:02x}{:02x}{:02x}\"></span>",
        c.0, c.1, c.2
    )
}

/// Entries of one section of a resolved scenario (the model's policy section, e.g. `levers`) as
/// (name, kind, value) rows: constants, year schedules, anything else as JSON.
pub fn lever_rows(
    resolved: &serde_json::Value,
    section: &str,
) -> Vec<(String, &'static str, String)> {
    let Some(levers) = resolved.get(section).and_then(|l| l.as_object()) else {
        return Vec::new();
    };
    levers
        .iter()
        .map(|(name, v)| match v {
            serde_json::Value::Number(n) => (
                name.clone(),
                "constant",
                num(n.as_f64().unwrap_or(f64::NAN)),
            ),
            serde_json::Value::Object(m) if m.values().all(|x| x.is_number()) => {
                let mut e: Vec<(f64, String, f64)> = m
                    .iter()
                    .map(|(y, x)| {
                        (
                            y.parse::<f64>().unwrap_or(f64::NAN),
                            y.clone(),
                            x.as_f64().unwrap_or(f64::NAN),
                        )
                    })
                    .collect();
                e.sort_by(|a, b| a.0.total_cmp(&b.0));
                let s: Vec<String> = e
                    .iter()
                    .map(|(_, y, x)| format!("from {y}: {}", num(*x)))
                    .collect();
                (name.clone(), "schedule", s.join("; "))
            }
            other => (name.clone(), "other", other.to_string()),
        })
        .collect()
}

/// Years of the key-outcome tables as (step, year): the start, about every fifth of the horizon, the horizon.
pub fn table_years(start_year: i32, steps: usize, steps_per_year: u32) -> Vec<(usize, f64)> {
    let spy = steps_per_year.max(1) as usize;
    let years = steps / spy;
    let stride = [1, 2, 3, 4, 5, 10, 20, 25, 50, 100]
        .into_iter()
        .find(|s| years / s <= 5)
        .unwrap_or(years.max(1));
    let mut v: Vec<usize> = (0..=years).step_by(stride).map(|y| y * spy).collect();
    if v.last() != Some(&steps) {
        v.push(steps);
    }
    v.into_iter()
        .map(|k| (k, start_year as f64 + k as f64 / spy as f64))
        .collect()
}

/// Embed plotters' SVG in HTML: drop an XML prolog and the namespace attributes (inline SVG in
/// HTML needs neither), so the report holds no URL at all.
pub fn inline_svg(svg: &str) -> String {
    let mut s = svg.trim();
    if s.starts_with("<?xml") {
        s = s.find("?>").map_or(s, |i| s[i + 2..].trim_start());
    }
    let Some(end) = s.find('>') else {
        return String::new();
    };
    let mut head = s[..end].to_string();
    for attr in [
        " xmlns=\"http://www.w3.org/2000/svg\"",
        " xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
    ] {
        head = head.replace(attr, "");
    }
    format!("{head} role=\"img\"{}", &s[end..])
}

/// An element id from free text: `prefix-` and the text's letters, digits, `-` and `_`, the
/// rest as `_` (safe in a URL fragment as it is).
pub fn element_id(prefix: &str, text: &str) -> String {
    let tail: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{tail}")
}

/// The element id of each chart's figure (`chart-<name>`, made unique with `-2`, `-3`, …).
pub fn chart_ids(charts: &[ChartSvg]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(charts.len());
    for c in charts {
        let base = element_id("chart", &c.name);
        let mut id = base.clone();
        let mut k = 1;
        while ids.contains(&id) {
            k += 1;
            id = format!("{base}-{k}");
        }
        ids.push(id);
    }
    ids
}

/// One `<figure>` with its id, its caption and the SVG inline.
pub fn figure(id: &str, title: &str, svg: &str) -> String {
    format!(
        "<figure id=\"{}\"><figcaption>{}</figcaption>\n{}\n</figure>\n",
        escape(id),
        escape(title),
        inline_svg(svg)
    )
}

/// `<figure>`s of the charts with their ids (see [`chart_ids`]), SVG inline.
pub fn figures(charts: &[(&ChartSvg, &String)]) -> String {
    charts
        .iter()
        .map(|(c, id)| figure(id, &c.title, &c.svg))
        .collect()
}

/// One entry of a table of contents: the id it links to, its text and its sub-entries.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// Id of the element linked to.
    pub id: String,
    /// Link text.
    pub text: String,
    /// Entries below it.
    pub children: Vec<TocEntry>,
}

impl TocEntry {
    /// An entry without sub-entries.
    pub fn new(id: &str, text: &str) -> Self {
        TocEntry {
            id: id.into(),
            text: text.into(),
            children: Vec::new(),
        }
    }

    /// An entry with sub-entries, one `(id, text)` each.
    pub fn with_children(id: &str, text: &str, children: &[(String, &str)]) -> Self {
        TocEntry {
            children: children.iter().map(|(i, t)| TocEntry::new(i, t)).collect(),
            ..TocEntry::new(id, text)
        }
    }
}

/// The table of contents: a `<nav>` of numbered links to the entries' ids.
pub fn toc(entries: &[TocEntry]) -> String {
    fn list(o: &mut String, entries: &[TocEntry]) {
        o.push_str("<ol>\n");
        for e in entries {
            let _ = write!(
                o,
                "<li><a href=\"#{}\">{}</a>",
                escape(&e.id),
                escape(&e.text)
            );
            if !e.children.is_empty() {
                list(o, &e.children);
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ol>\n");
    }
    let mut o = String::from("<nav class=\"toc\" aria-label=\"Contents\">\n<p>Contents</p>\n");
    list(&mut o, entries);
    o.push_str("</nav>\n");
    o
}

/// A two-column table of (label, value) rows; values are escaped.
pub fn kv_table(rows: &[(&str, String)]) -> String {
    let mut o = String::from("<table>\n");
    for (k, v) in rows {
        let _ = writeln!(o, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    }
    o.push_str("</table>\n");
    o
}

/// Document head and opening of `<main>`.
pub fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    )
}

/// Footer and closing tags.
pub fn foot(engine_version: &str) -> String {
    format!(
        "<footer>Generated by softpower {}. Self-contained: charts are inline SVG; nothing is loaded from elsewhere.</footer>\n</main>\n</body>\n</html>\n",
        escape(engine_version)
    )
}
