//! The cell loop: one step of the log level of every cell, one fused `exp` per cell, and the
//! sums per group of cells (the cultural model's capacity × hit factor, summed per sector). The
//! portable loop is the reference; the AVX2 and AVX-512 builds are the same code compiled for
//! those features.

use crate::engine::fastmath::exp_fma;

/// Per-cell arrays of one path, all of the same length (cells ordered by group, e.g. sector).
#[derive(Debug)]
pub struct Cells<'a> {
    /// Log capacity q (updated).
    pub q: &'a mut [f64],
    /// (drift - σq²/2) dt.
    pub mu_dt: &'a [f64],
    /// σq √dt.
    pub capacity_sd_dt: &'a [f64],
    /// X0.
    pub x0: &'a [f64],
    /// σH.
    pub hit_sd: &'a [f64],
    /// -σH²/2.
    pub hit_log_correction: &'a [f64],
    /// Capacity normals.
    pub zq: &'a [f64],
    /// Hit normals.
    pub zh: &'a [f64],
    /// Scratch: ln(C·H), then C·H.
    pub scratch: &'a mut [f64],
}

/// The portable loop (baseline instructions; `mul_add` is a library call there).
pub(crate) fn portable(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    body(cells, ranges, sector_exports);
}

/// The loop compiled for AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(crate) fn avx2(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    body(cells, ranges, sector_exports);
}

/// The loop compiled for AVX-512F and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
pub(crate) fn avx512(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    body(cells, ranges, sector_exports);
}

/// The one body of every build: q += μdt + σq√dt·Zq, then X0·exp(q + σH·Zh − σH²/2) summed over
/// the cells `a..b` of each range.
#[inline(always)]
fn body(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    let n = cells.q.len();
    let (q, scratch) = (cells.q, &mut cells.scratch[..n]);
    let (mu_dt, sdt, sh, hcorr) = (
        &cells.mu_dt[..n],
        &cells.capacity_sd_dt[..n],
        &cells.hit_sd[..n],
        &cells.hit_log_correction[..n],
    );
    let (zq, zh) = (&cells.zq[..n], &cells.zh[..n]);
    for c in 0..n {
        let qc = q[c] + mu_dt[c] + sdt[c] * zq[c];
        q[c] = qc;
        scratch[c] = qc + sh[c] * zh[c] + hcorr[c];
    }
    for x in scratch.iter_mut() {
        *x = exp_fma(*x);
    }
    for (out, &(a, b)) in sector_exports.iter_mut().zip(ranges) {
        *out = dot4(&cells.x0[a..b], &scratch[a..b]);
    }
}

/// Σ x·e with four running sums (element j goes to sum j mod 4), combined as (s0+s1)+(s2+s3):
/// a fixed order, so the same bits at any vector width, and no serial chain of additions.
#[inline(always)]
fn dot4(x: &[f64], e: &[f64]) -> f64 {
    let n = x.len().min(e.len());
    let mut acc = [0.0f64; 4];
    let (xc, ec) = (x[..n].chunks_exact(4), e[..n].chunks_exact(4));
    let (xr, er) = (xc.remainder(), ec.remainder());
    for (xs, es) in xc.zip(ec) {
        for l in 0..4 {
            acc[l] += xs[l] * es[l];
        }
    }
    for (l, (&a, &b)) in xr.iter().zip(er).enumerate() {
        acc[l] += a * b;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "x86_64")]
    use crate::engine::simd::{level, Level};

    #[test]
    fn every_build_matches_the_portable_bits() {
        let n = 203;
        let v = |k: f64| -> Vec<f64> { (0..n).map(|i| ((i as f64 + k) * 0.731).sin()).collect() };
        let (mu_dt, sdt, x0, sh, hcorr, zq, zh) =
            (v(1.0), v(2.0), v(3.0), v(4.0), v(5.0), v(6.0), v(7.0));
        // Ranges that cover the cells in order (as the cultural model's sectors do), and
        // ranges with gaps.
        let covering: &[(usize, usize)] = &[(0, 29), (29, 30), (30, 30), (30, 203)];
        let gaps: &[(usize, usize)] = &[(3, 29), (40, 41), (50, 200)];
        for ranges in [covering, gaps] {
            let run = |variant: u8| {
                let (mut q, mut scratch, mut out) = (v(8.0), vec![0.0; n], vec![0.0; ranges.len()]);
                for _ in 0..3 {
                    let cells = Cells {
                        q: &mut q,
                        mu_dt: &mu_dt,
                        capacity_sd_dt: &sdt,
                        x0: &x0,
                        hit_sd: &sh,
                        hit_log_correction: &hcorr,
                        zq: &zq,
                        zh: &zh,
                        scratch: &mut scratch,
                    };
                    match variant {
                        0 => portable(cells, ranges, &mut out),
                        1 => crate::engine::arch::step_cells(cells, ranges, &mut out),
                        // SAFETY: the guard checked that the CPU has AVX2 and FMA (`level()` detects
                        // them at run time), the features `avx2` is built for.
                        #[cfg(target_arch = "x86_64")]
                        2 if level() >= Level::Avx2Fma => unsafe { avx2(cells, ranges, &mut out) },
                        // SAFETY: the guard checked that the CPU has AVX-512F and FMA (`level()`
                        // detects them at run time), the features `avx512` is built for.
                        #[cfg(target_arch = "x86_64")]
                        3 if level() >= Level::Avx512Fma => unsafe {
                            avx512(cells, ranges, &mut out)
                        },
                        _ => portable(cells, ranges, &mut out),
                    }
                }
                let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                (bits(&q), bits(&out))
            };
            let reference = run(0);
            for variant in 1..=3 {
                assert_eq!(
                    run(variant),
                    reference,
                    "variant {variant}, ranges {ranges:?}"
                );
            }
            if ranges == covering {
                assert_eq!(reference.1[2], 0);
            }
        }
    }

    #[test]
    fn dot4_sums_in_its_fixed_order() {
        let x: Vec<f64> = (0..11).map(|i| 1.0 + i as f64 * 0.1).collect();
        let e: Vec<f64> = (0..11).map(|i| 0.5 + (i as f64).sin()).collect();
        let s = |j: usize| x[j] * e[j];
        let want =
            ((s(0) + s(4) + s(8)) + (s(1) + s(5) + s(9))) + ((s(2) + s(6) + s(10)) + (s(3) + s(7)));
        assert_eq!(dot4(&x, &e).to_bits(), want.to_bits());
        assert_eq!(dot4(&[], &[]), 0.0);
    }
}
