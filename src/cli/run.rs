//! `softpower run [SCENARIO]`: simulate, write summary.csv, summary.json, charts and the report,
//! print a short summary.

use super::common::{self, SimArgs};
use crate::engine::{self, RunOptions};
use crate::output::visuals::{horizon_samples, RunVisuals};
use crate::output::{self, csv::SummaryCsv, json::SummaryJson};
use crate::results::Summary;
use crate::scenario::{Override, Scenario};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
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
}

/// A run, resolved and validated before any work.
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// The validated scenario (overrides applied).
    pub scenario: Scenario,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Output directory (checked: writable, and softpower's if it exists).
    pub out: crate::output::dir::Destination,
    /// No progress bar or stdout summary.
    pub quiet: bool,
    /// Write charts and the report.
    pub charts: bool,
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
        let out = a
            .sim
            .job
            .out
            .clone()
            .unwrap_or_else(|| common::default_out(scenario.name()));
        let out = common::destination(&out, a.sim.job.force)?;
        Ok(RunPlan {
            scenario,
            threads,
            out,
            quiet: a.sim.job.quiet,
            charts: !a.no_charts,
        })
    }
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
    let opts = RunOptions {
        paths: s.paths(),
        seed: s.seed(),
        threads,
        alpha: crate::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    };
    let out = common::with_progress(s.paths(), quiet, "paths", |progress| {
        engine::run(&*model, &setup, &opts, progress)
    })?;
    s.check_finite(&out.acc).map_err(anyhow::Error::msg)?;
    let summary = Summary::new(s, &out);
    Ok((summary, out.acc))
}

/// Run the command.
pub fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let plan = RunPlan::resolve(&a)?;
    let (summary, acc) = simulate(&plan.scenario, plan.threads, plan.quiet)?;
    let visuals = RunVisuals {
        samples: horizon_samples(&summary, &acc),
    };
    let mut formats: Vec<&dyn output::Output> = vec![&SummaryCsv, &SummaryJson];
    if plan.charts {
        formats.push(&visuals);
    }
    let dir = plan.out.path();
    let written = output::write_all(&plan.out, &summary, &formats)
        .with_context(|| format!("writing results to {}", dir.display()))?;
    if !plan.quiet {
        print!("{}", output::human::render(&summary));
        println!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
