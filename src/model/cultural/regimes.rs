//! Sub-step 1: market regimes (open, tension, ban) as a three-state Markov chain.

use super::types::Regime;
#[cfg(test)]
use super::work::MarketEpoch;
use super::work::MarketEpochs;
use crate::engine::fastmath::exp;

/// Move each market's regime with its uniform draw `u[m]` (always drawn, whatever the regime).
/// Branch-free: every market's next regime is computed from comparisons as integers (the
/// regime differs by market and path, so a branch on it would often be mispredicted); the
/// same transitions as the market-by-market reference in the tests (`step_reference`).
#[inline(always)]
pub fn step(regime: &mut [Regime], u: &[f64], epochs: &MarketEpochs) {
    let n = regime.len();
    let (u, p_tension, p_ban) = (&u[..n], &epochs.p_tension[..n], &epochs.p_ban[..n]);
    let (p_relief, p_unban) = (&epochs.p_relief[..n], &epochs.p_unban[..n]);
    for m in 0..n {
        let c = regime[m].code();
        let (open, tension, ban) = ((c == 0) as u8, (c == 1) as u8, (c == 2) as u8);
        // Tension: u < pB → ban (2); pB ≤ u < pB + pR → open (0); else stays (1). Since
        // pR ≥ 0, u < pB implies u < pB + pR, so the two terms never add up to 3.
        let u = u[m];
        let next = open * (u < p_tension[m]) as u8
            + tension * (2 * (u < p_ban[m]) as u8 + (u >= p_ban[m] + p_relief[m]) as u8)
            + ban * (1 + (u >= p_unban[m]) as u8);
        regime[m] = Regime::from_code(next);
    }
}

/// The transitions as docs/model.md states them, market by market: the reference [`step`]
/// is tested against.
#[cfg(test)]
fn step_reference(regime: &mut [Regime], u: &[f64], epochs: &MarketEpochs) {
    for (m, (r, &u)) in regime.iter_mut().zip(u).enumerate() {
        let e = epochs.row(m);
        *r = match *r {
            Regime::Open if u < e.p_tension => Regime::Tension,
            Regime::Tension if u < e.p_ban => Regime::Ban,
            Regime::Tension if u < e.p_ban + e.p_relief => Regime::Open,
            Regime::Ban if u < e.p_unban => Regime::Tension,
            other => other,
        };
    }
}

/// Per-step transition probabilities from hazards (per year) and the step length.
/// Returns `(p_tension, p_ban, p_relief, p_unban)`; `p_ban + p_relief` is scaled to 1 when above.
pub fn probabilities(
    h_tension: f64,
    h_ban: f64,
    relief: f64,
    unban: f64,
    dt: f64,
) -> (f64, f64, f64, f64) {
    let p = |h: f64| 1.0 - exp(-h * dt);
    let (mut pb, mut pr) = (p(h_ban), p(relief));
    if pb + pr > 1.0 {
        let s = pb + pr;
        pb /= s;
        pr /= s;
    }
    (p(h_tension), pb, pr, p(unban))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_thresholds() {
        let e = MarketEpoch {
            p_tension: 0.3,
            p_ban: 0.2,
            p_relief: 0.5,
            p_unban: 0.1,
            ..Default::default()
        };
        let epochs = MarketEpochs::from_rows(&[e; 4]);
        let mut r = [Regime::Open, Regime::Tension, Regime::Tension, Regime::Ban];
        step(&mut r, &[0.29, 0.19, 0.69, 0.09], &epochs);
        assert_eq!(
            r,
            [Regime::Tension, Regime::Ban, Regime::Open, Regime::Tension]
        );
        let mut r = [Regime::Open, Regime::Tension, Regime::Ban, Regime::Ban];
        step(&mut r, &[0.3, 0.7, 0.1, 0.99], &epochs);
        assert_eq!(r, [Regime::Open, Regime::Tension, Regime::Ban, Regime::Ban]);
    }

    #[test]
    fn branch_free_step_equals_the_reference() {
        let all = Regime::ALL;
        // Thresholds on and around every boundary, including p = 0 and pB + pR = 1.
        let probs = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0];
        let us = [
            0.0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.35, 0.5, 0.6, 0.75, 0.8, 0.999,
        ];
        for &pt in &probs {
            for &pb in &probs {
                for &pr in probs.iter().filter(|&&pr| pb + pr <= 1.0) {
                    let e = MarketEpoch {
                        p_tension: pt,
                        p_ban: pb,
                        p_relief: pr,
                        p_unban: 1.0 - pt,
                        ..Default::default()
                    };
                    let n = all.len() * us.len();
                    let epochs = MarketEpochs::from_rows(&vec![e; n]);
                    let u: Vec<f64> = (0..n).map(|i| us[i % us.len()]).collect();
                    let start: Vec<Regime> = (0..n).map(|i| all[i / us.len()]).collect();
                    let (mut a, mut b) = (start.clone(), start);
                    step(&mut a, &u, &epochs);
                    step_reference(&mut b, &u, &epochs);
                    assert_eq!(a, b, "pT {pt}, pB {pb}, pR {pr}");
                }
            }
        }
    }

    #[test]
    fn competing_probabilities_are_scaled() {
        let (_, pb, pr, _) = probabilities(0.0, 50.0, 50.0, 0.0, 1.0);
        assert!((pb + pr - 1.0).abs() < 1e-15);
        assert!((pb - 0.5).abs() < 1e-12);
    }
}
