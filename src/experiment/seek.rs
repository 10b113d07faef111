//! Goal seek (`[seek]`, `softpower seek`): the smallest value of one factor at which a target's
//! probability reaches p (or, decreasing, the largest keeping it at least p). Over a fixed set
//! of paths (common random numbers) the probability is a step function of the factor, so
//! bisection on it finds the step exactly, to a bracket of 2⁻⁴⁰ of the range; the same search on
//! the Wilson bounds (to 2⁻²⁰ of the range) gives the factor values whose 95 % interval contains
//! p, the Monte Carlo uncertainty of the answer. The probability is assumed monotone in the factor over the range.

use super::eval::evaluate;
use crate::engine::EngineError;
use crate::scenario::{OutputKind, Scenario, SeekDef, Spread, StudyOutput};
use crate::stats::{wilson_interval, Z95};
use serde::Serialize;
use std::time::{Duration, Instant};

/// Bisection for the answer stops when the bracket is this fraction of the range (about 1e-12).
pub const SEEK_TOLERANCE: f64 = 1.0 / (1u64 << 40) as f64;
/// Bisection for the ends of the Monte Carlo range stops at this fraction of the range (about
/// 1e-6: they are uncertain by far more).
pub const RANGE_TOLERANCE: f64 = 1.0 / (1u64 << 20) as f64;

/// What a goal seek found (the fields of `--json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeekResult {
    /// Whether the probability reaches p anywhere in `[min, max]`.
    pub reachable: bool,
    /// The factor value found.
    pub value: Option<f64>,
    /// The probability there.
    pub probability: Option<f64>,
    /// Its Wilson 95 % interval.
    pub ci_low: Option<f64>,
    /// High end.
    pub ci_high: Option<f64>,
    /// Lowest factor value whose interval contains p.
    pub range_low: Option<f64>,
    /// Highest factor value whose interval contains p.
    pub range_high: Option<f64>,
    /// Evaluations made (each of `paths` paths).
    pub evaluations: usize,
    /// Paths per evaluation.
    pub paths: u64,
    /// Simulation time over all evaluations, seconds.
    pub elapsed_s: f64,
}

struct Probe<'a> {
    s: &'a Scenario,
    def: &'a SeekDef,
    output: StudyOutput,
    threads: usize,
    cache: Vec<(f64, u64)>,
    elapsed: Duration,
}

impl Probe<'_> {
    /// Successes of the target with the factor at `x`.
    fn hits(&mut self, x: f64) -> Result<u64, EngineError> {
        if let Some(&(_, h)) = self.cache.iter().find(|(v, _)| *v == x) {
            return Ok(h);
        }
        let t0 = Instant::now();
        let e = evaluate(
            self.s,
            std::slice::from_ref(&self.def.factor),
            vec![x],
            std::slice::from_ref(&self.output),
            self.def.paths,
            self.threads,
            None,
        )?;
        self.elapsed += t0.elapsed();
        let h = e.table.hits[0];
        self.cache.push((x, h));
        Ok(h)
    }

    fn p(&mut self, x: f64) -> Result<f64, EngineError> {
        Ok(self.hits(x)? as f64 / self.def.paths as f64)
    }

    fn ci(&mut self, x: f64) -> Result<(f64, f64), EngineError> {
        Ok(wilson_interval(self.hits(x)?, self.def.paths, Z95))
    }
}

/// The bracket `(l, h)` around where `pred` turns true, given `pred(lo)` false and `pred(hi)` true.
fn bisect(
    mut l: f64,
    mut h: f64,
    tol: f64,
    pred: &mut dyn FnMut(f64) -> Result<bool, EngineError>,
) -> Result<(f64, f64), EngineError> {
    while h - l > tol {
        let m = l + 0.5 * (h - l);
        if m <= l || m >= h {
            break;
        }
        if pred(m)? {
            h = m;
        } else {
            l = m;
        }
    }
    Ok((l, h))
}

/// Run the scenario's `[seek]`.
pub fn run_seek(s: &Scenario, threads: usize) -> Result<SeekResult, EngineError> {
    let def = s
        .seek()
        .ok_or_else(|| EngineError::Incompatible("the scenario has no [seek]".into()))?;
    let Spread::Uniform { min, max } = def.factor.spread else {
        unreachable!("a seek factor is a range");
    };
    let mut pr = Probe {
        s,
        def,
        output: StudyOutput {
            name: "P".into(),
            kind: OutputKind::Probability(def.target),
        },
        threads,
        cache: Vec::new(),
        elapsed: Duration::ZERO,
    };
    let p = def.probability;
    let tol = (max - min) * SEEK_TOLERANCE;
    let range_tol = (max - min) * RANGE_TOLERANCE;
    let (p_min, p_max) = (pr.p(min)?, pr.p(max)?);
    // Where the probability is "good": at least p (the answer lies on the good side).
    let value = if !def.decreasing {
        if p_max < p {
            None
        } else if p_min >= p {
            Some(min)
        } else {
            let (_, h) = bisect(min, max, tol, &mut |x| Ok(pr.p(x)? >= p))?;
            Some(h)
        }
    } else if p_min < p {
        None
    } else if p_max >= p {
        Some(max)
    } else {
        let (l, _) = bisect(min, max, tol, &mut |x| Ok(pr.p(x)? < p))?;
        Some(l)
    };
    let mut out = SeekResult {
        reachable: value.is_some(),
        value,
        probability: None,
        ci_low: None,
        ci_high: None,
        range_low: None,
        range_high: None,
        evaluations: 0,
        paths: def.paths,
        elapsed_s: 0.0,
    };
    if let Some(v) = value {
        let (lo, hi) = pr.ci(v)?;
        out.probability = Some(pr.p(v)?);
        out.ci_low = Some(lo);
        out.ci_high = Some(hi);
        // Factor values whose interval contains p: from where the high bound reaches p to where
        // the low bound passes it (mirrored when decreasing).
        let mut edge = |upper: bool| -> Result<f64, EngineError> {
            let contains_side = |pr: &mut Probe, x: f64| -> Result<bool, EngineError> {
                let (l, h) = pr.ci(x)?;
                Ok(if upper { l > p } else { h >= p })
            };
            let rising = !def.decreasing;
            let (a, b) = (min, max);
            let at_a = contains_side(&mut pr, a)?;
            let at_b = contains_side(&mut pr, b)?;
            Ok(match (rising, at_a, at_b) {
                (true, true, _) => a,
                (true, false, false) => b,
                (true, false, true) => {
                    let (l, h) = bisect(a, b, range_tol, &mut |x| contains_side(&mut pr, x))?;
                    if upper {
                        l
                    } else {
                        h
                    }
                }
                (false, _, true) => b,
                (false, false, false) => a,
                (false, true, false) => {
                    let (l, h) = bisect(a, b, range_tol, &mut |x| {
                        contains_side(&mut pr, x).map(|c| !c)
                    })?;
                    if upper {
                        h
                    } else {
                        l
                    }
                }
            })
        };
        let (e_lo, e_hi) = (edge(false)?, edge(true)?);
        out.range_low = Some(e_lo.min(e_hi));
        out.range_high = Some(e_lo.max(e_hi));
    }
    out.evaluations = pr.cache.len();
    out.elapsed_s = pr.elapsed.as_secs_f64();
    Ok(out)
}
