//! `softpower run [SCENARIO]`: simulate, write summary.csv and summary.json, print a short summary.

use super::common::{self, BadInput, SimArgs};
use crate::charts::HorizonSamples;
use crate::engine::summary::target_checks;
use crate::engine::{self, RunOptions};
use crate::model::{CulturalExport, Model};
use crate::output::{self, csv::SummaryCsv, json::SummaryJson};
use crate::results::Summary;
use crate::scenario::Scenario;
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `run`.
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// Scenario file (default: the embedded baseline).
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

/// Simulate a validated scenario with the given threads and optional progress bar; returns the
/// summary and the histogram data of its horizon distributions.
pub fn simulate(
    s: &Scenario,
    threads: usize,
    quiet: bool,
) -> anyhow::Result<(Summary, Vec<HorizonSamples>)> {
    let model = CulturalExport::new(s);
    let targets = target_checks(s, model.outcome_names());
    let opts = RunOptions {
        paths: s.paths,
        seed: s.seed,
        threads,
        alpha: crate::stats::DEFAULT_ALPHA,
    };
    let pb = common::progress_bar(s.paths, quiet);
    let report = pb.as_ref().map(|pb| move |done: u64| pb.set_position(done));
    let out = engine::run(
        &model,
        &targets,
        &opts,
        report.as_ref().map(|f| f as &(dyn Fn(u64) + Sync)),
    )?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let samples = super::visuals::horizon_samples(s, model.outcome_names(), &out.acc);
    let summary = Summary::new(
        s,
        model.outcome_names(),
        &model.integer_valued(),
        &out,
        s.paths,
        s.seed,
    );
    Ok((summary, samples))
}

/// Run the command.
pub fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let mut s = common::load(a.scenario.as_deref())?;
    common::apply_overrides(&mut s, &a.sim)?;
    if let Some(q) = &a.quantiles {
        let mut q = q.clone();
        if q.iter().any(|x| !(x.is_finite() && *x > 0.0 && *x < 1.0)) {
            return Err(BadInput(format!("--quantiles must lie in (0, 1), got {q:?}")).into());
        }
        q.sort_by(f64::total_cmp);
        q.dedup();
        s.quantiles = q;
    }
    let (summary, samples) = simulate(&s, a.sim.threads, a.sim.quiet)?;
    let dir = a
        .sim
        .out
        .clone()
        .unwrap_or_else(|| common::default_out(&s.name));
    let visuals = super::visuals::RunVisuals { samples };
    let mut formats: Vec<&dyn output::Output> = vec![&SummaryCsv, &SummaryJson];
    if !a.no_charts {
        formats.push(&visuals);
    }
    let written = output::write_all(&dir, &summary, &formats)
        .with_context(|| format!("writing results to {}", dir.display()))?;
    if !a.sim.quiet {
        print!("{}", output::human::render(&summary));
        println!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
