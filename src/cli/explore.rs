//! `softpower explore FILE`: run the file's `[explore]` experiments and write experiments.csv and
//! explore.json.

use super::common::{self, JobArgs};
use crate::experiment::run_explore;
use crate::output::explore_files::{ExperimentsCsv, ExploreJson};
use crate::output::{self, Output};
use crate::scenario::{Loader, Override};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `explore`.
#[derive(Debug, Clone, Default, Args)]
pub struct ExploreArgs {
    /// Scenario file with an `[explore]` section.
    pub scenario: PathBuf,
    /// Paths of every experiment (overrides `[explore] paths`).
    #[arg(long)]
    pub paths: Option<u64>,
    /// Threads, output, overrides.
    #[command(flatten)]
    pub job: JobArgs,
}

/// Run the command.
pub fn run(a: ExploreArgs) -> anyhow::Result<ExitCode> {
    let mut overrides = a.job.set.overrides()?;
    if let Some(n) = a.paths {
        overrides.push(Override::from_flag(
            &format!("--paths {n}"),
            &["explore", "paths"],
            toml::Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)),
        ));
    }
    let threads = a.job.threads()?;
    let loader = Loader::new().with_overrides(overrides);
    let scenario = common::load_with(Some(&a.scenario), loader)?;
    let Some(def) = scenario.explore() else {
        return Err(common::BadInput(format!(
            "{}: no [explore] section: add one with a design and factors, e.g.\n  [explore]\n  design = \"grid\"\n  [explore.factors]\n  \"<section>.<parameter>\" = {{ min = 0.0, max = 1.0, levels = 5 }}",
            a.scenario.display()
        ))
        .into());
    };
    let out = a
        .job
        .out
        .clone()
        .unwrap_or_else(|| common::default_out(&format!("{}-explore", scenario.name())));
    let dest = common::destination(&out, a.job.force)?;
    let (points, paths) = (def.points, def.paths);
    let result = common::with_progress(points, a.job.quiet, "experiments", |progress| {
        let by_point = progress.map(|p| move |done: u64| p(done / paths));
        run_explore(
            &scenario,
            threads,
            by_point.as_ref().map(|f| f as &(dyn Fn(u64) + Sync)),
        )
    })?;
    let json = ExploreJson {
        scenario: scenario.name().to_string(),
        seed: scenario.seed(),
        steps: scenario.steps(),
    };
    let formats: Vec<&dyn Output<_>> = vec![&ExperimentsCsv, &json];
    let written = output::write_all(&dest, &result, &formats)
        .with_context(|| format!("writing results to {}", out.display()))?;
    if !a.job.quiet {
        let e = &result.eval;
        println!(
            "{} ({}): {} experiments × {} paths in {:.2} s ({:.1} experiments/s, {:.3e} path-steps/s, {} threads)",
            scenario.name(),
            result.def.design.name(),
            e.table.rows(),
            paths,
            e.elapsed.as_secs_f64(),
            e.table.rows() as f64 / e.elapsed.as_secs_f64().max(1e-9),
            e.path_steps_per_second(scenario.steps()),
            e.threads
        );
        println!("wrote {} files to {}", written.len(), out.display());
    }
    Ok(ExitCode::SUCCESS)
}
