//! Scenario files: raw TOML in, validated [`Scenario`] out, before any simulation starts.
//!
//! [`load_file`] reads a file, follows `extends`, merges and validates it; [`load_str`] does the
//! same for text, [`baseline`] for the embedded canonical baseline. Problems come back as
//! [`ScenarioErrors`]: every one with its file, line, column and dotted field path.

mod dist;
mod entities;
mod error;
mod joint;
mod load;
mod locate;
mod merge;
mod params;
mod parse;
mod paths;
mod raw;
mod suggest;
mod targets;
mod types;
mod uncertain;
mod validate;

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use dist::normal_cdf;
pub use error::{ScenarioError, ScenarioErrors, EMBEDDED_BASELINE};
pub use load::{baseline, load_file, load_str, BASELINE_TOML, MAX_EXTENDS_DEPTH};
pub use params::{
    IMPORTS_FIELDS, INDEX_FIELDS, LEVER_KINDS, LEVER_NAMES, MARKET_FIELDS, RESPONSE_FIELDS,
    SECTOR_FIELDS,
};
pub use paths::resolve_param_path;
pub use types::*;
pub use uncertain::{DIST_NAMES, MIN_TRUNCATION_MASS};
pub use validate::{
    MAX_BASE_COUNT, MAX_CELLS, MAX_PATHS, MAX_STEPS, MAX_STEPS_PER_YEAR, MAX_YEARS,
};
