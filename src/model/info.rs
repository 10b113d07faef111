//! How a model describes itself, in one place: its parameters (path, unit, range, doc, value),
//! its outcomes (unit, title, integer or not, key or not), its time grid and its draw counts.
//! Validation, results, charts, the report, the human summary and the bench read this, never a
//! list of a particular model's names.

pub use crate::input::FieldDecl;
use crate::input::Range;
use serde::Serialize;

/// One parameter of a validated scenario's model, addressable by its dotted path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamInfo {
    /// Dotted path, as in `[uncertainty]` (e.g. `model.x1`, or `market.oceania.piracy` for an
    /// element of an array of tables named by its `name`).
    pub path: String,
    /// Unit (empty when dimensionless).
    pub unit: String,
    /// Values allowed.
    pub range: Range,
    /// One-line documentation.
    pub doc: String,
    /// The value the scenario sets.
    pub value: f64,
    /// Whether it may be drawn per path.
    pub drawable: bool,
}

/// One outcome a model records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeInfo {
    /// Name (as in `summary.csv`'s `metric` column).
    pub name: String,
    /// Display title, e.g. "Cultural exports, total".
    pub title: String,
    /// Unit for axis labels, e.g. "bn USD" (empty when none).
    pub unit: String,
    /// Suffix of tick labels, e.g. " bn".
    pub tick_suffix: String,
    /// Only whole numbers (quantiles are then reported as whole numbers).
    pub integer: bool,
    /// Shown in fan charts, histograms, the stdout summary and comparison tables.
    pub key: bool,
    /// The [`PanelInfo::name`] of the small-multiple chart this outcome is drawn in, if any.
    pub panel: Option<String>,
}

/// A chart of small multiples: every outcome whose `panel` is `name`, each on its own scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelInfo {
    /// File stem of the chart, e.g. `sectors`.
    pub name: String,
    /// Chart title, e.g. "Exports by sector".
    pub title: String,
}

impl OutcomeInfo {
    /// An outcome titled by its name, without unit.
    pub fn plain(name: &str) -> Self {
        OutcomeInfo {
            name: name.into(),
            title: name.replace('_', " "),
            unit: String::new(),
            tick_suffix: String::new(),
            integer: false,
            key: false,
            panel: None,
        }
    }
}

/// Random numbers one step of one path draws (for the bench's random-number floor).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DrawCounts {
    /// Uniform draws per step.
    pub uniforms: usize,
    /// Standard normal draws per step.
    pub normals: usize,
    /// Normal draws per step that become log-normal factors through an `exp`.
    pub exps: usize,
}

/// The calendar grid of a run: `years × steps_per_year` steps from `start_year`; a static model
/// records once, at step 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeGrid {
    /// Calendar year of step 0.
    pub start_year: i32,
    /// Horizon in years (0 for a static model).
    pub years: u32,
    /// Steps per year (≥ 1).
    pub steps_per_year: u32,
}

impl TimeGrid {
    /// The grid of a static model: one record, at `year`.
    pub fn fixed(year: i32) -> Self {
        TimeGrid {
            start_year: year,
            years: 0,
            steps_per_year: 1,
        }
    }

    /// Total number of steps `T = years * steps_per_year`.
    pub fn steps(&self) -> usize {
        self.years as usize * self.steps_per_year as usize
    }

    /// Step length in years.
    pub fn dt(&self) -> f64 {
        1.0 / self.steps_per_year as f64
    }

    /// Calendar time of step `k` (years, fractional).
    pub fn year_of_step(&self, k: usize) -> f64 {
        self.start_year as f64 + k as f64 * self.dt()
    }
}

/// Everything a model declares about itself for one validated scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInfo {
    /// Registered name, e.g. `cultural-export`.
    pub name: String,
    /// Every parameter, in a fixed order (their indices are what per-path draws address).
    pub params: Vec<ParamInfo>,
    /// Every outcome, in recording order.
    pub outcomes: Vec<OutcomeInfo>,
    /// Key outcomes in display order (names; each is in `outcomes`).
    pub key_outcomes: Vec<String>,
    /// What a study (`[sensitivity]`, `[explore]`) measures when it names no outputs: the mean
    /// of each of these outcomes at the horizon (names; each is in `outcomes`).
    pub headline_outcomes: Vec<String>,
    /// Small-multiple charts.
    pub panels: Vec<PanelInfo>,
    /// Random numbers per step.
    pub draws: DrawCounts,
    /// The section of the scenario file the report shows as the policy (e.g. `levers`).
    pub policy_section: Option<String>,
    /// The report's heading of that section (e.g. "Policy levers").
    pub policy_title: String,
}

impl ModelInfo {
    /// Index of the parameter with this dotted path.
    pub fn param_index(&self, path: &str) -> Option<usize> {
        self.params.iter().position(|p| p.path == path)
    }

    /// Index of the outcome with this name.
    pub fn outcome_index(&self, name: &str) -> Option<usize> {
        self.outcomes.iter().position(|o| o.name == name)
    }

    /// Outcome names in recording order.
    pub fn outcome_names(&self) -> Vec<String> {
        self.outcomes.iter().map(|o| o.name.clone()).collect()
    }
}

/// Declares a table of numeric parameters once: the struct (one `f64` field each, documented),
/// its [`FieldDecl`] list (key, range, unit, doc, drawable) and index-based access in the same
/// order, so names, ranges and docs cannot drift apart.
///
/// ```ignore
/// param_table! {
///     /// `[model]` of a growth model.
///     pub struct Growth {
///         /// Initial level.
///         level0: Range::POS, "bn USD", true;
///     }
/// }
/// ```
#[macro_export]
macro_rules! param_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( #[doc = $doc:literal] $field:ident : $range:expr, $unit:literal, $drawable:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Default)]
        pub struct $name {
            $( #[doc = $doc] pub $field: f64, )*
        }

        impl $name {
            /// The declared fields, in declaration order.
            pub const FIELDS: &'static [$crate::model::FieldDecl] = &[
                $( $crate::model::FieldDecl {
                    name: stringify!($field),
                    range: $range,
                    unit: $unit,
                    doc: $doc,
                    drawable: $drawable,
                }, )*
            ];

            /// The field at `i` in declaration order. Panics if `i` is out of range.
            pub fn field(&self, i: usize) -> f64 {
                [$(self.$field),*][i]
            }

            /// The field at `i` in declaration order. Panics if `i` is out of range.
            pub fn field_mut(&mut self, i: usize) -> &mut f64 {
                [$(&mut self.$field),*]
                    .into_iter()
                    .nth(i)
                    .expect("parameter index out of range")
            }
        }
    };
}
