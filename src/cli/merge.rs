//! `softpower merge PARTIAL...`: join the shards of a `run`, `compare`, `explore` or `sensitivity`
//! job into the output set the job would have written on one machine.

use super::common::{self, BadInput};
use super::pieces::{empty_acc, study_options};
use super::run::{run_options, summarise, write_run};
use crate::compare::run as cmp;
use crate::engine::{CompareAcc, RunOutput, SummaryAcc};
use crate::experiment::explore::design_values;
use crate::experiment::sensitivity::{analyse, sensitivity_design};
use crate::experiment::{assemble, ExploreResult};
use crate::output::partial::{job_hash, peek_kind, scenario_records, Header, JobKind};
use crate::output::partial_set::gather_study;
use crate::output::partial_set::{gather, Joined};
use crate::scenario::{Loader, Scenario};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `merge`.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The partial results of every shard of one job (`run`, `compare`, `explore` or
    /// `sensitivity` with `--shard`), in any order.
    #[arg(required = true, value_name = "PARTIAL")]
    pub partials: Vec<PathBuf>,
    /// Output directory (default: the job's, as the command that made the shards would choose).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Skip charts and the HTML report.
    #[arg(long)]
    pub no_charts: bool,
    /// No summary on stdout.
    #[arg(long, short)]
    pub quiet: bool,
    /// Replace an existing output directory that softpower did not write.
    #[arg(long)]
    pub force: bool,
}

/// The job's scenarios rebuilt from the resolved copies in its partials, checked to be the
/// job's own (the same hash).
fn scenarios(h: &Header) -> anyhow::Result<Vec<Scenario>> {
    let opts = |s: &Scenario| match h.kind {
        JobKind::Run | JobKind::Compare => run_options(s, 0),
        JobKind::Explore | JobKind::Sensitivity => study_options(s, h.paths),
    };
    let mut out = Vec::with_capacity(h.scenarios.len());
    for r in &h.scenarios {
        let origin = r.source_file.as_deref().unwrap_or("the embedded baseline");
        let s = Loader::new()
            .load_str(&r.resolved, origin, None)
            .map_err(|e| BadInput(format!("the job's scenario no longer loads: {e}")))?;
        out.push(s.with_source_file(r.source_file.as_ref().map(PathBuf::from)));
    }
    let first = out
        .first()
        .ok_or_else(|| BadInput("a partial result without its scenario".into()))?;
    let refs: Vec<&Scenario> = out.iter().collect();
    if job_hash(h.kind, &scenario_records(&refs)?, &opts(first)) != h.job {
        return Err(BadInput(
            "the scenario rebuilt from the partial results is not the job's: this softpower \
             cannot merge them"
                .into(),
        )
        .into());
    }
    Ok(out)
}

fn run_output<A>(j: &Joined<A>, acc: SummaryAcc) -> RunOutput {
    RunOutput {
        acc,
        elapsed: Duration::from_secs_f64(j.elapsed_s.max(0.0)),
        threads: j.threads,
    }
}

/// Run the command.
pub fn run(a: MergeArgs) -> anyhow::Result<ExitCode> {
    let first = &a.partials[0];
    let kind = peek_kind(first).map_err(|e| BadInput(format!("{}: {e}", first.display())))?;
    for p in &a.partials[1..] {
        let k = peek_kind(p).map_err(|e| BadInput(format!("{}: {e}", p.display())))?;
        if k != kind {
            return Err(BadInput(format!(
                "{} is a piece of a `{}` and {} of a `{}`: not one job",
                first.display(),
                kind.command(),
                p.display(),
                k.command()
            ))
            .into());
        }
    }
    match kind {
        JobKind::Run => {
            let j = gather::<SummaryAcc>(&a.partials).map_err(BadInput)?;
            let s = scenarios(&j.header)?.remove(0);
            let out = a
                .out
                .clone()
                .unwrap_or_else(|| common::default_out(s.name()));
            let out = common::destination(&out, a.force)?;
            let acc = j.acc.clone().unwrap_or_else(|| empty_acc(&s));
            let (mut summary, acc) = summarise(&s, run_output(&j, acc))?;
            summary.pieces = Some(j.pieces);
            write_run(&summary, &acc, &out, None, !a.no_charts, a.quiet)?;
        }
        JobKind::Compare => {
            let j = gather::<CompareAcc>(&a.partials).map_err(BadInput)?;
            let scenarios = scenarios(&j.header)?;
            let out = a
                .out
                .clone()
                .unwrap_or_else(|| super::compare::default_out(&scenarios));
            let out = common::destination(&out, a.force)?;
            let acc = j
                .acc
                .clone()
                .ok_or_else(|| BadInput("a comparison of no paths".into()))?;
            for (s, own) in scenarios.iter().zip(&acc.own) {
                s.check_finite(own).map_err(anyhow::Error::msg)?;
            }
            let run = run_output(&j, acc.own[0].clone());
            let mut c = cmp::assemble(&scenarios, acc, &run);
            c.pieces = Some(j.pieces);
            super::compare::write_compare(&c, &out, !a.no_charts, a.quiet)?;
        }
        JobKind::Explore => {
            let (h, pieces) = gather_study(&a.partials).map_err(BadInput)?;
            let s = scenarios(&h)?.remove(0);
            let out = a
                .out
                .clone()
                .unwrap_or_else(|| super::explore::default_out(&s));
            let out = common::destination(&out, a.force)?;
            let def = s
                .explore()
                .ok_or_else(|| BadInput("the job's scenario has no [explore] section".into()))?
                .clone();
            let values = design_values(&def);
            check_rows(&h, values.len() / def.factors.len().max(1))?;
            let eval = assemble(&def.factors, &def.outputs, values, def.paths, pieces);
            let result = ExploreResult { def, eval };
            super::explore::write_explore(&s, &result, &out, !a.no_charts, a.quiet)?;
        }
        JobKind::Sensitivity => {
            let (h, pieces) = gather_study(&a.partials).map_err(BadInput)?;
            let s = scenarios(&h)?.remove(0);
            let out = a
                .out
                .clone()
                .unwrap_or_else(|| super::sensitivity::default_out(&s));
            let out = common::destination(&out, a.force)?;
            let (def, values) = sensitivity_design(&s)?;
            check_rows(&h, values.len() / def.factors.len().max(1))?;
            let eval = assemble(
                &def.factors,
                &def.outputs,
                values,
                def.paths_per_point,
                pieces,
            );
            let result = analyse(def, eval)?;
            super::sensitivity::write_sensitivity(&s, &result, &out, !a.no_charts, a.quiet)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The design rebuilt from the scenario has the rows the shards were cut from.
fn check_rows(h: &Header, rows: usize) -> anyhow::Result<()> {
    if rows as u64 != h.chunks {
        return Err(BadInput(format!(
            "the study's design has {rows} rows, its shards {}: this softpower cannot merge them",
            h.chunks
        ))
        .into());
    }
    Ok(())
}
