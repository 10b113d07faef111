//! One scenario file parsed: its table, the position of every value, and its unknown keys,
//! non-finite numbers and wrong types, each with file, line and column.

use toml::de::{DeTable, DeValue};

use super::error::{line_col, ScenarioError};
use super::locate::{display_path, kp, with_index, with_key, KeyPath, Loc, Seg, SpanMap};

/// One file parsed: its table, the positions of every value, and what is wrong with its keys.
pub(crate) struct ParsedFile {
    /// The whole file as a table.
    pub table: toml::Table,
    /// Positions of every value.
    pub spans: SpanMap,
    /// `extends` as written, with the position of its value.
    pub extends: Option<(String, Loc)>,
    /// Unknown keys, non-finite numbers and wrong types (with positions).
    pub errors: Vec<ScenarioError>,
}

struct Walker<'t> {
    text: &'t str,
    file: &'t str,
    spans: SpanMap,
    ranges: Vec<(std::ops::Range<usize>, KeyPath)>,
    errors: Vec<ScenarioError>,
}

impl Walker<'_> {
    fn loc(&self, offset: usize) -> Loc {
        let (line, col) = line_col(self.text, offset);
        Loc {
            file: self.file.to_string(),
            line,
            col,
        }
    }

    fn error(&mut self, offset: usize, path: KeyPath, message: String, doc: Option<&toml::Table>) {
        let loc = self.loc(offset);
        let field = match doc {
            Some(d) => display_path(&path, d),
            None => display_path(&path, &toml::Table::new()),
        };
        self.errors.push(ScenarioError::Invalid {
            file: loc.file,
            line: Some(loc.line),
            col: Some(loc.col),
            field,
            message,
        });
    }

    /// Records the position of every value and refuses `nan` / `inf`.
    fn record(
        &mut self,
        v: &toml::Spanned<DeValue<'_>>,
        path: KeyPath,
        pending: &mut Vec<(usize, KeyPath, String)>,
    ) {
        let span = v.span();
        self.spans.0.insert(path.clone(), self.loc(span.start));
        self.ranges.push((span.clone(), path.clone()));
        match v.get_ref() {
            DeValue::Float(f) => {
                let s = f.as_str();
                if s.contains("nan") || s.contains("inf") {
                    pending.push((
                        span.start,
                        path,
                        format!("must be a finite number, got {s}"),
                    ));
                }
            }
            DeValue::Table(t) => {
                for (k, child) in t.iter() {
                    self.record(child, with_key(&path, k.get_ref()), pending);
                }
            }
            DeValue::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    self.record(child, with_index(&path, i), pending);
                }
            }
            _ => {}
        }
    }

    /// Refuses unknown keys (with a hint) in every table whose keys are fixed.
    fn check_keys(
        &self,
        t: &DeTable<'_>,
        known: &[&str],
        path: &[Seg],
        what: &str,
        out: &mut Vec<(usize, KeyPath, String)>,
    ) {
        for (k, _) in t.iter() {
            let key = k.get_ref();
            if !known.contains(&key.as_ref()) {
                let hint = super::suggest::hint_or_list(key, known.iter().copied());
                out.push((
                    k.span().start,
                    with_key(path, key),
                    format!("unknown key `{key}` in {what}{hint}"),
                ));
            }
        }
    }

    fn check_document(&self, doc: &DeTable<'_>, out: &mut Vec<(usize, KeyPath, String)>) {
        use super::raw::{section_keys, ARRAY_SECTIONS, DIST_KEYS, TOP_KEYS};
        self.check_keys(doc, TOP_KEYS, &[], "the scenario file (sections)", out);
        for (k, v) in doc.iter() {
            let name = k.get_ref().as_ref();
            let path = kp(&[name]);
            let Some(keys) = section_keys(name) else {
                if name == "uncertainty" {
                    if let DeValue::Table(t) = v.get_ref() {
                        for (pk, pv) in t.iter() {
                            if let DeValue::Table(dt) = pv.get_ref() {
                                let p = with_key(&path, pk.get_ref());
                                let nested = dt
                                    .iter()
                                    .find(|(_, x)| matches!(x.get_ref(), DeValue::Table(_)));
                                if let Some((sub, _)) = nested {
                                    // `response.bass_q = {...}` unquoted is a nested table in TOML.
                                    let (a, b) = (pk.get_ref(), sub.get_ref());
                                    let msg = format!(
                                        "an [uncertainty] key is a quoted path: write \"{a}.{b}\" = {{ dist = ... }}"
                                    );
                                    out.push((pk.span().start, p, msg));
                                } else {
                                    self.check_keys(
                                        dt,
                                        DIST_KEYS,
                                        &p,
                                        "an [uncertainty] entry",
                                        out,
                                    );
                                }
                            }
                        }
                    }
                }
                continue;
            };
            match v.get_ref() {
                DeValue::Table(t) => {
                    self.check_keys(t, keys, &path, &format!("[{name}]"), out);
                    if name == "levers" {
                        self.check_schedules(t, &path, out);
                    }
                }
                DeValue::Array(a) if ARRAY_SECTIONS.contains(&name) => {
                    for (i, e) in a.iter().enumerate() {
                        if let DeValue::Table(t) = e.get_ref() {
                            self.check_keys(
                                t,
                                keys,
                                &with_index(&path, i),
                                &format!("[[{name}]]"),
                                out,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// An unquoted fractional year (`2022.5 = 1`) is a dotted key in TOML: say how to write it.
    fn check_schedules(
        &self,
        levers: &DeTable<'_>,
        path: &[Seg],
        out: &mut Vec<(usize, KeyPath, String)>,
    ) {
        for (lk, lv) in levers.iter() {
            if let DeValue::Table(s) = lv.get_ref() {
                for (yk, yv) in s.iter() {
                    if let DeValue::Table(_) = yv.get_ref() {
                        let y = yk.get_ref();
                        out.push((
                            yk.span().start,
                            with_key(&with_key(path, lk.get_ref()), y),
                            format!("a schedule value must be a number; a fractional year must be quoted, e.g. \"{y}.5\" = 1.0"),
                        ));
                    }
                }
            }
        }
    }
}

/// Parses one file: a syntax error is returned as `Err`; other problems are in `errors`.
pub(crate) fn parse_file(text: &str, file: &str) -> Result<ParsedFile, ScenarioError> {
    let syntax = |e: toml::de::Error| {
        let (line, col) = line_col(text, e.span().map_or(0, |s| s.start));
        ScenarioError::Syntax {
            file: file.to_string(),
            line,
            col,
            message: e.message().trim().to_string(),
        }
    };
    let doc = DeTable::parse(text).map_err(syntax)?;
    let table: toml::Table = toml::from_str(text).map_err(syntax)?;
    let mut w = Walker {
        text,
        file,
        spans: SpanMap::default(),
        ranges: Vec::new(),
        errors: Vec::new(),
    };
    let mut pending = Vec::new();
    for (k, v) in doc.get_ref().iter() {
        w.record(v, kp(&[k.get_ref()]), &mut pending);
    }
    w.check_document(doc.get_ref(), &mut pending);
    for (off, path, msg) in pending {
        w.error(off, path, msg, Some(&table));
    }
    if w.errors.is_empty() {
        if let Err(e) = toml::from_str::<super::raw::RawFile>(text) {
            let span = e.span().unwrap_or(0..0);
            // The innermost value containing the error names the field.
            let path = w
                .ranges
                .iter()
                .filter(|(r, _)| r.start <= span.start && span.end <= r.end)
                .min_by_key(|(r, _)| r.len())
                .map(|(_, p)| p.clone())
                .unwrap_or_default();
            let msg = e.message().trim().to_string();
            w.error(span.start, path, msg, Some(&table));
        }
    }
    let extends = match table.get("scenario").and_then(|s| s.get("extends")) {
        Some(toml::Value::String(s)) => {
            let loc = w
                .spans
                .0
                .get(&kp(&["scenario", "extends"]))
                .cloned()
                .unwrap_or(Loc {
                    file: file.to_string(),
                    line: 1,
                    col: 1,
                });
            Some((s.clone(), loc))
        }
        _ => None,
    };
    Ok(ParsedFile {
        table,
        spans: w.spans,
        extends,
        errors: w.errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_position() {
        let e = parse_file("a = 1\nb = [1,\n", "f.toml").err().unwrap();
        assert!(
            matches!(
                e,
                ScenarioError::Syntax { line: 3, .. } | ScenarioError::Syntax { line: 2, .. }
            ),
            "{e}"
        );
        assert!(e.to_string().starts_with("f.toml:"), "{e}");
    }

    #[test]
    fn unknown_keys_nan_and_types() {
        let text = "[scenario]\nnmae = \"x\"\n\n[[market]]\nname = \"a\"\npiracyy = 0.5\nfavorability = nan\n";
        let p = parse_file(text, "f.toml").unwrap();
        let all: Vec<String> = p.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(all.len(), 3, "{all:?}");
        assert!(all.contains(&"f.toml:2:1: field `scenario.nmae`: unknown key `nmae` in [scenario]; did you mean `name`?".to_string()), "{all:?}");
        assert!(all.contains(&"f.toml:6:1: field `market.a.piracyy`: unknown key `piracyy` in [[market]]; did you mean `piracy`?".to_string()), "{all:?}");
        assert!(
            all.contains(
                &"f.toml:7:16: field `market.a.favorability`: must be a finite number, got nan"
                    .to_string()
            ),
            "{all:?}"
        );
        let p = parse_file("[[market]]\nname = \"a\"\npiracy = \"high\"\n", "f.toml").unwrap();
        assert_eq!(p.errors.len(), 1);
        let e = p.errors[0].to_string();
        assert!(
            e.starts_with("f.toml:3:10: field `market.a.piracy`: invalid type: string"),
            "{e}"
        );
        let p = parse_file(
            "[levers]\nvisa_easing = { 2019 = 0.1, 2022.5 = 0.6 }\n",
            "f.toml",
        )
        .unwrap();
        let e = p.errors[0].to_string();
        assert!(e.contains("must be quoted"), "{e}");
        let p = parse_file("[[sectr]]\nname = \"a\"\n", "f.toml").unwrap();
        assert!(
            p.errors[0].to_string().contains("did you mean `sector`?"),
            "{:?}",
            p.errors
        );
    }
}
