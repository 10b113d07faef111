//! Every limit on what a scenario file or the command line may ask for, in one place: each bounds
//! the work or memory one input can cost, and each is named with its value in the message that
//! refuses an input beyond it. docs/scenario-format.md lists them (section "Limits").
//!
//! The limits on values (the valid range of each model parameter) are not here: they are
//! declared with the parameter (`param_table!` in the model's `params.rs`).

// ---- files and the command line ----

/// Largest scenario file read (each file of an `extends` chain).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Longest `extends` chain (files, the child included).
pub const MAX_EXTENDS_DEPTH: usize = 16;
/// Most characters of one `--set` argument.
pub const MAX_OVERRIDE_LEN: usize = 10_000;
/// Most worker threads `--threads` accepts.
pub const MAX_THREADS: usize = 1024;
/// Most shards of one job (`--shard I/N`).
pub const MAX_SHARDS: u64 = 100_000;

// ---- the generic part of a scenario ----

/// Most years a scenario may span.
pub const MAX_YEARS: i64 = 200;
/// Most steps per year.
pub const MAX_STEPS_PER_YEAR: i64 = 365;
/// Most steps in all (`years * steps_per_year`).
pub const MAX_STEPS: i64 = 20_000;
/// Most Monte Carlo paths.
pub const MAX_PATHS: i64 = 1_000_000_000;
/// Most characters of a name: a scenario's (it names the output directory) and one of a
/// model's entities (a sector, market or base: it names outcomes and `[uncertainty]` paths).
pub const MAX_NAME_LEN: usize = 64;
/// Most quantile levels `[output] quantiles` (or `--quantiles`) may list.
pub const MAX_QUANTILES: usize = 99;
/// Most `[[target]]` entries (each is checked on every path and gets a histogram).
pub const MAX_TARGETS: usize = 100;
/// Most characters of a target's name (it titles charts and table rows).
pub const MAX_TARGET_NAME_LEN: usize = 100;
/// Most `[uncertainty]` entries (each is drawn on every path from a stream of its own).
pub const MAX_UNCERTAIN: usize = 1_000;
/// Most `[output] per_path` entries (each is a column of `paths.parquet`: 8 bytes per path).
pub const MAX_PER_PATH: usize = 1_000;

// ---- studies: `[sensitivity]` and `[explore]` ----

/// Most factors of one study.
pub const MAX_FACTORS: usize = 256;
/// Most design points of one study (each runs `paths_per_point` paths; the design, the outputs
/// per point and the table written are held in memory: about 100 bytes per point and output).
pub const MAX_DESIGN_POINTS: u64 = 4_000_000;
/// Most experiments of one `[explore]` design (the table holds one row per experiment).
pub const MAX_EXPERIMENTS: u64 = 1_000_000;
/// Most paths simulated by one study over all its points (a bound on its run time).
pub const MAX_STUDY_PATHS: u64 = 100_000_000_000;
/// Most outputs of one study.
pub const MAX_STUDY_OUTPUTS: usize = 100;
/// Most bootstrap resamples of an analysis.
pub const MAX_BOOTSTRAP: i64 = 100_000;
/// Most values of one `[explore.factors]` entry, or levels of one factor.
pub const MAX_FACTOR_VALUES: usize = 10_000;

// ---- the cultural-export model ----

/// Most `[[sector]]` entries (each adds an outcome, recorded at every step of every path).
pub const MAX_SECTORS: usize = 64;
/// Most `[[market]]` entries (each draws three random numbers per step).
pub const MAX_MARKETS: usize = 256;
/// Most `[[base]]` entries (their cells are limited by [`MAX_CELLS`] too).
pub const MAX_BASES: usize = 10_000;
/// Most bases one `[[base]]` entry may stand for (`count`).
pub const MAX_BASE_COUNT: i64 = 100_000;
/// Most (base, sector) cells after expanding `count` (each draws two normals per step).
pub const MAX_CELLS: i64 = 1_000_000;
/// Most entries of one lever schedule.
pub const MAX_SCHEDULE_ENTRIES: usize = 1_000;
/// Most schedule entries of all levers together (each is a parameter, and a path that draws a
/// lever looks its values up at every step).
pub const MAX_SCHEDULE_ENTRIES_TOTAL: usize = 2_000;
