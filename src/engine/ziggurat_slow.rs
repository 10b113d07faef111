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
    /// and move the rest to the front (see the module notes for the order of draws). Runs the
    /// AVX2 build when the CPU has AVX2 (its density loop is 4 lanes wide), the portable one
    /// otherwise: the same bits either way.
    #[inline(never)]
    pub(crate) fn resolve(&mut self, rng: &mut PathRng, buf: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if super::simd::level() >= super::simd::Level::Avx2 {
            // SAFETY: `level()` returns `Avx2` or better only when the CPU reports AVX2 at run
            // time (`is_x86_feature_detected!("avx2")`), the one feature `resolve_avx2` is
            // built for.
            return unsafe { self.resolve_avx2(rng, buf) };
        }
        self.resolve_body(rng, buf)
    }

    /// [`resolve`](Self::resolve) compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn resolve_avx2(&mut self, rng: &mut PathRng, buf: &mut [f64]) {
        self.resolve_body(rng, buf)
    }

    /// The one body of every build of [`resolve`](Self::resolve).
    #[inline(always)]
    fn resolve_body(&mut self, rng: &mut PathRng, buf: &mut [f64]) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;

    /// A queue of `n` random words (wedge and tail candidates alike) at scattered positions.
    fn queued(n: usize, seed: u64) -> Pending {
        let mut p = Pending::default();
        let mut r = stream(seed, 3, 7);
        for j in 0..n {
            let w = r.next_u64();
            // One word in eight in the base layer, so tails are drawn too.
            p.word[j] = if j % 8 == 0 { w & !0xff } else { w };
            p.pos[j] = (j * 7 % 97) as u64;
        }
        p.n = n;
        p
    }

    #[test]
    fn every_build_of_resolve_gives_the_portable_bits() {
        for (n, seed) in [(1, 1), (17, 2), (CAP, 3), (CAP + 5, 4), (ROOM, 5)] {
            for round in 0..50 {
                let seed = seed * 1000 + round;
                let run = |avx2: bool| {
                    let (mut p, mut rng) = (queued(n, seed), stream(seed, 0, 0));
                    let mut buf = vec![0.0f64; 97];
                    if avx2 {
                        #[cfg(target_arch = "x86_64")]
                        // SAFETY: called only when `level()` detected AVX2 at run time, the
                        // feature of `resolve_avx2`.
                        unsafe {
                            p.resolve_avx2(&mut rng, &mut buf)
                        };
                    } else {
                        p.resolve_body(&mut rng, &mut buf);
                    }
                    let bits: Vec<u64> = buf.iter().map(|x| x.to_bits()).collect();
                    (bits, p.n, p.word, p.pos, rng.next_u64())
                };
                let portable = run(false);
                // A batch finishes at most CAP candidates and keeps the rest queued.
                assert_eq!(portable.1, n.saturating_sub(CAP));
                assert!(portable.0.iter().any(|&b| b != 0));
                #[cfg(target_arch = "x86_64")]
                if crate::engine::simd::level() >= crate::engine::simd::Level::Avx2 {
                    assert_eq!(run(true), portable, "{n} queued, seed {seed}");
                }
            }
        }
    }
}
