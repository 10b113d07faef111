//! Collecting validation problems by field, and typed readers over TOML tables that report a
//! missing field, a wrong type, a value out of range or an unknown key at its position.

use super::locate::{kp, with_key, KeyPath};
use super::range::Range;
use super::suggest::{closest, hint_or_list};
use toml::{Table, Value};

/// A problem with one field, before it is given a file and position.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Where.
    pub path: KeyPath,
    /// What.
    pub message: String,
    /// Report at the key (an unknown key) rather than at the value.
    pub at_key: bool,
}

/// Collects issues; muted while checking the fields of a section already reported missing.
#[derive(Debug, Default)]
pub struct Ctx {
    issues: Vec<Issue>,
    mute: bool,
    /// Fields an unknown key was probably meant as (their absence is not reported again).
    meant: Vec<KeyPath>,
    /// Things that are valid but probably not what was meant.
    warnings: Vec<Issue>,
}

/// How a TOML value is named in a type error (`string "high"`, `integer `3``).
pub fn describe_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("string {s:?}"),
        Value::Integer(i) => format!("integer `{i}`"),
        Value::Float(f) => format!("floating point `{f}`"),
        Value::Boolean(b) => format!("boolean `{b}`"),
        Value::Datetime(d) => format!("datetime `{d}`"),
        Value::Array(_) => "array".into(),
        Value::Table(_) => "table".into(),
    }
}

impl Ctx {
    /// Record a problem at the value of `path`.
    pub fn issue(&mut self, path: KeyPath, message: impl Into<String>) {
        if !self.mute {
            self.issues.push(Issue {
                path,
                message: message.into(),
                at_key: false,
            });
        }
    }

    /// Record a problem at the key of `path`.
    pub fn key_issue(&mut self, path: KeyPath, message: impl Into<String>) {
        if !self.mute {
            self.issues.push(Issue {
                path,
                message: message.into(),
                at_key: true,
            });
        }
    }

    /// Record a warning at the value of `path`: valid, but probably not what was meant.
    pub fn warn(&mut self, path: KeyPath, message: impl Into<String>) {
        if !self.mute {
            self.warnings.push(Issue {
                path,
                message: message.into(),
                at_key: false,
            });
        }
    }

    /// Take the warnings recorded.
    pub fn take_warnings(&mut self) -> Vec<Issue> {
        std::mem::take(&mut self.warnings)
    }

    /// Whether no problem has been recorded.
    pub fn is_clean(&self) -> bool {
        self.issues.is_empty()
    }

    /// The problems recorded, in order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Take the problems recorded.
    pub fn into_issues(self) -> Vec<Issue> {
        self.issues
    }

    /// Runs `f` with issues muted unless `present`.
    pub fn within<T>(&mut self, present: bool, f: impl FnOnce(&mut Ctx) -> T) -> T {
        let old = self.mute;
        self.mute |= !present;
        let r = f(self);
        self.mute = old;
        r
    }

    /// "required field missing" at `path`, unless an unknown key there was probably meant as it
    /// (the unknown key's message already says so).
    pub fn missing(&mut self, path: KeyPath) {
        if !self.meant.contains(&path) {
            self.issue(path, "required field missing");
        }
    }

    /// A type error at `path`.
    pub fn wrong_type(&mut self, path: KeyPath, v: &Value, expected: &str) {
        self.issue(
            path,
            format!("invalid type: {}, expected {expected}", describe_value(v)),
        );
    }

    /// Refuse every key of `t` not in `known`, with a hint; `what` names the table in messages.
    pub fn known_keys(
        &mut self,
        t: &Table,
        known: &[&str],
        path: &[super::locate::Seg],
        what: &str,
    ) {
        for k in t.keys() {
            if !known.contains(&k.as_str()) {
                if let Some(c) = closest(k, known.iter().copied()) {
                    self.meant.push(with_key(path, c));
                }
                let hint = hint_or_list(k, known.iter().copied());
                self.key_issue(
                    with_key(path, k),
                    format!("unknown key `{k}` in {what}{hint}"),
                );
            }
        }
    }

    /// A required top-level section (a table); reports it missing or of the wrong type.
    pub fn section<'a>(&mut self, doc: &'a Table, name: &str) -> Option<&'a Table> {
        match doc.get(name) {
            None => {
                if !self.meant.contains(&kp(&[name])) {
                    self.issue(kp(&[name]), format!("required section [{name}] missing"));
                }
                None
            }
            Some(Value::Table(t)) => Some(t),
            Some(v) => {
                self.wrong_type(kp(&[name]), v, "a table");
                None
            }
        }
    }

    /// An optional table under `key`.
    pub fn opt_table<'a>(
        &mut self,
        t: &'a Table,
        path: &[super::locate::Seg],
        key: &str,
    ) -> Option<&'a Table> {
        match t.get(key)? {
            Value::Table(x) => Some(x),
            v => {
                self.wrong_type(with_key(path, key), v, "a table");
                None
            }
        }
    }

    /// An optional number (an integer is accepted); a wrong type is reported.
    pub fn opt_f64(&mut self, t: &Table, path: &[super::locate::Seg], key: &str) -> Option<f64> {
        match t.get(key)? {
            Value::Float(f) => Some(*f),
            Value::Integer(i) => Some(*i as f64),
            v => {
                self.wrong_type(with_key(path, key), v, "a number");
                None
            }
        }
    }

    /// A required finite number in `range`.
    pub fn num(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        range: Range,
    ) -> Option<f64> {
        let p = with_key(path, key);
        if !t.contains_key(key) {
            self.missing(p);
            return None;
        }
        let x = self.opt_f64(t, path, key)?;
        self.check_range(p, x, range)
    }

    /// A finite number in `range`, or `default` when absent.
    pub fn num_or(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        range: Range,
        default: f64,
    ) -> Option<f64> {
        if !t.contains_key(key) {
            return Some(default);
        }
        self.num(t, path, key, range)
    }

    /// `x` when it lies in `range`, else an issue at `path`.
    pub fn check_range(&mut self, path: KeyPath, x: f64, range: Range) -> Option<f64> {
        if !range.contains(x) {
            self.issue(
                path,
                format!("{}, got {}", range.describe(), super::range::show(x)),
            );
            return None;
        }
        Some(x)
    }

    /// Whether `n` things are within the limit `max`; if not, "at most {max} {what}, got {n}" at
    /// `path` (the limits are in [`crate::limits`]).
    pub fn within_limit(&mut self, path: KeyPath, n: usize, max: usize, what: &str) -> bool {
        if n > max {
            self.issue(path, format!("at most {max} {what}, got {n}"));
            return false;
        }
        true
    }

    /// An optional integer; a wrong type is reported.
    pub fn opt_int(&mut self, t: &Table, path: &[super::locate::Seg], key: &str) -> Option<i64> {
        match t.get(key)? {
            Value::Integer(i) => Some(*i),
            v => {
                self.wrong_type(with_key(path, key), v, "an integer");
                None
            }
        }
    }

    /// A required integer in `lo..=hi`.
    pub fn int(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        lo: i64,
        hi: i64,
    ) -> Option<i64> {
        let p = with_key(path, key);
        if !t.contains_key(key) {
            self.missing(p);
            return None;
        }
        let x = self.opt_int(t, path, key)?;
        if x < lo || x > hi {
            self.issue(p, format!("must be between {lo} and {hi}, got {x}"));
            return None;
        }
        Some(x)
    }

    /// An integer in `lo..=hi`, or `default` when absent.
    pub fn int_or(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        (lo, hi): (i64, i64),
        default: i64,
    ) -> Option<i64> {
        if t.contains_key(key) {
            self.int(t, path, key, lo, hi)
        } else {
            Some(default)
        }
    }

    /// A boolean, or `default` when absent.
    pub fn boolean_or(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        default: bool,
    ) -> Option<bool> {
        if t.contains_key(key) {
            self.boolean(t, path, key)
        } else {
            Some(default)
        }
    }

    /// One of `options` (see [`Ctx::choice`]), or `default` when absent.
    pub fn choice_or<T: Copy>(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        options: &[(&str, T)],
        default: T,
    ) -> Option<T> {
        if t.contains_key(key) {
            self.choice(t, path, key, options)
        } else {
            Some(default)
        }
    }

    /// An optional string; a wrong type is reported.
    pub fn opt_str<'a>(
        &mut self,
        t: &'a Table,
        path: &[super::locate::Seg],
        key: &str,
    ) -> Option<&'a str> {
        match t.get(key)? {
            Value::String(s) => Some(s),
            v => {
                self.wrong_type(with_key(path, key), v, "a string");
                None
            }
        }
    }

    /// A required non-empty string.
    pub fn text(&mut self, t: &Table, path: &[super::locate::Seg], key: &str) -> Option<String> {
        let p = with_key(path, key);
        if !t.contains_key(key) {
            self.missing(p);
            return None;
        }
        let s = self.opt_str(t, path, key)?;
        if s.trim().is_empty() {
            self.issue(p, "must not be empty");
            return None;
        }
        Some(s.to_string())
    }

    /// A required boolean.
    pub fn boolean(&mut self, t: &Table, path: &[super::locate::Seg], key: &str) -> Option<bool> {
        let p = with_key(path, key);
        match t.get(key) {
            None => {
                self.missing(p);
                None
            }
            Some(Value::Boolean(b)) => Some(*b),
            Some(v) => {
                self.wrong_type(p, v, "a boolean");
                None
            }
        }
    }

    /// A required string that is one of `options` (with a hint when it is not).
    pub fn choice<T: Copy>(
        &mut self,
        t: &Table,
        path: &[super::locate::Seg],
        key: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let s = self.text(t, path, key)?;
        let found = options.iter().find(|(k, _)| *k == s).map(|(_, v)| *v);
        if found.is_none() {
            let hint = hint_or_list(&s, options.iter().map(|(k, _)| *k));
            self.issue(with_key(path, key), format!("unknown value `{s}`{hint}"));
        }
        found
    }

    /// An optional array of tables under `key` (each element must be a table).
    pub fn opt_tables<'a>(
        &mut self,
        t: &'a Table,
        path: &[super::locate::Seg],
        key: &str,
    ) -> Option<Vec<&'a Table>> {
        match t.get(key)? {
            Value::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, e) in a.iter().enumerate() {
                    match e {
                        Value::Table(x) => out.push(x),
                        v => self.wrong_type(
                            super::locate::with_index(&with_key(path, key), i),
                            v,
                            "a table",
                        ),
                    }
                }
                Some(out)
            }
            v => {
                self.wrong_type(with_key(path, key), v, "an array of tables");
                None
            }
        }
    }
}
