//! Pieces shared by subcommands: loading scenarios, overrides, progress bars, the bad-input marker.

use crate::scenario::{self, Scenario};
use clap::Args;
use std::path::{Path, PathBuf};

/// Most worker threads `--threads` accepts.
pub const MAX_THREADS: usize = 1024;

/// Marks an error as bad input or usage (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Options shared by every command that simulates.
#[derive(Debug, Clone, Default, Args)]
pub struct SimArgs {
    /// Number of paths (overrides the scenario's `paths`).
    #[arg(long)]
    pub paths: Option<u64>,
    /// Master seed (overrides the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Output directory (default: output/<scenario name>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no summary on stdout.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Load a scenario file, or the embedded baseline when `path` is `None`.
pub fn load(path: Option<&Path>) -> anyhow::Result<Scenario> {
    match path {
        Some(p) => scenario::load_file(p).map_err(|e| BadInput(e.to_string()).into()),
        None => Ok(scenario::baseline()),
    }
}

/// Apply `--paths`/`--seed` overrides, rejecting impossible values.
pub fn apply_overrides(s: &mut Scenario, a: &SimArgs) -> anyhow::Result<()> {
    if let Some(p) = a.paths {
        if p == 0 || p > scenario::MAX_PATHS as u64 {
            return Err(BadInput(format!(
                "--paths must be in 1..={}, got {p}",
                scenario::MAX_PATHS
            ))
            .into());
        }
        s.paths = p;
    }
    if a.threads > MAX_THREADS {
        return Err(BadInput(format!(
            "--threads must be at most {MAX_THREADS} (0 = all cores), got {}",
            a.threads
        ))
        .into());
    }
    if let Some(seed) = a.seed {
        s.seed = seed;
    }
    Ok(())
}

/// A progress bar on stderr when it is a terminal and `quiet` is off.
pub fn progress_bar(total: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(total);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} paths ({eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(pb)
}

/// The default output directory for a run name.
pub fn default_out(name: &str) -> PathBuf {
    Path::new("output").join(name)
}
