//! `softpower compare A.toml B.toml [C.toml ...]`: scenarios on common random numbers.

use super::common::{self, BadInput, SimArgs};
use crate::compare::{run as cmp, structure, Comparison};
use crate::engine::summary::target_checks;
use crate::model::{CulturalExport, Model};
use crate::output::{
    self, compare_csv::CompareCsv, compare_json::CompareJson, human::KEY_OUTCOMES,
};
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
        for m in KEY_OUTCOMES {
            if let Some(d) = c.diff_series(name, m).find(|d| d.step == steps) {
                let _ = writeln!(
                    o,
                    "  {:<28} {:>12.4} ({:.4}; {:.4})  {:.3}",
                    m, d.diff_mean, d.diff_sd, d.independent_sd, d.prob_positive
                );
            }
        }
    }
    if !c.summaries[0].targets.is_empty() {
        let _ = writeln!(o, "targets: {}", c.scenarios.join(" | "));
        for (i, t) in c.summaries[0].targets.iter().enumerate() {
            let ps: Vec<String> = c
                .summaries
                .iter()
                .map(|s| {
                    s.targets
                        .get(i)
                        .map_or("n/a".into(), |t| format!("{:.3}", t.probability))
                })
                .collect();
            let _ = writeln!(o, "  {:<44} {}", t.name, ps.join(" | "));
        }
    }
    o
}

/// Run the command.
pub fn run(a: CompareArgs) -> anyhow::Result<ExitCode> {
    let mut scenarios = Vec::new();
    for p in &a.scenarios {
        let mut s = common::load(Some(p))?;
        common::apply_overrides(&mut s, &a.sim)?;
        scenarios.push(s);
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
    let (paths, seed) = (scenarios[0].paths, scenarios[0].seed);
    let model = CulturalExport::new(&scenarios[0]);
    let targets: Vec<_> = scenarios
        .iter()
        .map(|s| target_checks(s, model.outcome_names()))
        .collect();
    let (acc, out) = cmp::compare(
        &scenarios,
        paths,
        seed,
        a.sim.threads,
        crate::stats::DEFAULT_ALPHA,
        &targets,
    )?;
    let c = cmp::assemble(&scenarios, acc, &out, paths, seed);
    let names: Vec<&str> = c.scenarios.iter().map(String::as_str).collect();
    let dir = a
        .sim
        .out
        .clone()
        .unwrap_or_else(|| common::default_out(&format!("compare-{}", names.join("-"))));
    let mut formats: Vec<&dyn output::Output<Comparison>> = vec![&CompareCsv, &CompareJson];
    if !a.no_charts {
        formats.push(&super::visuals::CompareVisuals);
    }
    let written = output::write_all(&dir, &c, &formats)
        .with_context(|| format!("writing results to {}", dir.display()))?;
    if !a.sim.quiet {
        print!("{}", render_human(&c));
        println!("wrote {} files to {}", written.len(), dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
