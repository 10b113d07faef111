//! Beta and PERT draws: R. C. H. Cheng's algorithms BB (both shapes above 1) and BC (otherwise)
//! (Cheng 1978, "Generating beta variates with nonintegral shape parameters", CACM 21(4)), set
//! up and run as rand_distr's `Beta` does, with the portable `exp` and `ln`. PERT is the beta
//! with rand_distr's shapes (λ = 4), scaled to [min, max].

use super::uniform::open01;
use crate::engine::fastmath::{exp_wide, ln};
use rand::Rng;

/// A Beta(α, β) number in [0, 1] (`α, β > 0`).
pub fn beta<R: Rng + ?Sized>(rng: &mut R, alpha: f64, beta: f64) -> f64 {
    // Cheng's notation: a = min(α, β), b = max(α, β), and `switched` records which is which.
    let (a, b, switched) = if alpha < beta {
        (alpha, beta, false)
    } else {
        (beta, alpha, true)
    };
    if a > 1.0 {
        bb(rng, a, b, switched)
    } else {
        // Algorithm BC takes a as the larger shape.
        bc(rng, b, a, !switched)
    }
}

/// The end of both algorithms: `w / (b + w)`, or `b / (b + w)` when the shapes were switched.
fn finish(w: f64, b: f64, switched: bool) -> f64 {
    if !switched {
        if w == f64::INFINITY {
            // b is finite, so w / (b + w) → 1.
            return 1.0;
        }
        w / (b + w)
    } else {
        b / (b + w)
    }
}

/// Algorithm BB, for 1 < a <= b. The last test is negated as rand_distr writes it, so that a NaN
/// (from an infinite `w`) accepts.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
fn bb<R: Rng + ?Sized>(rng: &mut R, a: f64, b: f64, switched: bool) -> f64 {
    let alpha = a + b;
    let beta = ((alpha - 2.0) / (2.0 * a * b - alpha)).sqrt();
    let gamma = a + 1.0 / beta;
    let (ln4, ln5) = (ln(4.0), ln(5.0));
    loop {
        let u1 = open01(rng);
        let u2 = open01(rng);
        let v = beta * ln(u1 / (1.0 - u1));
        let w = a * exp_wide(v);
        let z = u1 * u1 * u2;
        let r = gamma * v - ln4;
        let s = a + r - w;
        if s + 1.0 + ln5 >= 5.0 * z {
            return finish(w, b, switched);
        }
        let t = ln(z);
        if s >= t {
            return finish(w, b, switched);
        }
        if !(r + alpha * ln(alpha / (b + w)) < t) {
            return finish(w, b, switched);
        }
    }
}

/// Algorithm BC, for b <= 1 with a the larger shape (its last test negated as in [`bb`]).
#[allow(clippy::neg_cmp_op_on_partial_ord)]
fn bc<R: Rng + ?Sized>(rng: &mut R, a: f64, b: f64, switched: bool) -> f64 {
    let alpha = a + b;
    let beta = 1.0 / b;
    let delta = 1.0 + a - b;
    let kappa1 = delta * (1.0 / 18.0 / 4.0 + 3.0 / 18.0 / 4.0 * b) / (a * beta - 14.0 / 18.0);
    let kappa2 = 0.25 + (0.5 + 0.25 / delta) * b;
    let ln4 = ln(4.0);
    loop {
        let u1 = open01(rng);
        let u2 = open01(rng);
        let z;
        if u1 < 0.5 {
            let y = u1 * u2;
            z = u1 * y;
            if 0.25 * u2 + z - y >= kappa1 {
                continue;
            }
        } else {
            z = u1 * u1 * u2;
            if z <= 0.25 {
                let v = beta * ln(u1 / (1.0 - u1));
                return finish(a * exp_wide(v), b, switched);
            }
            if z >= kappa2 {
                continue;
            }
        }
        let v = beta * ln(u1 / (1.0 - u1));
        let w = a * exp_wide(v);
        if !(alpha * (ln(alpha / (b + w)) + v) - ln4 < ln(z)) {
            return finish(w, b, switched);
        }
    }
}

/// A PERT number on [min, max] with the given mode (`min < max`): Beta(α, β) with
/// α = 1 + 4 (mode - min) / (max - min) and β = 1 + 4 (max - mode) / (max - min), scaled as
/// `B · (max - min) + min`.
pub fn pert<R: Rng + ?Sized>(rng: &mut R, min: f64, mode: f64, max: f64) -> f64 {
    let range = max - min;
    let v = 1.0 + 4.0 * (mode - min) / range;
    let w = 1.0 + 4.0 * (max - mode) / range;
    beta(rng, v, w) * range + min
}
