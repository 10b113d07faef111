//! `--set dotted.key=value`: an override of the merged raw scenario, applied before validation
//! so that it passes exactly the checks a value written in the file passes. The value is TOML
//! (`4`, `0.5`, `"text"`, `[0.1, 0.9]`, `{ 2019 = 0.0, 2022 = 3.0 }`); a bare word is taken as a
//! string. In an array of tables (`[[market]]`) an element is named by its `name` or its
//! 0-based index: `market.oceania.piracy=0.3`.

use crate::input::{with_index, with_key, KeyPath, Loc, SpanMap};
use toml::{Table, Value};

pub use crate::limits::MAX_OVERRIDE_LEN;

/// One override: a dotted key and a TOML value.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The argument as given (names it in messages).
    pub text: String,
    /// The key's segments (quotes removed).
    pub key: Vec<String>,
    /// The value.
    pub value: Value,
    /// How it is named in messages when it did not come from `--set` (e.g. `--paths 0`).
    pub flag: Option<String>,
}

/// Splits `a."b.c".d` into `a`, `b.c`, `d`.
fn split_key(key: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    for ch in key.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                if cur.is_empty() && !was_quoted {
                    return Err(format!("empty segment in the key `{key}`"));
                }
                out.push(std::mem::take(&mut cur));
                was_quoted = false;
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(format!("unclosed quote in the key `{key}`"));
    }
    if cur.is_empty() && !was_quoted {
        return Err(format!("empty segment in the key `{key}`"));
    }
    out.push(cur);
    Ok(out)
}

impl Override {
    /// Parses `dotted.key=value`.
    pub fn parse(arg: &str) -> Result<Override, String> {
        if arg.chars().count() > MAX_OVERRIDE_LEN {
            return Err(format!(
                "a --set argument may have at most {MAX_OVERRIDE_LEN} characters"
            ));
        }
        let Some((key, value)) = arg.split_once('=') else {
            return Err(format!(
                "`--set {arg}`: expected KEY=VALUE, e.g. `--set scenario.paths=5000`"
            ));
        };
        let key = split_key(key.trim()).map_err(|e| format!("`--set {arg}`: {e}"))?;
        let v = value.trim();
        let value = match toml::from_str::<Table>(&format!("v = {v}")) {
            Ok(mut t) => t.remove("v").expect("parsed one key"),
            Err(_) if !v.is_empty() && v.chars().all(|c| !"\"'[]{}=#\n\r".contains(c)) => {
                Value::String(v.to_string())
            }
            Err(e) => {
                return Err(format!(
                    "`--set {arg}`: the value is not TOML ({}); quote text, e.g. name=\"x\"",
                    e.message().trim()
                ))
            }
        };
        Ok(Override {
            text: arg.to_string(),
            key,
            value,
            flag: None,
        })
    }

    /// The override a command-line option stands for (`--paths 5000` sets `scenario.paths`);
    /// messages name `flag`.
    pub fn from_flag(flag: &str, key: &[&str], value: Value) -> Override {
        Override {
            text: format!("{}={value}", key.join(".")),
            key: key.iter().map(|k| k.to_string()).collect(),
            value,
            flag: Some(flag.to_string()),
        }
    }

    /// How the override is named in messages (as the "file" of its values).
    pub fn origin(&self) -> String {
        match &self.flag {
            Some(f) => f.clone(),
            None => format!("--set `{}`", self.text),
        }
    }
}

/// Records positions for `v` and everything under it at `path` (all at `loc`).
fn record(spans: &mut SpanMap, path: &KeyPath, v: &Value, loc: &Loc) {
    spans.values.insert(path.clone(), loc.clone());
    spans.keys.insert(path.clone(), loc.clone());
    match v {
        Value::Table(t) => {
            for (k, x) in t {
                record(spans, &with_key(path, k), x, loc);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                record(spans, &with_index(path, i), x, loc);
            }
        }
        _ => {}
    }
}

/// Applies `o` to the merged table and its positions.
pub(crate) fn apply(doc: &mut Table, spans: &mut SpanMap, o: &Override) -> Result<(), String> {
    let loc = Loc {
        file: o.origin(),
        line: 0,
        col: 0,
    };
    let shown = |n: usize| o.key[..n].join(".");
    let mut path: KeyPath = Vec::new();
    let mut cur: &mut Table = doc;
    let mut i = 0;
    while i + 1 < o.key.len() {
        let seg = &o.key[i];
        path = with_key(&path, seg);
        let entry = cur
            .entry(seg.clone())
            .or_insert_with(|| Value::Table(Table::new()));
        let navigable = match &*entry {
            Value::Table(_) => true,
            Value::Array(a) => a.iter().all(Value::is_table),
            _ => false,
        };
        if !navigable {
            return Err(format!(
                "`{}` is {}, not a table, so `{}` cannot be set",
                shown(i + 1),
                crate::input::describe_value(entry),
                o.key.join(".")
            ));
        }
        cur = match entry {
            Value::Table(t) => t,
            Value::Array(a) => {
                i += 1;
                if i + 1 >= o.key.len() {
                    return Err(format!(
                        "set one field of a [[{}]] entry, e.g. `{}.<name>.<field>=...`",
                        shown(i),
                        shown(i)
                    ));
                }
                let name = &o.key[i];
                let pos = a
                    .iter()
                    .position(|e| e.get("name").and_then(Value::as_str) == Some(name))
                    .or_else(|| name.parse::<usize>().ok().filter(|&n| n < a.len()));
                let Some(pos) = pos else {
                    let names: Vec<&str> = a
                        .iter()
                        .filter_map(|e| e.get("name").and_then(Value::as_str))
                        .collect();
                    return Err(format!(
                        "no [[{}]] named `{name}` (names: {}; or give a 0-based index)",
                        shown(i),
                        names.join(", ")
                    ));
                };
                path = with_index(&path, pos);
                match &mut a[pos] {
                    Value::Table(t) => t,
                    _ => unreachable!("checked: every element is a table"),
                }
            }
            _ => unreachable!("checked: a table or an array of tables"),
        };
        i += 1;
    }
    let last = &o.key[o.key.len() - 1];
    let path = with_key(&path, last);
    spans.forget(&path);
    record(spans, &path, &o.value, &loc);
    cur.insert(last.clone(), o.value.clone());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_values() {
        let o = Override::parse("levers.funding_bn_per_year.2022=4").unwrap();
        assert_eq!(o.key, ["levers", "funding_bn_per_year", "2022"]);
        assert_eq!(o.value, Value::Integer(4));
        let o = Override::parse("uncertainty.\"response.bass_q\".max = 0.5").unwrap();
        assert_eq!(o.key, ["uncertainty", "response.bass_q", "max"]);
        assert_eq!(o.value, Value::Float(0.5));
        let o = Override::parse("scenario.name=push").unwrap();
        assert_eq!(o.value, Value::String("push".into()));
        let o = Override::parse("output.quantiles=[0.1, 0.9]").unwrap();
        assert!(o.value.is_array());
        assert!(Override::parse("no_equals").is_err());
        assert!(Override::parse("a..b=1").is_err());
        assert!(Override::parse("a=[1,").is_err());
    }

    #[test]
    fn applies_through_arrays_of_tables_by_name_or_index() {
        let mut doc: Table = toml::from_str(
            "[[market]]\nname = \"a\"\npiracy = 0.1\n[[market]]\nname = \"b\"\npiracy = 0.2\n[levers]\nvisa = 0.1\n",
        )
        .unwrap();
        let mut spans = SpanMap::default();
        apply(
            &mut doc,
            &mut spans,
            &Override::parse("market.b.piracy=0.5").unwrap(),
        )
        .unwrap();
        apply(
            &mut doc,
            &mut spans,
            &Override::parse("market.0.piracy=0.4").unwrap(),
        )
        .unwrap();
        apply(
            &mut doc,
            &mut spans,
            &Override::parse("output.quantiles=[0.5]").unwrap(),
        )
        .unwrap();
        let m = doc["market"].as_array().unwrap();
        assert_eq!(m[1]["piracy"].as_float(), Some(0.5));
        assert_eq!(m[0]["piracy"].as_float(), Some(0.4));
        assert!(doc["output"]["quantiles"].is_array());
        let e = apply(
            &mut doc,
            &mut spans,
            &Override::parse("market.c.piracy=0.5").unwrap(),
        );
        assert!(e.unwrap_err().contains("no [[market]] named `c`"));
        let e = apply(
            &mut doc,
            &mut spans,
            &Override::parse("levers.visa.2022=0.5").unwrap(),
        );
        assert!(e.unwrap_err().contains("not a table"));
    }
}
