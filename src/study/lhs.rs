//! Latin hypercube sampling: `n` points in `[0, 1)^k` with exactly one point in each of the `n`
//! equal strata of every coordinate.
//!
//! Coordinate `d` of point `i` is `(π_d(i) + u) / n`, with `π_d` a random permutation of
//! `0 … n − 1` and `u` uniform in [0, 1) (McKay, Beckman and Conover 1979). Coordinate `d`
//! draws its permutation and jitters from its own stream of the seed, so adding factors never
//! changes the earlier coordinates.

use super::{shuffle, Points, StudyError};
use crate::engine::rng::{stream, stream_id, uniform};

/// The largest f64 below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

/// A Latin hypercube of `points` points (at least 1) in `k` factors (at least 1), a
/// deterministic function of `seed`.
pub fn latin_hypercube(points: usize, k: usize, seed: u64) -> Result<Points, StudyError> {
    for (what, value) in [
        ("Latin hypercube points", points),
        ("Latin hypercube factors", k),
    ] {
        if value == 0 {
            return Err(StudyError::TooSmall {
                what,
                min: 1,
                value,
            });
        }
    }
    let id = stream_id("study.lhs");
    let n = points as f64;
    let columns: Vec<Vec<f64>> = (0..k as u64)
        .map(|d| {
            let mut rng = stream(seed, d, id);
            let mut perm: Vec<usize> = (0..points).collect();
            shuffle(&mut rng, &mut perm);
            // (n − 1 + u) / n can round up to 1 for large n: keep the cube half-open.
            perm.iter()
                .map(|&p| ((p as f64 + uniform(&mut rng)) / n).min(BELOW_ONE))
                .collect()
        })
        .collect();
    let mut data = Vec::with_capacity(points * k);
    for i in 0..points {
        data.extend(columns.iter().map(|c| c[i]));
    }
    Ok(Points::new(k, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_stratum() {
        for n in [1, 2, 7, 100, 1000] {
            let p = latin_hypercube(n, 4, 99).unwrap();
            assert_eq!((p.len(), p.k()), (n, 4));
            for d in 0..4 {
                let mut seen = vec![false; n];
                for row in p.rows() {
                    assert!((0.0..1.0).contains(&row[d]));
                    let cell = (row[d] * n as f64) as usize;
                    assert!(!seen[cell], "n = {n}, dim {d}: cell {cell} twice");
                    seen[cell] = true;
                }
            }
        }
    }

    #[test]
    fn deterministic_and_prefix_stable_in_k() {
        let a = latin_hypercube(50, 3, 5).unwrap();
        assert_eq!(a, latin_hypercube(50, 3, 5).unwrap());
        assert_ne!(a, latin_hypercube(50, 3, 6).unwrap());
        let wider = latin_hypercube(50, 5, 5).unwrap();
        for i in 0..50 {
            assert_eq!(&wider.row(i)[..3], a.row(i));
        }
        assert_eq!(a.row(0), PIN_ROW0);
        assert_eq!(a.row(49), PIN_ROW49);
    }

    const PIN_ROW0: &[f64] = &[0.2694329899894026, 0.09275500999991614, 0.33898756937105773];
    const PIN_ROW49: &[f64] = &[0.6020938280191581, 0.46218485469170145, 0.47176317835760445];

    #[test]
    fn empty_designs_are_refused() {
        assert!(latin_hypercube(0, 3, 0).is_err());
        assert!(latin_hypercube(3, 0, 0).is_err());
    }
}
