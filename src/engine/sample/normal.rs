//! Normal and log-normal draws: Marsaglia & Tsang's 256-layer ziggurat as rand_distr's
//! `StandardNormal` runs it (its tables, its use of each word, its wedge and tail tests), with
//! the portable `exp` and `ln`.

use super::uniform::{open01, standard_uniform};
use crate::engine::fastmath::{exp, exp_wide, ln};
use crate::engine::zig_tables::{ZIG_NORM_F, ZIG_NORM_R, ZIG_NORM_X};
use crate::engine::ziggurat::signed_unit;
use rand::Rng;

/// A standard normal number. Each try takes one word: layer `i` from its low 8 bits and
/// `u` in [-1, 1) from its top 52, `x = u · X[i]`, accepted when `|x| < X[i+1]`; otherwise a
/// tail draw beyond R for layer 0, or a wedge test against `exp(-x²/2)` with one more uniform.
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    loop {
        let bits = rng.next_u64();
        let i = (bits & 0xff) as usize;
        let u = signed_unit(bits);
        let x = u * ZIG_NORM_X[i];
        if x.abs() < ZIG_NORM_X[i + 1] {
            return x;
        }
        if i == 0 {
            return tail(rng, u);
        }
        let level = ZIG_NORM_F[i + 1] + (ZIG_NORM_F[i] - ZIG_NORM_F[i + 1]) * standard_uniform(rng);
        if level < exp(-x * x / 2.0) {
            return x;
        }
    }
}

/// Beyond R on the side of `u`'s sign (Marsaglia's tail method, two open uniforms a try).
fn tail<R: Rng + ?Sized>(rng: &mut R, u: f64) -> f64 {
    tail_from(u, || open01(rng))
}

/// Marsaglia's tail method beyond R on the side of `u`'s sign, with open uniforms from `open`
/// (shared with the hot-loop sampler's slow path, which draws its uniforms otherwise).
pub(crate) fn tail_from(u: f64, mut open: impl FnMut() -> f64) -> f64 {
    loop {
        let x = ln(open()) / ZIG_NORM_R;
        let y = ln(open());
        if -2.0 * y >= x * x {
            return if u < 0.0 {
                x - ZIG_NORM_R
            } else {
                ZIG_NORM_R - x
            };
        }
    }
}

/// A normal number with the given mean and standard deviation: `mean + sd · Z`.
#[inline]
pub fn normal<R: Rng + ?Sized>(rng: &mut R, mean: f64, sd: f64) -> f64 {
    mean + sd * standard_normal(rng)
}

/// A log-normal number: `exp(mu + sigma · Z)` (over the whole range of a float: ∞ or 0 where
/// the exponent is beyond it).
#[inline]
pub fn lognormal<R: Rng + ?Sized>(rng: &mut R, mu: f64, sigma: f64) -> f64 {
    exp_wide(normal(rng, mu, sigma))
}
