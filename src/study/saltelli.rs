//! Saltelli's design and the Sobol indices estimated from it: first order S1 (Saltelli et al.
//! 2010), total ST (Jansen 1999), optionally second order S2 (Saltelli 2002), and Σ S1, each
//! with a bootstrap percentile interval.
//!
//! **Design.** N base samples (a power of two) of an Owen-scrambled Sobol sequence in `2k`
//! dimensions ([`SobolSeq::scrambled`]): the first `k` coordinates of sample `i` are row `i`
//! of matrix A, the last `k` row `i` of matrix B. `A_B^(j)` is A with column `j` taken from B,
//! `B_A^(j)` is B with column `j` from A. Rows come in SALib's order, one block per base
//! sample: `A, A_B^(1) … A_B^(k), [B_A^(1) … B_A^(k),] B`, so a block has `k + 2` rows, or
//! `2k + 2` with second order, and the design `N (k + 2)` or `N (2k + 2)` rows.
//!
//! **Estimators** (as SALib 1.6 computes them). The outputs are centred on their mean over
//! all rows; `V` is the variance (divisor 2N) of the outputs of A and B together;
//! `f(X)` stands for the output of row X of a block, averages run over the base samples:
//! - `S1_j = mean(f(B) (f(A_B^(j)) − f(A))) / V` (Saltelli et al. 2010, Table 2 (b));
//! - `ST_j = mean((f(A) − f(A_B^(j)))²) / (2V)` (Jansen 1999);
//! - `S2_jl = mean(f(B_A^(j)) f(A_B^(l)) − f(A) f(B)) / V − S1_j − S1_l` for `j < l`
//!   (Saltelli 2002).
//!
//! Outputs that are constant over A and B give indices of 0 (as SALib does) and a
//! [`SobolIndices::variance`] of 0, for the caller to flag.
//!
//! **Intervals.** Each bootstrap resample draws N base samples with replacement (whole
//! blocks, so the pairing of A, B and the mixed rows is kept), recomputes every index (V
//! included, the centring not), and the interval is the percentile interval of the resampled
//! values ([`Bootstrap`]). SALib instead reports `z · sd` of its resamples; the two agree
//! where the resampled values are close to normal.

use super::bootstrap::{estimates, Bootstrap, Estimate, Interval};
use super::{check_outputs, Points, SobolSeq, StudyError};

/// The size of a Saltelli design: `n` base samples of `k` factors, with or without the rows
/// for second-order indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaltelliShape {
    /// Base samples N (a power of two, at least 2).
    pub n: usize,
    /// Factors k (1 to [`SobolSeq::MAX_DIMS`] / 2).
    pub k: usize,
    /// Whether the design has the `B_A^(j)` rows for S2.
    pub second_order: bool,
}

impl SaltelliShape {
    /// A checked shape: `n` a power of two of at least 2 and at most 2^32, `k` from 1 to 512.
    pub fn new(n: usize, k: usize, second_order: bool) -> Result<Self, StudyError> {
        if n < 2 {
            return Err(StudyError::TooSmall {
                what: "Sobol base samples N",
                min: 2,
                value: n,
            });
        }
        if !n.is_power_of_two() {
            return Err(StudyError::NotPowerOfTwo {
                what: "Sobol base samples N",
                value: n,
            });
        }
        if n as u64 > SobolSeq::MAX_POINTS {
            return Err(StudyError::TooLarge {
                what: "Sobol base samples N",
                max: SobolSeq::MAX_POINTS,
                value: n as u64,
            });
        }
        if k == 0 {
            return Err(StudyError::TooSmall {
                what: "Sobol factors",
                min: 1,
                value: 0,
            });
        }
        if k > SobolSeq::MAX_DIMS / 2 {
            return Err(StudyError::TooLarge {
                what: "Sobol factors",
                max: (SobolSeq::MAX_DIMS / 2) as u64,
                value: k as u64,
            });
        }
        Ok(SaltelliShape { n, k, second_order })
    }

    /// Rows per base sample: `k + 2`, or `2k + 2` with second order.
    pub fn block(&self) -> usize {
        if self.second_order {
            2 * self.k + 2
        } else {
            self.k + 2
        }
    }

    /// Rows of the design (model evaluations): `n · block()`.
    pub fn rows(&self) -> usize {
        self.n * self.block()
    }

    /// Number of statistics an analysis computes: S1 and ST per factor, Σ S1, and S2 per pair.
    fn stats(&self) -> usize {
        2 * self.k + 1 + if self.second_order { self.pairs() } else { 0 }
    }

    fn pairs(&self) -> usize {
        self.k * (self.k - 1) / 2
    }
}

/// A Saltelli design: its shape and its points in the unit cube, in SALib's row order.
#[derive(Debug, Clone, PartialEq)]
pub struct SaltelliDesign {
    shape: SaltelliShape,
    points: Points,
}

impl SaltelliDesign {
    /// The design of `n` base samples (a power of two) and `k` factors from the scrambled Sobol
    /// sequence of `seed`.
    pub fn new(n: usize, k: usize, second_order: bool, seed: u64) -> Result<Self, StudyError> {
        let shape = SaltelliShape::new(n, k, second_order)?;
        let base = SobolSeq::scrambled(2 * k, seed)?.points(n)?;
        let mut data = Vec::with_capacity(shape.rows() * k);
        for s in base.rows() {
            let (a, b) = s.split_at(k);
            data.extend_from_slice(a);
            for j in 0..k {
                data.extend((0..k).map(|c| if c == j { b[c] } else { a[c] }));
            }
            if second_order {
                for j in 0..k {
                    data.extend((0..k).map(|c| if c == j { a[c] } else { b[c] }));
                }
            }
            data.extend_from_slice(b);
        }
        Ok(SaltelliDesign {
            shape,
            points: Points::new(k, data),
        })
    }

    /// The shape.
    pub fn shape(&self) -> SaltelliShape {
        self.shape
    }

    /// The design points (`shape().rows()` of them).
    pub fn points(&self) -> &Points {
        &self.points
    }

    /// The Sobol indices from `y`, the outputs at [`Self::points`] in order.
    pub fn analyze(&self, y: &[f64], bootstrap: &Bootstrap) -> Result<SobolIndices, StudyError> {
        sobol_indices(self.shape, y, bootstrap)
    }
}

/// The second-order index of one pair of factors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SecondOrder {
    /// First factor.
    pub i: usize,
    /// Second factor (`j > i`).
    pub j: usize,
    /// S2 of the pair.
    pub estimate: Estimate,
}

/// Sobol indices of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// First-order index of each factor.
    pub s1: Vec<Estimate>,
    /// Total index of each factor.
    pub st: Vec<Estimate>,
    /// Σ S1 (its interval from the same resamples); `1 − Σ S1` is the share of the variance
    /// left to interactions ([`Self::unexplained`]).
    pub sum_s1: Estimate,
    /// S2 of every pair `i < j`, in order (0,1), (0,2), …, (1,2), …; empty without second
    /// order.
    pub s2: Vec<SecondOrder>,
    /// Mean of the outputs over all rows.
    pub mean: f64,
    /// Variance (divisor 2N) of the outputs of A and B: the denominator of the indices; 0 for
    /// a constant output, whose indices are all 0.
    pub variance: f64,
}

impl SobolIndices {
    /// `1 − Σ S1`: the share of the variance no factor explains alone.
    pub fn unexplained(&self) -> Estimate {
        Estimate {
            value: 1.0 - self.sum_s1.value,
            interval: self.sum_s1.interval.map(|iv| Interval {
                low: 1.0 - iv.high,
                high: 1.0 - iv.low,
            }),
        }
    }
}

/// The Sobol indices of a design of `shape` from its outputs `y` (in design order).
pub fn sobol_indices(
    shape: SaltelliShape,
    y: &[f64],
    bootstrap: &Bootstrap,
) -> Result<SobolIndices, StudyError> {
    let shape = SaltelliShape::new(shape.n, shape.k, shape.second_order)?;
    check_outputs(y, shape.rows())?;
    bootstrap.check()?;
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let yc: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let all: Vec<usize> = (0..shape.n).collect();
    let mut full = vec![0.0; shape.stats()];
    let variance = statistics(shape, &yc, &all, &mut full);
    let ivs = bootstrap.intervals(
        shape.n,
        shape.stats(),
        "study.saltelli.bootstrap",
        |units, out| {
            statistics(shape, &yc, units, out);
        },
    );
    let est = estimates(&full, &ivs);
    let k = shape.k;
    let mut pairs = Vec::new();
    if shape.second_order {
        for i in 0..k {
            for j in i + 1..k {
                pairs.push((i, j));
            }
        }
    }
    Ok(SobolIndices {
        s1: est[..k].to_vec(),
        st: est[k..2 * k].to_vec(),
        sum_s1: est[2 * k],
        s2: pairs
            .into_iter()
            .zip(&est[2 * k + 1..])
            .map(|((i, j), &estimate)| SecondOrder { i, j, estimate })
            .collect(),
        mean,
        variance,
    })
}

/// Writes `[S1_0 … S1_k−1, ST_0 … ST_k−1, Σ S1, S2 pairs…]` of the base samples `units` of
/// the centred outputs `yc` into `out`, and returns the variance `V`.
fn statistics(shape: SaltelliShape, yc: &[f64], units: &[usize], out: &mut [f64]) -> f64 {
    let (k, blk) = (shape.k, shape.block());
    let m = units.len() as f64;
    let block = |u: usize| &yc[u * blk..(u + 1) * blk];
    let first = block(units[0])[0];
    let (mut sum, mut constant) = (0.0, true);
    for &u in units {
        let b = block(u);
        let (fa, fb) = (b[0], b[blk - 1]);
        sum += fa + fb;
        constant &= fa == first && fb == first;
    }
    if constant {
        out.fill(0.0);
        return 0.0;
    }
    let mu = sum / (2.0 * m);
    let mut ss = 0.0;
    let (mut s1, mut st) = (vec![0.0; k], vec![0.0; k]);
    let mut s2 = vec![0.0; if shape.second_order { shape.pairs() } else { 0 }];
    for &u in units {
        let b = block(u);
        let (fa, fb) = (b[0], b[blk - 1]);
        ss += (fa - mu) * (fa - mu) + (fb - mu) * (fb - mu);
        for j in 0..k {
            let fab = b[1 + j];
            s1[j] += fb * (fab - fa);
            st[j] += (fa - fab) * (fa - fab);
        }
        if shape.second_order {
            let mut p = 0;
            for i in 0..k {
                let fba = b[1 + k + i];
                for j in i + 1..k {
                    s2[p] += fba * b[1 + j] - fa * fb;
                    p += 1;
                }
            }
        }
    }
    let var = ss / (2.0 * m);
    let mut total = 0.0;
    for j in 0..k {
        out[j] = s1[j] / m / var;
        out[k + j] = st[j] / (2.0 * m) / var;
        total += out[j];
    }
    out[2 * k] = total;
    if shape.second_order {
        let mut p = 0;
        for i in 0..k {
            for j in i + 1..k {
                out[2 * k + 1 + p] = s2[p] / m / var - out[i] - out[j];
                p += 1;
            }
        }
    }
    var
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::analytic::{
        ishigami_indices, ishigami_on_unit_cube, sobol_g_indices, sobol_g_on_unit_cube,
    };

    const G_A: [f64; 6] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];

    fn ishigami_outputs(d: &SaltelliDesign) -> Vec<f64> {
        d.points()
            .rows()
            .map(|u| ishigami_on_unit_cube(7.0, 0.1, u))
            .collect()
    }

    /// Every S1 and ST within `tol` of the analytic `s1`, `st`, and its interval covering it.
    fn assert_close_and_covered(idx: &SobolIndices, s1: &[f64], st: &[f64], tol: f64) {
        for (name, got, want) in [("S1", &idx.s1, s1), ("ST", &idx.st, st)] {
            for (j, (e, &w)) in got.iter().zip(want).enumerate() {
                assert!((e.value - w).abs() < tol, "{name}_{j}: {} vs {w}", e.value);
                let iv = e.interval.unwrap();
                assert!(iv.contains(w), "{name}_{j}: {iv:?} misses {w}");
            }
        }
    }

    #[test]
    fn ishigami_indices_within_0_003_and_covered() {
        let d = SaltelliDesign::new(8192, 3, false, 2024).unwrap();
        let y = ishigami_outputs(&d);
        let idx = d.analyze(&y, &Bootstrap::default()).unwrap();
        let (s1, st) = ishigami_indices(7.0, 0.1);
        assert_close_and_covered(&idx, &s1, &st, 0.003);
        let sum: f64 = s1.iter().sum();
        assert!((idx.sum_s1.value - sum).abs() < 0.005);
        assert!(idx.sum_s1.interval.unwrap().contains(sum));
        assert!((idx.unexplained().value - (1.0 - sum)).abs() < 0.005);
        assert!(idx.s2.is_empty());
    }

    #[test]
    fn sobol_g_indices_within_0_01_and_covered() {
        let d = SaltelliDesign::new(8192, 6, false, 11).unwrap();
        let y: Vec<f64> = d
            .points()
            .rows()
            .map(|u| sobol_g_on_unit_cube(&G_A, u))
            .collect();
        let idx = d.analyze(&y, &Bootstrap::default()).unwrap();
        let (s1, st) = sobol_g_indices(&G_A);
        assert_close_and_covered(&idx, &s1, &st, 0.01);
    }

    #[test]
    fn ishigami_second_order() {
        let d = SaltelliDesign::new(8192, 3, true, 5).unwrap();
        assert_eq!(d.points().len(), 8192 * 8);
        let y = ishigami_outputs(&d);
        let idx = d.analyze(&y, &Bootstrap::default()).unwrap();
        let (_, st) = ishigami_indices(7.0, 0.1);
        // Only x1 and x3 interact: S2_13 = ST_3, S2_12 = S2_23 = 0.
        let want = [(0, 1, 0.0), (0, 2, st[2]), (1, 2, 0.0)];
        assert_eq!(idx.s2.len(), 3);
        for (s2, (i, j, w)) in idx.s2.iter().zip(want) {
            assert_eq!((s2.i, s2.j), (i, j));
            assert!((s2.estimate.value - w).abs() < 0.02, "S2_{i}{j}: {:?}", s2);
            assert!(
                s2.estimate.interval.unwrap().contains(w),
                "S2_{i}{j}: {:?}",
                s2
            );
        }
    }

    #[test]
    fn rows_follow_salib_order() {
        let d = SaltelliDesign::new(4, 2, true, 3).unwrap();
        let s = d.shape();
        assert_eq!((s.block(), s.rows()), (6, 24));
        let base = SobolSeq::scrambled(4, 3).unwrap().points(4).unwrap();
        for (i, b) in base.rows().enumerate() {
            let r = |j: usize| d.points().row(i * 6 + j);
            assert_eq!(r(0), &b[0..2]); // A
            assert_eq!(r(1), &[b[2], b[1]]); // A_B^(1)
            assert_eq!(r(2), &[b[0], b[3]]); // A_B^(2)
            assert_eq!(r(3), &[b[0], b[3]]); // B_A^(1)
            assert_eq!(r(4), &[b[2], b[1]]); // B_A^(2)
            assert_eq!(r(5), &b[2..4]); // B
        }
        let first = SaltelliDesign::new(4, 2, false, 3).unwrap();
        assert_eq!(first.points().len(), 16);
        assert_eq!(first.points().row(4), d.points().row(6));
    }

    /// Pinned values: an accidental change of the design, the estimators or the resampling
    /// shows here.
    #[test]
    fn pinned_values() {
        let d = SaltelliDesign::new(1024, 3, false, 1).unwrap();
        assert_eq!(d.points().row(0), PIN_ROW0);
        assert_eq!(d.points().row(4000), PIN_ROW4000);
        let y = ishigami_outputs(&d);
        let b = Bootstrap::new(200, 0.9, 8).unwrap();
        let idx = d.analyze(&y, &b).unwrap();
        let got = [
            idx.s1[0].value,
            idx.st[2].value,
            idx.s1[1].interval.unwrap().low,
            idx.st[0].interval.unwrap().high,
        ];
        assert_eq!(got, PIN_INDICES);
    }

    const PIN_ROW0: &[f64] = &[0.9432687948114056, 0.12937081571824294, 0.1971477205653106];
    const PIN_ROW4000: &[f64] = &[0.9861284516909149, 0.26942793582235625, 0.7419941165453369];
    const PIN_INDICES: [f64; 4] = [
        0.3150357768343513,
        0.2474097299829774,
        0.4059455926377462,
        0.6363524015532168,
    ];

    #[test]
    fn same_result_for_any_thread_count() {
        let d = SaltelliDesign::new(256, 3, true, 9).unwrap();
        let y = ishigami_outputs(&d);
        let b = Bootstrap::new(300, 0.95, 4).unwrap();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| d.analyze(&y, &b).unwrap())
        };
        assert_eq!(run(1), run(3));
    }

    #[test]
    fn constant_output_gives_zeros() {
        let d = SaltelliDesign::new(16, 2, true, 0).unwrap();
        let idx = d
            .analyze(&vec![0.1; 16 * 6], &Bootstrap::default())
            .unwrap();
        assert_eq!(idx.variance, 0.0);
        assert!(idx.s1.iter().chain(&idx.st).all(|e| e.value == 0.0));
        assert_eq!(idx.s2[0].estimate.value, 0.0);
    }

    #[test]
    fn bad_input_is_refused() {
        assert_eq!(
            SaltelliDesign::new(1000, 3, false, 0).unwrap_err(),
            StudyError::NotPowerOfTwo {
                what: "Sobol base samples N",
                value: 1000
            }
        );
        assert!(SaltelliDesign::new(1, 3, false, 0).is_err());
        assert!(SaltelliDesign::new(8, 0, false, 0).is_err());
        assert!(SaltelliDesign::new(8, 513, false, 0).is_err());
        let d = SaltelliDesign::new(8, 2, false, 0).unwrap();
        assert!(matches!(
            d.analyze(&[0.0; 31], &Bootstrap::default()),
            Err(StudyError::OutputLength {
                expected: 32,
                got: 31
            })
        ));
        let mut y = vec![1.0; 32];
        y[3] = f64::INFINITY;
        assert!(d.analyze(&y, &Bootstrap::default()).is_err());
        y[3] = 1.0;
        let bad = Bootstrap {
            confidence: 1.5,
            ..Bootstrap::default()
        };
        assert_eq!(d.analyze(&y, &bad), Err(StudyError::Confidence(1.5)));
        assert!(d.analyze(&y, &Bootstrap::none()).unwrap().s1[0]
            .interval
            .is_none());
    }
}
