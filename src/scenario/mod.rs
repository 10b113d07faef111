//! Scenario files: raw TOML in, validated [`Scenario`] out, before any simulation starts.
//!
//! [`load_file`] reads a file, follows `extends`, merges, applies overrides (`--set`, see
//! [`Override`]) and validates it; [`load_str`] does the same for text, [`baseline`] for the
//! embedded canonical baseline, and a [`Loader`] with other models or overrides. The generic
//! sections (`[scenario]`, `[output]`, `[uncertainty]`, `[[target]]`) are validated here; the
//! rest belongs to the model named in `[scenario] model` (default `cultural-export`), whose
//! validator the [`crate::model::Registry`] supplies. Problems come back as
//! [`ScenarioErrors`]: every one with its file, line, column and dotted field path.

mod error;
mod explore;
mod load;
mod merge;
mod overrides;
mod parse;
mod per_path;
pub mod schema;
mod seek;
mod sensitivity;
mod study;
mod targets;
mod types;
mod uncertain;
mod validate;

pub use error::{ScenarioError, ScenarioErrors, EMBEDDED_BASELINE};
pub use explore::{ExploreDef, ExploreDesign, DESIGN_NAMES, EXPLORE_KEYS};
pub use load::{
    baseline, load_file, load_str, Loader, BASELINE_TOML, MAX_EXTENDS_DEPTH, MAX_FILE_BYTES,
};
pub use overrides::{Override, MAX_OVERRIDE_LEN};
pub use per_path::PathColumn;
pub use seek::{SeekDef, SEEK_KEYS};
pub use sensitivity::{
    Method, SensitivityDef, DEFAULT_MORRIS_TRAJECTORIES, DEFAULT_PATHS_PER_POINT,
    DEFAULT_SOBOL_SAMPLES, METHOD_NAMES, SENSITIVITY_KEYS,
};
pub use study::{
    statistic_label, year_label, Factor, OutputKind, Spread, Statistic, StudyOutput,
    EXPLORE_FACTOR, OUTPUT_ENTRY_KEYS, RANGE_FACTOR, STATISTIC_PATTERN,
};
pub use targets::{MAX_QUANTILES, TARGET_KEYS, TARGET_NAME_PATTERN};
pub use types::*;
pub use uncertain::{DistDecl, DISTS, DIST_KEYS, DIST_NAMES, MIN_TRUNCATION_MASS};
pub use validate::{
    name_problem, GENERIC_SECTIONS, MAX_NAME_LEN, MAX_PATHS, MAX_STEPS, MAX_STEPS_PER_YEAR,
    MAX_YEARS, OUTPUT_KEYS, SCENARIO_KEYS, SCENARIO_NAME_PATTERN,
};
