//! Scenario files: raw TOML in, validated [`Scenario`] out, before any simulation starts.

mod types;

pub use types::*;
