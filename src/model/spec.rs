//! A model's validated configuration ([`ModelSpec`]) and the [`Registry`] that finds a model by
//! the name in `[scenario] model` and validates its part of a scenario file.

use super::info::{ModelInfo, TimeGrid};
use crate::engine::AnyModel;
use crate::input::{hint_or_list, Ctx, Key, KeyPath};
use std::any::Any;
use std::fmt::Debug;

/// The smallest and largest value each parameter can take on any path (its value, or the
/// support of its `[uncertainty]` distribution), for conditions linking several parameters.
#[derive(Debug, Clone, Default)]
pub struct Hull {
    values: Vec<f64>,
    drawn: Vec<Option<Spread>>,
}

/// How far one parameter varies, and which entry of the file varies it.
#[derive(Debug, Clone)]
struct Spread {
    lo: f64,
    hi: f64,
    key: String,
    /// The entry's path (e.g. `uncertainty."model.x1"`).
    at: KeyPath,
    /// What the range is, for messages.
    note: &'static str,
}

impl Hull {
    /// The values of `info`'s parameters, with `drawn` (index, support, `[uncertainty]` key).
    pub fn new(info: &ModelInfo, drawn: &[(usize, (f64, f64), String)]) -> Self {
        let mut d = vec![None; info.params.len()];
        for (i, (lo, hi), key) in drawn {
            d[*i] = Some(Spread {
                lo: *lo,
                hi: *hi,
                key: key.clone(),
                at: crate::input::kp(&["uncertainty", key]),
                note: " (over its [uncertainty] support)",
            });
        }
        Hull {
            values: info.params.iter().map(|p| p.value).collect(),
            drawn: d,
        }
    }

    /// The same, with parameter `i` varied over `[lo, hi]` by a study's factor at `at` (an
    /// entry of `[sensitivity.factors]` or `[explore.factors]`), replacing any draw.
    pub fn with_factor(mut self, i: usize, (lo, hi): (f64, f64), key: &str, at: KeyPath) -> Self {
        self.drawn[i] = Some(Spread {
            lo,
            hi,
            key: key.to_string(),
            at,
            note: " (over the study's range of it)",
        });
        self
    }

    /// `(lo, hi)` of parameter `i` over every path.
    pub fn range(&self, i: usize) -> (f64, f64) {
        match &self.drawn[i] {
            Some(d) => (d.lo, d.hi),
            None => (self.values[i], self.values[i]),
        }
    }

    /// The key of the `[uncertainty]` entry or study factor varying parameter `i`, if any.
    pub fn drawn_by(&self, i: usize) -> Option<&str> {
        self.drawn[i].as_ref().map(|d| d.key.as_str())
    }

    /// Where to report a condition on parameter `i`: the entry varying it, else `path`.
    pub fn at(&self, i: usize, path: KeyPath) -> KeyPath {
        match &self.drawn[i] {
            Some(d) => d.at.clone(),
            None => path,
        }
    }

    /// `" (over its [uncertainty] support)"` (or the study's range) when parameter `i` varies,
    /// else empty.
    pub fn note(&self, i: usize) -> &'static str {
        self.drawn[i].as_ref().map_or("", |d| d.note)
    }
}

/// A model's part of a validated scenario: what it is (its [`ModelInfo`]) and how to build the
/// runnable model. Built by a [`ModelEntry`]'s `validate`; immutable afterwards.
pub trait ModelSpec: Debug + Send + Sync + 'static {
    /// The model's self-description for this scenario.
    fn info(&self) -> &ModelInfo;

    /// The index of the parameter a dotted path names, or what is wrong with the path.
    fn resolve(&self, path: &str) -> Result<usize, String> {
        let info = self.info();
        match info.param_index(path) {
            Some(i) if info.params[i].drawable => Ok(i),
            Some(_) => Err(format!("`{path}` is not drawable")),
            None => Err(format!(
                "unknown parameter `{path}`{}",
                hint_or_list(path, info.params.iter().map(|p| p.path.as_str()))
            )),
        }
    }

    /// Conditions linking several parameters, over every value a path can draw.
    fn joint_checks(&self, _c: &mut Ctx, _hull: &Hull) {}

    /// What must be equal for two scenarios to be compared path by path (beyond the model and
    /// the time grid), as named lists: e.g. sectors, markets and bases. Two specs with equal
    /// structure draw the same random numbers on every path.
    fn structure(&self) -> Vec<(String, Vec<String>)> {
        vec![(
            "parameters".into(),
            self.info().params.iter().map(|p| p.path.clone()).collect(),
        )]
    }

    /// The runnable model on `grid`.
    fn build(&self, grid: &TimeGrid) -> Box<dyn AnyModel>;

    /// The spec itself, for downcasting to the model's own type.
    fn as_any(&self) -> &dyn Any;
}

/// What a model's validator gets: the merged scenario table and the time grid.
#[derive(Debug, Clone, Copy)]
pub struct ModelInput<'a> {
    /// The whole merged scenario file (after `extends` and `--set`).
    pub doc: &'a toml::Table,
    /// The validated time grid.
    pub grid: &'a TimeGrid,
}

/// Validates a model's part of a scenario: every problem goes into the [`Ctx`]; returns the
/// spec when the part is valid.
pub type ValidateFn = fn(&mut Ctx, ModelInput<'_>) -> Option<Box<dyn ModelSpec>>;

/// A registered model.
#[derive(Debug, Clone, Copy)]
pub struct ModelEntry {
    /// Name written in `[scenario] model`.
    pub name: &'static str,
    /// One-line description.
    pub doc: &'static str,
    /// Whether it steps through time (a static model records once and needs no time settings).
    pub dynamic: bool,
    /// The top-level sections of a scenario file that belong to it, declared: the unknown-key
    /// check and `softpower schema` read them.
    pub sections: &'static [Key],
    /// Its validator.
    pub validate: ValidateFn,
}

/// The models a loader knows, by name.
#[derive(Debug, Clone)]
pub struct Registry {
    entries: Vec<ModelEntry>,
}

/// The model a scenario without `[scenario] model` uses.
pub const DEFAULT_MODEL: &str = "cultural-export";

impl Registry {
    /// The built-in models: `cultural-export`, `ishigami`, `sobol_g`.
    pub fn builtin() -> Self {
        Registry {
            entries: vec![
                super::cultural::ENTRY,
                super::testfns::ishigami::ENTRY,
                super::testfns::sobol_g::ENTRY,
            ],
        }
    }

    /// Add (or replace) a model.
    pub fn register(&mut self, entry: ModelEntry) -> &mut Self {
        self.entries.retain(|e| e.name != entry.name);
        self.entries.push(entry);
        self
    }

    /// The model of this name.
    pub fn get(&self, name: &str) -> Option<&ModelEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Every registered model.
    pub fn entries(&self) -> &[ModelEntry] {
        &self.entries
    }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::builtin()
    }
}
