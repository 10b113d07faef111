//! The ziggurat's slow path, in batches: candidates the fast path did not accept are queued in
//! buffer order and finished together, so their exponentials run as one independent loop
//! instead of a chain of latency-bound scalar calls.
//!
//! Finishing a batch (the same code for the AVX2 and the portable loops, so both consume the
//! scalar stream identically): (1) each wedge candidate, in order, draws its uniform; (2) all
//! densities `exp(-x²/2)` are computed; (3) in order, a wedge candidate under the density is
//! accepted, a rejected one is replaced by a fresh draw from the scalar stream, and a base-layer
//! candidate gets a tail draw. Every draw is still exactly N(0, 1); only the order in which the
//! scalar stream is read differs from a one-at-a-time ziggurat.

use super::fastmath::exp;
use super::lanes::LANES;
use super::rng::{uniform, PathRng};
use super::zig_tables::{ZIG_NORM_F, ZIG_NORM_X};
use super::ziggurat::{candidate, signed_unit};
use rand::Rng;

/// Candidates queued at most before a batch is finished.
const CAP: usize = 64;

/// Rejected fast-path candidates waiting for the slow path: buffer positions and raw words,
/// plus the work arrays of a batch. Kept by each path's [`super::PathDraws`], so nothing is
/// zeroed per call.
#[derive(Debug, Clone)]
pub struct Pending {
    pos: [usize; CAP],
    word: [u64; CAP],
    level: [f64; CAP],
    density: [f64; CAP],
    n: usize,
}

impl Default for Pending {
    fn default() -> Self {
        Pending {
            pos: [0; CAP],
            word: [0; CAP],
            level: [0.0; CAP],
            density: [0.0; CAP],
            n: 0,
        }
    }
}

impl Pending {
    /// Queue the lanes of `block` flagged in `rejected` (bit l: lane l, buffer position
    /// `pos + l`); finishes the batch into `buf` whenever it fills.
    #[inline]
    pub(crate) fn defer(
        &mut self,
        block: &[u64; LANES],
        rejected: u32,
        pos: usize,
        rng: &mut PathRng,
        buf: &mut [f64],
    ) {
        let mut rest = rejected;
        while rest != 0 {
            let l = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            self.pos[self.n] = pos + l;
            self.word[self.n] = block[l];
            self.n += 1;
            if self.n == CAP {
                self.resolve(rng, buf);
            }
        }
    }

    /// Finish every queued candidate into `buf` (see the module notes for the order of draws).
    #[inline(never)]
    pub(crate) fn resolve(&mut self, rng: &mut PathRng, buf: &mut [f64]) {
        let n = self.n;
        let (level, density) = (&mut self.level, &mut self.density);
        for j in 0..n {
            let b = self.word[j];
            let i = (b & 0xff) as usize;
            // A tail candidate (layer 0) gets no wedge test; 0 keeps the exp loop harmless.
            let x = signed_unit(b) * ZIG_NORM_X[i];
            (level[j], density[j]) = if i != 0 {
                (wedge_level(i, rng), -x * x / 2.0)
            } else {
                (0.0, 0.0)
            };
        }
        for d in density[..n].iter_mut() {
            *d = exp(*d);
        }
        for j in 0..n {
            let b = self.word[j];
            let i = (b & 0xff) as usize;
            let u = signed_unit(b);
            buf[self.pos[j]] = if i == 0 {
                tail(u, rng)
            } else if level[j] < density[j] {
                u * ZIG_NORM_X[i]
            } else {
                fresh(rng)
            };
        }
        self.n = 0;
    }
}

/// A uniform height within the wedge of layer i: f(x_i) + (f(x_{i+1}) - f(x_i))·U, U in [0, 1).
#[inline]
fn wedge_level(i: usize, rng: &mut PathRng) -> f64 {
    ZIG_NORM_F[i + 1] + (ZIG_NORM_F[i] - ZIG_NORM_F[i + 1]) * uniform(rng)
}

/// A uniform in (0, 1) (never 0, so its log is finite).
#[inline]
fn open_unit(rng: &mut PathRng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A complete ziggurat draw from the scalar stream alone (after a wedge rejection).
fn fresh(rng: &mut PathRng) -> f64 {
    loop {
        let b = rng.next_u64();
        let (x, ok) = candidate(b);
        if ok {
            return x;
        }
        let i = (b & 0xff) as usize;
        if i == 0 {
            return tail(signed_unit(b), rng);
        }
        if wedge_level(i, rng) < exp(-x * x / 2.0) {
            return x;
        }
    }
}

/// A draw from the tail beyond R (Marsaglia's method), on the side of `u`'s sign.
fn tail(u: f64, rng: &mut PathRng) -> f64 {
    super::sample::normal::tail_from(u, || open_unit(rng))
}
