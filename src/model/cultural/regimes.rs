//! Sub-step 1: market regimes (open, tension, ban) as a three-state Markov chain.

use super::types::Regime;
use super::work::MarketEpoch;
use crate::engine::fastmath::exp;

/// Move each market's regime with its uniform draw `u[m]` (always drawn, whatever the regime).
#[inline]
pub fn step(regime: &mut [Regime], u: &[f64], epochs: &[MarketEpoch]) {
    for ((r, &u), e) in regime.iter_mut().zip(u).zip(epochs) {
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
        let epochs = [e; 4];
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
    fn competing_probabilities_are_scaled() {
        let (_, pb, pr, _) = probabilities(0.0, 50.0, 50.0, 0.0, 1.0);
        assert!((pb + pr - 1.0).abs() < 1e-15);
        assert!((pb - 0.5).abs() < 1e-12);
    }
}
