//! Positions: key paths, the map from each path to its file, line and column, and how a path is
//! shown in messages (`market.north_america.piracy`, `[[market]] #3 .piracy`).

use std::collections::HashMap;

/// One step of a key path: a table key or an array index (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Seg {
    /// A table key.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A path from the document root, e.g. `[market, #2, piracy]`.
pub(crate) type KeyPath = Vec<Seg>;

/// Builds a key path from string keys.
pub(crate) fn kp(keys: &[&str]) -> KeyPath {
    keys.iter().map(|k| Seg::Key((*k).to_string())).collect()
}

/// Extends a key path by one key.
pub(crate) fn with_key(p: &[Seg], k: &str) -> KeyPath {
    let mut v = p.to_vec();
    v.push(Seg::Key(k.to_string()));
    v
}

/// Extends a key path by one array index.
pub(crate) fn with_index(p: &[Seg], i: usize) -> KeyPath {
    let mut v = p.to_vec();
    v.push(Seg::Index(i));
    v
}

/// Where a value was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Loc {
    /// File name as shown in messages.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// Path → position of its value (for a table: its header or opening brace).
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanMap(pub HashMap<KeyPath, Loc>);

impl SpanMap {
    /// Position of `path`, or of the nearest enclosing table that has one (for missing fields).
    pub(crate) fn find(&self, path: &[Seg]) -> Option<&Loc> {
        (0..=path.len()).rev().find_map(|n| self.0.get(&path[..n]))
    }
}

fn is_bare(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn show_key(k: &str) -> String {
    if is_bare(k) {
        k.to_string()
    } else {
        format!("{k:?}")
    }
}

/// How a path is shown: keys joined by dots (quoted where TOML would quote them); an element of
/// an array of tables by its `name` (`market.oceania`) or, without one, `[[market]] #3`.
pub(crate) fn display_path(path: &[Seg], doc: &toml::Table) -> String {
    let mut out = String::new();
    let mut cur: Option<&toml::Value> = None;
    let mut after_ordinal = false;
    for (i, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push_str(if after_ordinal { " ." } else { "." });
                }
                after_ordinal = false;
                out.push_str(&show_key(k));
                cur = match (i, cur) {
                    (0, _) => doc.get(k),
                    (_, Some(toml::Value::Table(t))) => t.get(k),
                    _ => None,
                };
            }
            Seg::Index(n) => {
                let elem = match cur {
                    Some(toml::Value::Array(a)) => a.get(*n),
                    _ => None,
                };
                let name = elem.and_then(|e| e.get("name")).and_then(|v| v.as_str());
                match (name, elem) {
                    (Some(name), _) => {
                        out.push('.');
                        out.push_str(&show_key(name));
                    }
                    (None, Some(toml::Value::Table(_))) | (None, None) if i == 1 => {
                        out = format!("[[{out}]] #{}", n + 1);
                        after_ordinal = true;
                    }
                    _ => {
                        out.push_str(&format!(" #{}", n + 1));
                        after_ordinal = true;
                    }
                }
                cur = elem;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_file;
    use super::*;

    #[test]
    fn positions_of_values_and_tables() {
        let text = "[scenario]\nname = \"x\"\n\n[[market]]\nname = \"a\"\npiracy = 0.5\n\n[[market]]\npiracy = 0.2\n";
        let p = parse_file(text, "f.toml").unwrap();
        assert!(p.errors.is_empty());
        let at = |keys: &[Seg]| p.spans.0.get(keys).map(|l| (l.line, l.col));
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
