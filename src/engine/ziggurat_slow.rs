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

/// Candidates finished per batch (the batch size is part of the draw order: a batch draws all
/// its wedge uniforms before any of its redraws).
const CAP: usize = 64;

/// Room in the queue: a batch plus one block, so that a loop appending a whole block of
/// compressed candidates (up to [`LANES`]) at once never overruns it.
const ROOM: usize = CAP + LANES;

/// Rejected fast-path candidates waiting for the slow path: buffer positions and raw words,
/// plus the work arrays of a batch. Kept by each path's [`super::PathDraws`], so nothing is
/// zeroed per call.
#[derive(Debug, Clone)]
pub struct Pending {
    pos: [u64; ROOM],
    word: [u64; ROOM],
    level: [f64; CAP],
    density: [f64; CAP],
    n: usize,
}

impl Default for Pending {
    fn default() -> Self {
        Pending {
            pos: [0; ROOM],
            word: [0; ROOM],
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
            self.pos[self.n] = (pos + l) as u64;
            self.word[self.n] = block[l];
            self.n += 1;
            if self.n == CAP {
                self.resolve(rng, buf);
            }
        }
    }

    /// The eight free slots after the queued candidates (words, buffer positions), for a loop
    /// that writes a whole block of compressed candidates and then [`commit`](Self::commit)s
    /// how many of them count.
    #[inline]
    pub(crate) fn slots(&mut self) -> (&mut [u64; LANES], &mut [u64; LANES]) {
        let n = self.n;
        // `n < CAP` between calls (a full batch is finished at once), so n + LANES ≤ ROOM.
        debug_assert!(n < CAP);
        let w = (&mut self.word[n..n + LANES])
            .try_into()
            .expect("eight slots");
        let p = (&mut self.pos[n..n + LANES])
            .try_into()
            .expect("eight slots");
        (w, p)
    }

    /// Count the first `k` slots written through [`slots`](Self::slots) as queued; finishes a
    /// batch of [`CAP`] into `buf` when that many are waiting, exactly as [`defer`](Self::defer)
    /// would have (the same candidates in the same batches, so the same draws).
    #[inline]
    pub(crate) fn commit(&mut self, k: usize, rng: &mut PathRng, buf: &mut [f64]) {
        // At most one block at a time, so that one batch brings `n` back under CAP.
        debug_assert!(k <= LANES);
        self.n += k;
        if self.n >= CAP {
            self.resolve(rng, buf);
        }
    }

    /// Finish the first [`CAP`] queued candidates (all of them when fewer wait) into `buf`,
    /// and move the rest to the front (see the module notes for the order of draws).
    #[inline(never)]
    pub(crate) fn resolve(&mut self, rng: &mut PathRng, buf: &mut [f64]) {
        let n = self.n.min(CAP);
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
            buf[self.pos[j] as usize] = if i == 0 {
                tail(u, rng)
            } else if level[j] < density[j] {
                u * ZIG_NORM_X[i]
            } else {
                fresh(rng)
            };
        }
        let rest = self.n - n;
        self.word.copy_within(n..n + rest, 0);
        self.pos.copy_within(n..n + rest, 0);
        self.n = rest;
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
