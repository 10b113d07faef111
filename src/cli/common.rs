//! Pieces shared by subcommands: the options every simulating command takes, loading scenarios
//! with their overrides, progress bars, the bad-input marker.

use crate::scenario::{self, Loader, Override, Scenario};
use clap::Args;
use std::path::{Path, PathBuf};

pub use crate::limits::MAX_THREADS;

/// Marks an error as bad input or usage (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Overrides of the scenario, shared by every command that reads one.
#[derive(Debug, Clone, Default, Args)]
pub struct SetArgs {
    /// Override a scenario value: `--set dotted.key=value` (TOML value syntax, repeatable), e.g.
    /// `--set scenario.paths=5000` or, for one entry of a lever's schedule,
    /// `--set levers.<lever>.<year>=4`; an element of an array of tables is named by its `name`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl SetArgs {
    /// The parsed overrides.
    pub fn overrides(&self) -> anyhow::Result<Vec<Override>> {
        self.set
            .iter()
            .map(|a| Override::parse(a).map_err(|e| BadInput(e).into()))
            .collect()
    }
}

/// Options shared by every command that simulates and writes an output directory.
#[derive(Debug, Clone, Default, Args)]
pub struct JobArgs {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Output directory (default: output/<scenario name>/; for compare, output/compare-<names>/;
    /// for sensitivity and explore, output/<scenario name>-sensitivity/ and -explore/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no summary on stdout.
    #[arg(long, short)]
    pub quiet: bool,
    /// Replace an existing output directory that softpower did not write, with everything in it.
    #[arg(long)]
    pub force: bool,
    /// Scenario overrides.
    #[command(flatten)]
    pub set: SetArgs,
}

impl JobArgs {
    /// Worker threads, checked.
    pub fn threads(&self) -> anyhow::Result<usize> {
        check_threads(self.threads)
    }
}

/// Options shared by every command that simulates a scenario's paths.
#[derive(Debug, Clone, Default, Args)]
pub struct SimArgs {
    /// Number of paths (overrides the scenario's `paths`).
    #[arg(long)]
    pub paths: Option<u64>,
    /// Master seed (overrides the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Threads, output, overrides.
    #[command(flatten)]
    pub job: JobArgs,
}

impl SimArgs {
    /// `--set`, then `--paths` and `--seed`, as overrides of the raw scenario.
    pub fn overrides(&self) -> anyhow::Result<Vec<Override>> {
        let mut v = self.job.set.overrides()?;
        if let Some(p) = self.paths {
            v.push(Override::from_flag(
                &format!("--paths {p}"),
                &["scenario", "paths"],
                toml::Value::Integer(i64::try_from(p).unwrap_or(i64::MAX)),
            ));
        }
        if let Some(s) = self.seed {
            v.push(Override::from_flag(
                &format!("--seed {s}"),
                &["scenario", "seed"],
                toml::Value::Integer(i64::try_from(s).unwrap_or(-1)),
            ));
        }
        Ok(v)
    }

    /// Worker threads, checked.
    pub fn threads(&self) -> anyhow::Result<usize> {
        self.job.threads()
    }
}

/// `--threads` within its limit.
pub fn check_threads(threads: usize) -> anyhow::Result<usize> {
    if threads > MAX_THREADS {
        return Err(BadInput(format!(
            "--threads must be at most {MAX_THREADS} (0 = all cores), got {threads}"
        ))
        .into());
    }
    Ok(threads)
}

/// Load a scenario file (the embedded baseline when `path` is `None`) with overrides.
pub fn load(path: Option<&Path>, overrides: Vec<Override>) -> anyhow::Result<Scenario> {
    load_with(path, Loader::new().with_overrides(overrides))
}

/// [`load`] with a loader of the caller's.
pub fn load_with(path: Option<&Path>, loader: Loader) -> anyhow::Result<Scenario> {
    let r = match path {
        Some(p) => loader.load_file(p),
        None => loader.load_str(scenario::BASELINE_TOML, scenario::EMBEDDED_BASELINE, None),
    };
    let s = r.map_err(|e| BadInput(e.to_string()))?;
    for w in s.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(s)
}

/// A progress bar on stderr when it is a terminal and `quiet` is off.
pub fn progress_bar(total: u64, quiet: bool, what: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(total);
    pb.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {what} ({{eta}} left)"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(pb)
}

/// Run `f` with a progress callback that drives a bar over `total` units (none when quiet or
/// not a terminal), clearing the bar afterwards.
pub fn with_progress<T>(
    total: u64,
    quiet: bool,
    what: &str,
    f: impl FnOnce(Option<&(dyn Fn(u64) + Sync)>) -> T,
) -> T {
    let pb = progress_bar(total, quiet, what);
    let report = pb.as_ref().map(|pb| move |done: u64| pb.set_position(done));
    let r = f(report.as_ref().map(|f| f as &(dyn Fn(u64) + Sync)));
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    r
}

/// Check the output directory before any simulation (writable; an existing one is softpower's or
/// `force`): a refusal is bad input.
pub fn destination(path: &Path, force: bool) -> anyhow::Result<crate::output::dir::Destination> {
    crate::output::dir::Destination::check(path, force).map_err(|e| {
        if e.is::<crate::output::dir::Refused>() {
            BadInput(e.to_string()).into()
        } else {
            e.context(format!("cannot write results to {}", path.display()))
        }
    })
}

/// The default output directory for a run name.
pub fn default_out(name: &str) -> PathBuf {
    Path::new("output").join(name)
}
