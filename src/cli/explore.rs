//! `softpower explore FILE`: run the file's `[explore]` experiments and write experiments.csv,
//! explore.json and, unless `--no-charts`, the charts and report.html.

use super::common::{self, JobArgs};
use super::shard::ShardArgs;
use crate::charts::{self, ExploreLabels};
use crate::experiment::explore::design_values;
use crate::experiment::{run_explore, ExploreResult};
use crate::output::dir::Destination;
use crate::output::explore_files::{ExperimentsCsv, ExperimentsParquet, ExploreJson};
use crate::output::partial::JobKind;
use crate::output::{self, Output, Rendered};
use crate::report::{self, ExploreAbout};
use crate::scenario::{Loader, Override, Scenario};
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
    /// Skip charts and the HTML report.
    #[arg(long)]
    pub no_charts: bool,
    /// Threads, output, overrides.
    #[command(flatten)]
    pub job: JobArgs,
    /// Which shard of the experiments to run (into a partial result, for `softpower merge`).
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// Charts (PNG and SVG) and `report.html` of an exploration.
#[derive(Debug, Clone, Default)]
pub struct ExploreVisuals {
    /// Titles and units for the charts.
    pub labels: ExploreLabels,
    /// The rest of what the report says.
    pub about: ExploreAbout,
}

impl Output<ExploreResult> for ExploreVisuals {
    fn render(&self, r: &ExploreResult) -> anyhow::Result<Vec<Rendered>> {
        let drawn = charts::explore_charts(r, &self.labels)?;
        let mut files = charts::chart_files(&drawn.charts);
        let svgs = charts::chart_svgs(&drawn.charts);
        let html = report::explore_report(r, &self.about, &svgs, &drawn.notes);
        files.push(("report.html".into(), html.into_bytes()));
        Ok(files)
    }

    fn name(&self) -> &'static str {
        "charts and report"
    }
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
    if let Some(shard) = a.shard.resolve()? {
        super::pieces::no_out_for_shards(a.job.out.is_some())?;
        let values = design_values(def);
        let study = super::pieces::Study {
            kind: JobKind::Explore,
            factors: &def.factors,
            values: &values,
            outputs: &def.outputs,
            paths: def.paths,
        };
        return super::pieces::study_shard(&scenario, &study, threads, a.job.quiet, &shard);
    }
    let out = a.job.out.clone().unwrap_or_else(|| default_out(&scenario));
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
    write_explore(&scenario, &result, &dest, !a.no_charts, a.job.quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// `output/<name>-explore/`.
pub(crate) fn default_out(s: &Scenario) -> PathBuf {
    common::default_out(&format!("{}-explore", s.name()))
}

/// Write an exploration's output set and, unless `quiet`, say what it did.
pub(crate) fn write_explore(
    scenario: &Scenario,
    result: &ExploreResult,
    dest: &Destination,
    charts: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let out = dest.path();
    let paths = result.def.paths;
    let json = ExploreJson {
        scenario: scenario.name().to_string(),
        seed: scenario.seed(),
        steps: scenario.steps(),
    };
    let visuals = ExploreVisuals {
        labels: ExploreLabels {
            scenario: scenario.name().to_string(),
            outcomes: scenario.info().outcomes.clone(),
        },
        about: ExploreAbout {
            scenario: scenario.name().to_string(),
            description: scenario.description().to_string(),
            scenario_seed: scenario.seed(),
            steps: scenario.steps(),
            scenario_file: scenario.source_file().map(|p| p.display().to_string()),
        },
    };
    let mut formats: Vec<&dyn Output<_>> = vec![&ExperimentsCsv, &ExperimentsParquet, &json];
    if charts {
        formats.push(&visuals);
    }
    let written = output::write_all(dest, result, &formats)
        .with_context(|| format!("writing results to {}", out.display()))?;
    if !quiet {
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
    Ok(())
}
