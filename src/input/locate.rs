//! Positions: key paths, the map from each path to its file, line and column, and how a path is
//! shown in messages (`market.north_america.piracy`, `[[market]] #3 .piracy`).

use std::collections::HashMap;

/// One step of a key path: a table key or an array index (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A table key.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A path from the document root, e.g. `[market, #2, piracy]`.
pub type KeyPath = Vec<Seg>;

/// Builds a key path from string keys.
pub fn kp(keys: &[&str]) -> KeyPath {
    keys.iter().map(|k| Seg::Key((*k).to_string())).collect()
}

/// Extends a key path by one key.
pub fn with_key(p: &[Seg], k: &str) -> KeyPath {
    let mut v = p.to_vec();
    v.push(Seg::Key(k.to_string()));
    v
}

/// Extends a key path by one array index.
pub fn with_index(p: &[Seg], i: usize) -> KeyPath {
    let mut v = p.to_vec();
    v.push(Seg::Index(i));
    v
}

/// Where a value was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// File name as shown in messages.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// Path → position of its value (for a table: its header or opening brace), and of its key.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    /// Where each value starts.
    pub values: HashMap<KeyPath, Loc>,
    /// Where each key is written (for unknown keys).
    pub keys: HashMap<KeyPath, Loc>,
}

impl SpanMap {
    /// Position of `path`, or of the nearest enclosing table that has one (for missing fields).
    pub fn find(&self, path: &[Seg]) -> Option<&Loc> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.values.get(&path[..n]))
    }

    /// Position of the key of `path`, else of its value (see [`SpanMap::find`]).
    pub fn find_key(&self, path: &[Seg]) -> Option<&Loc> {
        self.keys.get(path).or_else(|| self.find(path))
    }

    /// Forget every position at or under `path`.
    pub fn forget(&mut self, path: &[Seg]) {
        self.values.retain(|p, _| !p.starts_with(path));
        self.keys.retain(|p, _| !p.starts_with(path));
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
pub fn display_path(path: &[Seg], doc: &toml::Table) -> String {
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
