//! Triangular draws by inversion: one uniform, one square root (rand_distr's `Triangular`).

use super::uniform::standard_uniform;
use rand::Rng;

/// A triangular number on [min, max] with the given mode (`min <= mode <= max`, `min < max`):
/// with `f = U · (max - min)`, `min + √(f · (mode - min))` below the mode, else
/// `max - √((max - min - f) · (max - mode))`.
#[inline]
pub fn triangular<R: Rng + ?Sized>(rng: &mut R, min: f64, mode: f64, max: f64) -> f64 {
    let f = standard_uniform(rng);
    let diff_mode_min = mode - min;
    let range = max - min;
    let f_range = f * range;
    if f_range < diff_mode_min {
        min + (f_range * diff_mode_min).sqrt()
    } else {
        max - ((range - f_range) * (max - mode)).sqrt()
    }
}
