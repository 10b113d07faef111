//! Running a `[sensitivity]` study: the method's design in the unit cube, mapped onto the
//! factors, evaluated on common random numbers, and analysed output by output into indices with
//! intervals, with an estimate of how much of the variance between points is inner Monte Carlo
//! noise.

use super::eval::{evaluate, Evaluation};
use crate::engine::EngineError;
use crate::scenario::{Factor, Method, Scenario, SensitivityDef, Spread};
use crate::study::{Bootstrap, Estimate, MorrisDesign, Points, SaltelliDesign, StudyError};
use serde::Serialize;

/// A noise share above which a study warns that `paths_per_point` is too small: 5 % of the
/// variance between points.
pub const NOISE_WARN_SHARE: f64 = 0.05;

/// One line of `sensitivity.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexRow {
    /// Output name.
    pub output: String,
    /// Factor path.
    pub factor: String,
    /// `S1`, `ST`, `S2:<other factor>`, `mu`, `mu_star`, `sigma`, `low`, `high`, `swing`.
    pub index: String,
    /// The estimate.
    pub estimate: f64,
    /// Interval low end, where the method gives one.
    pub ci_low: Option<f64>,
    /// Interval high end.
    pub ci_high: Option<f64>,
}

/// What a study says of one output as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputSummary {
    /// Output name.
    pub output: String,
    /// Mean over the design points.
    pub mean: f64,
    /// Variance of the output between design points.
    pub variance: f64,
    /// OAT: the output at the base point.
    pub base: Option<f64>,
    /// Sobol: Σ S1 with its interval.
    pub sum_s1: Option<[f64; 3]>,
    /// Sobol: 1 − Σ S1 (interactions) with its interval.
    pub unexplained: Option<[f64; 3]>,
    /// Mean inner Monte Carlo variance of a point's estimate over its variance between points
    /// (an upper bound of the noise's share, since common random numbers correlate it across
    /// points); `None` when it cannot be estimated (one path per point).
    pub noise_share: Option<f64>,
    /// Factors ranked by the method's main measure (ST, μ* or swing), largest first.
    pub ranking: Vec<String>,
}

/// A finished study.
#[derive(Debug, Clone)]
pub struct SensitivityResult {
    /// The study as validated.
    pub def: SensitivityDef,
    /// Index rows, output by output.
    pub rows: Vec<IndexRow>,
    /// Per output.
    pub outputs: Vec<OutputSummary>,
    /// The evaluated design.
    pub eval: Evaluation,
    /// Warnings (noise, constant outputs).
    pub warnings: Vec<String>,
}

impl SensitivityResult {
    /// The row of `index` (`S1`, `mu_star`, `low`, …) of `factor` on `output`.
    pub fn index(&self, output: &str, factor: &str, index: &str) -> Option<&IndexRow> {
        self.rows
            .iter()
            .find(|x| x.output == output && x.factor == factor && x.index == index)
    }
}

/// The scenario's `[sensitivity]` study and its design points (row-major factor values).
pub fn sensitivity_design(s: &Scenario) -> Result<(SensitivityDef, Vec<f64>), EngineError> {
    let def = s
        .sensitivity()
        .ok_or_else(|| EngineError::Incompatible("the scenario has no [sensitivity] study".into()))?
        .clone();
    let design = Design::new(&def).map_err(|e| EngineError::Incompatible(e.to_string()))?;
    let values = design.values(&def.factors);
    Ok((def, values))
}

/// Run the scenario's `[sensitivity]` study on `threads` threads.
pub fn run_sensitivity(
    s: &Scenario,
    threads: usize,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<SensitivityResult, EngineError> {
    let (def, values) = sensitivity_design(s)?;
    let eval = evaluate(
        s,
        &def.factors,
        values,
        &def.outputs,
        def.paths_per_point,
        threads,
        progress,
    )?;
    analyse(def, eval)
}

/// The indices of a study from its evaluated design (whole, or assembled from shards).
pub fn analyse(def: SensitivityDef, eval: Evaluation) -> Result<SensitivityResult, EngineError> {
    let design = Design::new(&def).map_err(|e| EngineError::Incompatible(e.to_string()))?;
    let boot = Bootstrap {
        resamples: def.bootstrap,
        confidence: def.confidence,
        seed: def.seed,
    };
    let mut rows = Vec::new();
    let mut outputs = Vec::new();
    let mut warnings = Vec::new();
    for (j, name) in eval.table.outputs.iter().enumerate() {
        let y = eval.table.column(j);
        let (mean, variance) = mean_var(&y);
        let mut sum = OutputSummary {
            output: name.clone(),
            mean,
            variance,
            base: None,
            sum_s1: None,
            unexplained: None,
            noise_share: eval.table.noise_variance[j].map(|nv| {
                if variance > 0.0 {
                    nv / variance
                } else {
                    0.0
                }
            }),
            ranking: Vec::new(),
        };
        let mut push = |factor: &str, index: String, e: Estimate| {
            rows.push(IndexRow {
                output: name.clone(),
                factor: factor.to_string(),
                index,
                estimate: e.value,
                ci_low: e.interval.map(|i| i.low),
                ci_high: e.interval.map(|i| i.high),
            })
        };
        let plain = |v: f64| Estimate {
            value: v,
            interval: None,
        };
        let main: Vec<f64> = match &design {
            Design::Sobol(d) => {
                let ix = d
                    .analyze(&y, &boot)
                    .map_err(|e| EngineError::Incompatible(e.to_string()))?;
                for (i, f) in def.factors.iter().enumerate() {
                    push(&f.path, "S1".into(), ix.s1[i]);
                    push(&f.path, "ST".into(), ix.st[i]);
                }
                for p in &ix.s2 {
                    push(
                        &def.factors[p.i].path,
                        format!("S2:{}", def.factors[p.j].path),
                        p.estimate,
                    );
                }
                sum.sum_s1 = Some(triple(ix.sum_s1));
                sum.unexplained = Some(triple(ix.unexplained()));
                ix.st.iter().map(|e| e.value).collect()
            }
            Design::Morris(d) => {
                let ix = d
                    .analyze(&y, &boot)
                    .map_err(|e| EngineError::Incompatible(e.to_string()))?;
                for (i, f) in def.factors.iter().enumerate() {
                    push(&f.path, "mu".into(), plain(ix.mu[i]));
                    push(&f.path, "mu_star".into(), ix.mu_star[i]);
                    push(&f.path, "sigma".into(), plain(ix.sigma[i]));
                }
                ix.mu_star.iter().map(|e| e.value).collect()
            }
            Design::Oat => {
                sum.base = Some(y[0]);
                let mut swings = Vec::new();
                for (i, f) in def.factors.iter().enumerate() {
                    let (lo, hi) = (y[1 + 2 * i], y[2 + 2 * i]);
                    push(&f.path, "low".into(), plain(lo));
                    push(&f.path, "high".into(), plain(hi));
                    push(&f.path, "swing".into(), plain(hi - lo));
                    swings.push((hi - lo).abs());
                }
                swings
            }
        };
        let mut order: Vec<usize> = (0..def.factors.len()).collect();
        order.sort_by(|&a, &b| main[b].total_cmp(&main[a]).then(a.cmp(&b)));
        sum.ranking = order.iter().map(|&i| def.factors[i].path.clone()).collect();
        if variance == 0.0 {
            warnings.push(format!(
                "`{name}` is the same at every design point: its indices are 0 and say nothing"
            ));
        } else if let Some(share) = sum.noise_share {
            if share > NOISE_WARN_SHARE && !def.deterministic {
                warnings.push(format!(
                    "`{name}`: inner Monte Carlo noise is up to {:.0} % of its variance between design points \
                     (paths_per_point = {}): the indices mix the factors' effect with noise; raise paths_per_point \
                     (the noise variance falls as 1/paths_per_point)",
                    100.0 * share,
                    def.paths_per_point
                ));
            }
        } else if !def.deterministic {
            warnings.push(format!(
                "`{name}`: with paths_per_point = 1 the inner Monte Carlo noise of a stochastic model cannot be \
                 estimated, and the indices include it"
            ));
        }
        outputs.push(sum);
    }
    Ok(SensitivityResult {
        def,
        rows,
        outputs,
        eval,
        warnings,
    })
}

fn triple(e: Estimate) -> [f64; 3] {
    let (lo, hi) = e.interval.map_or((f64::NAN, f64::NAN), |i| (i.low, i.high));
    [e.value, lo, hi]
}

fn mean_var(y: &[f64]) -> (f64, f64) {
    let n = y.len().max(1) as f64;
    let mean = y.iter().sum::<f64>() / n;
    let var = if y.len() > 1 {
        y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var)
}

/// A method's design.
#[derive(Debug, Clone)]
enum Design {
    Sobol(SaltelliDesign),
    Morris(MorrisDesign),
    Oat,
}

impl Design {
    fn new(def: &SensitivityDef) -> Result<Self, StudyError> {
        let k = def.factors.len();
        Ok(match def.method {
            Method::Sobol => Design::Sobol(SaltelliDesign::new(
                def.samples as usize,
                k,
                def.second_order,
                def.seed,
            )?),
            Method::Morris => Design::Morris(MorrisDesign::new(
                def.samples as usize,
                k,
                def.levels,
                def.seed,
            )?),
            Method::Oat => Design::Oat,
        })
    }

    /// The factor values of every point, row-major.
    fn values(&self, factors: &[Factor]) -> Vec<f64> {
        match self {
            Design::Sobol(d) => map_points(d.points(), factors, |_, u| u),
            Design::Morris(d) => {
                let p = d.levels() as f64;
                // A distribution's grid levels are the centres of p strata of equal probability
                // (its ends would be the far tails); a range's are the range's own grid.
                map_points(d.points(), factors, |f, u| match f.spread {
                    Spread::Dist(_) => (u * (p - 1.0) + 0.5) / p,
                    _ => u,
                })
            }
            Design::Oat => {
                let base: Vec<f64> = factors.iter().map(|f| f.base).collect();
                let mut v = base.clone();
                for (i, f) in factors.iter().enumerate() {
                    let (lo, hi) = f.low_high();
                    for x in [lo, hi] {
                        let mut row = base.clone();
                        row[i] = x;
                        v.extend(row);
                    }
                }
                v
            }
        }
    }
}

fn map_points(points: &Points, factors: &[Factor], unit: impl Fn(&Factor, f64) -> f64) -> Vec<f64> {
    points
        .rows()
        .flat_map(|row| {
            row.iter()
                .zip(factors)
                .map(|(&u, f)| f.at(unit(f, u)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The ranking in words, one sentence per output: e.g. "`model.x2` explains 44 % [42–46 %] of
/// the variance of `y@0:mean` alone and 44 % [43–46 %] with its interactions".
pub fn sentences(r: &SensitivityResult) -> Vec<String> {
    let pct = |x: f64| format!("{:.0} %", 100.0 * x);
    let band = |lo: Option<f64>, hi: Option<f64>, f: &dyn Fn(f64) -> String| match (lo, hi) {
        (Some(l), Some(h)) => format!(" [{}–{}]", f(l), f(h)),
        _ => String::new(),
    };
    let find = |o: &str, fac: &str, ix: &str| r.index(o, fac, ix);
    let mut out = Vec::new();
    for s in &r.outputs {
        let Some(top) = s.ranking.first() else {
            continue;
        };
        let o = &s.output;
        let line = match r.def.method {
            Method::Sobol => {
                let (Some(s1), Some(st)) = (find(o, top, "S1"), find(o, top, "ST")) else {
                    continue;
                };
                let unexplained = s.unexplained.map_or(String::new(), |u| {
                    format!(
                        "; interactions leave {} unexplained by any factor alone",
                        pct(u[0])
                    )
                });
                format!(
                    "`{top}` explains {}{} of the variance of `{o}` alone and {}{} with its interactions{unexplained}",
                    pct(s1.estimate),
                    band(s1.ci_low, s1.ci_high, &|x: f64| format!("{:.0}", 100.0 * x)).replace(']', " %]"),
                    pct(st.estimate),
                    band(st.ci_low, st.ci_high, &|x: f64| format!("{:.0}", 100.0 * x)).replace(']', " %]"),
                )
            }
            Method::Morris => {
                let Some(m) = find(o, top, "mu_star") else {
                    continue;
                };
                format!(
                    "`{top}` has the largest mean absolute elementary effect on `{o}`: μ* = {:.4}{}",
                    m.estimate,
                    band(m.ci_low, m.ci_high, &|x: f64| format!("{x:.4}"))
                )
            }
            Method::Oat => {
                let (Some(lo), Some(hi)) = (find(o, top, "low"), find(o, top, "high")) else {
                    continue;
                };
                format!(
                    "`{top}` swings `{o}` the most: from {:.4} at its low value to {:.4} at its high value (base {:.4})",
                    lo.estimate,
                    hi.estimate,
                    s.base.unwrap_or(f64::NAN)
                )
            }
        };
        out.push(line);
    }
    out
}
