//! Uniform draws: on [0, 1) from the top 53 bits of a word (rand's `StandardUniform`), on
//! (0, 1) from the top 52 (rand's `Open01`), and on [min, max).

use rand::Rng;

/// A uniform number in [0, 1): the top 53 bits of one word, times 2^-53 (rand's
/// `StandardUniform` for `f64`).
#[inline]
pub fn standard_uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    crate::engine::rng::uniform(rng)
}

/// A uniform number in (0, 1), never 0 or 1: the top 52 bits of one word as the fraction of a
/// number in [1, 2), less `1 - ε/2` (rand's `Open01` for `f64`; exact).
#[inline]
pub fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    f64::from_bits((rng.next_u64() >> 12) | 0x3ff0_0000_0000_0000) - (1.0 - f64::EPSILON / 2.0)
}

/// A uniform number on [min, max) as `min + (max - min) · U` (rounding can reach `max` when the
/// width is not exact; [`crate::engine::Dist::sample`] clamps).
#[inline]
pub fn uniform<R: Rng + ?Sized>(rng: &mut R, min: f64, max: f64) -> f64 {
    min + (max - min) * standard_uniform(rng)
}
