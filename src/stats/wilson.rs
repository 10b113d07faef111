//! Wilson score confidence interval for a binomial proportion (e.g. probability of an event).
//!
//! For `k` successes in `n` trials, `p = k/n`:
//! `center = (p + z²/2n) / (1 + z²/n)`,
//! `half = z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n)`, interval `center ± half`.
//! Unlike the normal (Wald) interval it stays inside `[0, 1]` and is not
//! degenerate at `k = 0` or `k = n`; there the bound at the edge is set to
//! exactly 0 or 1 (it is so algebraically) and both bounds are clamped to `[0, 1]`.

/// Two-sided 95% normal quantile (Φ⁻¹(0.975) ≈ 1.959964).
pub const Z95: f64 = 1.959964;

/// Wilson score interval `(lower, upper)` for `successes` out of `n` at
/// normal quantile `z` (use [`Z95`] for 95%). `n = 0` gives `(0, 1)`.
///
/// `successes > n` is a caller bug (`debug_assert!`); release builds treat
/// it as `successes = n`. The sign of `z` is ignored.
pub fn wilson_interval(successes: u64, n: u64, z: f64) -> (f64, f64) {
    debug_assert!(successes <= n, "wilson_interval: {successes} > {n}");
    if n == 0 {
        return (0.0, 1.0);
    }
    let k = successes.min(n);
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let center = (p + z2 / (2.0 * nf)) / denom;
    let half = z.abs() * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    let lower = if k == 0 { 0.0 } else { center - half };
    let upper = if k == n { 1.0 } else { center + half };
    (lower.clamp(0.0, 1.0), upper.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: (f64, f64), want: (f64, f64)) {
        assert!(
            (got.0 - want.0).abs() < 1e-6 && (got.1 - want.1).abs() < 1e-6,
            "got {got:?}, want {want:?}"
        );
    }

    #[test]
    fn known_values() {
        // Hand-computed with 40-digit decimal arithmetic from the formula.
        close(wilson_interval(0, 10, Z95), (0.0, 0.2775328030));
        close(wilson_interval(5, 10, Z95), (0.2365930890, 0.7634069110));
        close(wilson_interval(10, 10, Z95), (0.7224671970, 1.0));
        close(wilson_interval(1, 10, Z95), (0.0178762129, 0.4041500295));
        close(wilson_interval(3, 7, Z95), (0.1582198540, 0.7495416372));
        // Newcombe (1998), Stat. Med. 17:857, Table I: 81/263 -> 0.2553, 0.3662.
        close(wilson_interval(81, 263, Z95), (0.2552885195, 0.3662095775));
    }

    #[test]
    fn edges_are_exact_and_bounds_stay_in_unit_interval() {
        assert_eq!(wilson_interval(0, 0, Z95), (0.0, 1.0));
        assert_eq!(wilson_interval(0, 10, Z95).0, 0.0);
        assert_eq!(wilson_interval(10, 10, Z95).1, 1.0);
        for n in [1u64, 2, 3, 17, 1000, 1 << 40] {
            for k in [0, 1, n / 2, n - 1, n] {
                let (lo, hi) = wilson_interval(k, n, Z95);
                let p = k as f64 / n as f64;
                assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
                assert!(lo <= p && p <= hi, "k={k} n={n}: ({lo}, {hi})");
            }
        }
        // z = 0 collapses to the point estimate.
        assert_eq!(wilson_interval(3, 4, 0.0), (0.75, 0.75));
    }
}
