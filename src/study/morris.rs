//! Morris's elementary effects: r trajectories on a p-level grid, and μ, μ*, σ of the effects
//! with a bootstrap interval of μ*.
//!
//! **Design** (Morris 1991, as SALib 1.6's `morris.sample` builds it, without trajectory
//! optimisation). The grid is `{0, 1/(p−1), …, 1}` in each factor (p even) and the step is
//! `Δ = p / (2(p − 1))`. A trajectory picks a base level `x*_i` uniformly from the lower half
//! `{0, …, (p/2 − 1)/(p − 1)}` of each factor, a direction `d_i = ±1` and a random order of the
//! factors; it starts at `x*_i` where `d_i = +1` and at `x*_i + Δ` where `d_i = −1`, and moves
//! one factor at a time, in that order, to the other end (`x*_i + Δ` or `x*_i`). So each of its
//! `k + 1` points differs from the one before in one coordinate, by ±Δ, and every factor moves
//! once. Trajectory `t` draws from its own stream of the seed, so a design of r trajectories
//! begins with the design of fewer. Points lie on the grid, ends included: a caller that maps a
//! coordinate through an inverse CDF with unbounded support must handle 0 and 1.
//!
//! **Estimators** (as SALib's `morris.analyze`, unscaled). The elementary effect of the factor
//! that moves between two consecutive points is `EE = Δy / Δx` (Δx = ±Δ in unit-cube
//! coordinates). Over the r trajectories: `μ` is the mean of the effects, `μ*` the mean of
//! their absolute values (Campolongo et al. 2007), `σ` their standard deviation (divisor
//! r − 1). The interval of μ* is the bootstrap percentile interval over trajectories resampled
//! with replacement ([`Bootstrap`]); SALib resamples each factor separately and reports
//! `z · sd`.

use super::bootstrap::{estimates, Bootstrap, Estimate};
use super::{below, check_outputs, shuffle, Points, StudyError};
use crate::engine::rng::{stream, stream_id};
use rand::Rng;

/// Morris's step `Δ = p / (2(p − 1))` for `p` levels.
pub fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// A Morris design: `trajectories × (k + 1)` points on a `levels`-level grid.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisDesign {
    trajectories: usize,
    levels: usize,
    points: Points,
}

impl MorrisDesign {
    /// `trajectories` (at least 2) random trajectories in `k` factors (at least 1) on a grid of
    /// `levels` levels (even, at least 2), a deterministic function of `seed`.
    pub fn new(
        trajectories: usize,
        k: usize,
        levels: usize,
        seed: u64,
    ) -> Result<Self, StudyError> {
        if trajectories < 2 {
            return Err(StudyError::TooSmall {
                what: "Morris trajectories",
                min: 2,
                value: trajectories,
            });
        }
        if k == 0 {
            return Err(StudyError::TooSmall {
                what: "Morris factors",
                min: 1,
                value: 0,
            });
        }
        if levels < 2 || levels % 2 == 1 {
            return Err(StudyError::Levels(levels));
        }
        let half = levels / 2;
        let top = (levels - 1) as f64;
        let id = stream_id("study.morris");
        let mut data = Vec::with_capacity(trajectories * (k + 1) * k);
        for t in 0..trajectories {
            let mut rng = stream(seed, t as u64, id);
            let base: Vec<usize> = (0..k).map(|_| below(&mut rng, half)).collect();
            let up: Vec<bool> = (0..k).map(|_| rng.next_u64() >> 63 == 0).collect();
            let mut order: Vec<usize> = (0..k).collect();
            shuffle(&mut rng, &mut order);
            // Level indices of the current point.
            let mut at: Vec<usize> = (0..k)
                .map(|i| if up[i] { base[i] } else { base[i] + half })
                .collect();
            data.extend(at.iter().map(|&l| l as f64 / top));
            for &i in &order {
                at[i] = if up[i] { base[i] + half } else { base[i] };
                data.extend(at.iter().map(|&l| l as f64 / top));
            }
        }
        Ok(MorrisDesign {
            trajectories,
            levels,
            points: Points::new(k, data),
        })
    }

    /// Number of trajectories r.
    pub fn trajectories(&self) -> usize {
        self.trajectories
    }

    /// Grid levels p.
    pub fn levels(&self) -> usize {
        self.levels
    }

    /// The step Δ.
    pub fn delta(&self) -> f64 {
        morris_delta(self.levels)
    }

    /// The design points, trajectory after trajectory (`r (k + 1)` of them).
    pub fn points(&self) -> &Points {
        &self.points
    }

    /// μ, μ*, σ from `y`, the outputs at [`Self::points`] in order.
    pub fn analyze(&self, y: &[f64], bootstrap: &Bootstrap) -> Result<MorrisIndices, StudyError> {
        morris_indices(&self.points, y, bootstrap)
    }
}

/// Morris indices of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect of each factor.
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect of each factor, with its bootstrap interval.
    pub mu_star: Vec<Estimate>,
    /// Standard deviation (divisor r − 1) of the elementary effects of each factor.
    pub sigma: Vec<f64>,
}

/// The Morris indices of any design made of trajectories (`points`: r blocks of `k + 1` points,
/// each point differing from the one before in exactly one coordinate, each coordinate moving
/// once per block) from its outputs `y`. Accepts a [`MorrisDesign`]'s points or the same read
/// back from a file.
pub fn morris_indices(
    points: &Points,
    y: &[f64],
    bootstrap: &Bootstrap,
) -> Result<MorrisIndices, StudyError> {
    let k = points.k();
    let rows = points.len();
    if !rows.is_multiple_of(k + 1) {
        return Err(StudyError::NotTrajectory {
            row: rows,
            reason: format!(
                "{rows} points are not whole trajectories of {} points",
                k + 1
            ),
        });
    }
    let r = rows / (k + 1);
    if r < 2 {
        return Err(StudyError::TooSmall {
            what: "Morris trajectories",
            min: 2,
            value: r,
        });
    }
    check_outputs(y, rows)?;
    bootstrap.check()?;
    // ee[t * k + i]: the effect of factor i in trajectory t.
    let mut ee = vec![f64::NAN; r * k];
    for t in 0..r {
        for s in 0..k {
            let row = t * (k + 1) + s + 1;
            let (before, after) = (points.row(row - 1), points.row(row));
            let mut moved = (0..k).filter(|&i| after[i] != before[i]);
            let i = match (moved.next(), moved.next()) {
                (Some(i), None) => i,
                (None, _) => {
                    return Err(StudyError::NotTrajectory {
                        row,
                        reason: "no coordinate changes".into(),
                    })
                }
                (Some(i), Some(j)) => {
                    return Err(StudyError::NotTrajectory {
                        row,
                        reason: format!("coordinates {i} and {j} both change"),
                    })
                }
            };
            if !ee[t * k + i].is_nan() {
                return Err(StudyError::NotTrajectory {
                    row,
                    reason: format!("coordinate {i} changes twice in one trajectory"),
                });
            }
            ee[t * k + i] = (y[row] - y[row - 1]) / (after[i] - before[i]);
        }
    }
    let mean_abs = |units: &mut dyn Iterator<Item = usize>, out: &mut [f64]| {
        out.fill(0.0);
        let mut m = 0.0;
        for t in units {
            for (o, e) in out.iter_mut().zip(&ee[t * k..(t + 1) * k]) {
                *o += e.abs();
            }
            m += 1.0;
        }
        out.iter_mut().for_each(|o| *o /= m);
    };
    let mut mu_star = vec![0.0; k];
    mean_abs(&mut (0..r), &mut mu_star);
    let ivs = bootstrap.intervals(r, k, "study.morris.bootstrap", |units, out| {
        mean_abs(&mut units.iter().copied(), out)
    });
    let mu: Vec<f64> = (0..k)
        .map(|i| (0..r).map(|t| ee[t * k + i]).sum::<f64>() / r as f64)
        .collect();
    let sigma = (0..k)
        .map(|i| {
            let ss: f64 = (0..r).map(|t| (ee[t * k + i] - mu[i]).powi(2)).sum();
            (ss / (r - 1) as f64).sqrt()
        })
        .collect();
    Ok(MorrisIndices {
        mu,
        mu_star: estimates(&mu_star, &ivs),
        sigma,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::analytic::{sobol_g_indices, sobol_g_on_unit_cube};

    const G_A: [f64; 6] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];

    fn g_outputs(d: &MorrisDesign) -> Vec<f64> {
        d.points()
            .rows()
            .map(|u| sobol_g_on_unit_cube(&G_A, u))
            .collect()
    }

    #[test]
    fn trajectories_move_one_factor_by_delta() {
        for levels in [2, 4, 6, 8] {
            let d = MorrisDesign::new(20, 5, levels, 3).unwrap();
            let delta = d.delta();
            assert_eq!(d.points().len(), 20 * 6);
            let grid: Vec<f64> = (0..levels)
                .map(|l| l as f64 / (levels - 1) as f64)
                .collect();
            for t in 0..20 {
                let mut moved = [false; 5];
                for s in 0..5 {
                    let (a, b) = (d.points().row(t * 6 + s), d.points().row(t * 6 + s + 1));
                    let diff: Vec<usize> = (0..5).filter(|&i| a[i] != b[i]).collect();
                    assert_eq!(diff.len(), 1);
                    let i = diff[0];
                    assert!(!moved[i]);
                    moved[i] = true;
                    assert!(((b[i] - a[i]).abs() - delta).abs() < 1e-12);
                }
                for x in d.points().rows().flatten() {
                    assert!(grid.contains(x), "{x} not on the {levels}-level grid");
                }
            }
        }
        assert_eq!(morris_delta(4), 2.0 / 3.0);
    }

    #[test]
    fn linear_function_has_exact_effects() {
        let c = [3.0, -2.0, 0.5, 0.0];
        let d = MorrisDesign::new(10, 4, 4, 1).unwrap();
        let y: Vec<f64> = d
            .points()
            .rows()
            .map(|x| x.iter().zip(&c).map(|(x, c)| x * c).sum())
            .collect();
        let m = d.analyze(&y, &Bootstrap::default()).unwrap();
        for (i, c) in c.into_iter().enumerate() {
            assert!((m.mu[i] - c).abs() < 1e-12);
            assert!((m.mu_star[i].value - c.abs()).abs() < 1e-12);
            assert!(m.sigma[i] < 1e-12);
            let iv = m.mu_star[i].interval.unwrap();
            assert!((iv.low - c.abs()).abs() < 1e-12 && (iv.high - c.abs()).abs() < 1e-12);
        }
    }

    #[test]
    fn sobol_g_mu_star_ranks_like_st() {
        let d = MorrisDesign::new(100, 6, 4, 2024).unwrap();
        let y = g_outputs(&d);
        let m = d.analyze(&y, &Bootstrap::default()).unwrap();
        let (_, st) = sobol_g_indices(&G_A);
        for i in 0..6 {
            for j in 0..6 {
                if st[i] > st[j] {
                    assert!(
                        m.mu_star[i].value > m.mu_star[j].value,
                        "mu* {:?} does not rank like ST {st:?}",
                        m.mu_star
                    );
                }
            }
            let iv = m.mu_star[i].interval.unwrap();
            assert!(iv.contains(m.mu_star[i].value));
        }
    }

    #[test]
    fn pinned_values() {
        let d = MorrisDesign::new(4, 3, 4, 7).unwrap();
        assert_eq!(d.points().row(0), PIN_ROW0);
        assert_eq!(d.points().row(9), PIN_ROW9);
        let d = MorrisDesign::new(50, 6, 4, 7).unwrap();
        let y = g_outputs(&d);
        let m = d
            .analyze(&y, &Bootstrap::new(200, 0.9, 3).unwrap())
            .unwrap();
        let iv = m.mu_star[1].interval.unwrap();
        assert_eq!(
            [m.mu[0], m.mu_star[1].value, m.sigma[2], iv.low, iv.high],
            PIN_INDICES
        );
        // A longer design starts with the shorter one.
        let longer = MorrisDesign::new(60, 6, 4, 7).unwrap();
        assert_eq!(
            &longer.points().as_slice()[..d.points().as_slice().len()],
            d.points().as_slice()
        );
    }

    const PIN_ROW0: &[f64] = &[0.0, 1.0, 1.0];
    const PIN_ROW9: &[f64] = &[0.0, 0.6666666666666666, 0.3333333333333333];
    const PIN_INDICES: [f64; 5] = [
        -0.04615589928918867,
        1.4572843507669284,
        0.5753991084874446,
        1.2623491079835396,
        1.6452596668761694,
    ];

    #[test]
    fn bad_input_is_refused() {
        assert_eq!(MorrisDesign::new(10, 3, 5, 0), Err(StudyError::Levels(5)));
        assert_eq!(MorrisDesign::new(10, 3, 0, 0), Err(StudyError::Levels(0)));
        assert!(MorrisDesign::new(1, 3, 4, 0).is_err());
        assert!(MorrisDesign::new(4, 0, 4, 0).is_err());
        let d = MorrisDesign::new(3, 2, 4, 0).unwrap();
        assert!(matches!(
            d.analyze(&[0.0; 8], &Bootstrap::default()),
            Err(StudyError::OutputLength { .. })
        ));
        // Two coordinates moving at once is not a trajectory.
        let mut pts = d.points().as_slice().to_vec();
        pts[2] = 1.0 - pts[0]; // row 1, coordinate 0
        pts[3] = 1.0 - pts[1]; // row 1, coordinate 1
        let bad = Points::new(2, pts);
        let e = morris_indices(&bad, &[0.0; 9], &Bootstrap::default()).unwrap_err();
        assert!(matches!(e, StudyError::NotTrajectory { row: 1, .. }), "{e}");
        let short = Points::new(2, vec![0.0; 8]);
        assert!(morris_indices(&short, &[0.0; 4], &Bootstrap::default()).is_err());
    }
}
