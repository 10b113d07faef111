//! `softpower sensitivity FILE`: run the file's `[sensitivity]` study (or the defaults: Sobol on
//! its `[uncertainty]` parameters) and write sensitivity.csv, design.csv, sensitivity.json and,
//! unless `--no-charts`, a chart per output and report.html.

use super::common::{self, JobArgs};
use super::shard::ShardArgs;
use crate::experiment::sensitivity::{run_sensitivity, sensitivity_design, sentences};
use crate::experiment::SensitivityResult;
use crate::output::dir::Destination;
use crate::output::partial::JobKind;
use crate::output::sensitivity_files::{DesignCsv, SensitivityCsv, SensitivityJson};
use crate::output::visuals::SensitivityVisuals;
use crate::output::{self, Output};
use crate::report::StudyPage;
use crate::scenario::{Loader, Override, Scenario};
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `sensitivity`.
#[derive(Debug, Clone, Default, Args)]
pub struct SensitivityArgs {
    /// Scenario file with a `[sensitivity]` section (or `[uncertainty]` entries to use as factors).
    pub scenario: PathBuf,
    /// Method: sobol, morris or oat (overrides `[sensitivity] method`).
    #[arg(long)]
    pub method: Option<String>,
    /// Sobol base samples N (a power of two) or Morris trajectories r (overrides `samples`).
    #[arg(long)]
    pub samples: Option<u64>,
    /// Inner Monte Carlo paths at each design point (overrides `paths_per_point`).
    #[arg(long)]
    pub paths_per_point: Option<u64>,
    /// Seed of the inner paths (overrides the scenario's `seed`; the design's seed is
    /// `[sensitivity] seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Skip the charts and the HTML report.
    #[arg(long)]
    pub no_charts: bool,
    /// Threads, output, overrides.
    #[command(flatten)]
    pub job: JobArgs,
    /// Which shard of the design points to run (into a partial result, for `softpower merge`).
    #[command(flatten)]
    pub shard: ShardArgs,
}

fn flag(name: &str, shown: String, key: &str, v: toml::Value) -> Override {
    Override::from_flag(&format!("--{name} {shown}"), &["sensitivity", key], v)
}

/// Run the command.
pub fn run(a: SensitivityArgs) -> anyhow::Result<ExitCode> {
    let mut overrides = a.job.set.overrides()?;
    if let Some(s) = a.seed {
        overrides.push(Override::from_flag(
            &format!("--seed {s}"),
            &["scenario", "seed"],
            toml::Value::Integer(i64::try_from(s).unwrap_or(-1)),
        ));
    }
    if let Some(m) = &a.method {
        overrides.push(flag(
            "method",
            m.clone(),
            "method",
            toml::Value::String(m.clone()),
        ));
    }
    let int = |x: u64| toml::Value::Integer(i64::try_from(x).unwrap_or(i64::MAX));
    if let Some(n) = a.samples {
        overrides.push(flag("samples", n.to_string(), "samples", int(n)));
    }
    if let Some(n) = a.paths_per_point {
        overrides.push(flag(
            "paths-per-point",
            n.to_string(),
            "paths_per_point",
            int(n),
        ));
    }
    let threads = a.job.threads()?;
    let loader = Loader::new()
        .with_overrides(overrides)
        .with_section("sensitivity");
    let scenario = common::load_with(Some(&a.scenario), loader)?;
    let def = scenario
        .sensitivity()
        .expect("the loader adds an empty [sensitivity]");
    let out = a.job.out.clone().unwrap_or_else(|| default_out(&scenario));
    if let Some(shard) = a.shard.resolve()? {
        super::pieces::no_out_for_shards(a.job.out.is_some())?;
        let (def, values) = sensitivity_design(&scenario)?;
        let study = super::pieces::Study {
            kind: JobKind::Sensitivity,
            factors: &def.factors,
            values: &values,
            outputs: &def.outputs,
            paths: def.paths_per_point,
        };
        return super::pieces::study_shard(&scenario, &study, threads, a.job.quiet, &shard);
    }
    let dest = common::destination(&out, a.job.force)?;
    let points = def.points();
    let result = common::with_progress(points, a.job.quiet, "design points", |progress| {
        let per = def.paths_per_point;
        let by_point = progress.map(|p| move |done: u64| p(done / per));
        run_sensitivity(
            &scenario,
            threads,
            by_point.as_ref().map(|f| f as &(dyn Fn(u64) + Sync)),
        )
    })?;
    write_sensitivity(&scenario, &result, &dest, !a.no_charts, a.job.quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// `output/<name>-sensitivity/`.
pub(crate) fn default_out(s: &Scenario) -> PathBuf {
    common::default_out(&format!("{}-sensitivity", s.name()))
}

/// Write a sensitivity study's output set, print its warnings and, unless `quiet`, its
/// findings.
pub(crate) fn write_sensitivity(
    scenario: &Scenario,
    result: &SensitivityResult,
    dest: &Destination,
    charts: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let (out, def) = (dest.path(), &result.def);
    let json = SensitivityJson {
        scenario: scenario.name().to_string(),
        steps: scenario.steps(),
    };
    let visuals = SensitivityVisuals {
        page: StudyPage {
            scenario: scenario.name().to_string(),
            description: scenario.description().to_string(),
            steps: scenario.steps(),
            path_seed: scenario.seed(),
            scenario_warnings: scenario.warnings().to_vec(),
        },
    };
    let mut formats: Vec<&dyn Output<_>> = vec![&SensitivityCsv, &DesignCsv, &json];
    if charts {
        formats.push(&visuals);
    }
    let written = output::write_all(dest, result, &formats)
        .with_context(|| format!("writing results to {}", out.display()))?;
    for w in &result.warnings {
        eprintln!("warning: {w}");
    }
    if !quiet {
        let e = &result.eval;
        println!(
            "{} ({}): {} design points × {} paths in {:.2} s ({:.0} points/s, {:.3e} path-steps/s, {} threads)",
            scenario.name(),
            def.method.name(),
            e.table.rows(),
            def.paths_per_point,
            e.elapsed.as_secs_f64(),
            e.table.rows() as f64 / e.elapsed.as_secs_f64().max(1e-9),
            e.path_steps_per_second(scenario.steps()),
            e.threads
        );
        for s in sentences(result) {
            println!("  {s}");
        }
        println!("wrote {} files to {}", written.len(), out.display());
    }
    Ok(())
}
