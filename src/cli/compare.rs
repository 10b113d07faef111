//! `softpower compare A.toml B.toml [C.toml ...]`: scenarios on common random numbers.

use super::common::{self, BadInput, SimArgs};
use super::shard::{Shard, ShardArgs};
use crate::compare::{run as cmp, structure, Comparison};
use crate::output::visuals::CompareVisuals;
use crate::output::{self, compare_csv::CompareCsv, compare_json::CompareJson};
use crate::scenario::Scenario;
use anyhow::Context;
use clap::Args;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `compare`.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Scenario files; the first is the reference the others are compared with.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Simulation options (paths and seed default to the first scenario's).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Skip charts and the HTML report.
    #[arg(long)]
    pub no_charts: bool,
    /// Which shard of the comparison to compute (into a partial result, for `softpower merge`).
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// Human summary of a comparison: horizon differences and target probabilities side by side.
pub fn render_human(c: &Comparison) -> String {
    let mut o = String::new();
    let steps = c.summaries[0].steps;
    let _ = writeln!(
        o,
        "compare {}: {} paths, seed {}, {:.2} s",
        c.scenarios.join(" vs "),
        c.paths,
        c.seed,
        c.elapsed_s
    );
    for name in &c.scenarios[1..] {
        let _ = writeln!(
            o,
            "{name} − {} at the horizon: mean diff (sd; sd if independent) P(diff > 0)",
            c.scenarios[0]
        );
        for m in &c.summaries[0].key_outcomes {
            if let Some(d) = c.diff_series(name, m).find(|d| d.step == steps) {
                let _ = writeln!(
                    o,
                    "  {:<28} {:>12.4} ({:.4}; {:.4})  {:.3}",
                    m, d.diff_mean, d.diff_sd, d.independent_sd, d.prob_positive
                );
            }
        }
    }
    // Targets are paired by name; a target some scenario lacks shows as "—".
    let mut names: Vec<&str> = Vec::new();
    for s in &c.summaries {
        for t in &s.targets {
            if !names.contains(&t.name.as_str()) {
                names.push(&t.name);
            }
        }
    }
    if !names.is_empty() {
        let _ = writeln!(o, "targets: {}", c.scenarios.join(" | "));
        for name in names {
            let ps: Vec<String> = c
                .summaries
                .iter()
                .map(|s| {
                    s.targets
                        .iter()
                        .find(|t| t.name == name)
                        .map_or("—".into(), |t| crate::output::human::prob(t.probability))
                })
                .collect();
            let _ = writeln!(o, "  {:<44} {}", name, ps.join(" | "));
        }
    }
    o
}

/// A comparison, resolved and validated before any work.
#[derive(Debug, Clone)]
pub struct ComparePlan {
    /// The validated scenarios (overrides applied to each); the first is the reference.
    pub scenarios: Vec<Scenario>,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Output directory (checked: writable, and softpower's if it exists); `None` for a shard.
    pub out: Option<crate::output::dir::Destination>,
    /// The shard to compute, if only one.
    pub shard: Option<Shard>,
    /// No progress bar or stdout summary.
    pub quiet: bool,
    /// Write charts and the report.
    pub charts: bool,
}

impl ComparePlan {
    /// Load every scenario with the overrides and check that they share structure.
    pub fn resolve(a: &CompareArgs) -> anyhow::Result<ComparePlan> {
        let overrides = a.sim.overrides()?;
        let threads = a.sim.threads()?;
        let mut scenarios = Vec::new();
        for p in &a.scenarios {
            scenarios.push(common::load(Some(p), overrides.clone())?);
        }
        for (i, s) in scenarios.iter().enumerate().skip(1) {
            if let Some(d) = structure::difference(&scenarios[0], s) {
                return Err(BadInput(format!(
                    "cannot compare {} with {}: {d}",
                    a.scenarios[0].display(),
                    a.scenarios[i].display()
                ))
                .into());
            }
        }
        for (i, s) in scenarios.iter().enumerate() {
            if let Some(j) = scenarios[..i].iter().position(|x| x.name() == s.name()) {
                return Err(BadInput(format!(
                    "{} and {} are both named `{}`: give each scenario of a comparison its own name",
                    a.scenarios[j].display(),
                    a.scenarios[i].display(),
                    s.name()
                ))
                .into());
            }
        }
        let shard = a.shard.resolve()?;
        let out = match (&shard, &a.sim.job.out) {
            (Some(_), out) => {
                super::pieces::no_out_for_shards(out.is_some())?;
                None
            }
            (None, out) => {
                let out = out.clone().unwrap_or_else(|| default_out(&scenarios));
                Some(common::destination(&out, a.sim.job.force)?)
            }
        };
        Ok(ComparePlan {
            scenarios,
            threads,
            out,
            shard,
            quiet: a.sim.job.quiet,
            charts: !a.no_charts,
        })
    }
}

/// `output/compare-<names>/` (shortened past 128 characters).
pub(crate) fn default_out(scenarios: &[Scenario]) -> PathBuf {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name()).collect();
    let all = format!("compare-{}", names.join("-"));
    if all.len() <= 128 {
        common::default_out(&all)
    } else {
        let more = names.len() - 1;
        common::default_out(&format!("compare-{}-and-{more}-more", names[0]))
    }
}

/// Run the command.
pub fn run(a: CompareArgs) -> anyhow::Result<ExitCode> {
    let plan = ComparePlan::resolve(&a)?;
    let scenarios = &plan.scenarios;
    let Some(out) = &plan.out else {
        let shard = plan
            .shard
            .as_ref()
            .expect("a shard when there is no output directory");
        return super::pieces::compare_shard(scenarios, plan.threads, plan.quiet, shard);
    };
    let (acc, run) = common::with_progress(scenarios[0].paths(), plan.quiet, "paths", |p| {
        cmp::compare(scenarios, plan.threads, crate::stats::DEFAULT_ALPHA, p)
    })?;
    for (s, own) in scenarios.iter().zip(&acc.own) {
        s.check_finite(own).map_err(anyhow::Error::msg)?;
    }
    let c = cmp::assemble(scenarios, acc, &run);
    write_compare(&c, out, plan.charts, plan.quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// Write a comparison's output set and, unless `quiet`, print its summary.
pub(crate) fn write_compare(
    c: &Comparison,
    out: &crate::output::dir::Destination,
    charts: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let dir = out.path();
    let mut formats: Vec<&dyn output::Output<Comparison>> = vec![&CompareCsv, &CompareJson];
    if charts {
        formats.push(&CompareVisuals);
    }
    let written = output::write_all(out, c, &formats)
        .with_context(|| format!("writing results to {}", dir.display()))?;
    if !quiet {
        print!("{}", render_human(c));
        println!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(())
}
