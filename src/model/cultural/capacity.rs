//! Sub-steps 2 and 3: log capacity of every (base, sector) cell and its hit factor.
//!
//! C = exp(q) and H = exp(σH Z' - σH²/2) only ever appear as the product X0·C·H, so the two are
//! fused into one `exp` per cell: X0 · exp(q + σH Z' - σH²/2).

use crate::engine::fastmath::{exp_fma, ln};
use crate::engine::simd::{level, Level};

/// Drift of log capacity per step, `(drift - σq²/2) dt`, for one cell.
#[allow(clippy::too_many_arguments)]
pub fn mu_dt(growth: f64, sigma_q: f64, dt: f64, designated: Option<DesignatedTerms>) -> f64 {
    let mut drift = growth;
    if let Some(d) = designated {
        drift += d.funding_elasticity * ln(1.0 + d.funding / d.funding_scale)
            + d.visa_elasticity * d.visa * d.talent_intensity
            + d.ip_elasticity * d.ip;
    }
    (drift - 0.5 * sigma_q * sigma_q) * dt
}

/// The policy terms of a designated cell's drift.
#[derive(Debug, Clone, Copy)]
pub struct DesignatedTerms {
    /// a_F.
    pub funding_elasticity: f64,
    /// f[b,s]: this cell's share of funding (bn per year).
    pub funding: f64,
    /// φ_s.
    pub funding_scale: f64,
    /// a_V.
    pub visa_elasticity: f64,
    /// v.
    pub visa: f64,
    /// τ_s.
    pub talent_intensity: f64,
    /// a_I.
    pub ip_elasticity: f64,
    /// ι.
    pub ip: f64,
}

/// Per-cell arrays of one path, all of the same length (cells ordered by sector).
#[derive(Debug)]
pub struct Cells<'a> {
    /// Log capacity q (updated).
    pub q: &'a mut [f64],
    /// (drift - σq²/2) dt.
    pub mu_dt: &'a [f64],
    /// σq √dt.
    pub sdt: &'a [f64],
    /// X0.
    pub x0: &'a [f64],
    /// σH.
    pub sh: &'a [f64],
    /// -σH²/2.
    pub hcorr: &'a [f64],
    /// Capacity normals.
    pub zq: &'a [f64],
    /// Hit normals.
    pub zh: &'a [f64],
    /// Scratch: ln(C·H), then C·H.
    pub scratch: &'a mut [f64],
}

/// Advance the log capacity of every cell and write Σ X0 C H of each sector (cells `a..b` of
/// `ranges[s]`) into `sector_exports[s]`. The exponential is [`exp_fma`]. On x86-64 with FMA the
/// loops run 8 lanes wide with AVX-512F or 4 with AVX2 (chosen at run time); elsewhere the
/// portable loop gets the same fused operations from `f64::mul_add` (a correctly rounded library
/// call), so the bits are the same everywhere (tested), only slower without FMA hardware.
pub fn step_cells(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    match level() {
        // SAFETY: the CPU supports AVX-512F and FMA (the level says so).
        #[cfg(target_arch = "x86_64")]
        Level::Avx512Fma => unsafe { step_cells_avx512(cells, ranges, sector_exports) },
        // SAFETY: the CPU supports AVX2 and FMA (the level says so).
        #[cfg(target_arch = "x86_64")]
        Level::Avx2Fma => unsafe { step_cells_avx2(cells, ranges, sector_exports) },
        _ => step_cells_body(cells, ranges, sector_exports),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn step_cells_avx2(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    step_cells_body(cells, ranges, sector_exports);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
unsafe fn step_cells_avx512(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    step_cells_body(cells, ranges, sector_exports);
}

/// The portable body (also the AVX2 one, compiled for AVX2).
#[inline(always)]
pub fn step_cells_body(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    let n = cells.q.len();
    let (q, scratch) = (cells.q, &mut cells.scratch[..n]);
    let (mu_dt, sdt, sh, hcorr) = (
        &cells.mu_dt[..n],
        &cells.sdt[..n],
        &cells.sh[..n],
        &cells.hcorr[..n],
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

    #[test]
    fn dispatched_cells_match_the_portable_body_bits() {
        let n = 203;
        let v = |k: f64| -> Vec<f64> { (0..n).map(|i| ((i as f64 + k) * 0.731).sin()).collect() };
        let (mu_dt, sdt, x0, sh, hcorr, zq, zh) =
            (v(1.0), v(2.0), v(3.0), v(4.0), v(5.0), v(6.0), v(7.0));
        let ranges = [(0, 29), (29, 30), (30, 30), (30, 203)];
        let run = |variant: u8| {
            let (mut q, mut scratch, mut out) = (v(8.0), vec![0.0; n], vec![0.0; 4]);
            for _ in 0..3 {
                let cells = Cells {
                    q: &mut q,
                    mu_dt: &mu_dt,
                    sdt: &sdt,
                    x0: &x0,
                    sh: &sh,
                    hcorr: &hcorr,
                    zq: &zq,
                    zh: &zh,
                    scratch: &mut scratch,
                };
                match variant {
                    0 => step_cells_body(cells, &ranges, &mut out),
                    1 => step_cells(cells, &ranges, &mut out),
                    #[cfg(target_arch = "x86_64")]
                    2 if level() >= Level::Avx2Fma => unsafe {
                        step_cells_avx2(cells, &ranges, &mut out)
                    },
                    #[cfg(target_arch = "x86_64")]
                    3 if level() >= Level::Avx512Fma => unsafe {
                        step_cells_avx512(cells, &ranges, &mut out)
                    },
                    _ => step_cells_body(cells, &ranges, &mut out),
                }
            }
            let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            (bits(&q), bits(&out))
        };
        let portable = run(0);
        for variant in 1..=3 {
            assert_eq!(run(variant), portable, "variant {variant}");
        }
        assert_eq!(portable.1[2], 0);
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
