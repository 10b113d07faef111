//! The samplers of `[uncertainty]` draws, in the engine's own portable arithmetic: one
//! distribution per file, each the algorithm rand_distr 0.6 uses, step for step and drawing the
//! same random words, but with [`super::fastmath`]'s `exp` and `ln` instead of the platform's
//! libm. Only IEEE-754 basic operations and `sqrt` (correctly rounded everywhere) remain, so a
//! scenario gives the same draws, and the same bytes, on every platform.
//!
//! On a platform whose libm agrees with the portable functions (x86-64 glibc, where the tests
//! compare them), the draws equal rand_distr's; they can part where a last-bit difference of
//! `exp` or `ln` flips an acceptance test or rounds a result, which the tests measure.

mod beta;
pub(crate) mod normal;
mod triangular;
mod uniform;

#[cfg(test)]
mod tests;

use super::dist::Dist;
use rand::Rng;

pub use beta::{beta, pert};
pub use normal::{lognormal, normal, standard_normal};
pub use triangular::triangular;
pub use uniform::{open01, standard_uniform, uniform};

impl Dist {
    /// One draw, always in [`Dist::support`]. Truncated normal and log-normal resample until the
    /// draw lies in `[min, max]` (validation refuses truncations with negligible probability
    /// mass); the others are clamped into `[min, max]` against rounding (a no-op for every draw
    /// that rounding leaves inside). Uses only `rng`, so a seeded generator gives the same draws
    /// every time, on every platform (see the module notes).
    ///
    /// Parameters that validation refuses (e.g. `sd <= 0`, `min > max`) give an unspecified value
    /// or, for an empty truncation, never return.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            Dist::Fixed(v) => v,
            Dist::Uniform { min, max } => uniform(rng, min, max).clamp(min, max),
            Dist::Normal { mean, sd, min, max } => loop {
                let x = normal(rng, mean, sd);
                if x >= min && x <= max {
                    return x;
                }
            },
            Dist::LogNormal {
                mu,
                sigma,
                min,
                max,
            } => loop {
                let x = lognormal(rng, mu, sigma);
                if x >= min && x <= max {
                    return x;
                }
            },
            Dist::Triangular { min, mode, max } => triangular(rng, min, mode, max).clamp(min, max),
            Dist::Beta {
                alpha,
                beta: b,
                min,
                max,
            } => (min + (max - min) * beta(rng, alpha, b)).clamp(min, max),
            Dist::Pert { min, mode, max } => pert(rng, min, mode, max).clamp(min, max),
        }
    }
}
