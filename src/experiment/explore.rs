//! Running an `[explore]` design: the experiments' factor values (a grid, a Latin hypercube or
//! scrambled Sobol points), evaluated on common random numbers, with every target's probability
//! and its 95 % Wilson interval per experiment.

use super::eval::{evaluate, Evaluation};
use crate::engine::EngineError;
use crate::scenario::{ExploreDef, ExploreDesign, Factor, OutputKind, Scenario, Spread};
use crate::stats::{wilson_interval, Z95};
use crate::study::{latin_hypercube, SobolSeq};

/// A finished exploration.
#[derive(Debug, Clone)]
pub struct ExploreResult {
    /// The design as validated.
    pub def: ExploreDef,
    /// The experiments: one row each.
    pub eval: Evaluation,
}

/// One column of `experiments.csv` after the factors.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Name: `<metric>@<year>:<statistic>`, `P(<target>)`, `P(<target>):lo`, `P(<target>):hi`.
    pub name: String,
    /// Value per experiment.
    pub values: Vec<f64>,
}

impl ExploreResult {
    /// The output columns: each statistic, then per target its probability and Wilson bounds.
    pub fn columns(&self) -> Vec<Column> {
        let t = &self.eval.table;
        let mut out = Vec::new();
        for (j, o) in self.def.outputs.iter().enumerate() {
            let values = t.column(j);
            if let OutputKind::Probability(_) = o.kind {
                let n = t.outputs.len();
                let hits: Vec<u64> = t.hits.iter().skip(j).step_by(n).copied().collect();
                let ci: Vec<(f64, f64)> = hits
                    .iter()
                    .map(|&h| wilson_interval(h, t.paths, Z95))
                    .collect();
                out.push(Column {
                    name: o.name.clone(),
                    values,
                });
                out.push(Column {
                    name: format!("{}:lo", o.name),
                    values: ci.iter().map(|c| c.0).collect(),
                });
                out.push(Column {
                    name: format!("{}:hi", o.name),
                    values: ci.iter().map(|c| c.1).collect(),
                });
            } else {
                out.push(Column {
                    name: o.name.clone(),
                    values,
                });
            }
        }
        out
    }

    /// The output columns by output, in [`ExploreDef::outputs`] order: its column and, for a
    /// probability, its Wilson bounds' columns (`:lo`, `:hi`).
    pub fn output_columns(&self) -> Vec<(Column, Option<(Column, Column)>)> {
        let mut cols = self.columns().into_iter();
        let mut out = Vec::with_capacity(self.def.outputs.len());
        for o in &self.def.outputs {
            let Some(c) = cols.next() else { break };
            let bounds = match o.kind {
                OutputKind::Probability(_) => cols.next().zip(cols.next()),
                OutputKind::Stat { .. } => None,
            };
            out.push((c, bounds));
        }
        out
    }

    /// Factor `i`'s value in every experiment.
    pub fn factor_values(&self, i: usize) -> Vec<f64> {
        let t = &self.eval.table;
        let k = t.factors.len();
        t.x.iter().skip(i).step_by(k).copied().collect()
    }
}

/// The factor values of every experiment, row-major.
pub fn design_values(def: &ExploreDef) -> Vec<f64> {
    let k = def.factors.len();
    match def.design {
        ExploreDesign::Grid => grid(&def.factors),
        ExploreDesign::Lhs => {
            let pts = latin_hypercube(def.points as usize, k, def.seed)
                .expect("validated: points and factors within the limits");
            map(pts.as_slice(), &def.factors)
        }
        ExploreDesign::Sobol => {
            let pts = SobolSeq::scrambled(k, def.seed)
                .and_then(|s| s.points(def.points as usize))
                .expect("validated: points and factors within the limits");
            map(pts.as_slice(), &def.factors)
        }
    }
}

fn map(unit: &[f64], factors: &[Factor]) -> Vec<f64> {
    let k = factors.len();
    unit.iter()
        .enumerate()
        .map(|(i, &u)| factors[i % k].at(u))
        .collect()
}

/// Every combination, the last factor varying fastest.
fn grid(factors: &[Factor]) -> Vec<f64> {
    let lists: Vec<&[f64]> = factors
        .iter()
        .map(|f| match &f.spread {
            Spread::Values(v) => v.as_slice(),
            _ => unreachable!("validated: a grid factor has values"),
        })
        .collect();
    let n: usize = lists.iter().map(|l| l.len()).product();
    let mut out = Vec::with_capacity(n * factors.len());
    for mut r in 0..n {
        let mut row = vec![0.0; factors.len()];
        for (i, l) in lists.iter().enumerate().rev() {
            row[i] = l[r % l.len()];
            r /= l.len();
        }
        out.extend(row);
    }
    out
}

/// Run the scenario's `[explore]` design on `threads` threads.
pub fn run_explore(
    s: &Scenario,
    threads: usize,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<ExploreResult, EngineError> {
    let def = s
        .explore()
        .ok_or_else(|| EngineError::Incompatible("the scenario has no [explore] design".into()))?
        .clone();
    let values = design_values(&def);
    let eval = evaluate(
        s,
        &def.factors,
        values,
        &def.outputs,
        def.paths,
        threads,
        progress,
    )?;
    Ok(ExploreResult { def, eval })
}
