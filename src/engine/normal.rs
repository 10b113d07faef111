//! Standard normal sampling for the hot loop: batches of N(0, 1) draws from one stream.

use rand::distr::Distribution;
use rand_distr::StandardNormal;

/// Fill `buf` with independent standard normal draws, in order.
#[inline]
pub fn fill_normals<R: rand::Rng + ?Sized>(rng: &mut R, buf: &mut [f64]) {
    for z in buf.iter_mut() {
        *z = StandardNormal.sample(rng);
    }
}

/// Name of the normal sampler, written into every summary.
pub const NORMAL_SAMPLER: &str = "rand_distr 0.6 StandardNormal (ziggurat)";
