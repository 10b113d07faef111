//! The integration tests, as one binary (one link instead of one per file): engine guarantees,
//! the model's equations, finite outcomes at the corners of the parameter ranges, the command
//! line (runs, sensitivity studies, bad input, bench), per-path output, the test-function models,
//! the user model of examples/market_entry.rs, and the report in a real browser.

mod common;

mod architecture;

mod cli_bench;
mod cli_errors;
mod cli_run;
mod cli_sensitivity;
mod engine_properties;
mod example_model;
mod explore;
mod explore_charts;
mod finite_inputs;
mod fuzz_inputs;
mod model_equations;
mod output_set;
mod per_path;
mod properties;
mod report_browser;
mod rough_edges;
mod schema;
mod sensitivity;
mod shards;
mod test_functions;
mod value_stability;
