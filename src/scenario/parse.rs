//! One scenario file parsed: its table, the position of every key and value, and its
//! non-finite numbers, each with file, line and column. Keys and types are checked later, on the
//! merged file, by the generic validator and the model's.

use toml::de::{DeTable, DeValue};

use super::error::{line_col, ScenarioError};
use crate::input::{display_path, kp, with_index, with_key, KeyPath, Loc, SpanMap};

/// One file parsed: its table, the positions of every value, and what is wrong with its keys.
pub(crate) struct ParsedFile {
    /// The whole file as a table.
    pub table: toml::Table,
    /// Positions of every value.
    pub spans: SpanMap,
    /// `extends` as written, with the position of its value.
    pub extends: Option<(String, Loc)>,
    /// Non-finite numbers (with positions).
    pub errors: Vec<ScenarioError>,
}

struct Walker<'t> {
    text: &'t str,
    /// Byte offset of the start of each line (positions in linear time overall).
    line_starts: Vec<usize>,
    file: &'t str,
    spans: SpanMap,
    errors: Vec<ScenarioError>,
}

impl Walker<'_> {
    fn loc(&self, offset: usize) -> Loc {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
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
        self.spans.values.insert(path.clone(), self.loc(span.start));
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
                    let p = with_key(&path, k.get_ref());
                    self.spans.keys.insert(p.clone(), self.loc(k.span().start));
                    self.record(child, p, pending);
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
    let line_starts = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut w = Walker {
        text,
        line_starts,
        file,
        spans: SpanMap::default(),
        errors: Vec::new(),
    };
    let mut pending = Vec::new();
    for (k, v) in doc.get_ref().iter() {
        let p = kp(&[k.get_ref()]);
        w.spans.keys.insert(p.clone(), w.loc(k.span().start));
        w.record(v, p, &mut pending);
    }
    for (off, path, msg) in pending {
        w.error(off, path, msg, Some(&table));
    }
    let extends = match table.get("scenario").and_then(|s| s.get("extends")) {
        Some(toml::Value::String(s)) => {
            let loc = w
                .spans
                .values
                .get(&kp(&["scenario", "extends"]))
                .cloned()
                .unwrap_or(Loc {
                    file: file.to_string(),
                    line: 1,
                    col: 1,
                });
            Some((s.clone(), loc))
        }
        Some(v) => {
            let loc = w.spans.values.get(&kp(&["scenario", "extends"])).cloned();
            w.errors.push(ScenarioError::Invalid {
                file: file.to_string(),
                line: loc.as_ref().map(|l| l.line),
                col: loc.as_ref().map(|l| l.col),
                field: "scenario.extends".into(),
                message: format!(
                    "invalid type: {}, expected a string (the parent file)",
                    crate::input::describe_value(v)
                ),
            });
            None
        }
        None => None,
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
    use crate::input::Seg;

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
    fn non_finite_numbers_and_key_positions() {
        let text = "[scenario]\nnmae = \"x\"\n\n[[market]]\nname = \"a\"\nfavorability = nan\n";
        let p = parse_file(text, "f.toml").unwrap();
        let all: Vec<String> = p.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            all,
            ["f.toml:6:16: field `market.a.favorability`: must be a finite number, got nan"]
        );
        let key = &p.spans.keys[&kp(&["scenario", "nmae"])];
        assert_eq!((key.line, key.col), (2, 1));
        let value = &p.spans.values[&kp(&["scenario", "nmae"])];
        assert_eq!((value.line, value.col), (2, 8));
    }

    #[test]
    fn positions_of_values_and_tables() {
        let text = "[scenario]\nname = \"x\"\n\n[[market]]\nname = \"a\"\npiracy = 0.5\n\n[[market]]\npiracy = 0.2\n";
        let p = parse_file(text, "f.toml").unwrap();
        assert!(p.errors.is_empty());
        let at = |keys: &[Seg]| p.spans.values.get(keys).map(|l| (l.line, l.col));
        assert_eq!(at(&kp(&["scenario", "name"])), Some((2, 8)));
        let m1 = with_key(&with_index(&kp(&["market"]), 1), "piracy");
        assert_eq!(at(&m1), Some((9, 10)));
        assert_eq!(display_path(&m1, &p.table), "[[market]] #2 .piracy");
        let m0 = with_key(&with_index(&kp(&["market"]), 0), "piracy");
        assert_eq!(display_path(&m0, &p.table), "market.a.piracy");
        // A missing field falls back to its table.
        let missing = with_key(&with_index(&kp(&["market"]), 1), "favorability");
        assert_eq!(p.spans.find(&missing).map(|l| l.line), Some(8));
        let u = kp(&["uncertainty", "response.bass_q", "sd"]);
        assert_eq!(
            display_path(&u, &p.table),
            "uncertainty.\"response.bass_q\".sd"
        );
    }
}
