//! `softpower run [SCENARIO]`: simulate, write summary.csv, summary.json, charts and the report
//! (and with `--per-path` or `[output] per_path`, paths.parquet), print a short summary; with
//! `--shard`, only a piece of the paths into a partial result; with `--checkpoint`, in blocks
//! saved as they finish (see [`super::pieces`]).

use super::common::{self, BadInput, SimArgs};
use super::shard::{Shard, ShardArgs};
use crate::engine::{self, RowPlan, RunOptions};
use crate::output::dir::Staging;
use crate::output::paths::{PathsWriter, PATHS_FILE};
use crate::output::visuals::{horizon_samples, RunVisuals};
use crate::output::{self, csv::SummaryCsv, json::SummaryJson};
use crate::results::Summary;
use crate::scenario::{Override, PathColumn, Scenario};
use anyhow::Context;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `run` (what the user typed).
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// Scenario file (default: the baseline scenario embedded in the binary).
    pub scenario: Option<PathBuf>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Quantile levels to report, e.g. 0.05,0.5,0.95 (overrides `[output] quantiles`).
    #[arg(long, value_delimiter = ',')]
    pub quantiles: Option<Vec<f64>>,
    /// Skip charts and the HTML report.
    #[arg(long)]
    pub no_charts: bool,
    /// Also write paths.parquet: one row per path with its drawn `[uncertainty]` values and the
    /// outcomes of `[output] per_path` (default: the key outcomes at each target year and at the
    /// horizon). A file that sets `[output] per_path` writes it without this flag.
    #[arg(long)]
    pub per_path: bool,
    /// Which shard of the job to compute (into a partial result, for `softpower merge`).
    #[command(flatten)]
    pub shard: ShardArgs,
    /// Save a partial result in DIR as each block of paths finishes; rerun the same command
    /// after an interruption to resume from them (the same bytes as an uninterrupted run).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["shard", "shard_from_env"])]
    pub checkpoint: Option<PathBuf>,
}

/// How much of the job a run computes, and where it goes.
#[derive(Debug, Clone)]
pub enum RunMode {
    /// Every path, into the output directory.
    Whole(crate::output::dir::Destination),
    /// One shard, into a partial result.
    Shard(Shard),
    /// Every path, in blocks saved to the checkpoint directory, then into the output directory.
    Checkpoint(PathBuf, crate::output::dir::Destination),
}

/// A run, resolved and validated before any work.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// The validated scenario (overrides applied).
    pub scenario: Scenario,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// What to compute and where it goes (output directory checked: writable, and softpower's
    /// if it exists).
    pub mode: RunMode,
    /// No progress bar or stdout summary.
    pub quiet: bool,
    /// Write charts and the report.
    pub charts: bool,
    /// The outcome columns of paths.parquet, when it is written.
    pub per_path: Option<Vec<PathColumn>>,
}

impl RunPlan {
    /// Resolve the arguments: load and validate the scenario with every override.
    pub fn resolve(a: &RunArgs) -> anyhow::Result<RunPlan> {
        let mut overrides = a.sim.overrides()?;
        if let Some(q) = &a.quantiles {
            let shown: Vec<String> = q.iter().map(|x| x.to_string()).collect();
            overrides.push(Override::from_flag(
                &format!("--quantiles {}", shown.join(",")),
                &["output", "quantiles"],
                toml::Value::Array(q.iter().map(|&x| toml::Value::Float(x)).collect()),
            ));
        }
        let threads = a.sim.threads()?;
        let scenario = common::load(a.scenario.as_deref(), overrides)?;
        let per_path =
            (a.per_path || scenario.per_path().is_some()).then(|| scenario.per_path_columns());
        let shard = a.shard.resolve()?;
        if per_path.is_some() && (shard.is_some() || a.checkpoint.is_some()) {
            return Err(BadInput(
                "paths.parquet (--per-path or [output] per_path) is written by a run in one \
                 piece, not by shards or checkpointed runs"
                    .into(),
            )
            .into());
        }
        let out = || {
            let out = a
                .sim
                .job
                .out
                .clone()
                .unwrap_or_else(|| common::default_out(scenario.name()));
            common::destination(&out, a.sim.job.force)
        };
        let mode = match (shard, &a.checkpoint) {
            (Some(s), _) => {
                super::pieces::no_out_for_shards(a.sim.job.out.is_some())?;
                RunMode::Shard(s)
            }
            (None, Some(dir)) => RunMode::Checkpoint(dir.clone(), out()?),
            (None, None) => RunMode::Whole(out()?),
        };
        Ok(RunPlan {
            scenario,
            threads,
            mode,
            quiet: a.sim.job.quiet,
            charts: !a.no_charts,
            per_path,
        })
    }
}

/// The engine's options for a run of `s`.
pub(crate) fn run_options(s: &Scenario, threads: usize) -> RunOptions {
    RunOptions {
        paths: s.paths(),
        seed: s.seed(),
        threads,
        alpha: crate::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    }
}

/// The summary of a finished run, refused if an outcome was not finite.
pub(crate) fn summarise(
    s: &Scenario,
    out: engine::RunOutput,
) -> anyhow::Result<(Summary, engine::SummaryAcc)> {
    s.check_finite(&out.acc).map_err(anyhow::Error::msg)?;
    let summary = Summary::new(s, &out);
    Ok((summary, out.acc))
}

/// Simulate a validated scenario with the given threads and optional progress bar; returns the
/// summary and the raw statistics (for histograms).
pub fn simulate(
    s: &Scenario,
    threads: usize,
    quiet: bool,
) -> anyhow::Result<(Summary, engine::SummaryAcc)> {
    let model = s.build_model();
    let setup = s.path_setup();
    let opts = run_options(s, threads);
    let out = common::with_progress(s.paths(), quiet, "paths", |progress| {
        engine::run(&*model, &setup, &opts, progress)
    })?;
    summarise(s, out)
}

/// [`simulate`], streaming every path's row (its `[uncertainty]` draws and the outcomes
/// `columns`) into `paths.parquet` in `staging` as the run goes.
pub fn simulate_paths(
    s: &Scenario,
    threads: usize,
    quiet: bool,
    columns: &[PathColumn],
    staging: &mut Staging,
) -> anyhow::Result<(Summary, engine::SummaryAcc)> {
    let model = s.build_model();
    let setup = s.path_setup();
    let opts = run_options(s, threads);
    let picks: Vec<(usize, usize)> = columns.iter().map(|c| (c.step, c.outcome)).collect();
    let plan = RowPlan::new(model.step_count(), model.outcome_count(), &setup, &picks);
    let mut names: Vec<String> = s.uncertainty().iter().map(|u| u.path.clone()).collect();
    names.extend(columns.iter().map(|c| c.name.clone()));
    let file = staging.create(Path::new(PATHS_FILE))?;
    let mut writer = PathsWriter::new(file, &names)?;
    let out = common::with_progress(s.paths(), quiet, "paths", |progress| {
        engine::run_with_rows(
            &*model,
            &setup,
            &opts,
            &plan,
            &mut |rows| {
                writer
                    .push(&rows)
                    .with_context(|| format!("writing {PATHS_FILE}"))
            },
            progress,
        )
    })?;
    writer
        .finish()
        .with_context(|| format!("writing {PATHS_FILE}"))?;
    summarise(s, out)
}

/// Run the command.
pub fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let plan = RunPlan::resolve(&a)?;
    let out = match &plan.mode {
        RunMode::Whole(out) => out,
        RunMode::Shard(shard) => {
            return super::pieces::run_shard(&plan.scenario, plan.threads, plan.quiet, shard)
        }
        RunMode::Checkpoint(dir, out) => {
            let (summary, acc) =
                super::pieces::run_checkpointed(&plan.scenario, plan.threads, plan.quiet, dir)?;
            write_run(&summary, &acc, out, None, plan.charts, plan.quiet)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let dir = out.path();
    let context = || format!("writing results to {}", dir.display());
    let (staging, (summary, acc)) = match &plan.per_path {
        None => (None, simulate(&plan.scenario, plan.threads, plan.quiet)?),
        Some(columns) => {
            let mut staging = out.stage().with_context(context)?;
            let run = simulate_paths(
                &plan.scenario,
                plan.threads,
                plan.quiet,
                columns,
                &mut staging,
            )?;
            (Some(staging), run)
        }
    };
    write_run(&summary, &acc, out, staging, plan.charts, plan.quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// Write a run's output set (into `staging` when files were already streamed into it) and,
/// unless `quiet`, print its summary.
pub(crate) fn write_run(
    summary: &Summary,
    acc: &engine::SummaryAcc,
    out: &crate::output::dir::Destination,
    staging: Option<Staging>,
    charts: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let dir = out.path();
    let visuals = RunVisuals {
        samples: horizon_samples(summary, acc),
    };
    let mut formats: Vec<&dyn output::Output> = vec![&SummaryCsv, &SummaryJson];
    if charts {
        formats.push(&visuals);
    }
    let written = match staging {
        None => output::write_all(out, summary, &formats),
        Some(staging) => output::write_all_staged(staging, summary, &formats),
    }
    .with_context(|| format!("writing results to {}", dir.display()))?;
    if !quiet {
        print!("{}", output::human::render(summary));
        println!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(())
}
